/**
 * The checklist side panel: the active assessment notebook's sections and items with their
 * status, the totals, questions answered (overall and per item), filters for the items with
 * unanswered questions or unsupported answers, and a click to jump to an item's cells.
 *
 * It reads the assessment the server summarises (`GET /seccheck/assessments?path=`), so what it
 * shows is what the kernel saved, never a guess made in the browser.
 */
import { JupyterFrontEnd } from '@jupyterlab/application';
import {
  INotebookTracker,
  NotebookActions,
  NotebookPanel
} from '@jupyterlab/notebook';
import { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';

import {
  getAssessment,
  IAssessmentSummary,
  IItemSummary,
  ILegend,
  IStyle,
  SeccheckAPIError
} from './api';
import { shieldIcon } from './icons';
import { orderedCounts, styleOf } from './legend';
import { firstCellOfItem, isAssessmentNotebook } from './metadata';
import {
  FILTERS,
  filterLabel,
  filterTitle,
  ItemFilter,
  matchesFilter,
  questionCounts,
  unansweredOf,
  unsupportedOf
} from './questions';

/** The panel's DOM id; also the layout restorer key and what `openPanel` activates. */
export const PANEL_ID = 'seccheck-checklist-panel';

function span(cls: string, text: string, title?: string): HTMLSpanElement {
  const node = document.createElement('span');
  node.className = cls;
  node.textContent = text;
  if (title) {
    node.title = title;
  }
  return node;
}

function statusIcon(status: string, style: IStyle): HTMLSpanElement {
  const icon = span(
    `jp-Seccheck-statusIcon jp-Seccheck-status-${status}`,
    style.icon,
    style.label
  );
  icon.setAttribute('aria-label', style.label);
  return icon;
}

export namespace ChecklistPanel {
  export interface IOptions {
    app: JupyterFrontEnd;
    tracker: INotebookTracker;
    /** Seconds between refreshes while the panel is visible. */
    pollInterval?: number;
  }
}

export class ChecklistPanel extends Widget {
  constructor(options: ChecklistPanel.IOptions) {
    super();
    this._app = options.app;
    this._tracker = options.tracker;
    this._pollInterval = options.pollInterval ?? 3;
    this.id = PANEL_ID;
    this.title.icon = shieldIcon;
    this.title.caption = 'Security checklist';
    this.addClass('jp-SeccheckPanel');

    this._header = document.createElement('div');
    this._header.className = 'jp-SeccheckPanel-header';
    this._body = document.createElement('div');
    this._body.className = 'jp-SeccheckPanel-body';
    this.node.append(this._header, this._body);

    this._tracker.currentChanged.connect(this._onCurrentChanged, this);
    NotebookActions.executed.connect(this._onExecuted, this);
    this._onCurrentChanged();
  }

  /** The notebook whose assessment is shown (the last active notebook). */
  get notebook(): NotebookPanel | null {
    return this._notebook;
  }

  get summary(): IAssessmentSummary | null {
    return this._summary;
  }

  /** Which items are listed: all, those with unanswered questions, or unsupported answers. */
  get filter(): ItemFilter {
    return this._filter;
  }

  set filter(filter: ItemFilter) {
    this._filter = filter;
    if (this._summary) {
      this._render(this._summary);
    }
  }

  set pollInterval(seconds: number) {
    this._pollInterval = Math.max(1, seconds);
    if (this._timer !== null) {
      this._stopPolling();
      this._startPolling();
    }
  }

  /** Fetch and redraw now; polls and signals end up here. */
  async refresh(): Promise<void> {
    const panel = this._notebook;
    if (!panel || !isAssessmentNotebook(panel)) {
      this._summary = null;
      this._renderMessage(
        'Open an assessment notebook to see its checklist. ' +
          'Create one from the launcher: AWS Security, Security assessment.'
      );
      return;
    }
    const path = panel.context.path;
    try {
      const summary = await getAssessment(path);
      if (panel !== this._notebook) {
        return; // the person switched notebooks while we waited
      }
      this._summary = summary;
      // Polls mostly return what is on screen; redrawing would drop focus and hover.
      const rendered = JSON.stringify(summary);
      if (rendered !== this._rendered) {
        this._rendered = rendered;
        this._render(summary);
      }
    } catch (error) {
      if (panel !== this._notebook) {
        return;
      }
      this._summary = null;
      const message =
        error instanceof SeccheckAPIError && error.status === 404
          ? `${error.message}`
          : `Could not load the assessment: ${(error as Error).message}`;
      this._renderMessage(message);
    }
  }

  /** Activate the notebook, select the item's first cell and scroll it to the top. */
  async revealItem(itemId: string): Promise<boolean> {
    const panel = this._notebook;
    if (!panel) {
      return false;
    }
    const index = firstCellOfItem(panel, itemId);
    if (index < 0) {
      return false;
    }
    this._app.shell.activateById(panel.id);
    const notebook = panel.content;
    notebook.mode = 'command';
    notebook.activeCellIndex = index;
    await notebook.scrollToItem(index, 'start');
    return true;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._stopPolling();
    NotebookActions.executed.disconnect(this._onExecuted, this);
    super.dispose();
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    void this.refresh();
    this._startPolling();
  }

  protected onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    this._stopPolling();
  }

  private _startPolling(): void {
    if (this._timer === null) {
      this._timer = window.setInterval(() => {
        if (this.isVisible && this._notebook) {
          void this.refresh();
        }
      }, this._pollInterval * 1000);
    }
  }

  private _stopPolling(): void {
    if (this._timer !== null) {
      window.clearInterval(this._timer);
      this._timer = null;
    }
  }

  private _onCurrentChanged(): void {
    const current = this._tracker.currentWidget;
    if (current === this._notebook) {
      return;
    }
    if (this._notebook && !this._notebook.isDisposed) {
      this._notebook.model?.metadataChanged.disconnect(this._onMetadata, this);
    }
    this._notebook = current;
    this._summary = null;
    if (current) {
      // The model may not exist until the file is loaded.
      void current.context.ready.then(() => {
        if (current === this._notebook) {
          current.model?.metadataChanged.connect(this._onMetadata, this);
          void this.refresh();
        }
      });
    }
    void this.refresh();
  }

  private _onMetadata(): void {
    void this.refresh();
  }

  private _onExecuted(_: unknown, args: { notebook: unknown }): void {
    // A finished cell may have saved answers or results; refresh soon, once per burst.
    if (
      this._notebook &&
      args.notebook === this._notebook.content &&
      this.isVisible
    ) {
      if (this._debounce !== null) {
        window.clearTimeout(this._debounce);
      }
      this._debounce = window.setTimeout(() => {
        this._debounce = null;
        void this.refresh();
      }, 300);
    }
  }

  private _renderMessage(text: string): void {
    this._rendered = '';
    this._header.replaceChildren();
    const message = document.createElement('p');
    message.className = 'jp-SeccheckPanel-message';
    message.textContent = text;
    this._body.replaceChildren(message);
  }

  private _render(summary: IAssessmentSummary): void {
    const title = document.createElement('h2');
    title.className = 'jp-SeccheckPanel-title';
    title.textContent = summary.title || summary.notebook;
    const subtitle = span(
      'jp-SeccheckPanel-subtitle',
      `${summary.checklist.name} ${summary.checklist.version}`
    );
    const totals = document.createElement('div');
    totals.className = 'jp-SeccheckPanel-totals';
    const verdicts = summary.legend?.verdicts;
    for (const [status, n] of orderedCounts(verdicts, summary.totals)) {
      const style = styleOf(verdicts, status);
      const chip = document.createElement('span');
      chip.className = `jp-SeccheckPanel-count jp-Seccheck-status-${status}`;
      chip.dataset.status = status;
      chip.title = style.label;
      chip.append(
        statusIcon(status, style),
        span('jp-SeccheckPanel-countValue', String(n)),
        span('jp-SeccheckPanel-countLabel', style.label)
      );
      totals.appendChild(chip);
    }
    const counts = questionCounts(summary);
    const q = counts.questions;
    const questions = document.createElement('div');
    questions.className = 'jp-SeccheckPanel-questions';
    questions.append(
      span(
        'jp-SeccheckPanel-questionCount',
        `Questions answered: ${q.answered}/${q.total}`,
        `${q.unanswered} question(s) not yet answered or due for review`
      )
    );
    if (counts.unsupported.answers > 0) {
      questions.append(
        span(
          'jp-SeccheckPanel-unsupportedCount',
          `⚠ ${counts.unsupported.answers} unsupported answer(s)`,
          filterTitle('unsupported', counts)
        )
      );
    }
    const filters = document.createElement('div');
    filters.className = 'jp-SeccheckPanel-filters';
    filters.setAttribute('role', 'group');
    filters.setAttribute('aria-label', 'Show items');
    for (const filter of FILTERS) {
      const button = document.createElement('button');
      button.className = 'jp-SeccheckPanel-filter';
      button.dataset.filter = filter;
      button.textContent = filterLabel(filter, counts);
      button.title = filterTitle(filter, counts);
      button.setAttribute('aria-pressed', String(filter === this._filter));
      button.addEventListener('click', () => {
        this.filter = filter;
      });
      filters.appendChild(button);
    }
    this._header.replaceChildren(title, subtitle, totals, questions, filters);

    const sections = document.createElement('div');
    sections.className = 'jp-SeccheckPanel-sections';
    for (const section of summary.sections) {
      const node = document.createElement('section');
      node.className = 'jp-SeccheckPanel-section';
      node.dataset.sectionId = section.id;
      const heading = document.createElement('h3');
      heading.className = 'jp-SeccheckPanel-sectionTitle';
      heading.textContent = section.title;
      const list = document.createElement('ul');
      list.className = 'jp-SeccheckPanel-items';
      for (const item of section.items) {
        if (matchesFilter(item, this._filter)) {
          list.appendChild(this._renderItem(item, summary.legend));
        }
      }
      if (list.childElementCount > 0) {
        node.append(heading, list);
        sections.appendChild(node);
      }
    }
    if (sections.childElementCount === 0) {
      const none = document.createElement('p');
      none.className = 'jp-SeccheckPanel-message';
      none.textContent =
        this._filter === 'unanswered'
          ? 'Every question is answered.'
          : 'No answer lacks the evidence the checklist requires.';
      sections.appendChild(none);
    }
    const updated = span(
      'jp-SeccheckPanel-updated',
      summary.updated_at
        ? `Saved ${new Date(summary.updated_at).toLocaleString()}`
        : 'Not saved yet'
    );
    this._body.replaceChildren(sections, updated);
  }

  private _renderItem(item: IItemSummary, legend?: ILegend): HTMLElement {
    const status = item.status;
    const style = styleOf(legend?.verdicts, status);
    const node = document.createElement('li');
    node.className = `jp-SeccheckPanel-item jp-Seccheck-status-${status}`;
    node.dataset.itemId = item.id;
    node.dataset.status = status;
    node.dataset.answered = String(item.manual?.answered ?? 0);
    node.dataset.unanswered = String(unansweredOf(item));
    const unsupported = unsupportedOf(item);
    node.dataset.unsupported = String(unsupported.length);
    node.tabIndex = 0;
    node.title = `${item.id}: ${item.label || style.label}. Click to go to its cells.`;

    const outcomes = legend?.statuses;
    const checkText = orderedCounts(outcomes, item.checks)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${styleOf(outcomes, s).label}`)
      .join(', ');
    const details: string[] = [];
    if (checkText) {
      details.push(`checks: ${checkText}`);
    }
    if (item.manual && item.manual.total > 0) {
      const left = unansweredOf(item);
      details.push(
        `answered ${item.manual.answered}/${item.manual.total}` +
          (left > 0 ? ` (${left} unanswered)` : '')
      );
    }
    const title = span('jp-SeccheckPanel-itemTitle', '');
    title.append(span('jp-SeccheckPanel-itemId', item.id), item.title);
    node.append(
      statusIcon(status, { ...style, icon: item.icon || style.icon }),
      title,
      span('jp-SeccheckPanel-itemDetails', details.join(' · '))
    );
    if (unsupported.length > 0) {
      node.classList.add('jp-mod-unsupported');
      node.append(
        span(
          'jp-SeccheckPanel-unsupported',
          `⚠ Unsupported: ${unsupported.join(', ')}`,
          'Answered Yes or Partially without the evidence the checklist requires: ' +
            'attach a URL or file, or describe it in the notes.'
        )
      );
    }
    const reveal = (): void => {
      void this.revealItem(item.id);
    };
    node.addEventListener('click', reveal);
    node.addEventListener('keydown', event => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        reveal();
      }
    });
    return node;
  }

  private _app: JupyterFrontEnd;
  private _tracker: INotebookTracker;
  private _pollInterval: number;
  private _notebook: NotebookPanel | null = null;
  private _summary: IAssessmentSummary | null = null;
  private _rendered = '';
  private _filter: ItemFilter = 'all';
  private _timer: number | null = null;
  private _debounce: number | null = null;
  private _header: HTMLDivElement;
  private _body: HTMLDivElement;
}
