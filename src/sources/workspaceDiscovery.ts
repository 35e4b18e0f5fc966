import { existsSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join, relative, isAbsolute, sep } from 'node:path';
import type { DiagnosticInput } from '../model/diagnostics.js';
import { RegistryLoadError } from '../model/errors.js';
import { workspaceIdProblem } from '../model/workspaceId.js';
import { compareCodeUnits } from '../model/codeUnitOrder.js';

/** Where a workspace keeps its registry file, relative to the workspace directory. */
export const WORKSPACE_REGISTRY_DIR = join('src', 'cursus_dev', 'registry');
/** Base name of a workspace registry file. */
export const WORKSPACE_REGISTRY_BASENAME = 'workspace_registry';
/** Registry file extensions, in the order they are looked for (`py`: read as literals, never run). */
export const WORKSPACE_REGISTRY_EXTENSIONS = ['yaml', 'yml', 'json', 'ts', 'mts', 'js', 'mjs', 'py'] as const;

/** A workspace directory found under the root. */
export interface DiscoveredWorkspace {
  /** The directory name, which is the workspace id. */
  readonly id: string;
  /** Absolute path of the workspace directory (as found under the root). */
  readonly dir: string;
  /** The registry file, or null when the workspace has none (a valid workspace with no local steps). */
  readonly registryFile: string | null;
  /** Set when the workspace cannot be loaded at all (e.g. two registry files). */
  readonly error: RegistryLoadError | null;
  /** Warnings found while inspecting it, e.g. a registry file in a place discovery does not read. */
  readonly warnings: readonly DiagnosticInput[];
}

/** A workspace directory listed under the root, not yet inspected. */
export interface WorkspaceEntry {
  readonly id: string;
  /** Absolute path of the workspace directory (as found under the root). */
  readonly dir: string;
  /** Real path of the workspaces root (symlinks resolved), for escape checks. */
  readonly realRoot: string;
}

/** What listing the root found: entries sorted by id (code-unit order), and what it skipped. */
export interface WorkspaceListing {
  readonly root: string;
  readonly entries: readonly WorkspaceEntry[];
  readonly diagnostics: readonly DiagnosticInput[];
}

/** What discovery found: workspaces sorted by id (code-unit order), and what it skipped. */
export interface WorkspaceDiscovery {
  readonly root: string;
  readonly workspaces: readonly DiscoveredWorkspace[];
  readonly diagnostics: readonly DiagnosticInput[];
}

/** `true` when `child` is `parent` or inside it (both absolute, real paths). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/**
 * Registry files present in a workspace directory: every entry with a registry
 * file name, whatever its type. A directory, FIFO, dangling symbolic link or
 * link loop under that name is returned too, so that reading it fails with a
 * load error instead of the workspace silently counting as "no registry".
 */
export function findRegistryFiles(workspaceDir: string): string[] {
  const dir = join(workspaceDir, WORKSPACE_REGISTRY_DIR);
  // One directory read instead of a stat per extension: discovery of 1000 workspaces stays cheap.
  let names: Set<string>;
  try {
    names = new Set(readdirSync(dir));
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const ext of WORKSPACE_REGISTRY_EXTENSIONS) {
    const name = `${WORKSPACE_REGISTRY_BASENAME}.${ext}`;
    if (names.has(name)) found.push(join(dir, name));
  }
  return found;
}

/** Real path of `path`, or `undefined` when it cannot be resolved (dangling link, loop): the reader reports those. */
function realPathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

/**
 * Why a workspace directory (or its registry file) leaves the root through a
 * symbolic link, if it does. The real path of a file inside the workspace
 * also resolves every directory above it, so one call per file suffices.
 */
function escapesRoot(realRoot: string, dir: string, files: readonly string[]): string | undefined {
  if (files.length === 0) {
    const target = realpathSync.native(dir);
    return isInside(realRoot, target) ? undefined : `symbolic link resolves outside the workspaces root (${target})`;
  }
  for (const file of files) {
    const real = realPathOrUndefined(file);
    if (real !== undefined && !isInside(realRoot, real)) {
      const target = realpathSync.native(dir);
      return isInside(realRoot, target)
        ? `registry file ${file} resolves outside the workspaces root (${real})`
        : `symbolic link resolves outside the workspaces root (${target})`;
    }
  }
  return undefined;
}

/** Directories never searched for misplaced registry files. */
const SKIPPED_DIRS = new Set(['node_modules', '__pycache__', 'dist', 'build', 'venv']);
/** At most this many directory entries are looked at per workspace when searching for a misplaced registry. */
const MISPLACED_SEARCH_BUDGET = 400;

/** `workspace-registry.yaml`, `WorkspaceRegistry.json`, `workspace_registry.yml` … → true (a registry by another name). */
function looksLikeRegistry(name: string): boolean {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return false;
  const ext = name.slice(dot + 1).toLowerCase();
  if (!(WORKSPACE_REGISTRY_EXTENSIONS as readonly string[]).includes(ext)) return false;
  return name.slice(0, dot).toLowerCase().replace(/[^a-z]/g, '') === 'workspaceregistry';
}

/**
 * Registry-like files of a workspace that has no registry where discovery reads
 * (`src/cursus_dev/registry/workspace_registry.<ext>`): a misspelt name or a
 * wrong directory would otherwise leave the workspace silently empty. A bounded
 * breadth-first walk; hidden and dependency directories are skipped.
 */
