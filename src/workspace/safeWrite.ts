import { constants, copyFileSync, linkSync, lstatSync, mkdirSync, realpathSync, rmdirSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { RegistryLoadError } from '../model/errors.js';
import { isInside } from '../sources/workspaceDiscovery.js';
import { removeStaleTempFiles, writeFileAtomic } from './atomicWrite.js';

/** `true` when something (a file, directory or symbolic link, even a dangling one) is at `path`. */
export function pathExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The real path of `path`, or of its nearest existing ancestor joined with the
 * rest. A dangling symbolic link or a link loop on the way is refused: where it
 * would lead cannot be checked.
 */
export function realPathOfNearest(path: string): string {
  let current = resolve(path);
  const rest: string[] = [];
  while (!pathExists(current)) {
    const parent = dirname(current);
    if (parent === current) break;
    rest.unshift(current.slice(parent.length + (parent.endsWith('/') ? 0 : 1)));
    current = parent;
  }
  try {
    return resolve(realpathSync.native(current), ...rest);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RegistryLoadError(`refusing to write through ${code === 'ELOOP' ? 'a symbolic link loop' : 'a dangling symbolic link'} (${current})`, {
      file: current,
      hint: 'remove the symbolic link or point it at a directory inside the workspace',
      cause: error,
    });
  }
}

/**
 * Refuse any path that is (or, through symbolic links, resolves) outside `root`.
 * Called before every write: the tool never writes outside the directory it was given.
 */
export function assertInsideRoot(root: string, target: string): void {
  const realRoot = realPathOfNearest(root);
  const realTarget = realPathOfNearest(target);
  if (!isInside(realRoot, realTarget)) {
    throw new RegistryLoadError(`refusing to write outside ${realRoot}: ${target} resolves to ${realTarget}`, {
      file: target,
      hint: 'remove the symbolic link that leads out, or pick a path inside (see --workspaces-root)',
    });
  }
}

/** A file system error as a one-line load error. */
export function ioError(action: string, file: string, error: unknown): RegistryLoadError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EROFS'
        ? 'read-only file system'
        : code === 'ENOTDIR'
          ? 'a parent is not a directory'
          : code === 'EISDIR'
            ? 'it is a directory'
            : code === 'ENOSPC'
              ? 'no space left on the device'
              : `${code ?? (error as Error).message ?? String(error)}`;
  return new RegistryLoadError(`cannot ${action}: ${reason}`, { file, hint: 'check that the workspaces root is a writable directory', cause: error });
}

/**
 * Create a directory (and parents) inside `root`. Returns the directories it
 * created, outermost first, so a failed command can remove exactly those
 * (see {@link removeCreatedDirs}).
 */
export function makeDirInside(root: string, dir: string): string[] {
  assertInsideRoot(root, dir);
  // One level at a time: Node's recursive mkdir loops forever on file systems
  // such as procfs that answer mkdir with ENOENT under an existing parent.
  const missing: string[] = [];
  for (let current = resolve(dir); !pathExists(current); current = dirname(current)) {
    if (dirname(current) === current) break;
    missing.unshift(current);
  }
  const created: string[] = [];
  for (const level of missing) {
    try {
      mkdirSync(level);
      created.push(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw ioError('create directory', level, error);
    }
  }
  return created;
}

/** Remove directories this command created, innermost first, if they are still empty (a user's file is never removed). */
export function removeCreatedDirs(dirs: readonly string[]): void {
  for (const dir of [...dirs].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      // Not empty (someone wrote into it) or gone: leave it.
    }
  }
}

/** `20261129T225900123Z`: a backup suffix that sorts by time. */
export function backupStamp(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace('.', '');
}

/** `<file>.bak-<timestamp>`, or with `-<n>` appended for the n-th try. */
function backupName(file: string, now: Date, n: number): string {
  return n === 0 ? `${file}.bak-${backupStamp(now)}` : `${file}.bak-${backupStamp(now)}-${n}`;
}

/** Hard links are not available (or not allowed) here: fall back to an exclusive copy. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EMLINK', 'ENOSYS']);

/**
 * Keep the current content of `file` as `<file>.bak-<timestamp>` (with `-<n>`
 * appended while a name is taken) and return the backup's path. The backup is
 * a hard link to the current file, created with link(2), which never replaces
 * an existing name; where hard links are not supported it is an exclusive copy
 * (`COPYFILE_EXCL`). So a backup never overwrites or deletes any file, and a
 * later atomic write of `file` leaves the backup holding the old content.
 */
export function backupFile(root: string, file: string, now = new Date()): string {
  assertInsideRoot(root, file);
  const source = realPathOfNearest(file);
  for (let n = 0; n < 1000; n++) {
    const backup = backupName(file, now, n);
    assertInsideRoot(root, backup);
    try {
      linkSync(source, backup);
      return backup;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') continue;
      if (!NO_HARD_LINKS.has(code)) throw ioError('back up the existing file', file, error);
    }
    try {
      copyFileSync(source, backup, constants.COPYFILE_EXCL);
      return backup;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw ioError('back up the existing file', file, error);
    }
  }
  throw new RegistryLoadError('cannot back up the existing file: no free backup name', { file, hint: 'remove old .bak-* files next to it' });
}

/**
 * Move `file` aside to a backup name (see {@link backupFile}): link it to the
 * backup name, then remove the original name. Returns the backup's path.
 */
export function moveToBackup(root: string, file: string, now = new Date()): string {
  const backup = backupFile(root, file, now);
  try {
    unlinkSync(file);
  } catch (error) {
    throw ioError('move the file aside', file, error);
  }
  return backup;
}

/**
 * Write `content` to `file` atomically (own temp file in the same directory,
 * fsync, rename): readers see the old or the new content, never a torn file.
 * A symbolic link inside `root` is written through (its target gets the
 * content). Afterwards, this tool's temp files of dead writers next to it are
 * removed (never any other file).
 */
export function writeFileInside(root: string, file: string, content: string): void {
  assertInsideRoot(root, file);
  makeDirInside(root, dirname(file));
  const target = realPathOfNearest(file);
  try {
    writeFileAtomic(target, content);
  } catch (error) {
    throw ioError('write file', file, error);
  }
  removeStaleTempFiles(target);
}
