/**
 * Feature "chart theme": seccheck's Plotly charts take the colours of the JupyterLab theme, light
 * or dark, and change with it, without re-running a cell.
 *
 * jupyterlab-plotly draws `application/vnd.plotly.v1+json` outputs but ignores the theme. This
 * plugin watches the page for rendered Plotly graphs that are seccheck charts
 * (`layout.meta.seccheck`), and on each new graph and each theme change calls plotly.js's own
 * `Plotly.relayout` with the theme's colours (CSS variables, see chartTheme.ts). plotly.js, loaded
 * by jupyterlab-plotly, registers itself as `window.Plotly`. The saved notebook keeps the figure's
 * theme-neutral colours (charts.py), so a notebook opened elsewhere, and the exported report, are
 * unchanged.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { IThemeManager } from '@jupyterlab/apputils';

import { isSeccheckChart, themeColours, themeLayout } from './chartTheme';

interface IPlotlyGraph extends HTMLElement {
  layout?: unknown;
  _fullLayout?: unknown;
}

interface IPlotly {
  relayout(graph: HTMLElement, update: object): Promise<unknown>;
}

function currentColours() {
  const style = getComputedStyle(document.body);
  const isLight = document.body.dataset.jpThemeLight !== 'false';
  return themeColours(name => style.getPropertyValue(name), isLight);
}

/**
 * Put rendered seccheck charts on the theme's colours: those drawn since the last look, or with
 * `all` (a theme change) every one whose colours differ.
 */
function restyleCharts(all: boolean): void {
  const plotly = (window as unknown as { Plotly?: IPlotly }).Plotly;
  const selector = all
    ? '.js-plotly-plot'
    : '.js-plotly-plot:not([data-seccheck-theme])';
  const graphs = document.querySelectorAll<IPlotlyGraph>(selector);
  if (!plotly || !graphs.length) {
    return; // the common case while the page changes: nothing new to colour
  }
  let update: { [attribute: string]: string } | null = null;
  let key = '';
  graphs.forEach(graph => {
    if (!graph._fullLayout) {
      return; // still being drawn: the next look takes it
    }
    if (!isSeccheckChart(graph.layout)) {
      graph.dataset.seccheckTheme = 'not seccheck'; // someone else's figure: left alone
      return;
    }
    if (update === null) {
      update = themeLayout(currentColours());
      key = JSON.stringify(update);
    }
    if (graph.dataset.seccheckTheme === key) {
      return;
    }
    graph.dataset.seccheckTheme = key; // before relayout: its DOM changes call us again
    plotly.relayout(graph, update).catch(reason => {
      delete graph.dataset.seccheckTheme;
      console.warn('seccheck: could not restyle a chart', reason);
    });
  });
}

export const chartThemePlugin: JupyterFrontEndPlugin<void> = {
  id: 'seccheck:chart-theme',
  description:
    "Gives seccheck's Plotly charts the colours of the JupyterLab theme, dark included.",
  autoStart: true,
  optional: [IThemeManager],
  activate: (app: JupyterFrontEnd, themes: IThemeManager | null) => {
    // New graphs: plotly.js draws them asynchronously inside output areas. At most one look
    // per 100 ms however busy the page is.
    let scheduled = false;
    new MutationObserver(() => {
      if (!scheduled) {
        scheduled = true;
        window.setTimeout(() => {
          scheduled = false;
          restyleCharts(false);
        }, 100);
      }
    }).observe(document.body, { childList: true, subtree: true });
    // A theme change: the theme's stylesheet may still be loading when the signal fires, and the
    // colours are read from it, so look again a little later (a no-op if nothing changed).
    themes?.themeChanged.connect(() => {
      for (const delay of [0, 300, 1000, 3000]) {
        window.setTimeout(() => restyleCharts(true), delay);
      }
    });
  }
};
