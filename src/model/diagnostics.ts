import type { RegistryError } from './errors.js';
import { formatLocation, oneLine } from './errors.js';

/** How bad a diagnostic is: errors fail validation, warnings do not. */
export type DiagnosticSeverity = 'error' | 'warning';

/**
 * One finding about the registry, tied to where it was found.
 * Library code records diagnostics; only the CLI prints them.
 */
export interface Diagnostic {
  readonly severity: DiagnosticSeverity;
  /** An error code of SPEC §6, or a warning code such as `CONVENTION` or `SHADOWS_CORE`. */
  readonly code: string;
  /** One line: what is wrong (no location). */
  readonly message: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly step: string | null;
  readonly field: string | null;
  /** The workspace concerned, or null for core and discovery-level findings. */
  readonly workspace_id: string | null;
  readonly hint: string | null;
}

/** Fields accepted by {@link makeDiagnostic}; everything but severity, code and message is optional. */
export interface DiagnosticInput {
  severity: DiagnosticSeverity;
  code: string;
  message: string;
  file?: string | null | undefined;
  line?: number | null | undefined;
  column?: number | null | undefined;
  step?: string | null | undefined;
  field?: string | null | undefined;
  workspace_id?: string | null | undefined;
  hint?: string | null | undefined;
}

/** Build a frozen {@link Diagnostic}, filling absent fields with null. */
export function makeDiagnostic(input: DiagnosticInput): Diagnostic {
  return Object.freeze({
    severity: input.severity,
    code: input.code,
    message: oneLine(input.message),
    file: input.file ?? null,
    line: input.line ?? null,
    column: input.column ?? null,
    step: input.step ?? null,
    field: input.field ?? null,
    workspace_id: input.workspace_id ?? null,
    hint: input.hint ? oneLine(input.hint) : null,
  });
}

/** Record a thrown {@link RegistryError} as an error diagnostic. */
export function diagnosticFromError(error: RegistryError, workspaceId: string | null = null): Diagnostic {
  return makeDiagnostic({
    severity: 'error',
    code: error.code,
    message: error.detail,
    file: error.file,
    line: error.line,
    column: error.column,
    step: error.step,
    field: error.field,
    workspace_id: error.workspaceId ?? workspaceId,
    hint: error.hint,
  });
}

/** `file:line:col: message` — the one-line text form of a diagnostic. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = formatLocation({ file: d.file ?? undefined, line: d.line ?? undefined, column: d.column ?? undefined });
  const hint = d.hint ? `${/[.!?]$/.test(d.message) ? '' : '.'} Hint: ${d.hint}` : '';
  return `${where ? `${where}: ` : ''}${d.severity} ${d.code}: ${d.message}${hint}`;
}
