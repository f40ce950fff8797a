/**
 * Which wizard a keyboard shortcut acts on, and which button it clicks: plain logic, no DOM, so
 * it is unit-tested with node --test.
 */

/** The wizard button each shortcut command clicks (the CSS classes the Python widgets set). */
export const WIZARD_BUTTONS: { [command: string]: string } = {
  'seccheck:wizard-previous': 'jp-Seccheck-previous',
  'seccheck:wizard-next': 'jp-Seccheck-next',
  'seccheck:wizard-save-next': 'jp-Seccheck-save-next'
};

/** What the plugin knows about each wizard of the active notebook. */
export interface IWizardPlace {
  /** Keyboard focus is inside this wizard (the user was just answering in it). */
  focused: boolean;
  /** The wizard is an output of the notebook's active cell. */
  inActiveCell: boolean;
  /** Some of the wizard is on screen. */
  visible: boolean;
}

/**
 * The wizard a shortcut means: the one holding the focus, else the active cell's, else the first
 * one on screen, else the first one; -1 when the notebook has none.
 */
export function pickWizard(places: IWizardPlace[]): number {
  for (const test of [
    (p: IWizardPlace) => p.focused,
    (p: IWizardPlace) => p.inActiveCell,
    (p: IWizardPlace) => p.visible
  ]) {
    const index = places.findIndex(test);
    if (index >= 0) {
      return index;
    }
  }
  return places.length ? 0 : -1;
}
