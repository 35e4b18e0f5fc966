/**
 * Where a workspace write may land. A workspace's files are written only
 * inside its own real directory, `<real workspaces root>/<id>`: a workspace
 * directory, registry directory or registry file that is a symbolic link
 * into another workspace (or out of the root) is refused before anything is
 * written — no lock, no backup, no temp file.
 */
import { join } from 'node:path';
import { RegistryLoadError } from '../model/errors.js';
import { isInside } from '../sources/workspaceDiscovery.js';
import { pathExists, realPathOfNearest } from './safeWrite.js';

/** A workspace to write into: its id, the workspaces root, and its directory (`<root>/<id>`). */
export interface WorkspaceLocation {
  readonly id: string;
  readonly root: string;
  readonly dir: string;
}

/**
 * The real directory a workspace's writes must stay inside: `<real root>/<id>`.
 *
 * @throws RegistryLoadError when the workspace directory exists but resolves
 *   elsewhere (a symbolic link to another workspace or out of the root).
 */
export function ownRealDirectory(location: WorkspaceLocation): string {
  const expected = join(realPathOfNearest(location.root), location.id);
  if (pathExists(location.dir)) {
    const real = realPathOfNearest(location.dir);
    if (real !== expected) {
      throw new RegistryLoadError(`refusing to write into workspace '${location.id}': its directory resolves to ${real}, not to its own directory ${expected}`, {
        file: location.dir,
        workspaceId: location.id,
        hint: 'a workspace directory must be a real directory under the workspaces root, not a symbolic link to another one',
      });
    }
  }
  return expected;
}

/**
 * Refuse (before anything is written) any of `targets` that is, or resolves
 * through symbolic links to, a place outside the workspace's own real
 * directory. Returns that directory.
 */
export function assertConfinedToWorkspace(location: WorkspaceLocation, targets: readonly string[]): string {
  const own = ownRealDirectory(location);
  for (const target of targets) {
    const real = realPathOfNearest(target);
    if (!isInside(own, real)) {
      throw new RegistryLoadError(`refusing to write into workspace '${location.id}': ${target} resolves to ${real}, outside the workspace's own directory ${own}`, {
        file: target,
        workspaceId: location.id,
        hint: 'replace the symbolic link with a real file or directory inside the workspace',
      });
    }
  }
  return own;
}
