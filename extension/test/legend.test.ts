import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';

import type { IStyle } from '../src/api';
import { orderedCounts, styleOf } from '../src/legend';

const verdicts: { [value: string]: IStyle } = {
  met: { label: 'met', icon: '✅', colour: '#2e7d32' },
  not_met: { label: 'not met', icon: '❌', colour: '#c62828' },
  not_verified: { label: 'not yet verified', icon: '⏳', colour: '#e0e0e0' }
};

describe('styleOf', () => {
  it('uses what the server sent', () => {
    assert.deepEqual(styleOf(verdicts, 'not_met'), verdicts.not_met);
  });
  it('names an unknown value in plain words instead of failing', () => {
    const style = styleOf(verdicts, 'NOT_IMPLEMENTED');
    assert.equal(style.label, 'not implemented');
    assert.equal(style.icon, '•');
  });
  it('works before any legend arrived', () => {
    assert.equal(styleOf(undefined, 'met').label, 'met');
  });
});

describe('orderedCounts', () => {
  it('lists every legend value in its order, zero when absent', () => {
    assert.deepEqual(orderedCounts(verdicts, { not_met: 2, met: 1 }), [
      ['met', 1],
      ['not_met', 2],
      ['not_verified', 0]
    ]);
  });
  it('keeps values the legend does not know, after the known ones', () => {
    assert.deepEqual(orderedCounts(verdicts, { met: 1, surprise: 3 }), [
      ['met', 1],
      ['not_met', 0],
      ['not_verified', 0],
      ['surprise', 3]
    ]);
  });
  it('counts nothing without counts', () => {
    assert.deepEqual(orderedCounts(undefined, undefined), []);
  });
});
