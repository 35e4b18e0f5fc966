/**
 * Loading the two sides of a registry diff: the working tree, a directory, or a
 * git revision. A revision's registry files are read through git into a
 * temporary directory (see sources/gitRevisionFiles) — the repository's
 * working tree and index are never written.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { HybridRegistryManager } from '../engine/hybridRegistryManager.js';
import { RegistryError } from '../model/errors.js';
import { resolveFeatureFlags } from '../sources/featureFlags.js';
import { DEFAULT_MAX_FILE_BYTES } from '../sources/parsedDocument.js';
import { PROJECT_CONFIG_FILES, readProjectConfig } from '../sources/projectConfig.js';
import { resolveLocations, type RegistryLocationOptions } from '../sources/settings.js';
import { WORKSPACE_REGISTRY_DIR } from '../sources/workspaceDiscovery.js';
import { gitRepositoryRoot, listRevisionEntries, readRevisionFiles, resolveGitRevision, writeRevisionEntries, type RevisionEntry } from '../sources/gitRevisionFiles.js';
import type { DiffInput } from './registryDiff.js';

/** The settings every side is loaded with: the CLI's flags and environment, relative to a working directory. */
export interface DiffSideSettings {
  /** Working directory: relative flags, env paths and the project config are found from here. */
  readonly cwd: string;
  /** `--core-registry` (relative to `cwd`). */
  readonly coreRegistry?: string;
  /** `--workspaces-root` (relative to `cwd`). */
  readonly workspacesRoot?: string;
  /** Environment for `CURSUS_*` variables (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The top directory of the git repository holding `cwd`, when already known (else asked of git). */
  readonly repository?: string;
}

/** One loaded side of a diff. Call `dispose()` when done (removes a revision's temporary files). */
export interface DiffSide {
  /** `main (1a2b3c4)`, `working tree`, or the directory. */
  readonly label: string;
  /** Paths in the report are shown relative to this directory. */
  readonly root: string;
  /** The loaded registry, or the error that stopped loading it. */
  readonly input: DiffInput;
  /** Entries of the revision that were not materialised (submodules, symlinks leaving the tree), with why. */
  readonly warnings: readonly string[];
  dispose(): void;
}

/** Load a registry; a load error (broken core or project config) becomes the side's finding. */
function load(options: ConstructorParameters<typeof HybridRegistryManager>[0]): DiffInput {
  try {
    const registry = new HybridRegistryManager({ ...options, lazy: false });
    registry.getWorkspaces();
    return registry;
  } catch (error) {
    if (error instanceof RegistryError) return { loadError: error };
    throw error;
  }
}

/** The registry of the working tree, as every command loads it (flags > env > project config > defaults). */
export function loadWorkingTreeSide(settings: DiffSideSettings, root: string = settings.cwd): DiffSide {
  const input = load({ cwd: settings.cwd, coreRegistry: settings.coreRegistry, workspacesRoot: settings.workspacesRoot, env: settings.env });
  return { label: 'working tree', root, input, warnings: [], dispose: () => undefined };
}

/**
 * The registry of a directory, loaded as if it were the working directory:
 * its `cursus.config`, its `developer_workspaces/developers`; relative flag and
 * environment paths are resolved inside it.
 */
export function loadDirectorySide(dir: string, settings: DiffSideSettings, label: string = dir): DiffSide {
  const cwd = resolve(settings.cwd, dir);
  const input = load({ cwd, coreRegistry: settings.coreRegistry, workspacesRoot: settings.workspacesRoot, env: settings.env });
  return { label, root: cwd, input, warnings: [], dispose: () => undefined };
}

/** `/`-separated path from the repository root, or null when `abs` is outside it. */
function inside(top: string, abs: string): string | null {
  const rel = relative(top, abs);
  if (rel === '') return '';
  return rel.startsWith('..') || isAbsolute(rel) ? null : rel.split(sep).join('/');
}

/** Whether code registries may load: the invocation's switch (env, working-tree config) must allow it. */
function invocationAllowsCode(settings: DiffSideSettings, env: Readonly<Record<string, string | undefined>>): boolean {
  let config = null;
  try {
    config = readProjectConfig(settings.cwd)?.config ?? null;
  } catch {
    // A broken working-tree config does not stop a comparison of revisions; its switch is then unknown, so refuse code.
    return false;
  }
  return resolveFeatureFlags(undefined, env, config).allowCodeRegistries;
}

