/**
 * One guarded write into a workspace: confinement checked before anything is
 * created, the workspace lock held while writing, confinement checked again
 * under the lock, and directories this command created removed again (when
 * still empty) if it fails.
 */
import { removeCreatedDirs, makeDirInside } from './safeWrite.js';
import { assertConfinedToWorkspace, type WorkspaceLocation } from './workspaceConfinement.js';
import { withWorkspaceLocks, type WorkspaceLockOptions } from './workspaceLock.js';

/**
 * Run `write` for the workspace at `location` while holding its lock.
 * `targets()` lists every path the write may touch (it is called before and
 * again under the lock, so it can list files found on disk); any of them that
 * resolves outside the workspace's own directory refuses the write before a
 * directory, lock, backup or temp file exists.
 */
export function writeInWorkspace<T>(location: WorkspaceLocation, targets: () => readonly string[], write: () => T, options: WorkspaceLockOptions = {}): T {
  assertConfinedToWorkspace(location, [location.dir, ...targets()]);
  const created = makeDirInside(location.root, location.dir);
  try {
    return withWorkspaceLocks(
      [{ dir: location.dir, id: location.id }],
      () => {
        assertConfinedToWorkspace(location, [location.dir, ...targets()]);
        return write();
      },
      options,
    );
  } catch (error) {
    removeCreatedDirs(created);
    throw error;
  }
}
