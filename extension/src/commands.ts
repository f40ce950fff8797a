/**
 * Every command id seccheck registers, in one place (palette, launcher and tests use these).
 */
export namespace CommandIDs {
  /** Ask for checklist, scope and file name, create the guided notebook, open it. */
  export const newAssessment = 'seccheck:new-assessment';
  /** Reveal the checklist side panel. */
  export const openPanel = 'seccheck:open-checklist-panel';
  /** Export the evidence of the active assessment notebook. */
  export const exportEvidence = 'seccheck:export-evidence';
  /** Wizard of the active notebook: previous item, next item, save answers and next. */
  export const wizardPrevious = 'seccheck:wizard-previous';
  export const wizardNext = 'seccheck:wizard-next';
  export const wizardSaveNext = 'seccheck:wizard-save-next';
}

/** Launcher section and command palette category shared by every seccheck entry. */
export const CATEGORY = 'AWS Security';
