/**
 * The "New security assessment" form: which checklist, which account (profile or sandbox),
 * which regions, and where to write the notebook.
 */
import { Dialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { IChecklistInfo } from './api';
import { IAssessmentForm, parseRegions } from './form';

/** What the person chose; turned into a `POST /seccheck/assessments` body by the caller. */
function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { [key: string]: string } = {},
  text?: string
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    node.setAttribute(key, value);
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function field(
  label: string,
  control: HTMLElement,
  hint?: string
): HTMLElement {
  const row = element('label', { class: 'jp-SeccheckDialog-field' });
  row.appendChild(element('span', { class: 'jp-SeccheckDialog-label' }, label));
  row.appendChild(control);
  if (hint) {
    row.appendChild(element('span', { class: 'jp-SeccheckDialog-hint' }, hint));
  }
  return row;
}

/** The dialog body; `Dialog` calls `getValue()` when the person presses Create. */
export class NewAssessmentBody
  extends Widget
  implements Dialog.IBodyWidget<IAssessmentForm>
{
  constructor(checklists: IChecklistInfo[], defaultFileName: string) {
    super();
    this.addClass('jp-SeccheckDialog');

    this._checklist = element('select', { name: 'checklist' });
    for (const info of checklists) {
      const label = info.valid
        ? `${info.name} ${info.version} (${info.items} items, ${info.checks} checks)`
        : `${info.path}: invalid (${info.errors.length} problem(s))`;
      const option = element('option', { value: info.path }, label);
      if (info.builtin) {
        option.textContent = `${label}, shipped`;
      } else {
        option.textContent = `${label}, ${info.path}`;
      }
      if (!info.valid) {
        option.disabled = true;
        option.title = info.errors.join('\n');
      }
      this._checklist.appendChild(option);
    }

    this._profileRadio = element('input', {
      type: 'radio',
      name: 'seccheck-target',
      value: 'profile'
    });
    this._sandboxRadio = element('input', {
      type: 'radio',
      name: 'seccheck-target',
      value: 'sandbox'
    });
    this._profileRadio.checked = true;
    this._profile = element('input', {
      type: 'text',
      name: 'profile',
      placeholder: 'default',
      autocomplete: 'off'
    });
    this._sandbox = element('input', {
      type: 'text',
      name: 'sandbox',
      value: 'workshop',
      autocomplete: 'off'
    });
    this._regions = element('input', {
      type: 'text',
      name: 'regions',
      placeholder:
        'us-east-1, eu-west-1 (empty: the profile or sandbox default)',
      autocomplete: 'off'
    });
    this._fileName = element('input', {
      type: 'text',
      name: 'fileName',
      value: defaultFileName,
      autocomplete: 'off'
    });
    this._title = element('input', {
      type: 'text',
      name: 'title',
      placeholder: 'Security assessment',
      autocomplete: 'off'
    });

    // Typing into a box selects its radio button: fewer clicks, fewer wrong submissions.
    this._profile.addEventListener('focus', () => {
      this._profileRadio.checked = true;
    });
    this._sandbox.addEventListener('focus', () => {
      this._sandboxRadio.checked = true;
    });

    const target = element('fieldset', { class: 'jp-SeccheckDialog-target' });
    target.appendChild(element('legend', {}, 'Account to assess'));
    const profileRow = element('label', {
      class: 'jp-SeccheckDialog-targetOption'
    });
    profileRow.append(
      this._profileRadio,
      element('span', {}, 'AWS profile'),
      this._profile
    );
    const sandboxRow = element('label', {
      class: 'jp-SeccheckDialog-targetOption'
    });
    sandboxRow.append(
      this._sandboxRadio,
      element('span', {}, 'Sandbox (no AWS account)'),
      this._sandbox
    );
    target.append(profileRow, sandboxRow);

    this.node.append(
      field('Checklist', this._checklist),
      target,
      field('Regions', this._regions),
      field('Notebook', this._fileName, 'Created in the current folder.'),
      field('Title', this._title)
    );
  }

  getValue(): IAssessmentForm {
    return {
      checklist: this._checklist.value,
      target: this._sandboxRadio.checked ? 'sandbox' : 'profile',
      profile: this._profile.value.trim(),
      sandbox: this._sandbox.value.trim(),
      regions: parseRegions(this._regions.value),
      fileName: this._fileName.value.trim(),
      title: this._title.value.trim()
    };
  }

  private _checklist: HTMLSelectElement;
  private _profileRadio: HTMLInputElement;
  private _sandboxRadio: HTMLInputElement;
  private _profile: HTMLInputElement;
  private _sandbox: HTMLInputElement;
  private _regions: HTMLInputElement;
  private _fileName: HTMLInputElement;
  private _title: HTMLInputElement;
}
