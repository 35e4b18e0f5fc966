import type { RegistryError } from './errors.js';
import { makeFinding, type Finding, type FindingInput, type FindingSeverity } from './finding.js';
import { findingMessage, formatLocation } from './findingText.js';

/**
 * Diagnostics are {@link Finding}s recorded while loading or validating (not
 * thrown). These names are kept for the code and users that know them.
 */

/** How bad a diagnostic is (same as {@link FindingSeverity}). */
export type DiagnosticSeverity = FindingSeverity;
/** A recorded finding (same shape as the findings of a thrown error). */
export type Diagnostic = Finding;
/** Fields accepted by {@link makeDiagnostic}. */
export type DiagnosticInput = FindingInput;

/** Build a frozen {@link Diagnostic} (same as `makeFinding`). */
export const makeDiagnostic: (input: DiagnosticInput) => Diagnostic = makeFinding;

/** Every finding of a thrown {@link RegistryError}, attributed to `workspaceId` when they name none. */
export function diagnosticsFromError(error: RegistryError, workspaceId: string | null = null): Diagnostic[] {
  return error.findings.map((f) => (f.workspace_id === null && workspaceId !== null ? makeFinding({ ...f, workspace_id: workspaceId }) : f));
}

/** The first finding of a thrown {@link RegistryError} (see {@link diagnosticsFromError} for all). */
export function diagnosticFromError(error: RegistryError, workspaceId: string | null = null): Diagnostic {
  return diagnosticsFromError(error, workspaceId)[0] as Diagnostic;
}

/** `file:line:col: severity CODE: message. Hint: …` — a diagnostic as one line of text. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = formatLocation(d);
  return `${where ? `${where}: ` : ''}${d.severity} ${d.code}: ${findingMessage({ ...d, file: null })}`;
}
