import { getWorkspaceContext } from '../context/workspaceContext.js';
import { closestMatch, closestMatches } from '../model/closestMatch.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { UnknownStepError, UnknownWorkspaceError } from '../model/errors.js';
import type { LegacyStepRecord, StepDefinition } from '../model/stepDefinition.js';
import type { WorkspaceMetadata } from '../model/workspaceMetadata.js';
import type { ResolvedLocations } from '../sources/projectConfig.js';
import { RegistrySnapshot, workspaceDefinitions, type LoadedWorkspace, type RegistryLoadOptions } from './registrySnapshot.js';
import type { FrozenDict, RegistryView } from './registryView.js';
import { ResolutionCache } from './resolutionCache.js';
import {
  resolveCandidates,
  type EffectiveResolutionContext,
  type ResolutionContext,
  type StepResolutionResult,
} from './stepResolver.js';

/** Options of {@link HybridRegistryManager}: file locations (SPEC §3.3), reading limits, and when to read workspaces. */
export interface HybridRegistryOptions extends RegistryLoadOptions {
  /**
   * Read each workspace's file on first use instead of at construction
   * (default false). Asking for one workspace's view then reads only that
   * workspace; conflicts, resolution and diagnostics read them all. The CLI uses it.
   */
  lazy?: boolean;
}

/** Public summary of one workspace. */
export interface WorkspaceSummary {
  readonly id: string;
  readonly dir: string;
  readonly registry_file: string | null;
  readonly status: 'loaded' | 'failed';
  /** The load error's one-line message when failed. */
  readonly error: string | null;
  readonly local_steps: readonly string[];
  readonly step_overrides: readonly string[];
}

/**
 * The registry: one core plus every developer workspace, loaded at
 * construction. Views, indexes and conflicts are built once per load; lookups
 * are map accesses. A workspace argument of `undefined` follows the current
 * context (async context, then `CURSUS_WORKSPACE_ID`); `null` means core.
 *
 * @example
 * const registry = new HybridRegistryManager({ workspacesRoot: 'developer_workspaces/developers' });
 * registry.getStepDefinition('XGBoostTraining', 'alice')?.config_class;
 * registry.resolveStep('ModelTraining', { preferred_framework: 'pytorch' }).explanation;
 */
export class HybridRegistryManager {
  readonly #options: HybridRegistryOptions;
  #snapshot: RegistrySnapshot;
  #envWorkspaceId: string | null;
  #resolveCache = new ResolutionCache();

  constructor(options: HybridRegistryOptions = {}) {
    this.#options = { ...options };
    this.#snapshot = this.#load();
    this.#envWorkspaceId = this.#readEnvWorkspace();
  }

