/**
 * The one place that talks to the seccheck server extension (`/seccheck/...`).
 *
 * `ServerConnection.makeRequest` adds the token, the XSRF cookie and the base URL, so every
 * call works behind JupyterHub or a proxy as well as on a laptop.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

/** A failed call: the HTTP status and the server's own message, ready to show a person. */
export class SeccheckAPIError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: string[] = []
  ) {
    super(message);
    this.name = 'SeccheckAPIError';
  }
}

/** One checklist the server found (the shipped one, or a YAML file under the server root). */
export interface IChecklistInfo {
  path: string;
  builtin: boolean;
  name: string;
  version: string;
  items: number;
  checks: number;
  valid: boolean;
  errors: string[];
}

/** What `POST /seccheck/assessments` takes. Paths are relative to the server root. */
export interface INewAssessment {
  path: string;
  checklist?: string;
  profile?: string;
  sandbox?: string;
  regions?: string[];
  title?: string;
}

/** A sandbox scenario (seccheck.sandbox.scenarios.SCENARIOS). */
export interface IScenario {
  name: string;
  description: string;
}

/** What `GET /seccheck/targets` offers a new assessment. */
export interface ITargets {
  /** AWS profile names in the server's config and credentials files. */
  profiles: string[];
  /** Why no profiles could be listed (a config file that does not parse), else null. */
  profiles_problem: string | null;
  scenarios: IScenario[];
  /** The sandbox the server's environment points AWS at (under `seccheck demo`), else null. */
  environment_sandbox: string | null;
}

export interface ICreatedAssessment {
  path: string;
  assessment: string;
}

export type Counts = { [status: string]: number };

/** How one value is shown (seccheck.palette.Style). */
export interface IStyle {
  label: string;
  icon: string;
  colour: string;
}

/** The server's one vocabulary, in display order (seccheck.palette.legend()). */
export interface ILegend {
  /** Check outcomes: seccheck.results.Status values plus NOT_RUN and NOT_IMPLEMENTED. */
  statuses: { [value: string]: IStyle };
  /** Item verdicts: seccheck.scoring.Verdict values. */
  verdicts: { [value: string]: IStyle };
  severities: { [value: string]: IStyle };
  answers: { [value: string]: IStyle };
}

export interface IItemSummary {
  id: string;
  title: string;
  /** A verdict value (a key of `legend.verdicts`). */
  status: string;
  /** Human wording of the status, with N/A reasons (seccheck.scoring.ItemStatus.label). */
  label: string;
  icon: string;
  /** Check outcome (a key of `legend.statuses`) -> count. */
  checks: Counts;
  manual: { answered: number; total: number };
  /** questions answered Yes/Partially without the evidence the checklist requires */
  unsupported?: string[];
}

export interface ISectionSummary {
  id: string;
  title: string;
  items: IItemSummary[];
}

/**
 * `Assessment.summary()` as served by `GET /seccheck/assessments?path=...`
 * (seccheck.summary.AssessmentSummary, plus the notebook and assessment paths).
 */
export interface IAssessmentSummary {
  title: string;
  notebook: string;
  assessment: string;
  checklist: { name: string; version: string; hash: string };
  scope: { [key: string]: unknown };
  updated_at: string | null;
  runs?: number;
  /** Verdict value -> number of items; every verdict is present. */
  totals: Counts;
  /** Questions, not items (seccheck.summary.QuestionTotals). */
  questions?: { total: number; answered: number; unanswered: number };
  sections: ISectionSummary[];
  legend: ILegend;
}

async function requestAPI<T>(
  endpoint: string,
  init: RequestInit = {},
  query: { [key: string]: string } = {}
): Promise<T> {
  const settings = ServerConnection.makeSettings();
  const url =
    URLExt.join(settings.baseUrl, 'seccheck', endpoint) +
    URLExt.objectToQueryString(query);
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, settings);
  } catch (error) {
    throw new ServerConnection.NetworkError(error as TypeError);
  }
  const text = await response.text();
  let data: any = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const message =
      (data && typeof data.message === 'string' && data.message) ||
      `${response.status} ${response.statusText}`;
    throw new SeccheckAPIError(response.status, message, data?.problems ?? []);
  }
  return data as T;
}

export async function listChecklists(): Promise<IChecklistInfo[]> {
  const reply = await requestAPI<{ checklists: IChecklistInfo[] }>(
    'checklists'
  );
  return reply.checklists;
}

export function listTargets(): Promise<ITargets> {
  return requestAPI<ITargets>('targets');
}

export function createAssessment(
  request: INewAssessment
): Promise<ICreatedAssessment> {
  return requestAPI<ICreatedAssessment>('assessments', {
    method: 'POST',
    body: JSON.stringify(request)
  });
}

export function getAssessment(
  notebookPath: string
): Promise<IAssessmentSummary> {
  return requestAPI<IAssessmentSummary>(
    'assessments',
    {},
    { path: notebookPath }
  );
}

export function exportEvidence(
  notebookPath: string
): Promise<{ path: string }> {
  return requestAPI<{ path: string }>('exports', {
    method: 'POST',
    body: JSON.stringify({ path: notebookPath })
  });
}
