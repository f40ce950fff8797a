/**
 * The "new assessment" form as data: reading the regions field and turning the form into the
 * REST request (or into the sentence that says what to fix). No DOM and no JupyterLab imports,
 * so it is unit-tested in Node (test/form.test.ts).
 */
import type { INewAssessment } from './api';

export interface IAssessmentForm {
  checklist: string;
  target: 'profile' | 'sandbox';
  profile: string;
  sandbox: string;
  regions: string[];
  fileName: string;
  title: string;
}

/** "eu-west-1, us-east-1  ap-south-1" -> three regions; blanks and extra separators dropped. */
export function parseRegions(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map(region => region.trim())
    .filter(region => region.length > 0);
}

/** `name` inside the file browser's folder `cwd` ("" is the server root). */
export function joinPath(cwd: string, name: string): string {
  const folder = cwd.replace(/^\/+|\/+$/g, '');
  return folder ? `${folder}/${name}` : name;
}

/** Turn the form into a request, or explain what to fix. */
export function toRequest(
  form: IAssessmentForm,
  cwd: string
): INewAssessment | string {
  let name = form.fileName;
  if (!name) {
    return 'Give the notebook a file name.';
  }
  if (name.includes('/') || name.startsWith('.')) {
    return 'The file name cannot contain "/" or start with "." (it is created in the current folder).';
  }
  if (!name.endsWith('.ipynb')) {
    name = `${name}.ipynb`;
  }
  const request: INewAssessment = { path: joinPath(cwd, name) };
  if (form.checklist) {
    request.checklist = form.checklist;
  }
  if (form.target === 'sandbox') {
    request.sandbox = form.sandbox || 'workshop';
  } else if (form.profile) {
    request.profile = form.profile;
  }
  if (form.regions.length > 0) {
    request.regions = form.regions;
  }
  if (form.title) {
    request.title = form.title;
  }
  return request;
}
