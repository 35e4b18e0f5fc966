/**
 * Step queries: the steps of a view, one step with what it shadows, and every
 * name two or more workspaces define. Each returns JSON-ready records — what
 * `cursus registry list-steps / show-step --format json`, `cursus serve` and
 * `cursus mcp` answer — so every front end shares one implementation.
 */
import { UnknownStepError } from '../model/errors.js';
import type { HybridRegistryManager } from '../engine/hybridRegistryManager.js';
import { definitionToJSON, toExportRecord, type StepDefinition } from '../model/stepDefinition.js';
import { compareCodeUnits } from '../model/codeUnitOrder.js';
import { selectedWorkspace, type WorkspaceSelector } from '../model/workspaceSelector.js';

/** One step of a listed view: its export fields (legacy + non-default) plus where it comes from. */
export type StepListEntry = Record<string, unknown>;

/** Options of {@link listStepRecords}. */
export interface ListStepsQuery extends WorkspaceSelector {
  /** The view: a workspace id, `null` for core, `undefined` to follow the current context. */
  readonly workspaceId?: string | null;
  /** Add `source: {file, line}` to each entry (default true). */
  readonly withSource?: boolean;
}

/** The JSON record of one definition in a listing: export fields, `registry_type`, `workspace_id`, and optionally `source`. */
export function stepListEntry(def: StepDefinition, withSource = true): StepListEntry {
  return {
    ...toExportRecord(def),
    registry_type: def.registry_type,
    workspace_id: def.workspace_id,
    ...(withSource ? { source: { file: def.source.file, line: def.source.line } } : {}),
  };
}

/**
 * The steps of a view, keyed by step name in code-unit order.
 *
 * @throws UnknownWorkspaceError for an unknown workspace; a failed workspace's load error.
 * @example
 * listStepRecords(registry, { workspaceId: 'alice' }).XGBoostTraining?.config_class; // 'AliceXGBoostTrainingConfig'
 */
export function listStepRecords(registry: HybridRegistryManager, query: ListStepsQuery = {}): Record<string, StepListEntry> {
  const view = registry.getView(selectedWorkspace(query));
  const out: Record<string, StepListEntry> = {};
  for (const name of [...view.definitions.keys()].sort(compareCodeUnits)) {
    out[name] = stepListEntry(view.definitions.get(name) as StepDefinition, query.withSource ?? true);
  }
  return out;
}

/** What {@link getStepRecord} returns: the effective definition in a view, what it shadows, who else defines the name. */
export interface StepRecord {
  /** The view asked (workspace id), or null for core. */
  readonly view: string | null;
  readonly definition: Record<string, unknown>;
  /** The core definition a workspace definition hides in this view, else null. */
  readonly shadows: Record<string, unknown> | null;
  /** Other workspaces' definitions of the same name. */
  readonly also_defined_by: readonly Record<string, unknown>[];
}

/** A step as a view sees it, as definitions (see {@link getStepRecord} for the JSON record). */
export interface StepInView {
  readonly view: string | null;
  readonly definition: StepDefinition;
  readonly shadows: StepDefinition | null;
  readonly alsoDefinedBy: readonly StepDefinition[];
}

/**
 * The effective definition of `name` in a view, the core definition it
 * shadows, and the other workspaces' definitions of the name.
 *
 * @throws UnknownStepError (with the closest names) when the view lacks the name; UnknownWorkspaceError for an unknown workspace.
 */
export function stepInView(registry: HybridRegistryManager, name: string, workspaceId?: string | null): StepInView {
  let def: StepDefinition;
  try {
    def = registry.requireStepDefinition(name, workspaceId);
  } catch (error) {
    throw error instanceof UnknownStepError ? definedElsewhere(registry, name, error) : error;
  }
  const view = registry.getView(workspaceId);
  const core = registry.getCoreDefinitions().get(name);
  const shadows = def.workspace_id !== null && core ? core : null;
  const others = registry.resolveStep(name, { workspace_id: null }).conflicting_definitions.filter((d) => d !== def && d !== shadows && d.workspace_id !== null);
  return { view: view.workspaceId, definition: def, shadows, alsoDefinedBy: others };
}

/** A step missing from a view but defined by workspaces: say which, instead of only "unknown". */
function definedElsewhere(registry: HybridRegistryManager, name: string, error: UnknownStepError): UnknownStepError {
  const owners = [...new Set(registry.resolveStep(name, { workspace_id: null }).conflicting_definitions.flatMap((d) => (d.workspace_id === null ? [] : [d.workspace_id])))];
  if (owners.length === 0) return error;
  const list = owners.map((w) => `'${w}'`).join(', ');
  return new UnknownStepError(name, [], {
    // The error appends its scope: "…, not in the core registry" / "…, not in workspace 'x'".
    what: `Unknown step name: ${name} — it is defined only in workspace${owners.length > 1 ? 's' : ''} ${list}, not`,
    workspaceId: error.workspaceId,
    hint: `look it up in the view of ${owners.length > 1 ? 'one of those workspaces' : 'that workspace'} (workspace '${owners[0]}')`,
  });
}

/**
 * One step as a view sees it (`show-step --format json`).
 *
 * @throws UnknownStepError (with the closest names) when the view lacks the name; UnknownWorkspaceError for an unknown workspace.
 * @example
 * getStepRecord(registry, 'XGBoostTraining', 'alice').definition.config_class; // 'AliceXGBoostTrainingConfig'
 */
export function getStepRecord(registry: HybridRegistryManager, name: string, workspaceId?: string | null): StepRecord {
  return stepRecordOf(stepInView(registry, name, workspaceId));
}

/** The JSON record of a {@link StepInView}. */
export function stepRecordOf(found: StepInView): StepRecord {
  return { view: found.view, definition: definitionToJSON(found.definition), shadows: found.shadows ? definitionToJSON(found.shadows) : null, also_defined_by: found.alsoDefinedBy.map(definitionToJSON) };
}

/**
 * Every name defined by two or more workspaces → all its definitions (by
 * workspace id). With `workspaceId`, only the names that workspace takes part in.
 */
export function listConflictRecords(registry: HybridRegistryManager, workspaceId?: string): Record<string, Record<string, unknown>[]> {
  const conflicts = registry.getStepConflicts();
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const name of Object.keys(conflicts)) {
    const defs = conflicts[name] ?? [];
    if (workspaceId !== undefined && !defs.some((d) => d.workspace_id === workspaceId)) continue;
    out[name] = defs.map(definitionToJSON);
  }
  return out;
}
