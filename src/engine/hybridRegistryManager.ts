import { basename } from 'node:path';
import { getWorkspaceContext, getWorkspaceContextSwitchCount, getWorkspaceFrame } from '../context/workspaceContext.js';
import { closestMatch, closestMatches } from '../model/closestMatch.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { InvalidWorkspaceIdError, UnknownStepError, UnknownWorkspaceError, type RegistryError } from '../model/errors.js';
import { workspaceIdProblem } from '../model/workspaceId.js';
import type { LegacyStepRecord, StepDefinition } from '../model/stepDefinition.js';
import type { WorkspaceMetadata } from '../model/workspaceMetadata.js';
import { flagsOf, type FeatureFlags } from '../sources/featureFlags.js';
import { resolveLocations, type ResolvedLocations } from '../sources/settings.js';
import { RegistrySnapshot, workspaceDefinitions, type LoadedWorkspace, type RegistryLoadOptions, type ReloadBasis } from './registrySnapshot.js';
import type { FrozenDict, RegistryView } from './registryView.js';
import type { RegistryWatcher, WatchOptions } from '../ops/registryWatcher.js';
import type { RefreshableRegistry, RefreshOptions, RefreshSummary } from './refreshableRegistry.js';
import { ResolutionCache } from './resolutionCache.js';
import {
  resolveCandidates,
  type EffectiveResolutionContext,
  type ResolutionContext,
  type SkippedWorkspace,
  type StepResolutionResult,
} from './stepResolver.js';
import { compareCodeUnits } from '../model/codeUnitOrder.js';

/** Options of {@link HybridRegistryManager}: file locations (SPEC §3.3), reading limits, flags, and when to read workspaces. */
export interface HybridRegistryOptions extends RegistryLoadOptions {
  /**
   * Read each workspace's file on first use instead of at construction
   * (default false). Asking for one workspace's view then reads only that
   * workspace; conflicts, resolution and diagnostics read them all. The CLI uses it.
   */
  lazy?: boolean;
  /** Feature flags (SPEC §9); unset ones come from the environment, then the project config. */
  flags?: Partial<FeatureFlags>;
}

/** Counters kept by the manager for health reports. Counting is a field increment on the hot path. */
export interface RegistryMetrics {
  /** Lookups that went through a view (every legacy function call, every getStepDefinition…). */
  readonly registry_access_count: number;
  /** resolveStep calls for names with two or more candidates. */
  readonly conflict_resolution_count: number;
  /** Workspace contexts set, cleared or entered in this process. */
  readonly workspace_context_switches: number;
  /** Errors raised to callers by lookups (unknown or broken workspace, unknown step) and failed reloads. */
  readonly errors: number;
  /** Completed reloads (reload(), refresh(), watch). */
  readonly reloads: number;
  /** Lookups served from core because a workspace failed (core_only fallback). */
  readonly fallbacks: number;
}

/** A lookup served from core because its workspace failed, with why (core_only fallback). */
export interface FallbackEvent {
  readonly workspace_id: string;
  readonly reason: string;
  readonly at: string;
}


/** Public summary of one workspace. */
export interface WorkspaceSummary {
  readonly id: string;
  readonly dir: string;
  readonly registry_file: string | null;
  readonly status: 'loaded' | 'failed';
  /** The load error's one-line message when failed. */
  readonly error: string | null;
  /** When a newer edit failed and the last good version is served: that edit's error. */
  readonly stale: string | null;
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
export class HybridRegistryManager implements RefreshableRegistry {
  readonly #options: HybridRegistryOptions;
  #snapshot: RegistrySnapshot;
  #flags: FeatureFlags;
  #envWorkspaceId: string | null;
  #resolveCache = new ResolutionCache();
  #accessCount = 0;
  #conflictResolutions = 0;
  #errors = 0;
  #reloads = 0;
  #fallbacks = 0;
  #fallbackEvents: FallbackEvent[] = [];
  #envMemo: { owner: unknown; value: unknown } | undefined;

  constructor(options: HybridRegistryOptions = {}) {
    this.#options = { ...options };
    const locations = resolveLocations(this.#options);
    this.#flags = flagsOf(locations.settings);
    this.#snapshot = this.#load(locations);
    this.#envWorkspaceId = this.#readEnvWorkspace();
  }

  #env(): Readonly<Record<string, string | undefined>> {
    return this.#options.env ?? process.env;
  }

  #load(locations: ResolvedLocations, basis?: ReloadBasis): RegistrySnapshot {
    const limits = locations.settings.settings;
    const snapshot = new RegistrySnapshot(
      locations,
      {
        read: {
          maxFileBytes: limits.maxFileBytes.value,
          maxAliasCount: limits.maxAliasCount.value,
          allowCodeRegistries: this.#flags.allowCodeRegistries,
        },
        hybrid: this.#flags.hybridRegistry,
        fallback: this.#flags.registryFallback,
      },
      basis,
    );
    if (!this.#options.lazy) snapshot.indexes();
    return snapshot;
  }

  #readEnvWorkspace(): string | null {
    const value = this.#env().CURSUS_WORKSPACE_ID;
    return value ? value : null;
  }

