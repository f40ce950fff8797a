/**
 * Reading the server's vocabulary (`legend` in the assessment summary, from seccheck.palette):
 * the panel keeps no status table of its own. No DOM and no JupyterLab imports, so it is
 * unit-tested in Node (test/legend.test.ts).
 */
import type { Counts, IStyle } from './api';

const UNKNOWN_ICON = '•';

/** The style the server sent for `value`, or the value in plain words when it sent none. */
export function styleOf(
  table: { [value: string]: IStyle } | undefined,
  value: string
): IStyle {
  return (
    table?.[value] ?? {
      label: value.replace(/_/g, ' ').toLowerCase(),
      icon: UNKNOWN_ICON,
      colour: ''
    }
  );
}

/** Every value of the legend in its order with its count (0 if absent), then unknown values. */
export function orderedCounts(
  table: { [value: string]: IStyle } | undefined,
  counts: Counts | undefined
): [string, number][] {
  const known = Object.keys(table ?? {});
  const extra = Object.keys(counts ?? {}).filter(k => !known.includes(k));
  return [...known, ...extra].map(k => [k, counts?.[k] ?? 0]);
}
