import { statSync } from 'node:fs';
import { makeDiagnostic, diagnosticFromError, diagnosticsFromError, type Diagnostic, type DiagnosticInput } from '../model/diagnostics.js';
import { RegistryError, RegistryLoadError } from '../model/errors.js';
import type { StepDefinition } from '../model/stepDefinition.js';
import type { WorkspaceMetadata } from '../model/workspaceMetadata.js';
import { readCoreRegistry, type CoreRegistry } from '../sources/coreRegistryReader.js';
import type { ReadDocumentOptions } from '../sources/parsedDocument.js';
import type { RegistryLocationOptions, ResolvedLocations } from '../sources/settings.js';
import { inspectWorkspace, listWorkspaces, type DiscoveredWorkspace, type WorkspaceEntry, type WorkspaceListing } from '../sources/workspaceDiscovery.js';
import { readWorkspaceRegistry } from '../sources/workspaceRegistryReader.js';
import { RegistryView, frozenDict, type FrozenDict } from './registryView.js';
import { compareCandidates, type SkippedWorkspace } from './stepResolver.js';
import { compareCodeUnits } from '../model/codeUnitOrder.js';
import { closestMatch } from '../model/closestMatch.js';

/** Options of a registry load: where the files are, and reading limits. */
export interface RegistryLoadOptions extends RegistryLocationOptions, ReadDocumentOptions {}

/** One workspace as loaded: its definitions, or the error that stopped it. */
export interface LoadedWorkspace {
  readonly id: string;
  readonly dir: string;
  readonly registryFile: string | null;
  readonly status: 'loaded' | 'failed';
  /** Why the workspace failed; lookups in it raise this error. */
  readonly error: RegistryError | null;
  readonly localSteps: ReadonlyMap<string, StepDefinition>;
  readonly stepOverrides: ReadonlyMap<string, StepDefinition>;
  readonly metadata: WorkspaceMetadata;
  /** What loading this workspace found (its errors and warnings). */
  readonly diagnostics: readonly Diagnostic[];
  /** Identity of the registry file as read (mtime, size, inode), to skip unchanged files on reload. */
  readonly stamp: string | null;
  /** Set when a newer edit failed to load and this last good version is served instead. */
  readonly stale: RegistryError | null;
}

/** Indexes across all workspaces, built once when first needed. */
export interface CrossWorkspaceIndexes {
  /** Step name → every definition of it: core first, then by workspace id. */
  readonly candidates: ReadonlyMap<string, readonly StepDefinition[]>;
  /** Names defined by two or more workspaces → all those definitions, by workspace id. */
  readonly conflicts: FrozenDict<readonly StepDefinition[]>;
  /** Workspace id → core names it redefines. */
  readonly coreOverrides: FrozenDict<readonly string[]>;
  /** Every diagnostic: core, discovery, then each workspace in id order. */
  readonly diagnostics: readonly Diagnostic[];
  /** Workspaces that failed to load (no last good version): they take part in no resolution. */
  readonly skippedWorkspaces: readonly SkippedWorkspace[];
}

const EMPTY_MAP: ReadonlyMap<string, StepDefinition> = new Map();

/** mtime, size and inode of a file (null when it cannot be read): a changed file changes its stamp. */
export function fileStamp(file: string): string | null {
  try {
    const st = statSync(file, { bigint: true });
    return `${st.mtimeNs}:${st.size}:${st.ino}`;
  } catch {
    return null;
  }
}

/** What a reload may take over from the previous snapshot. */
export interface ReloadBasis {
  readonly previous: RegistrySnapshot;
  /** Workspace ids to re-read even if their file stamp is unchanged (`'all'`: everything, core included). */
  readonly force: ReadonlySet<string> | 'all';
  /** When a workspace's new version fails to load, keep serving its last good version. */
  readonly keepLastGood: boolean;
}

/** Settings of one snapshot besides file locations. */
export interface SnapshotSettings {
  readonly read: ReadDocumentOptions;
  /** Off: no workspace is discovered (core only). */
  readonly hybrid: boolean;
  /** `core_only`: a workspaces root that cannot be listed yields no workspaces (recorded) instead of an error. */
  readonly fallback: 'strict' | 'core_only';
}

