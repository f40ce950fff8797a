/**
 * Feature "export evidence": save the active assessment notebook and ask the server for its
 * evidence package.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  Notification,
  showErrorMessage
} from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';

import { exportEvidence } from './api';
import { CATEGORY, CommandIDs } from './commands';
import { shieldIcon } from './icons';
import { isAssessmentNotebook } from './metadata';

export const exportPlugin: JupyterFrontEndPlugin<void> = {
  id: 'seccheck:export',
  description:
    'Command that exports the evidence of the active assessment notebook.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    palette: ICommandPalette | null
  ) => {
    app.commands.addCommand(CommandIDs.exportEvidence, {
      label: 'Export evidence',
      caption: 'Export the evidence of the active assessment notebook',
      icon: args => (args.isPalette ? undefined : shieldIcon),
      isEnabled: () => isAssessmentNotebook(tracker.currentWidget),
      execute: async () => {
        const panel = tracker.currentWidget;
        if (!panel || !isAssessmentNotebook(panel)) {
          await showErrorMessage(
            'Export evidence',
            'Activate an assessment notebook first (one created with "New security assessment").'
          );
          return;
        }
        try {
          await panel.context.save();
          const exported = await exportEvidence(panel.context.path);
          Notification.success(`Evidence exported to ${exported.path}`, {
            autoClose: 8000,
            actions: [
              {
                label: 'Open',
                callback: () => {
                  void app.commands.execute('docmanager:open', {
                    path: exported.path
                  });
                }
              }
            ]
          });
        } catch (error) {
          await showErrorMessage('Export evidence', (error as Error).message);
        }
      }
    });
    palette?.addItem({
      command: CommandIDs.exportEvidence,
      category: CATEGORY
    });
  }
};
