/**
 * The "New security assessment" form: which checklist, which account (a profile or a sandbox
 * scenario, both as the server lists them),
 * which regions, and where to write the notebook.
 */
import { Dialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { IChecklistInfo, ITargets } from './api';
import {
  defaultTarget,
  IAssessmentForm,
  ITargetChoice,
  parseRegions,
  parseTarget,
  targetChoices
} from './form';

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
  constructor(
    checklists: IChecklistInfo[],
    targets: ITargets,
    defaultFileName: string
  ) {
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

    // One list, so the notebook's label and what it assesses can never disagree: the
    // server's profiles and every sandbox scenario, as the server names them.
    const choices = targetChoices(targets);
    this._target = element('select', { name: 'target' });
    const hints = new Map<string, string>();
    const group = (label: string, entries: ITargetChoice[]): void => {
      const node = element('optgroup', { label });
      for (const choice of entries) {
        const option = element('option', { value: choice.value }, choice.label);
        option.title = choice.hint;
        hints.set(choice.value, choice.hint);
        node.appendChild(option);
      }
      this._target.appendChild(node);
    };
    group('AWS account', choices.profiles);
    group('Sandbox (no AWS account)', choices.scenarios);
    this._target.value = defaultTarget(targets);
    this._targetHint = element('span', {
      class: 'jp-SeccheckDialog-hint jp-SeccheckDialog-targetHint'
    });
    const showHint = (): void => {
      this._targetHint.textContent = hints.get(this._target.value) ?? '';
    };
    this._target.addEventListener('change', showHint);
    showHint();
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

    this.node.append(
      field('Checklist', this._checklist),
      field('Account to assess', this._target),
      this._targetHint,
      field('Regions', this._regions),
      field('Notebook', this._fileName, 'Created in the current folder.'),
      field('Title', this._title)
    );
  }

  getValue(): IAssessmentForm {
    return {
      checklist: this._checklist.value,
      ...parseTarget(this._target.value),
      regions: parseRegions(this._regions.value),
      fileName: this._fileName.value.trim(),
      title: this._title.value.trim()
    };
  }

  private _checklist: HTMLSelectElement;
  private _target: HTMLSelectElement;
  private _targetHint: HTMLSpanElement;
  private _regions: HTMLInputElement;
  private _fileName: HTMLInputElement;
  private _title: HTMLInputElement;
}
