/**
 * The "new assessment" form as data: reading the regions field and turning the form into the
 * REST request (or into the sentence that says what to fix). No DOM and no JupyterLab imports,
 * so it is unit-tested in Node (test/form.test.ts).
 */
import type { INewAssessment, ITargets } from './api';

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

/** One entry of the dialog's "Account to assess" list. */
export interface ITargetChoice {
  /** `profile:NAME` ("profile:" is the default credential chain) or `sandbox:SCENARIO`. */
  value: string;
  label: string;
  /** The scenario's description, or what a profile means here. */
  hint: string;
}

/** The default credentials, then the server's profiles, then every sandbox scenario. */
export function targetChoices(targets: ITargets): {
  profiles: ITargetChoice[];
  scenarios: ITargetChoice[];
} {
  const elsewhere = targets.environment_sandbox
    ? ` This JupyterLab points AWS at the "${targets.environment_sandbox}" sandbox: ` +
      'a profile assessment refuses to run here (it would assess the sandbox).'
    : '';
  const profiles: ITargetChoice[] = [
    {
      value: 'profile:',
      label: 'Default credentials (environment, SSO, instance role)',
      hint:
        'The AWS account the standard credential chain reaches.' +
        (targets.environment_sandbox
          ? ` Here that is the "${targets.environment_sandbox}" sandbox.`
          : '') +
        (targets.profiles_problem
          ? ` No AWS profiles are listed: ${targets.profiles_problem}`
          : '')
    },
    ...targets.profiles.map(name => ({
      value: `profile:${name}`,
      label: `AWS profile ${name}`,
      hint: `The AWS account of profile ${name}.${elsewhere}`
    }))
  ];
  const scenarios = targets.scenarios.map(s => ({
    value: `sandbox:${s.name}`,
    label: `Sandbox: ${s.name}`,
    hint: `${s.description} A simulated account on this machine; no AWS account is touched.`
  }));
  return { profiles, scenarios };
}

/** The choice selected when the dialog opens: the environment's sandbox, else the default. */
export function defaultTarget(targets: ITargets): string {
  const env = targets.environment_sandbox;
  return env && targets.scenarios.some(s => s.name === env)
    ? `sandbox:${env}`
    : 'profile:';
}

/** `sandbox:clean` -> the form's target fields. */
export function parseTarget(
  value: string
): Pick<IAssessmentForm, 'target' | 'profile' | 'sandbox'> {
  const colon = value.indexOf(':');
  const kind = colon < 0 ? value : value.slice(0, colon);
  const name = colon < 0 ? '' : value.slice(colon + 1);
  return kind === 'sandbox'
    ? { target: 'sandbox', profile: '', sandbox: name }
    : { target: 'profile', profile: name, sandbox: '' };
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
    if (!form.sandbox) {
      return 'Choose a sandbox scenario.';
    }
    request.sandbox = form.sandbox;
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
