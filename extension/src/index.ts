/**
 * seccheck's JupyterLab extension: one plugin per feature, wired here.
 */
import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { assessmentPlugin } from './assessmentPlugin';
import { chartThemePlugin } from './chartThemePlugin';
import { exportPlugin } from './exportPlugin';
import { panelPlugin } from './panelPlugin';
import { wizardPlugin } from './wizardPlugin';

const plugins: JupyterFrontEndPlugin<any>[] = [
  assessmentPlugin,
  panelPlugin,
  exportPlugin,
  wizardPlugin,
  chartThemePlugin
];

export default plugins;
