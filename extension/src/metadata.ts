/**
 * Reading the `seccheck` metadata the guided notebook carries.
 *
 * Notebook level: `{"assessment": "<state JSON, relative to the notebook>"}`.
 * Cell level: `{"item_id": "IAM-01", "role": "guidance" | "verify" | "answer" | ...}`.
 */
import { NotebookPanel } from '@jupyterlab/notebook';

export const METADATA_KEY = 'seccheck';

/** True when the notebook was created by seccheck (it names its assessment state file). */
export function isAssessmentNotebook(panel: NotebookPanel | null): boolean {
  const meta = panel?.model?.getMetadata(METADATA_KEY);
  return (
    !!meta && typeof meta === 'object' && typeof meta.assessment === 'string'
  );
}

/** Index of the first cell that belongs to an item, or -1 if the notebook has none. */
export function firstCellOfItem(panel: NotebookPanel, itemId: string): number {
  const cells = panel.model?.cells;
  if (!cells) {
    return -1;
  }
  for (let i = 0; i < cells.length; i++) {
    const meta = cells.get(i).getMetadata(METADATA_KEY);
    if (meta && typeof meta === 'object' && meta.item_id === itemId) {
      return i;
    }
  }
  return -1;
}
