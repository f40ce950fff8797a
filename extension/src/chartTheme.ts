/**
 * The colours of seccheck's Plotly charts under a JupyterLab theme: plain logic, no DOM, so it is
 * unit-tested with node --test.
 */

/** The theme colours a chart takes: background, text, grid lines and zero lines. */
export interface IChartColours {
  background: string;
  text: string;
  grid: string;
  zero: string;
}

/** Used when a theme leaves a CSS variable empty (a third-party theme, or one still loading). */
export const FALLBACK: { light: IChartColours; dark: IChartColours } = {
  light: {
    background: '#ffffff',
    text: 'rgba(0, 0, 0, 0.87)',
    grid: '#e0e0e0',
    zero: '#bdbdbd'
  },
  dark: {
    background: '#111111',
    text: 'rgba(255, 255, 255, 1)',
    grid: '#424242',
    zero: '#616161'
  }
};

/** Which JupyterLab CSS variable gives each chart colour. */
export const CSS_VARIABLES: { [key in keyof IChartColours]: string } = {
  background: '--jp-layout-color0',
  text: '--jp-content-font-color1',
  grid: '--jp-border-color2',
  zero: '--jp-border-color1'
};

/**
 * The chart colours of the current theme: its CSS variables (read by `cssValue`), the fallback
 * of a light or dark theme where one is empty.
 */
export function themeColours(
  cssValue: (name: string) => string,
  isLight: boolean
): IChartColours {
  const fallback = isLight ? FALLBACK.light : FALLBACK.dark;
  const colours = { ...fallback };
  for (const key of Object.keys(CSS_VARIABLES) as (keyof IChartColours)[]) {
    const value = cssValue(CSS_VARIABLES[key]).trim();
    if (value) {
      colours[key] = value;
    }
  }
  return colours;
}

/**
 * The Plotly.relayout update that puts a chart on the theme. Only layout colours: trace colours
 * carry the status palette and never change with the theme.
 */
export function themeLayout(colours: IChartColours): {
  [attribute: string]: string;
} {
  const update: { [attribute: string]: string } = {
    paper_bgcolor: colours.background,
    plot_bgcolor: colours.background,
    'font.color': colours.text,
    'legend.bgcolor': 'rgba(0, 0, 0, 0)'
  };
  for (const axis of ['xaxis', 'yaxis']) {
    update[`${axis}.gridcolor`] = colours.grid;
    update[`${axis}.zerolinecolor`] = colours.zero;
    update[`${axis}.linecolor`] = colours.zero;
  }
  return update;
}

/** Whether a figure's layout is one of seccheck's charts (`layout.meta.seccheck`, charts.py). */
export function isSeccheckChart(layout: unknown): boolean {
  const meta = (layout as { meta?: unknown } | null)?.meta;
  return (
    typeof meta === 'object' &&
    meta !== null &&
    (meta as { seccheck?: unknown }).seccheck === 'chart'
  );
}