/** Load one discovered workspace; never throws — a failure is recorded on the result. */
export function loadWorkspace(
  found: DiscoveredWorkspace,
  core: CoreRegistry,
  options: ReadDocumentOptions,
  stamp: string | null = found.registryFile ? fileStamp(found.registryFile) : null,
): LoadedWorkspace {
  const base = { id: found.id, dir: found.dir, registryFile: found.registryFile, stamp, stale: null };
  const failed = (error: RegistryError): LoadedWorkspace => ({
    ...base,
    status: 'failed',
    error,
    localSteps: EMPTY_MAP,
    stepOverrides: EMPTY_MAP,
    metadata: {},
    diagnostics: Object.freeze(diagnosticsFromError(error, found.id)),
  });
  if (found.error) return failed(found.error);
  if (found.registryFile === null) {
    return { ...base, status: 'loaded', error: null, localSteps: EMPTY_MAP, stepOverrides: EMPTY_MAP, metadata: {}, diagnostics: Object.freeze(found.warnings.map(makeDiagnostic)) };
  }
  try {
    const contents = readWorkspaceRegistry(found.registryFile, found.id, options);
    const diagnostics: DiagnosticInput[] = [...found.warnings, ...contents.warnings];
    for (const [name, def] of contents.localSteps) {
      if (core.definitions.has(name) && !contents.stepOverrides.has(name)) {
        diagnostics.push({
          severity: 'warning',
          code: 'SHADOWS_CORE',
          message: `LOCAL_STEPS '${name}' shadows a core step; put it in STEP_OVERRIDES`,
          file: def.source.file,
          line: def.source.line,
          step: name,
          workspace_id: found.id,
          hint: 'move the entry to STEP_OVERRIDES so readers see it is an override',
        });
      }
    }
    for (const [name, def] of contents.stepOverrides) {
      if (!core.definitions.has(name)) {
        const closest = closestMatch(name, core.definitions.keys());
        diagnostics.push({
          severity: 'warning',
          code: 'OVERRIDES_NOTHING',
          message: `STEP_OVERRIDES '${name}' overrides nothing: there is no core step of that name${closest ? ` — did you mean '${closest}'?` : ''}`,
          file: def.source.file,
          line: def.source.line,
          step: name,
          workspace_id: found.id,
          hint: 'move it to LOCAL_STEPS, or fix the name to the core step you meant',
          ...(closest ? { suggestions: [closest] } : {}),
        });
      }
    }
    return {
      ...base,
      status: 'loaded',
      error: null,
      localSteps: contents.localSteps,
      stepOverrides: contents.stepOverrides,
      metadata: contents.metadata,
      diagnostics: Object.freeze(diagnostics.map(makeDiagnostic)),
    };
  } catch (error) {
    if (error instanceof RegistryError) return failed(error);
    return failed(
      new RegistryLoadError(`unexpected failure while loading: ${(error as Error)?.message ?? String(error)}`, {
        file: found.registryFile,
        workspaceId: found.id,
        hint: 'this is a bug in cursus-registry if the file is valid; please report it with the file',
        cause: error,
      }),
    );
  }
}

/** The effective definitions a workspace contributes: its locals, with overrides winning. */
export function workspaceDefinitions(ws: LoadedWorkspace): Map<string, StepDefinition> {
  const out = new Map(ws.localSteps);
  for (const [name, def] of ws.stepOverrides) out.set(name, def);
  return out;
}

/**
 * The registry as loaded from disk: the core (read at construction), the
 * discovered workspaces (each read on first use), their views, and the
 * cross-workspace indexes (built once, when first needed). Asking for one
 * workspace's view never reads the other workspaces' files.
 */
