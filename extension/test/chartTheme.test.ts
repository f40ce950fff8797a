import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';

import {
  CSS_VARIABLES,
  FALLBACK,
  isSeccheckChart,
  themeColours,
  themeLayout
} from '../src/chartTheme';

describe('themeColours', () => {
  it("takes the theme's CSS variables", () => {
    const css: { [name: string]: string } = {
      [CSS_VARIABLES.background]: ' #111111',
      [CSS_VARIABLES.text]: 'rgba(255, 255, 255, 1)',
      [CSS_VARIABLES.grid]: '#333333 ',
      [CSS_VARIABLES.zero]: '#616161'
    };
    assert.deepEqual(
      themeColours(name => css[name] ?? '', false),
      {
        background: '#111111',
        text: 'rgba(255, 255, 255, 1)',
        grid: '#333333',
        zero: '#616161'
      }
    );
  });
  it('falls back to light or dark colours where a variable is empty', () => {
    assert.deepEqual(
      themeColours(() => '', false),
      FALLBACK.dark
    );
    assert.deepEqual(
      themeColours(() => '', true),
      FALLBACK.light
    );
  });
});

describe('themeLayout', () => {
  const update = themeLayout(FALLBACK.dark);
  it('sets backgrounds, text and both axes', () => {
    assert.equal(update.paper_bgcolor, '#111111');
    assert.equal(update.plot_bgcolor, '#111111');
    assert.equal(update['font.color'], 'rgba(255, 255, 255, 1)');
    assert.equal(update['xaxis.gridcolor'], '#424242');
    assert.equal(update['yaxis.gridcolor'], '#424242');
  });
  it('never touches trace colours (the status palette)', () => {
    for (const attribute of Object.keys(update)) {
      assert.ok(
        !/marker|line\.color|^colorway/.test(attribute),
        `${attribute} would recolour statuses`
      );
    }
  });
});

describe('isSeccheckChart', () => {
  it('knows the marker charts.py sets', () => {
    assert.equal(isSeccheckChart({ meta: { seccheck: 'chart' } }), true);
  });
  it("leaves other people's figures alone", () => {
    assert.equal(isSeccheckChart({ title: 'mine' }), false);
    assert.equal(isSeccheckChart({ meta: 'chart' }), false);
    assert.equal(isSeccheckChart(undefined), false);
    assert.equal(isSeccheckChart(null), false);
  });
});
