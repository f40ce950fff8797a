/**
 * Feature "wizard keys": commands (palette, remappable default keys in schema/wizard-keys.json)
 * that click Previous, Next or "Save and next" of the wizard in the active notebook.
 *
 * Clicking the widget's own button keeps one code path: the key does what the click does, in
 * the kernel, with the same save checks and messages. ipywidgets' text fields stop key events
 * from bubbling (so typing a note never triggers notebook shortcuts), which also hides them from
 * JupyterLab's key bindings; so keys pressed inside a wizard are matched against these commands'
 * current bindings (remapped ones included) on their way down, and only those. Voila has no JupyterLab commands; its
 * template binds the same keys (src/seccheck/jupyter_data/voila/templates/seccheck).
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { CommandRegistry } from '@lumino/commands';

import { CATEGORY, CommandIDs } from './commands';
import { pickWizard, WIZARD_BUTTONS } from './wizard';

const LABELS: { [command: string]: string } = {
  [CommandIDs.wizardPrevious]: 'Wizard: previous item',
  [CommandIDs.wizardNext]: 'Wizard: next item',
  [CommandIDs.wizardSaveNext]: 'Wizard: save answers and go to the next item'
};

function activeWizard(tracker: INotebookTracker): HTMLElement | null {
  const panel = tracker.currentWidget;
  if (!panel) {
    return null;
  }
  const wizards = Array.from(
    panel.content.node.querySelectorAll<HTMLElement>('.jp-Seccheck-wizard')
  );
  const active = panel.content.activeCell?.node;
  const view = panel.content.node.getBoundingClientRect();
  const index = pickWizard(
    wizards.map(node => {
      const box = node.getBoundingClientRect();
      return {
        focused: node.contains(document.activeElement),
        inActiveCell: !!active && active.contains(node),
        visible: box.bottom > view.top && box.top < view.bottom
      };
    })
  );
  return index >= 0 ? wizards[index] : null;
}

function button(
  tracker: INotebookTracker,
  command: string
): HTMLButtonElement | null {
  const wizard = activeWizard(tracker);
  return wizard
    ? wizard.querySelector<HTMLButtonElement>(
        `button.${WIZARD_BUTTONS[command]}`
      )
    : null;
}

export const wizardPlugin: JupyterFrontEndPlugin<void> = {
  id: 'seccheck:wizard-keys',
  description:
    'Keyboard shortcuts that move through the wizard and save its answers.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    palette: ICommandPalette | null
  ) => {
    for (const command of Object.keys(WIZARD_BUTTONS)) {
      app.commands.addCommand(command, {
        label: LABELS[command],
        caption: `${LABELS[command]} (the wizard of the active notebook)`,
        isEnabled: () => {
          const found = button(tracker, command);
          return !!found && !found.disabled;
        },
        execute: () => {
          const found = button(tracker, command);
          if (found && !found.disabled) {
            found.click();
          }
        }
      });
      palette?.addItem({ command, category: CATEGORY });
    }
    document.addEventListener(
      'keydown',
      event => {
        const target = event.target as Element | null;
        if (!target?.closest?.('.jp-Seccheck-wizard')) {
          return; // elsewhere JupyterLab's own key handling runs the commands
        }
        const keystroke = CommandRegistry.keystrokeForKeydownEvent(event);
        const binding = app.commands.keyBindings.find(
          b =>
            b.command in WIZARD_BUTTONS &&
            b.keys.length === 1 &&
            b.keys[0] === keystroke
        );
        if (binding) {
          event.preventDefault();
          event.stopPropagation();
          void app.commands.execute(binding.command);
        }
      },
      true
    );
  }
};