export class RegistrySnapshot {
  readonly locations: ResolvedLocations;
  readonly core: CoreRegistry;
  readonly coreView: RegistryView;
  /** Workspace directories by id, in id order (inspected when first loaded). */
  readonly discovered: ReadonlyMap<string, WorkspaceEntry>;
  /** Identity of the core file as read. */
  readonly coreStamp: string | null;
  /** Why the workspaces root could not be listed, when the core_only fallback served core instead. */
  readonly rootFailure: RegistryError | null;
  readonly #settings: SnapshotSettings;
  readonly #baseDiagnostics: readonly Diagnostic[];
  /** What listing the workspaces root found (skipped directories), without loading any workspace. */
  readonly discoveryDiagnostics: readonly Diagnostic[];
  readonly #loaded = new Map<string, LoadedWorkspace>();
  readonly #views = new Map<string, RegistryView>();
  /** Workspaces of the previous snapshot that may be taken over (cleared once all are loaded). */
  #reusable: Map<string, LoadedWorkspace> | undefined;
  #basis: Omit<ReloadBasis, 'previous'> | undefined;
  #indexes: CrossWorkspaceIndexes | undefined;

  /**
   * Read the core (a broken core throws) and list the workspaces. With a
   * `basis`, unchanged files of the previous snapshot are taken over instead of re-read.
   */
  constructor(locations: ResolvedLocations, settings: SnapshotSettings, basis?: ReloadBasis) {
    this.#settings = settings;
    this.locations = locations;
    const previous = basis?.previous;
    const stamp = fileStamp(locations.coreRegistry);
    const coreUnchanged = previous !== undefined && basis?.force !== 'all' && previous.locations.coreRegistry === locations.coreRegistry && stamp !== null && previous.coreStamp === stamp;
    this.core = coreUnchanged ? previous.core : readCoreRegistry(locations.coreRegistry, settings.read);
    this.coreStamp = stamp;
    this.coreView = coreUnchanged ? previous.coreView : new RegistryView(null, this.core.definitions);
    // Workspace warnings depend on the core (shadows/overrides nothing): a new core re-reads them all.
    if (previous && basis && (coreUnchanged || basis.keepLastGood)) {
      this.#reusable = new Map(previous.#loaded);
      this.#basis = { force: coreUnchanged ? basis.force : 'all', keepLastGood: basis.keepLastGood };
    }
    let rootFailure: RegistryError | null = null;
    let listing: WorkspaceListing = { root: locations.workspacesRoot, entries: [], diagnostics: [] };
    if (settings.hybrid) {
      try {
        listing = listWorkspaces(locations.workspacesRoot, locations.workspacesRootOrigin !== 'default');
      } catch (error) {
        if (!(error instanceof RegistryError) || settings.fallback !== 'core_only') throw error;
        rootFailure = error;
      }
    }
    this.rootFailure = rootFailure;
    this.discovered = new Map(listing.entries.map((w) => [w.id, w]));
    const rootDiagnostic = rootFailure
      ? [{ ...diagnosticFromError(rootFailure), message: `${rootFailure.detail} — serving the core registry only (CURSUS_REGISTRY_FALLBACK=core_only)` }]
      : [];
    this.discoveryDiagnostics = Object.freeze([...listing.diagnostics, ...rootDiagnostic].map(makeDiagnostic));
    this.#baseDiagnostics = Object.freeze([...this.core.warnings.map(makeDiagnostic), ...this.discoveryDiagnostics]);
  }

