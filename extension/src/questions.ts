/**
 * Questions in the side panel: answered/total overall and per item, and the filters that list
 * the items with unanswered questions or with answers that lack their required evidence. No DOM
 * and no JupyterLab imports, so it is unit-tested in Node (test/questions.test.ts).
 */
import type { IAssessmentSummary, IItemSummary } from './api';

/** What the panel lists: every item, or only those with something left to do. */
export type ItemFilter = 'all' | 'unanswered' | 'unsupported';

export const FILTERS: ItemFilter[] = ['all', 'unanswered', 'unsupported'];

/** Questions of an item not answered yet (or due for review again). */
export function unansweredOf(item: IItemSummary): number {
  const manual = item.manual ?? { answered: 0, total: 0 };
  return Math.max(0, manual.total - manual.answered);
}

/** Question ids answered Yes/Partially without the evidence the checklist requires. */
export function unsupportedOf(item: IItemSummary): string[] {
  return item.unsupported ?? [];
}

export function matchesFilter(item: IItemSummary, filter: ItemFilter): boolean {
  if (filter === 'unanswered') {
    return unansweredOf(item) > 0;
  }
  if (filter === 'unsupported') {
    return unsupportedOf(item).length > 0;
  }
  return true;
}

export interface IQuestionCounts {
  items: number;
  questions: { total: number; answered: number; unanswered: number };
  /** Items with unanswered questions. */
  unansweredItems: number;
  unsupported: { items: number; answers: number };
}

/** The counts the panel's header and filter buttons show. */
export function questionCounts(summary: IAssessmentSummary): IQuestionCounts {
  const items = summary.sections.flatMap(s => s.items);
  const total = items.reduce((n, i) => n + (i.manual?.total ?? 0), 0);
  const answered = items.reduce((n, i) => n + (i.manual?.answered ?? 0), 0);
  const withUnsupported = items.filter(i => unsupportedOf(i).length > 0);
  return {
    items: items.length,
    // The server's totals when it sends them (the same rule, counted once, in Python).
    questions: summary.questions ?? {
      total,
      answered,
      unanswered: total - answered
    },
    unansweredItems: items.filter(i => unansweredOf(i) > 0).length,
    unsupported: {
      items: withUnsupported.length,
      answers: withUnsupported.reduce((n, i) => n + unsupportedOf(i).length, 0)
    }
  };
}

/** The label of a filter button, with its count. */
export function filterLabel(
  filter: ItemFilter,
  counts: IQuestionCounts
): string {
  if (filter === 'unanswered') {
    return `Unanswered (${counts.unansweredItems})`;
  }
  if (filter === 'unsupported') {
    return `Unsupported (${counts.unsupported.items})`;
  }
  return `All (${counts.items})`;
}

/** What a filter button says on hover. */
export function filterTitle(
  filter: ItemFilter,
  counts: IQuestionCounts
): string {
  if (filter === 'unanswered') {
    const q = counts.questions.unanswered;
    return `${counts.unansweredItems} item(s) with ${q} question(s) not yet answered (or due for review)`;
  }
  if (filter === 'unsupported') {
    const n = counts.unsupported.answers;
    return `${counts.unsupported.items} item(s) with ${n} answer(s) of Yes/Partially without the evidence the checklist requires`;
  }
  return 'Every item of the checklist';
}
