import { makeDiagnostic, type Diagnostic } from '../model/diagnostics.js';
import type { HybridRegistryManager } from './hybridRegistryManager.js';

/** Options of {@link validateRegistry}. */
export interface ValidationOptions {
  /** Validate only this workspace (its load, its definitions, the ambiguities it takes part in). */
  readonly workspaceId?: string;
  /** Also report each name defined by two or more workspaces. */
  readonly checkConflicts?: boolean;
}

/** The outcome of {@link validateRegistry}. */
export interface ValidationReport {
  readonly ok: boolean;
  readonly errors: number;
  readonly warnings: number;
  /** Errors first, then warnings; each group by file and line. */
  readonly diagnostics: readonly Diagnostic[];
  readonly workspace_id: string | null;
  readonly core_steps: number;
  readonly workspaces_checked: number;
}

const order = (a: Diagnostic, b: Diagnostic): number =>
  (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
  (a.file ?? '').localeCompare(b.file ?? '', 'en') ||
  (a.line ?? 0) - (b.line ?? 0) ||
  a.code.localeCompare(b.code, 'en');

/**
 * Really validate the registry (SPEC §7): the load diagnostics (schema,
 * conventions, ids, ambiguous files, broken workspaces), every name whose
 * resolution without a workspace is an ambiguous tie, and — when asked —
 * every cross-workspace conflict. `ok` is false when there is any error.
 *
 * @throws UnknownWorkspaceError when `workspaceId` is not a discovered workspace.
 */
export function validateRegistry(registry: HybridRegistryManager, options: ValidationOptions = {}): ValidationReport {
  const ws = options.workspaceId;
  if (ws !== undefined && !registry.getWorkspaceIds().includes(ws)) registry.getView(ws); // throws UnknownWorkspaceError
  const found: Diagnostic[] = registry.getDiagnostics().filter((d) => ws === undefined || d.workspace_id === ws);
  for (const [name, defs] of Object.entries(registry.getStepConflicts())) {
    if (ws !== undefined && !defs.some((d) => d.workspace_id === ws)) continue;
    const result = registry.resolveStep(name, { workspace_id: null });
    if (result.ambiguous) {
      const first = result.tied_definitions[0];
      found.push(
        makeDiagnostic({
          severity: 'warning',
          code: 'AMBIGUOUS_STEP',
          message: `'${name}' is ambiguous without a workspace: ${result.tied_definitions.map((d) => d.workspace_id).join(', ')} tie at priority ${first?.priority}`,
          file: first?.source.file,
          line: first?.source.line,
          step: name,
          workspace_id: ws ?? first?.workspace_id,
          hint: 'give one definition a lower priority, or distinct framework / environment_tags',
        }),
      );
    }
    if (options.checkConflicts) {
      const first = defs[0];
      found.push(
        makeDiagnostic({
          severity: 'warning',
          code: 'STEP_CONFLICT',
          message: `'${name}' is defined by ${defs.length} workspaces: ${defs.map((d) => `${d.workspace_id} (${d.registry_type}, priority ${d.priority})`).join(', ')}`,
          file: first?.source.file,
          line: first?.source.line,
          step: name,
          workspace_id: ws ?? first?.workspace_id,
          hint: `see how it resolves: cursus registry resolve-step ${name} --explain`,
        }),
      );
    }
  }
  found.sort(order);
  const errors = found.filter((d) => d.severity === 'error').length;
  return Object.freeze({
    ok: errors === 0,
    errors,
    warnings: found.length - errors,
    diagnostics: Object.freeze(found),
    workspace_id: ws ?? null,
    core_steps: registry.getCoreDefinitions().size,
    workspaces_checked: ws === undefined ? registry.getWorkspaceIds().length : 1,
  });
}