/**
 * The registry as it was at a git revision of the repository holding
 * `settings.cwd`. The same settings as any load apply, read at the revision and
 * relative to the repository: the project config in the working directory's
 * path, the workspaces root and core registry it (or the flags, or
 * `CURSUS_*`) names. Paths outside the repository (the bundled core) are read
 * as they are. Code registries load only if both the revision's settings and
 * this invocation's (flag, env, working-tree config) allow them — a commit
 * cannot switch code loading on for itself.
 *
 * @throws RegistryLoadError when `cwd` is not in a repository or the revision is unknown.
 */
export function loadRevisionSide(revision: string, settings: DiffSideSettings): DiffSide {
  const env = settings.env ?? process.env;
  const top = realpathSync(settings.repository ?? gitRepositoryRoot(settings.cwd));
  const commit = resolveGitRevision(top, revision);
  const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'cursus-diff-')));
  const dispose = () => rmSync(tmp, { recursive: true, force: true });
  try {
    const cwdRel = inside(top, realpathSync(settings.cwd)) ?? '';
    const cwd = join(tmp, ...cwdRel.split('/').filter(Boolean));
    mkdirSync(cwd, { recursive: true });
    // Paths given relative to the real working directory point into the revision's tree when inside the repository.
    const mapPath = (value: string | undefined): string | undefined => {
      if (!value) return value;
      const rel = inside(top, resolve(settings.cwd, value));
      return rel === null ? resolve(settings.cwd, value) : join(tmp, ...rel.split('/').filter(Boolean));
    };
    const mappedEnv = { ...env, CURSUS_CORE_REGISTRY: mapPath(env.CURSUS_CORE_REGISTRY), CURSUS_WORKSPACES_ROOT: mapPath(env.CURSUS_WORKSPACES_ROOT) };
    const options: RegistryLocationOptions = { cwd, coreRegistry: mapPath(settings.coreRegistry), workspacesRoot: mapPath(settings.workspacesRoot), env: mappedEnv };
    const warnings: string[] = [];
    const write = (entries: RevisionEntry[], maxBytes: number) => {
      for (const s of writeRevisionEntries(top, entries, tmp, maxBytes)) warnings.push(`${revision}:${s.path} not read: ${s.reason}`);
    };
    // The project config of the working directory (and of its parents, for configs found upward) at the revision.
    const configPaths: string[] = [];
    for (let dir = cwdRel; ; dir = posix.dirname(dir) === '.' ? '' : posix.dirname(dir)) {
      for (const name of PROJECT_CONFIG_FILES) configPaths.push(dir ? `${dir}/${name}` : name);
      if (dir === '') break;
    }
    for (const [path, body] of readRevisionFiles(top, commit, configPaths)) {
      const file = join(tmp, ...path.split('/'));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, body);
    }
    let input: DiffInput;
    try {
      const locations = resolveLocations(options);
      const wanted: string[] = [];
      const coreRel = inside(tmp, locations.coreRegistry);
      if (coreRel !== null) wanted.push(coreRel);
      const rootRel = inside(tmp, locations.workspacesRoot);
      if (rootRel !== null) wanted.push(rootRel);
      // Only what a load reads: the workspace directories and their registry directories, and the core file.
      const registryDir = WORKSPACE_REGISTRY_DIR.split(sep).join('/');
      const needed = (e: RevisionEntry): boolean => {
        if (coreRel !== null && e.path === coreRel) return true;
        if (rootRel === null) return false;
        const under = rootRel === '' ? e.path : e.path.startsWith(`${rootRel}/`) ? e.path.slice(rootRel.length + 1) : null;
        if (under === null) return e.path === rootRel;
        const slash = under.indexOf('/');
        if (slash < 0) return e.type === 'tree';
        const rest = under.slice(slash + 1);
        return rest === registryDir || rest.startsWith(`${registryDir}/`) || (e.type === 'tree' && registryDir.startsWith(`${rest}/`));
      };
      write(listRevisionEntries(top, commit, wanted).filter(needed), locations.projectConfig?.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
      const revisionAllows = resolveFeatureFlags(undefined, mappedEnv, locations.projectConfig).allowCodeRegistries;
      input = load({ ...options, flags: { allowCodeRegistries: revisionAllows && invocationAllowsCode(settings, env) } });
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      input = { loadError: error };
    }
    return { label: `${revision} (${commit.slice(0, 7)})`, root: tmp, input, warnings, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}