  #load(): RegistrySnapshot {
    const snapshot = new RegistrySnapshot(this.#options);
    if (!this.#options.lazy) snapshot.indexes();
    return snapshot;
  }

  #readEnvWorkspace(): string | null {
    const value = (this.#options.env ?? process.env).CURSUS_WORKSPACE_ID;
    return value ? value : null;
  }

  /** Where the core registry and workspaces root were found, and why. */
  get locations(): ResolvedLocations {
    return this.#snapshot.locations;
  }

  /**
   * The workspace a call works in: the explicit argument, else the async
   * context, else `CURSUS_WORKSPACE_ID` (read at load), else none (null).
   */
  effectiveWorkspaceId(workspaceId?: string | null): string | null {
    if (workspaceId !== undefined) return workspaceId;
    const fromContext = getWorkspaceContext();
    return fromContext !== undefined ? fromContext : this.#envWorkspaceId;
  }

  #workspace(id: string): LoadedWorkspace {
    const ws = this.#snapshot.workspace(id);
    if (!ws) {
      const known = [...this.#snapshot.discovered.keys()];
      throw new UnknownWorkspaceError(id, known, closestMatch(id, known));
    }
    if (ws.error) throw ws.error;
    return ws;
  }

  /**
   * The isolated view of a workspace (core + its LOCAL_STEPS + STEP_OVERRIDES),
   * or the core view for null. Throws `UnknownWorkspaceError` for an unknown id
   * and the workspace's load error for a workspace that failed to load.
   */
  getView(workspaceId?: string | null): RegistryView {
    const ws = this.effectiveWorkspaceId(workspaceId);
    if (ws === null) return this.#snapshot.coreView;
    const view = this.#snapshot.view(ws);
    if (view) return view;
    this.#workspace(ws);
    throw new Error(`unreachable: workspace '${ws}' has no view`);
  }

  /** The definition of `stepName` in a workspace's view, or `undefined`. */
  getStepDefinition(stepName: string, workspaceId?: string | null): StepDefinition | undefined {
    return this.getView(workspaceId).definitions.get(stepName);
  }

  /** Like {@link getStepDefinition}, but an unknown step is an `UnknownStepError` with suggestions. */
  requireStepDefinition(stepName: string, workspaceId?: string | null): StepDefinition {
    const view = this.getView(workspaceId);
    const def = view.definitions.get(stepName);
    if (def) return def;
    throw new UnknownStepError(stepName, closestMatches(stepName, view.definitions.keys()), { workspaceId: view.workspaceId ?? undefined });
  }

  /** Every definition in a workspace's view, by name (legacy order). */
  getAllStepDefinitions(workspaceId?: string | null): ReadonlyMap<string, StepDefinition> {
    return this.getView(workspaceId).definitions;
  }

  /** Only what a workspace itself defines (LOCAL_STEPS and STEP_OVERRIDES, overrides winning). */
  getLocalOnlyDefinitions(workspaceId: string): ReadonlyMap<string, StepDefinition> {
    return workspaceDefinitions(this.#workspace(workspaceId));
  }

  /** The legacy `STEP_NAMES` dictionary of a view (frozen, null-prototype, built once). */
  createLegacyStepNamesDict(workspaceId?: string | null): FrozenDict<LegacyStepRecord> {
    return this.getView(workspaceId).legacyStepNames;
  }

  #effectiveContext(context: ResolutionContext): EffectiveResolutionContext {
    const ws = this.effectiveWorkspaceId(context.workspace_id);
    const metadata = ws === null ? undefined : this.#workspace(ws).metadata;
    const callerFramework = context.preferred_framework ?? null;
    const metaFrameworks = metadata?.preferred_frameworks ?? [];
    const callerEnv = context.environment_tags ?? [];
    const metaEnv = metadata?.environment_preferences ?? [];
    return Object.freeze({
      workspace_id: ws,
      preferred_frameworks: Object.freeze(callerFramework !== null ? [callerFramework] : [...metaFrameworks]),
      frameworks_from: callerFramework !== null ? 'caller' : metaFrameworks.length ? 'workspace_metadata' : null,
      environment_tags: Object.freeze(callerEnv.length ? [...callerEnv] : [...metaEnv]),
      environment_from: callerEnv.length ? 'caller' : metaEnv.length ? 'workspace_metadata' : null,
      resolution_mode: context.resolution_mode ?? 'automatic',
    });
  }

  /**
   * Choose among every definition of `stepName` across core and all workspaces
   * (SPEC §4.2), with an explanation. Cached per (name, context) until reload.
   *
   * @throws AmbiguousStepError in `strict` mode on a tie between workspaces.
   */
  resolveStep(stepName: string, context: ResolutionContext = {}): StepResolutionResult {
    const ws = this.effectiveWorkspaceId(context.workspace_id);
    const bucket = this.#resolveCache.bucket(ws, context);
    const cached = bucket.get(stepName);
    if (cached) return cached;
    const effective = this.#effectiveContext({ ...context, workspace_id: ws });
    const index = this.#snapshot.indexes().candidates;
    const result = resolveCandidates(stepName, index.get(stepName) ?? [], effective, () => closestMatches(stepName, index.keys()));
    bucket.set(stepName, result);
    return result;
  }

  /** The definition {@link resolveStep} selects, or `undefined` when the name is unknown. */
  getStepDefinitionWithResolution(stepName: string, context: ResolutionContext = {}): StepDefinition | undefined {
    return this.resolveStep(stepName, context).selected_definition ?? undefined;
  }

  /** Names defined by two or more workspaces → all those definitions, sorted by workspace id (precomputed, frozen). */
  getStepConflicts(): FrozenDict<readonly StepDefinition[]> {
    return this.#snapshot.indexes().conflicts;
  }

  /** Workspace id → the core step names it redefines (precomputed, frozen). */
  getCoreOverrides(): FrozenDict<readonly string[]> {
    return this.#snapshot.indexes().coreOverrides;
  }

  /** Ids of every discovered workspace (loaded or failed), in id order. */
  getWorkspaceIds(): readonly string[] {
    return [...this.#snapshot.discovered.keys()];
  }

  /** The validated `WORKSPACE_METADATA` of a workspace. */
  getWorkspaceMetadata(workspaceId: string): WorkspaceMetadata {
    return this.#workspace(workspaceId).metadata;
  }

  /**
   * A summary of every discovered workspace, failed ones included. With
   * `loadedOnly` (lazy managers), only the workspaces read so far.
   */
  getWorkspaces(options: { loadedOnly?: boolean } = {}): readonly WorkspaceSummary[] {
    const workspaces = options.loadedOnly ? this.#snapshot.loadedWorkspaces() : this.#snapshot.allWorkspaces();
    return workspaces.map((ws) => ({
      id: ws.id,
      dir: ws.dir,
      registry_file: ws.registryFile,
      status: ws.status,
      error: ws.error?.message ?? null,
      local_steps: [...ws.localSteps.keys()],
      step_overrides: [...ws.stepOverrides.keys()],
    }));
  }

  /** Every error and warning of the last load, each with file, line, step and message. */
  getDiagnostics(): readonly Diagnostic[] {
    return this.#snapshot.indexes().diagnostics;
  }

  /** The core registry's definitions. */
  getCoreDefinitions(): ReadonlyMap<string, StepDefinition> {
    return this.#snapshot.core.definitions;
  }

  /**
   * Re-read everything from disk and rebuild all views; drops the resolve cache.
   * If the core cannot be loaded, throws and keeps serving the previous load.
   */
  reload(): void {
    this.#snapshot = this.#load();
    this.#envWorkspaceId = this.#readEnvWorkspace();
    this.#resolveCache = new ResolutionCache();
  }
}
