import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';

import type { IAssessmentSummary, IItemSummary } from '../src/api';
import {
  filterLabel,
  matchesFilter,
  questionCounts,
  unansweredOf
} from '../src/questions';

const item = (
  id: string,
  answered: number,
  total: number,
  unsupported: string[] = []
): IItemSummary => ({
  id,
  title: id,
  status: 'not_answered',
  label: 'not yet answered',
  icon: '❔',
  checks: {},
  manual: { answered, total },
  unsupported
});

const summary = (items: IItemSummary[]): IAssessmentSummary => ({
  title: 't',
  notebook: 'a.ipynb',
  assessment: 'a.seccheck.json',
  checklist: { name: 'c', version: '1', hash: 'h' },
  scope: {},
  updated_at: null,
  totals: {},
  sections: [{ id: 'S', title: 'S', items }],
  legend: { statuses: {}, verdicts: {}, severities: {}, answers: {} }
});

const items = [
  item('A', 3, 3),
  item('B', 1, 3, ['B-Q01']),
  item('C', 0, 0),
  item('D', 0, 2)
];

describe('question counts', () => {
  it('counts questions, not items, and which items have some left', () => {
    const counts = questionCounts(summary(items));
    assert.deepEqual(counts.questions, {
      total: 8,
      answered: 4,
      unanswered: 4
    });
    assert.equal(counts.unansweredItems, 2);
    assert.deepEqual(counts.unsupported, { items: 1, answers: 1 });
    assert.equal(filterLabel('unanswered', counts), 'Unanswered (2)');
    assert.equal(filterLabel('unsupported', counts), 'Unsupported (1)');
    assert.equal(filterLabel('all', counts), 'All (4)');
  });
  it("prefers the server's question totals (due reviews count as left)", () => {
    const sent = {
      ...summary(items),
      questions: { total: 8, answered: 3, unanswered: 5 }
    };
    assert.deepEqual(questionCounts(sent).questions, sent.questions);
  });
  it('an item without questions has none left', () => {
    assert.equal(unansweredOf(items[2]), 0);
  });
});

describe('matchesFilter', () => {
  it('lists the items the filter names', () => {
    const ids = (f: 'all' | 'unanswered' | 'unsupported') =>
      items.filter(i => matchesFilter(i, f)).map(i => i.id);
    assert.deepEqual(ids('all'), ['A', 'B', 'C', 'D']);
    assert.deepEqual(ids('unanswered'), ['B', 'D']);
    assert.deepEqual(ids('unsupported'), ['B']);
  });
  it('reads a summary from a server without the unsupported field', () => {
    const old = { ...item('E', 1, 1), unsupported: undefined };
    assert.equal(matchesFilter(old, 'unsupported'), false);
  });
});
