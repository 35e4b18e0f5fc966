import type { Finding } from './finding.js';

/**
 * The JSON renderer of findings: the CLI's `--format json` (and an HTTP
 * front end) write exactly these objects. Keys are always present (null when unknown).
 */

/** The JSON form of one finding: every field, null when unknown. */
export interface FindingJson {
  code: string;
  severity: string;
  message: string;
  file: string | null;
  line: number | null;
  column: number | null;
  workspace_id: string | null;
  step: string | null;
  field: string | null;
  hint: string | null;
  suggestions: string[];
}

/** A finding as a plain JSON object (a fresh, mutable copy). */
export function findingToJson(finding: Finding): FindingJson {
  return {
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    workspace_id: finding.workspace_id,
    step: finding.step,
    field: finding.field,
    hint: finding.hint,
    suggestions: [...finding.suggestions],
  };
}

/**
 * The JSON body of a failure: `{ "error": <first finding> }`, plus
 * `"findings": [...]` with all of them when there is more than one.
 */
export function failureToJson(findings: readonly Finding[]): { error: FindingJson | null; findings?: FindingJson[] } {
  const first = findings[0];
  return findings.length > 1 ? { error: first ? findingToJson(first) : null, findings: findings.map(findingToJson) } : { error: first ? findingToJson(first) : null };
}
