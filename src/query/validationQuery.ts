/**
 * Validation query: every finding of the registry (or of one workspace) and
 * the verdict, as the JSON record of `validate-registry --format json`.
 */
import type { HybridRegistryManager } from '../engine/hybridRegistryManager.js';
import { validateRegistry, type ValidationReport } from '../engine/registryValidation.js';
import type { Finding } from '../model/finding.js';
import { selectedWorkspace, type WorkspaceSelector } from '../model/workspaceSelector.js';

/** Options of {@link validateRegistryRecord}. */
export interface ValidateRegistryQuery extends WorkspaceSelector {
  /** Validate only this workspace. */
  readonly workspaceId?: string;
  /** @deprecated Use `workspaceId`. */
  readonly workspace?: string;
  /** Also report each name defined by two or more workspaces. */
  readonly checkConflicts?: boolean;
  /** Warnings fail too. */
  readonly strict?: boolean;
}

/** The JSON record of a validation: counts, findings, and `ok` (false on an error, or a warning when strict). */
export interface ValidationRecord extends Omit<ValidationReport, 'diagnostics'> {
  readonly strict: boolean;
  /** Errors first, then warnings. Findings are plain data: their JSON is that of `findingToJson`. */
  readonly diagnostics: readonly Finding[];
}

/**
 * Validate and return the record. `wording` lets a front end rephrase each
 * finding (the CLI names its flags in hints); by default findings are as the library words them.
 *
 * @throws UnknownWorkspaceError when `workspaceId` is not a discovered workspace.
 */
export function validateRegistryRecord(registry: HybridRegistryManager, query: ValidateRegistryQuery = {}, wording: (f: Finding) => Finding = (f) => f): ValidationRecord {
  const report = validateRegistry(registry, { workspaceId: selectedWorkspace(query) ?? undefined, checkConflicts: query.checkConflicts });
  const strict = query.strict ?? false;
  return {
    ...report,
    ok: report.errors === 0 && !(strict && report.warnings > 0),
    strict,
    diagnostics: report.diagnostics.map(wording),
  };
}
