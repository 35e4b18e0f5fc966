import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, isAbsolute, sep } from 'node:path';
import type { DiagnosticInput } from '../model/diagnostics.js';
import { RegistryLoadError } from '../model/errors.js';
import { workspaceIdProblem } from '../model/workspaceId.js';

/** Where a workspace keeps its registry file, relative to the workspace directory. */
export const WORKSPACE_REGISTRY_DIR = join('src', 'cursus_dev', 'registry');
/** Base name of a workspace registry file. */
export const WORKSPACE_REGISTRY_BASENAME = 'workspace_registry';
/** Registry file extensions, in the order they are looked for. */
export const WORKSPACE_REGISTRY_EXTENSIONS = ['yaml', 'yml', 'json', 'ts', 'mts', 'js', 'mjs'] as const;

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

/** Registry files present in a workspace directory. */
export function findRegistryFiles(workspaceDir: string): string[] {
  const dir = join(workspaceDir, WORKSPACE_REGISTRY_DIR);
  return WORKSPACE_REGISTRY_EXTENSIONS.map((ext) => join(dir, `${WORKSPACE_REGISTRY_BASENAME}.${ext}`)).filter((f) => {
    try {
      return statSync(f).isFile();
    } catch {
      return false;
    }
  });
}

/** Why a workspace directory (or its registry file) leaves the root through a symbolic link, if it does. */
function escapesRoot(realRoot: string, dir: string): string | undefined {
  const target = realpathSync(dir);
  if (!isInside(realRoot, target)) return `symbolic link resolves outside the workspaces root (${target})`;
  for (const file of findRegistryFiles(dir)) {
    const real = realpathSync(file);
    if (!isInside(realRoot, real)) return `registry file ${file} resolves outside the workspaces root (${real})`;
  }
  return undefined;
}

function inspectWorkspace(id: string, dir: string): DiscoveredWorkspace {
  const files = findRegistryFiles(dir);
  if (files.length > 1) {
    return {
      id,
      dir,
      registryFile: null,
      error: new RegistryLoadError(`ambiguous workspace registry: ${files.length} registry files (${files.map((f) => f.slice(f.lastIndexOf(sep) + 1)).join(', ')})`, {
        file: files[0],
        workspaceId: id,
        hint: 'keep exactly one workspace_registry.<ext> file and delete or rename the others',
      }),
    };
  }
  return { id, dir, registryFile: files[0] ?? null, error: null };
}

/**
 * List the workspaces under `root`: each sub-directory whose name is a valid id.
 * Hidden and oddly named directories are skipped with a warning; a symlink that
 * resolves outside the root is refused with an error. A missing root yields no
 * workspaces unless `required` (an explicitly configured root), which throws.
 */
export function discoverWorkspaces(root: string, required = false): WorkspaceDiscovery {
  const diagnostics: DiagnosticInput[] = [];
  if (!existsSync(root)) {
    if (required) {
      throw new RegistryLoadError('workspaces root does not exist', {
        file: root,
        hint: 'create it (cursus registry init-workspace <id> does) or point --workspaces-root / CURSUS_WORKSPACES_ROOT elsewhere',
      });
    }
    return { root, workspaces: [], diagnostics };
  }
  let realRoot: string;
  let names: string[];
  try {
    realRoot = realpathSync(root);
    if (!statSync(realRoot).isDirectory()) throw new Error('not a directory');
    names = readdirSync(root);
  } catch (error) {
    throw new RegistryLoadError(`cannot read workspaces root: ${(error as Error).message}`, {
      file: root,
      hint: 'the workspaces root must be a readable directory',
      cause: error,
    });
  }
  // Code-unit order, the same on every file system and locale.
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const workspaces: DiscoveredWorkspace[] = [];
  for (const name of names) {
    const dir = join(root, name);
    let isDir = false;
    let isLink = false;
    try {
      isLink = lstatSync(dir).isSymbolicLink();
      isDir = statSync(dir).isDirectory();
    } catch {
      if (isLink) {
        diagnostics.push({ severity: 'warning', code: 'WORKSPACE_SKIPPED', message: `skipped '${name}': broken symbolic link`, file: dir, hint: 'remove the link or point it at a workspace directory' });
      }
      continue;
    }
    if (!isDir) continue;
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
    const escape = escapesRoot(realRoot, dir);
    if (escape) {
      workspaces.push({
        id: name,
        dir,
        registryFile: null,
        error: new RegistryLoadError(`refused workspace '${name}': ${escape}`, {
          file: dir,
          workspaceId: name,
          hint: 'move the workspace (and its registry file) under the workspaces root instead of linking to it',
        }),
      });
      continue;
    }
    workspaces.push(inspectWorkspace(name, dir));
  }
  return { root, workspaces, diagnostics };
}
