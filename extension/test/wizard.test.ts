import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { pickWizard, WIZARD_BUTTONS } from '../src/wizard';

const place = (focused: boolean, inActiveCell: boolean, visible: boolean) => ({
  focused,
  inActiveCell,
  visible
});

describe('pickWizard', () => {
  it('finds nothing in a notebook without a wizard', () => {
    assert.equal(pickWizard([]), -1);
  });
  it('prefers the wizard holding the focus', () => {
    const places = [place(false, true, true), place(true, false, false)];
    assert.equal(pickWizard(places), 1);
  });
  it("then the active cell's wizard, then the first one on screen", () => {
    assert.equal(
      pickWizard([place(false, false, true), place(false, true, false)]),
      1
    );
    assert.equal(
      pickWizard([place(false, false, false), place(false, false, true)]),
      1
    );
  });
  it('falls back to the first wizard', () => {
    assert.equal(
      pickWizard([place(false, false, false), place(false, false, false)]),
      0
    );
  });
});

describe('wizard key bindings', () => {
  it('bind every wizard command, and only those, in the settings schema', () => {
    // test-build/test/ -> extension/schema
    const schema = JSON.parse(
      readFileSync(
        join(__dirname, '..', '..', 'schema', 'wizard-keys.json'),
        'utf8'
      )
    );
    const bound = schema['jupyter.lab.shortcuts'].map(
      (s: { command: string }) => s.command
    );
    assert.deepEqual(bound.sort(), Object.keys(WIZARD_BUTTONS).sort());
  });
});