export function findMisplacedRegistryFiles(workspaceDir: string): string[] {
  const found: string[] = [];
  const queue: [string, number][] = [[workspaceDir, 0]];
  let budget = MISPLACED_SEARCH_BUDGET;
  while (queue.length && budget > 0) {
    const [dir, depth] = queue.shift() as [string, number];
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => compareCodeUnits(a.name, b.name));
    for (const entry of entries) {
      if (--budget < 0) break;
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < 5 && !SKIPPED_DIRS.has(entry.name)) queue.push([path, depth + 1]);
      } else if (looksLikeRegistry(entry.name)) {
        found.push(path);
      }
    }
  }
  return found;
}

function misplacedWarnings(id: string, dir: string): DiagnosticInput[] {
  const expected = join(dir, WORKSPACE_REGISTRY_DIR, `${WORKSPACE_REGISTRY_BASENAME}.yaml`);
  return findMisplacedRegistryFiles(dir).map((file) => ({
    severity: 'warning' as const,
    code: 'MISPLACED_REGISTRY',
    message: `${relative(dir, file)} looks like a workspace registry but is not read: workspace '${id}' has no registry where discovery looks — did you mean ${relative(dir, expected).split(sep).join('/')}?`,
    file,
    workspace_id: id,
    hint: `move or rename it to ${join(WORKSPACE_REGISTRY_DIR, `${WORKSPACE_REGISTRY_BASENAME}.<${WORKSPACE_REGISTRY_EXTENSIONS.join('|')}>`).split(sep).join('/')}`,
  }));
}

/**
 * Look inside a listed workspace: find its registry file, refuse a symlink
 * (of the directory or the file) that resolves outside the root, and flag two
 * registry files as ambiguous.
 */
export function inspectWorkspace(entry: WorkspaceEntry): DiscoveredWorkspace {
  const { id, dir } = entry;
  const files = findRegistryFiles(dir);
  const escape = escapesRoot(entry.realRoot, dir, files);
  if (escape) {
    return {
      id,
      dir,
      registryFile: null,
      warnings: [],
      error: new RegistryLoadError(`refused workspace '${id}': ${escape}`, {
        file: dir,
        workspaceId: id,
        hint: 'move the workspace (and its registry file) under the workspaces root instead of linking to it',
      }),
    };
  }
  if (files.length > 1) {
    return {
      id,
      dir,
      registryFile: null,
      warnings: [],
      error: new RegistryLoadError(`ambiguous workspace registry: ${files.length} registry files (${files.map((f) => f.slice(f.lastIndexOf(sep) + 1)).join(', ')})`, {
        file: files[0],
        workspaceId: id,
        hint: 'keep exactly one workspace_registry.<ext> file and delete or rename the others',
      }),
    };
  }
  return { id, dir, registryFile: files[0] ?? null, error: null, warnings: files.length === 0 ? misplacedWarnings(id, dir) : [] };
}

/**
 * List the workspace directories under `root`: each sub-directory whose name is
 * a valid id (one directory read; nothing inside the workspaces is touched).
 * Hidden and oddly named directories are skipped with a warning. A missing root
 * yields no workspaces unless `required` (an explicitly configured root), which throws.
 */
export function listWorkspaces(root: string, required = false): WorkspaceListing {
  const diagnostics: DiagnosticInput[] = [];
  if (!existsSync(root)) {
    if (required) {
      throw new RegistryLoadError('workspaces root does not exist', {
        file: root,
        hint: 'create it (cursus registry init-workspace <id> does) or point --workspaces-root / CURSUS_WORKSPACES_ROOT elsewhere',
      });
    }
    return { root, entries: [], diagnostics };
  }
  let realRoot: string;
  let dirents: Dirent[];
  try {
    realRoot = realpathSync.native(root);
    if (!statSync(realRoot).isDirectory()) throw new Error('not a directory');
    dirents = readdirSync(root, { withFileTypes: true });
  } catch (error) {
    throw new RegistryLoadError(`cannot read workspaces root: ${(error as Error).message}`, {
      file: root,
      hint: 'the workspaces root must be a readable directory',
      cause: error,
    });
  }
  // Code-unit order, the same on every file system and locale.
  dirents.sort((a, b) => compareCodeUnits(a.name, b.name));
  const entries: WorkspaceEntry[] = [];
  for (const dirent of dirents) {
    const name = dirent.name;
    const dir = join(root, name);
    if (dirent.isSymbolicLink()) {
      let target: ReturnType<typeof statSync> | undefined;
      try {
        target = statSync(dir);
      } catch {
        diagnostics.push({ severity: 'warning', code: 'WORKSPACE_SKIPPED', message: `skipped '${name}': broken symbolic link`, file: dir, hint: 'remove the link or point it at a workspace directory' });
        continue;
      }
      if (!target.isDirectory()) continue;
    } else if (!dirent.isDirectory()) {
      continue;
    }
    if (name.startsWith('.')) {
      diagnostics.push({ severity: 'warning', code: 'WORKSPACE_SKIPPED', message: `skipped hidden directory '${name}'`, file: dir, hint: 'hidden directories are never workspaces' });
      continue;
    }
    const problem = workspaceIdProblem(name);
    if (problem) {
      diagnostics.push({
        severity: 'warning',
        code: 'INVALID_WORKSPACE_ID',
        message: `skipped directory ${JSON.stringify(name)}: not a valid workspace id (${problem})`,
        file: dir,
        hint: 'rename it to letters, digits, `_`, `.`, `-` (at most 64, starting with a letter or digit)',
      });
      continue;
    }
    entries.push({ id: name, dir, realRoot });
  }
  return { root, entries, diagnostics };
}

/** List and inspect every workspace under `root` (see {@link listWorkspaces} and {@link inspectWorkspace}). */
export function discoverWorkspaces(root: string, required = false): WorkspaceDiscovery {
  const listing = listWorkspaces(root, required);
  return { root, workspaces: listing.entries.map(inspectWorkspace), diagnostics: listing.diagnostics };
}
