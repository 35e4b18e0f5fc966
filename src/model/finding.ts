/**
 * The one shape of every problem this package reports — a thrown error's
 * findings and a validation diagnostic alike. Findings are plain data; text
 * and JSON are made from them at the edge (see `findingText.ts`, `findingJson.ts`).
 */

/** How bad a finding is: errors fail validation, warnings do not. */
export type FindingSeverity = 'error' | 'warning';

/**
 * One problem, tied to where it was found.
 *
 * @example
 * { code: 'STEP_DEFINITION_INVALID', severity: 'error', message: "step 'X': `framwork`: unknown field — did you mean `framework`?",
 *   file: '/ws/alice/…/workspace_registry.yaml', line: 8, column: 5, workspace_id: 'alice', step: 'X', field: 'framwork',
 *   hint: 'known fields: …', suggestions: ['framework'] }
 */
export interface Finding {
  /** An error code of SPEC §6, or a warning code such as `CONVENTION` or `SHADOWS_CORE`. */
  readonly code: string;
  readonly severity: FindingSeverity;
  /** One line: what is wrong (no location, no hint). */
  readonly message: string;
  readonly file: string | null;
  /** 1-based line, when the format has lines. */
  readonly line: number | null;
  /** 1-based column, when known. */
  readonly column: number | null;
  /** The workspace concerned, or null for core and discovery-level findings. */
  readonly workspace_id: string | null;
  readonly step: string | null;
  readonly field: string | null;
  /** How to fix it, in words that do not depend on the front end (no CLI flags). */
  readonly hint: string | null;
  /** Names that were probably meant, best first ("did you mean"). */
  readonly suggestions: readonly string[];
}

/** Fields accepted by {@link makeFinding}; everything but severity, code and message is optional. */
export interface FindingInput {
  severity: FindingSeverity;
  code: string;
  message: string;
  file?: string | null | undefined;
  line?: number | null | undefined;
  column?: number | null | undefined;
  workspace_id?: string | null | undefined;
  step?: string | null | undefined;
  field?: string | null | undefined;
  hint?: string | null | undefined;
  suggestions?: readonly string[] | undefined;
}

/** Longest run of input quoted in a message before it is cut with an ellipsis. */
export const MAX_QUOTED_CHARS = 80;
/** Longest message or hint kept (a bound, so one bad value cannot make a huge error line). */
export const MAX_MESSAGE_CHARS = 600;

/** Collapse whitespace runs (incl. newlines) so a message stays on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n\u0085\u2028\u2029]+\s*/g, ' ').trim();
}

/**
 * One line, bounded: newlines collapsed, every unbroken run of more than
 * {@link MAX_QUOTED_CHARS} characters (a huge number, a minified value) cut
 * with `…`, and the whole text at most {@link MAX_MESSAGE_CHARS} characters.
 */
export function boundedLine(text: string): string {
  // File paths can be long but rarely this long; a run over the bound is input, not prose.
  const cut = oneLine(text).replace(/\S{121,}/g, (run) => `${run.slice(0, MAX_QUOTED_CHARS)}…`);
  return cut.length > MAX_MESSAGE_CHARS ? `${cut.slice(0, MAX_MESSAGE_CHARS - 1)}…` : cut;
}

/** `value` quoted as JSON for a message, cut to {@link MAX_QUOTED_CHARS} characters with `…`. */
export function quoteInput(value: string): string {
  return JSON.stringify(value.length > MAX_QUOTED_CHARS ? `${value.slice(0, MAX_QUOTED_CHARS)}…` : value);
}

/** Build a frozen {@link Finding}, filling absent fields with null and bounding the texts. */
export function makeFinding(input: FindingInput): Finding {
  return Object.freeze({
    code: input.code,
    severity: input.severity,
    message: boundedLine(input.message),
    file: input.file ?? null,
    line: input.line ?? null,
    column: input.column ?? null,
    workspace_id: input.workspace_id ?? null,
    step: input.step ?? null,
    field: input.field ?? null,
    hint: input.hint ? boundedLine(input.hint) : null,
    suggestions: Object.freeze([...(input.suggestions ?? [])]),
  });
}

/** The errors among `findings` (severity `error`). */
export function errorsOf(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error');
}
