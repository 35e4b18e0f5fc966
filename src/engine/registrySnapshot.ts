import { makeDiagnostic, diagnosticFromError, type Diagnostic, type DiagnosticInput } from '../model/diagnostics.js';
import { RegistryError, RegistryLoadError } from '../model/errors.js';
import type { StepDefinition } from '../model/stepDefinition.js';
import type { WorkspaceMetadata } from '../model/workspaceMetadata.js';
import { readCoreRegistry, type CoreRegistry } from '../sources/coreRegistryReader.js';
import type { ReadDocumentOptions } from '../sources/parsedDocument.js';
import { resolveLocations, type RegistryLocationOptions, type ResolvedLocations } from '../sources/projectConfig.js';
import { discoverWorkspaces, type DiscoveredWorkspace } from '../sources/workspaceDiscovery.js';
import { readWorkspaceRegistry } from '../sources/workspaceRegistryReader.js';
import { RegistryView, type FrozenDict } from './registryView.js';
import { compareCandidates } from './stepResolver.js';

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
}

/**
 * Everything a load produced, immutable: views and indexes are built here,
 * once, so every query afterwards is a map access.
 */
export interface RegistrySnapshot {
  readonly locations: ResolvedLocations;
  readonly core: CoreRegistry;
  readonly coreView: RegistryView;
  /** Workspaces by id, in id order. */
  readonly workspaces: ReadonlyMap<string, LoadedWorkspace>;
  /** The view of each loaded workspace. */
  readonly views: ReadonlyMap<string, RegistryView>;
  /** Step name → every definition of it: core first, then by workspace id. */
  readonly candidates: ReadonlyMap<string, readonly StepDefinition[]>;
  /** Names defined by two or more workspaces → all those definitions, by workspace id. */
  readonly conflicts: FrozenDict<readonly StepDefinition[]>;
  /** Workspace id → core names it redefines. */
  readonly coreOverrides: FrozenDict<readonly string[]>;
  readonly diagnostics: readonly Diagnostic[];
}

const EMPTY_MAP: ReadonlyMap<string, StepDefinition> = new Map();

function loadWorkspace(found: DiscoveredWorkspace, core: CoreRegistry, options: ReadDocumentOptions, diagnostics: DiagnosticInput[]): LoadedWorkspace {
  const base = { id: found.id, dir: found.dir, registryFile: found.registryFile };
  const failed = (error: RegistryError): LoadedWorkspace => {
    diagnostics.push(diagnosticFromError(error, found.id));
    return { ...base, status: 'failed', error, localSteps: EMPTY_MAP, stepOverrides: EMPTY_MAP, metadata: {} };
  };
  if (found.error) return failed(found.error);
  if (found.registryFile === null) return { ...base, status: 'loaded', error: null, localSteps: EMPTY_MAP, stepOverrides: EMPTY_MAP, metadata: {} };
  try {
    const contents = readWorkspaceRegistry(found.registryFile, found.id, options);
    diagnostics.push(...contents.warnings);
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
        diagnostics.push({
          severity: 'warning',
          code: 'OVERRIDES_NOTHING',
          message: `STEP_OVERRIDES '${name}' overrides nothing: there is no core step of that name`,
          file: def.source.file,
          line: def.source.line,
          step: name,
          workspace_id: found.id,
          hint: 'move it to LOCAL_STEPS, or fix the name to the core step you meant',
        });
      }
    }
    return { ...base, status: 'loaded', error: null, localSteps: contents.localSteps, stepOverrides: contents.stepOverrides, metadata: contents.metadata };
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

function frozenDict<T>(entries: Iterable<readonly [string, T]>): FrozenDict<T> {
  const out: Record<string, T> = Object.create(null);
  for (const [k, v] of entries) out[k] = v;
  return Object.freeze(out);
}

/**
 * Load the core registry and every workspace, and build all views and indexes.
 * A broken core throws; a broken workspace is recorded and the others load.
 */
export function loadRegistrySnapshot(options: RegistryLoadOptions = {}): RegistrySnapshot {
  const locations = resolveLocations(options);
  const core = readCoreRegistry(locations.coreRegistry, options);
  const diagnostics: DiagnosticInput[] = [...core.warnings];
  const discovery = discoverWorkspaces(locations.workspacesRoot, locations.workspacesRootOrigin !== 'default');
  diagnostics.push(...discovery.diagnostics);

  const workspaces = new Map<string, LoadedWorkspace>();
  const views = new Map<string, RegistryView>();
  const candidates = new Map<string, StepDefinition[]>();
  for (const [name, def] of core.definitions) candidates.set(name, [def]);
  const byName = new Map<string, StepDefinition[]>();
  const coreOverrides: [string, readonly string[]][] = [];

  for (const found of discovery.workspaces) {
    const ws = loadWorkspace(found, core, options, diagnostics);
    workspaces.set(ws.id, ws);
    if (ws.status !== 'loaded') continue;
    const view = new Map(core.definitions);
    for (const [name, def] of ws.localSteps) view.set(name, def);
    for (const [name, def] of ws.stepOverrides) view.set(name, def);
    views.set(ws.id, new RegistryView(ws.id, view));
    const own = workspaceDefinitions(ws);
    const overridden: string[] = [];
    for (const [name, def] of own) {
      const list = candidates.get(name);
      if (list) list.push(def);
      else candidates.set(name, [def]);
      const defined = byName.get(name);
      if (defined) defined.push(def);
      else byName.set(name, [def]);
      if (core.definitions.has(name)) overridden.push(name);
    }
    if (overridden.length) coreOverrides.push([ws.id, Object.freeze(overridden)]);
  }
  for (const list of candidates.values()) {
    list.sort(compareCandidates);
    Object.freeze(list);
  }
  const conflicts = [...byName]
    .filter(([, defs]) => defs.length > 1)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, defs]) => [name, Object.freeze([...defs].sort(compareCandidates))] as const);

  return Object.freeze({
    locations,
    core,
    coreView: new RegistryView(null, core.definitions),
    workspaces,
    views,
    candidates,
    conflicts: frozenDict(conflicts),
    coreOverrides: frozenDict(coreOverrides),
    diagnostics: Object.freeze(diagnostics.map(makeDiagnostic)),
  });
}
