/**
 * Feature "checklist panel": the left side panel that follows the active assessment notebook.
 */
import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { CATEGORY, CommandIDs } from './commands';
import { shieldIcon } from './icons';
import { ChecklistPanel, PANEL_ID } from './panel';

export const panelPlugin: JupyterFrontEndPlugin<void> = {
  id: 'seccheck:panel',
  description:
    'Side panel with the checklist progress of the active assessment notebook.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ILayoutRestorer, ICommandPalette, ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    settings: ISettingRegistry | null
  ) => {
    const panel = new ChecklistPanel({ app, tracker });
    app.shell.add(panel, 'left', { rank: 650 });
    restorer?.add(panel, PANEL_ID);

    if (settings) {
      void settings
        .load(panelPlugin.id)
        .then(loaded => {
          const apply = (): void => {
            panel.pollInterval = loaded.get('pollInterval').composite as number;
          };
          apply();
          loaded.changed.connect(apply);
        })
        .catch(reason =>
          console.warn('seccheck: could not load panel settings', reason)
        );
    }

    app.commands.addCommand(CommandIDs.openPanel, {
      label: 'Open checklist panel',
      caption: 'Show the checklist of the active assessment notebook',
      icon: args => (args.isPalette ? undefined : shieldIcon),
      execute: () => {
        app.shell.activateById(PANEL_ID);
      }
    });
    palette?.addItem({ command: CommandIDs.openPanel, category: CATEGORY });
  }
};
