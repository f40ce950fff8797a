/**
 * Feature "new assessment": the launcher card, the palette entry and the dialog that creates a
 * guided notebook through the server and opens it.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Dialog,
  ICommandPalette,
  showDialog,
  showErrorMessage
} from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { ILauncher } from '@jupyterlab/launcher';
import { Contents } from '@jupyterlab/services';

import {
  createAssessment,
  listChecklists,
  listTargets,
  SeccheckAPIError
} from './api';
import { CATEGORY, CommandIDs } from './commands';
import { NewAssessmentBody } from './dialog';
import { IAssessmentForm, toRequest } from './form';
import { shieldIcon } from './icons';

const DEFAULT_STEM = 'security-assessment';

/** A file name in `cwd` that does not exist yet: security-assessment.ipynb, -1, -2, ... */
async function freeName(
  contents: Contents.IManager,
  cwd: string
): Promise<string> {
  for (let n = 0; n < 100; n++) {
    const name =
      n === 0 ? `${DEFAULT_STEM}.ipynb` : `${DEFAULT_STEM}-${n}.ipynb`;
    try {
      await contents.get(PathExt.join(cwd, name), { content: false });
    } catch {
      return name;
    }
  }
  return `${DEFAULT_STEM}-${Date.now()}.ipynb`;
}

async function newAssessment(app: JupyterFrontEnd, cwd: string): Promise<void> {
  let checklists;
  let targets;
  try {
    [checklists, targets] = await Promise.all([
      listChecklists(),
      listTargets()
    ]);
  } catch (error) {
    await showErrorMessage('New security assessment', (error as Error).message);
    return;
  }
  const defaultName = await freeName(app.serviceManager.contents, cwd);
  const result = await showDialog<IAssessmentForm>({
    title: 'New security assessment',
    body: new NewAssessmentBody(checklists, targets, defaultName),
    buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Create' })],
    focusNodeSelector: 'select'
  });
  if (!result.button.accept || !result.value) {
    return;
  }
  const request = toRequest(result.value, cwd);
  if (typeof request === 'string') {
    await showErrorMessage('New security assessment', request);
    return;
  }
  try {
    const created = await createAssessment(request);
    await app.commands.execute('docmanager:open', { path: created.path });
  } catch (error) {
    const problems =
      error instanceof SeccheckAPIError && error.problems.length
        ? `\n\n${error.problems.join('\n')}`
        : '';
    await showErrorMessage(
      'New security assessment',
      `${(error as Error).message}${problems}`
    );
  }
}

export const assessmentPlugin: JupyterFrontEndPlugin<void> = {
  id: 'seccheck:assessment',
  description:
    'Launcher card and command that create a guided security assessment notebook.',
  autoStart: true,
  optional: [ILauncher, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    launcher: ILauncher | null,
    palette: ICommandPalette | null
  ) => {
    app.commands.addCommand(CommandIDs.newAssessment, {
      label: args =>
        args.isLauncher ? 'Security assessment' : 'New security assessment',
      caption: 'Create a guided AWS security assessment notebook',
      icon: args => (args.isPalette ? undefined : shieldIcon),
      execute: args => newAssessment(app, (args.cwd as string) ?? '')
    });
    launcher?.add({
      command: CommandIDs.newAssessment,
      args: { isLauncher: true },
      category: CATEGORY,
      rank: 0
    });
    palette?.addItem({ command: CommandIDs.newAssessment, category: CATEGORY });
  }
};
