/**
 * Resolution query: resolve a step name across core and every workspace and
 * return the JSON-ready record of `resolve-step --format json` — selected
 * definition, strategy, explanation, candidates, ambiguity, skipped workspaces.
 */
import type { HybridRegistryManager } from '../engine/hybridRegistryManager.js';
import type { ResolutionMode, StepResolutionResult } from '../engine/stepResolver.js';
import { definitionToJSON, type StepDefinition } from '../model/stepDefinition.js';
import { selectedWorkspace, type WorkspaceSelector } from '../model/workspaceSelector.js';

/** What a caller may say about a resolution. */
export interface ResolveStepQuery extends WorkspaceSelector {
  /** The workspace asking (`undefined` follows the current context, `null` is none). */
  readonly workspaceId?: string | null;
  readonly framework?: string;
  readonly environment?: readonly string[];
  readonly mode?: ResolutionMode;
}

/** The JSON record of a resolution. `selected_definition` is null when the name did not resolve. */
export interface ResolutionRecord {
  readonly step_name: string;
  readonly resolved: boolean;
  readonly resolution_strategy: string | null;
  readonly reason: string;
  readonly ambiguous: boolean;
  /** Workspace ids of the tied candidates, in tie-break order. */
  readonly tied_definitions: readonly (string | null)[];
  readonly conflicting_definitions: readonly Record<string, unknown>[];
  readonly explanation: readonly string[];
  readonly suggestions: readonly string[];
  readonly context: Record<string, unknown>;
  readonly skipped_workspaces: readonly Record<string, unknown>[];
  readonly selected_definition: Record<string, unknown> | null;
  /** How the selected definition was chosen: the strategy, or e.g. `chosen interactively`. */
  readonly chosen_by?: string;
}

/**
 * The record of a resolution result. `chosen` (with `how` and `reason`)
 * replaces the engine's choice, for front ends that let the user pick.
 */
export function resolutionRecord(result: StepResolutionResult, chosen?: { definition: StepDefinition; how: string; reason: string }): ResolutionRecord {
  const selected = chosen?.definition ?? result.selected_definition;
  return {
    step_name: result.step_name,
    resolved: result.resolved,
    resolution_strategy: result.resolution_strategy,
    reason: chosen?.reason ?? result.reason,
    ambiguous: result.ambiguous,
    tied_definitions: result.tied_definitions.map((d) => d.workspace_id),
    conflicting_definitions: result.conflicting_definitions.map(definitionToJSON),
    explanation: [...result.explanation],
    suggestions: [...result.suggestions],
    context: { ...result.context },
    skipped_workspaces: result.skipped_workspaces.map((s) => ({ ...s })),
    selected_definition: selected ? definitionToJSON(selected) : null,
    ...(selected ? { chosen_by: chosen?.how ?? result.resolution_strategy ?? '' } : {}),
  };
}

/** Run a resolution with a query's words (the engine's {@link HybridRegistryManager.resolveStep}). */
export function runResolution(registry: HybridRegistryManager, name: string, query: ResolveStepQuery = {}): StepResolutionResult {
  return registry.resolveStep(name, {
    workspace_id: selectedWorkspace(query),
    preferred_framework: query.framework,
    environment_tags: query.environment,
    resolution_mode: query.mode,
  });
}

/**
 * Resolve `name` and return the record.
 *
 * @throws AmbiguousStepError / IncompleteResolutionError in `strict` mode; UnknownWorkspaceError for an unknown workspace.
 * @example
 * resolveStepRecord(registry, 'ModelTraining', { framework: 'tensorflow' }).selected_definition?.workspace_id; // 'bob'
 */
export function resolveStepRecord(registry: HybridRegistryManager, name: string, query: ResolveStepQuery = {}): ResolutionRecord {
  return resolutionRecord(runResolution(registry, name, query));
}
