import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { closestMatch } from '../model/closestMatch.js';
import { WorkspacesRootMissingError } from '../model/errors.js';
import { pathExists } from './safeWrite.js';

/** How a command that creates a workspace treats a workspaces root that does not exist yet. */
export interface WorkspacesRootPolicy {
  /**
   * Create a missing workspaces root (and its missing parents). Default
   * `false`: a missing root is a {@link WorkspacesRootMissingError} and nothing
   * is written — a mistyped root is never created silently. The result's
   * `createdRoot` says when it was created.
   */
  readonly createRoot?: boolean;
  /**
   * Where the workspaces root setting came from, for the error: the flag or
   * option, the variable's name, or `file:line` of the config file
   * (default `option workspacesRoot`).
   */
  readonly workspacesRootSource?: string;
}

/** Directory names directly in `dir` (empty when it cannot be read). */
function directoriesIn(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() || (e.isSymbolicLink() && statSync(join(dir, e.name), { throwIfNoEntry: false })?.isDirectory()))
      .map((e) => e.name);
  } catch {
    return [];
  }
}

/**
 * "Did you mean": the first missing level of `root` replaced by the closest
 * existing directory beside it (`developer_workspace/developers` →
 * `developer_workspaces/developers`), when one is close.
 */
export function closeExistingRoot(root: string): string | undefined {
  let missing = root;
  while (!pathExists(dirname(missing)) && dirname(missing) !== missing) missing = dirname(missing);
  const parent = dirname(missing);
  const name = basename(missing);
  const near = closestMatch(name, directoriesIn(parent).filter((n) => n !== name));
  if (near === undefined) return undefined;
  const rest = relative(missing, root);
  return rest === '' ? join(parent, near) : join(parent, near, ...rest.split(sep));
}

/**
 * Check the workspaces root before anything is written: when it is missing
 * and `createRoot` is not set, refuse. Returns whether the write will create
 * it (the caller's directory creation makes it, and removes it again if the
 * write fails).
 *
 * @throws WorkspacesRootMissingError naming the root, where the setting came from and a close existing directory
 */
export function checkWorkspacesRoot(root: string, policy: WorkspacesRootPolicy): boolean {
  if (pathExists(root)) return false;
  if (policy.createRoot) return true;
  const near = closeExistingRoot(root);
  throw new WorkspacesRootMissingError(root, policy.workspacesRootSource ?? 'option workspacesRoot', near ? [near] : []);
}