  /** Where the core registry and workspaces root were found, and why. */
  get locations(): ResolvedLocations {
    return this.#snapshot.locations;
  }

  /** The feature flags in force (SPEC §9). */
  get flags(): FeatureFlags {
    return this.#flags;
  }

  /**
   * The workspace a call works in: the explicit argument, else the async
   * context, else `CURSUS_WORKSPACE_ID` (read at load), else none (null).
   * With the workspace-context flag off only the explicit argument counts; with
   * the hybrid flag off every call is core, and an explicit id is refused.
   */
  effectiveWorkspaceId(workspaceId?: string | null): string | null {
    if (!this.#flags.hybridRegistry) {
      if (workspaceId !== undefined && workspaceId !== null) {
        this.#errors++;
        throw new UnknownWorkspaceError(workspaceId, [], undefined, {
          hint: 'the hybrid registry is disabled (CURSUS_HYBRID_REGISTRY=off / hybridRegistry: false): only the core registry is served',
        });
      }
      return null;
    }
    if (workspaceId !== undefined) return workspaceId;
    if (!this.#flags.workspaceContext) return null;
    const fromContext = getWorkspaceContext();
    return fromContext !== undefined ? fromContext : this.#envWorkspaceId;
  }

  /** A loaded workspace; throws for an unknown id, and for a failed one unless the core_only fallback applies (then undefined). */
  #workspace(id: string): LoadedWorkspace {
    const ws = this.#snapshot.workspace(id);
    if (!ws) {
      this.#errors++;
      const known = [...this.#snapshot.discovered.keys()];
      const skipped = this.#snapshot.discoveryDiagnostics.find((d) => d.code === 'INVALID_WORKSPACE_ID' && d.file !== null && basename(d.file) === id);
      if (skipped) {
        throw new InvalidWorkspaceIdError(id, `the directory exists under the workspaces root, but its name is not a valid workspace id (${workspaceIdProblem(id) ?? 'invalid'})`, {
          file: skipped.file ?? undefined,
          hint: 'rename the directory to 1–64 characters: letters, digits, `_`, `.`, `-`, starting with a letter or digit',
        });
      }
      throw new UnknownWorkspaceError(id, known, closestMatch(id, known));
    }
    if (ws.error) {
      this.#errors++;
      throw ws.error;
    }
    return ws;
  }

  /**
   * The isolated view of a workspace (core + its LOCAL_STEPS + STEP_OVERRIDES),
   * or the core view for null. Throws `UnknownWorkspaceError` for an unknown id
   * and the workspace's load error for a workspace that failed to load — or,
   * with the `core_only` fallback, serves the core view and records why.
   */
  getView(workspaceId?: string | null): RegistryView {
    this.#accessCount++;
    if (workspaceId === undefined && this.#flags.workspaceContext && this.#flags.hybridRegistry) {
      // Following the context: the frame (or, without one, the manager for
      // CURSUS_WORKSPACE_ID) remembers its view per load — a property read, not a map read.
      const frame = getWorkspaceFrame();
      const memo = frame === undefined ? this.#envMemo : frame.memo;
      if (memo !== undefined && memo.owner === this.#snapshot) return memo.value as RegistryView;
      const view = this.#viewOf(frame === undefined ? this.#envWorkspaceId : frame.workspaceId);
      if (frame === undefined) this.#envMemo = { owner: this.#snapshot, value: view };
      else frame.memo = { owner: this.#snapshot, value: view };
      return view;
    }
    return this.#viewOf(this.effectiveWorkspaceId(workspaceId));
  }

  #viewOf(ws: string | null): RegistryView {
    if (ws === null) return this.#snapshot.coreView;
    const view = this.#snapshot.view(ws);
    if (view) return view;
    const failed = this.#snapshot.workspace(ws);
    if (failed?.error && this.#flags.registryFallback === 'core_only') return this.#fallBack(ws, failed.error);
    this.#workspace(ws);
    throw new Error(`unreachable: workspace '${ws}' has no view`);
  }

  #fallBack(workspaceId: string, error: RegistryError): RegistryView {
    this.#fallbacks++;
    if (this.#fallbackEvents.length < 100) this.#fallbackEvents.push({ workspace_id: workspaceId, reason: error.message, at: new Date().toISOString() });
    return this.#snapshot.coreView;
  }

  /** Lookups served from core because their workspace failed (at most the first 100). */
  getFallbackEvents(): readonly FallbackEvent[] {
    return [...this.#fallbackEvents];
  }

  /** The counters of this manager (see {@link RegistryMetrics}). */
  getMetrics(): RegistryMetrics {
    return {
      registry_access_count: this.#accessCount,
      conflict_resolution_count: this.#conflictResolutions,
      workspace_context_switches: getWorkspaceContextSwitchCount(),
      errors: this.#errors,
      reloads: this.#reloads,
      fallbacks: this.#fallbacks,
    };
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
    this.#errors++;
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
    const loaded = ws === null ? undefined : this.#snapshot.workspace(ws);
    // A failed context workspace raises — unless the core_only fallback serves core for it.
    const metadata = ws === null || (loaded?.error && this.#flags.registryFallback === 'core_only') ? undefined : this.#workspace(ws).metadata;
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
    if (cached) {
      if (cached.conflicting_definitions.length > 1) this.#conflictResolutions++;
      return cached;
    }
    const effective = this.#effectiveContext({ ...context, workspace_id: ws });
    const indexes = this.#snapshot.indexes();
    const index = indexes.candidates;
    const result = resolveCandidates(stepName, index.get(stepName) ?? [], effective, () => closestMatches(stepName, index.keys()), indexes.skippedWorkspaces);
    bucket.set(stepName, result);
    if (result.conflicting_definitions.length > 1) this.#conflictResolutions++;
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
      stale: ws.stale?.message ?? null,
      local_steps: [...ws.localSteps.keys()],
      step_overrides: [...ws.stepOverrides.keys()],
    }));
  }

  /**
   * Workspaces that failed to load and so take part in no cross-workspace
   * answer (resolution, conflicts, core overrides). Loads every workspace.
   */
  getSkippedWorkspaces(): readonly SkippedWorkspace[] {
    return this.#snapshot.indexes().skippedWorkspaces;
  }

  /**
   * What discovery found about the workspaces root itself — directories skipped
   * for an invalid name, broken links, an unreadable root under the `core_only`
   * fallback — without loading any workspace.
   */
  getDiscoveryDiagnostics(): readonly Diagnostic[] {
    return this.#snapshot.discoveryDiagnostics;
  }

  /** The diagnostics of the workspaces read so far (never reads another one: lazy managers stay lazy). */
  getLoadedWorkspaceDiagnostics(): readonly Diagnostic[] {
    return this.#snapshot.loadedWorkspaces().flatMap((ws) => ws.diagnostics);
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
    this.#swap(this.#load(resolveLocations(this.#options), { previous: this.#snapshot, force: 'all', keepLastGood: false }));
  }

  /**
   * Re-read what changed on disk: the workspaces root is listed again (added and
   * removed workspaces), unchanged files (same mtime, size, inode) are taken
   * over, the files of `force` are re-read regardless. With `keepLastGood`
   * (what `watch()` uses), a workspace whose new version fails keeps serving its
   * last good version and is reported `stale`. Views, indexes and the resolve
   * cache of the changed workspaces are rebuilt. A broken core throws and the
   * previous load keeps serving.
   */
  refresh(options: RefreshOptions = {}): RefreshSummary {
    const before = this.#snapshot;
    let next: RegistrySnapshot;
    try {
      next = this.#load(resolveLocations(this.#options), { previous: before, force: new Set(options.force ?? []), keepLastGood: options.keepLastGood ?? false });
      next.indexes();
    } catch (error) {
      this.#errors++;
      throw error;
    }
    const ids = new Set([...before.discovered.keys(), ...next.discovered.keys()]);
    const reloaded: string[] = [];
    const added: string[] = [];
    const removed: string[] = [];
    const failed: { workspace_id: string; error: RegistryError }[] = [];
    const stale: { workspace_id: string; error: RegistryError }[] = [];
    for (const id of [...ids].sort(compareCodeUnits)) {
      const old = before.discovered.has(id) ? before.peek(id) : undefined;
      const now = next.discovered.has(id) ? next.workspace(id) : undefined;
      if (!before.discovered.has(id) && now) added.push(id);
      else if (before.discovered.has(id) && !now) removed.push(id);
      else if (old !== now) reloaded.push(id);
      if (now?.error) failed.push({ workspace_id: id, error: now.error });
      if (now?.stale && now !== old) stale.push({ workspace_id: id, error: now.stale });
    }
    this.#swap(next);
    return { reloaded, added, removed, failed, stale };
  }

  #swap(next: RegistrySnapshot): void {
    this.#snapshot = next;
    this.#envWorkspaceId = this.#readEnvWorkspace();
    this.#resolveCache = new ResolutionCache();
    this.#reloads++;
  }

  /**
   * Watch the core and workspace registry files and refresh on every change
   * (see `RegistryWatcher`): only changed workspaces are re-read, a broken edit
   * keeps the last good version and is emitted as `error`, and every refresh
   * emits `reload`. Resolves when watching has started; call `close()` to stop.
   *
   * @example
   * const watcher = await registry.watch();
   * watcher.on('error', ({ workspace_id, error }) => log(workspace_id, error.message));
   */
  async watch(options?: WatchOptions): Promise<RegistryWatcher> {
    const { watchRegistry } = await import('../ops/registryWatcher.js');
    return watchRegistry(this, options);
  }

  /** Workspaces serving their last good version after a failed edit (see {@link refresh}). */
  getStaleWorkspaces(): readonly { workspace_id: string; error: RegistryError }[] {
    return this.#snapshot.loadedWorkspaces().flatMap((ws) => (ws.stale ? [{ workspace_id: ws.id, error: ws.stale }] : []));
  }

  /** Why the workspaces root could not be read, when the core_only fallback is serving core instead. */
  getRootFailure(): RegistryError | null {
    return this.#snapshot.rootFailure;
  }
}
