import { DEFAULT_HINTS, RegistryError } from '../model/errors.js';
import { makeFinding, type Finding } from '../model/finding.js';
import { failureToJson, type FindingJson } from '../model/findingJson.js';

/** HTTP status of a library error code: "not found" for unknown names, 422 for a wrong pipeline spec, 409 for a registry state that prevents the answer. */
const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  UNKNOWN_STEP: 404,
  UNKNOWN_WORKSPACE: 404,
  INVALID_WORKSPACE_ID: 404,
  PIPELINE_INVALID: 422,
  STEP_DEFINITION_INVALID: 422,
  AMBIGUOUS_STEP: 409,
  INCOMPLETE_RESOLUTION: 409,
  REGISTRY_LOAD_ERROR: 409,
};

/** An HTTP failure: a status and the findings of its `{"error": …}` body. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly findings: readonly Finding[];

  constructor(status: number, findings: readonly Finding[]) {
    super(findings[0]?.message ?? `HTTP ${status}`);
    this.status = status;
    this.findings = findings;
  }

  /** A failure of the HTTP layer itself (bad query, unknown endpoint, method, size). */
  static of(status: number, code: string, message: string, extra: { hint?: string; suggestions?: readonly string[]; field?: string } = {}): HttpProblem {
    return new HttpProblem(status, [makeFinding({ severity: 'error', code, message, hint: extra.hint ?? null, suggestions: extra.suggestions ?? [], field: extra.field ?? null })]);
  }

  /** A library error answered with another status than its code's (a pipeline spec's unknown step is 422, not 404). */
  static withStatus(status: number, error: RegistryError): HttpProblem {
    return new HttpProblem(status, error.findings.map(httpFinding));
  }
}

/** 400 for a query parameter whose value is not allowed. */
export function badQuery(parameter: string, value: string, allowed: readonly string[]): HttpProblem {
  return HttpProblem.of(400, 'BAD_REQUEST', `query parameter '${parameter}': ${JSON.stringify(value.slice(0, 80))} is not one of ${allowed.join(', ')}`, { field: parameter, suggestions: allowed, hint: `use ${parameter}=${allowed[0] ?? ''}` });
}

/**
 * The HTTP words for a finding: where the library's hint is its default, say
 * which endpoint lists the known names (the library never names endpoints).
 */
function httpFinding(finding: Finding): Finding {
  let hint = finding.hint;
  if (finding.code === 'UNKNOWN_STEP' && hint === DEFAULT_HINTS.UNKNOWN_STEP) hint = 'GET /api/v1/steps?workspace=ID lists the names a view knows';
  else if (finding.code === 'UNKNOWN_WORKSPACE' && hint === DEFAULT_HINTS.UNKNOWN_WORKSPACE) hint = 'GET /api/v1/workspaces lists the workspace ids';
  return hint === finding.hint ? finding : makeFinding({ ...finding, hint });
}

/** Status and JSON body (`{"error": finding, "findings"?: […]}`) for anything a handler threw. */
export function problemResponse(error: unknown): { status: number; body: { error: FindingJson | null; findings?: FindingJson[] } } {
  if (error instanceof HttpProblem) return { status: error.status, body: failureToJson(error.findings) };
  if (error instanceof RegistryError) return { status: STATUS_OF_CODE[error.code] ?? 500, body: failureToJson(error.findings.map(httpFinding)) };
  // Never echo an internal message (paths, stack) to a client: the server log has it.
  return { status: 500, body: failureToJson([makeFinding({ severity: 'error', code: 'INTERNAL_ERROR', message: 'the server failed to answer this request', hint: 'see the server log' })]) };
}