  /** A workspace, loaded on first use; `undefined` for an id that was not discovered. */
  workspace(id: string): LoadedWorkspace | undefined {
    let ws = this.#loaded.get(id);
    if (ws) return ws;
    const entry = this.discovered.get(id);
    if (!entry) return undefined;
    const found = inspectWorkspace(entry);
    const previous = this.#reusable?.get(id);
    const forced = this.#basis?.force === 'all' || (this.#basis?.force.has(id) ?? false);
    const stamp = found.registryFile ? fileStamp(found.registryFile) : null;
    if (previous && !forced && previous.registryFile === found.registryFile && previous.stamp !== null && previous.stamp === stamp) {
      ws = previous;
    } else {
      ws = loadWorkspace(found, this.core, this.#settings.read, stamp);
      if (ws.status === 'failed' && ws.error && this.#basis?.keepLastGood && previous && previous.status === 'loaded') {
        // A broken edit: keep serving the last good version, and say so.
        const error = ws.error;
        ws = {
          ...previous,
          stamp: ws.stamp,
          stale: error,
          diagnostics: Object.freeze([
            ...previous.diagnostics.filter((d) => d.severity !== 'error'),
            ...diagnosticsFromError(error, id).map((d, i) => (i === 0 ? makeDiagnostic({ ...d, message: `${d.message} — serving the last good version` }) : d)),
          ]),
        };
      }
    }
    this.#loaded.set(id, ws);
    if (this.#reusable && this.#loaded.size === this.discovered.size) this.#reusable = undefined;
    return ws;
  }

  /** The view of a loaded workspace (built on first use), or `undefined` when it failed. */
  view(id: string): RegistryView | undefined {
    let view = this.#views.get(id);
    if (view) return view;
    const ws = this.workspace(id);
    if (!ws || ws.status !== 'loaded') return undefined;
    const definitions = new Map(this.core.definitions);
    for (const [name, def] of ws.localSteps) definitions.set(name, def);
    for (const [name, def] of ws.stepOverrides) definitions.set(name, def);
    view = new RegistryView(id, definitions);
    this.#views.set(id, view);
    return view;
  }

  /** Every workspace, loaded, in id order. */
  allWorkspaces(): LoadedWorkspace[] {
    return [...this.discovered.keys()].map((id) => this.workspace(id) as LoadedWorkspace);
  }

  /** A workspace if it has been read already (never reads). */
  peek(id: string): LoadedWorkspace | undefined {
    return this.#loaded.get(id);
  }

  /** The workspaces read so far, in id order. */
  loadedWorkspaces(): LoadedWorkspace[] {
    return [...this.discovered.keys()].flatMap((id) => this.#loaded.get(id) ?? []);
  }

  /** Indexes across all workspaces: loads every workspace the first time. */
  indexes(): CrossWorkspaceIndexes {
    if (this.#indexes) return this.#indexes;
    const candidates = new Map<string, StepDefinition[]>();
    for (const [name, def] of this.core.definitions) candidates.set(name, [def]);
    const byName = new Map<string, StepDefinition[]>();
    const coreOverrides: [string, readonly string[]][] = [];
    const diagnostics: Diagnostic[] = [...this.#baseDiagnostics];
    const skippedWorkspaces: SkippedWorkspace[] = [];
    for (const ws of this.allWorkspaces()) {
      diagnostics.push(...ws.diagnostics);
      if (ws.status !== 'loaded') {
        skippedWorkspaces.push(
          Object.freeze({
            workspace_id: ws.id,
            code: ws.error?.code ?? 'REGISTRY_LOAD_ERROR',
            reason: ws.error?.detail ?? 'failed to load',
            file: ws.error?.file ?? ws.registryFile,
            line: ws.error?.line ?? null,
          }),
        );
        continue;
      }
      const overridden: string[] = [];
      for (const [name, def] of workspaceDefinitions(ws)) {
        const list = candidates.get(name);
        if (list) list.push(def);
        else candidates.set(name, [def]);
        const defined = byName.get(name);
        if (defined) defined.push(def);
        else byName.set(name, [def]);
        if (this.core.definitions.has(name)) overridden.push(name);
      }
      if (overridden.length) coreOverrides.push([ws.id, Object.freeze(overridden)]);
    }
    for (const list of candidates.values()) {
      list.sort(compareCandidates);
      Object.freeze(list);
    }
    const conflicts = [...byName]
      .filter(([, defs]) => defs.length > 1)
      .sort(([a], [b]) => compareCodeUnits(a, b))
      .map(([name, defs]) => [name, Object.freeze([...defs].sort(compareCandidates))] as const);
    this.#indexes = Object.freeze({
      candidates,
      conflicts: frozenDict(conflicts),
      coreOverrides: frozenDict(coreOverrides),
      diagnostics: Object.freeze(diagnostics),
      skippedWorkspaces: Object.freeze(skippedWorkspaces),
    });
    return this.#indexes;
  }
}
