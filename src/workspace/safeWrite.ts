import { constants, copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { RegistryLoadError } from '../model/errors.js';
import { lazyDependency } from '../model/lazyDependency.js';
import { isInside } from '../sources/workspaceDiscovery.js';

const writeFileAtomic = lazyDependency<typeof import('write-file-atomic')>('write-file-atomic');

/** The real path of `path`, or of its nearest existing ancestor joined with the rest. */
function realPathOfNearest(path: string): string {
  let current = resolve(path);
  const rest: string[] = [];
  while (!existsSync(current)) {
    const parent = dirname(current);
    if (parent === current) break;
    rest.unshift(current.slice(parent.length + 1));
    current = parent;
  }
  return resolve(realpathSync(current), ...rest);
}

/**
 * Refuse any path that is (or, through symbolic links, resolves) outside `root`.
 * Called before every write: the tool never writes outside the workspaces root.
 */
export function assertInsideRoot(root: string, target: string): void {
  const realRoot = realPathOfNearest(root);
  const realTarget = realPathOfNearest(target);
  if (!isInside(realRoot, realTarget)) {
    throw new RegistryLoadError(`refusing to write outside the workspaces root (${realRoot})`, {
      file: target,
      hint: 'pick a workspace id or --workspace-path inside the workspaces root (see --workspaces-root)',
    });
  }
}

function ioError(action: string, file: string, error: unknown): RegistryLoadError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'read-only file system' : code === 'ENOTDIR' ? 'a parent is not a directory' : ((error as Error).message ?? String(error));
  return new RegistryLoadError(`cannot ${action}: ${reason}`, { file, hint: 'check that the workspaces root is a writable directory', cause: error });
}

/** Create a directory (and parents) inside `root`. */
export function makeDirInside(root: string, dir: string): void {
  assertInsideRoot(root, dir);
  // One level at a time: Node's recursive mkdir loops forever on file systems
  // such as procfs that answer mkdir with ENOENT under an existing parent.
  const missing: string[] = [];
  for (let current = resolve(dir); !existsSync(current); current = dirname(current)) {
    if (dirname(current) === current) break;
    missing.unshift(current);
  }
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw ioError('create directory', level, error);
    }
  }
}

/** `20261129T225900123Z`: a backup suffix that sorts by time. */
export function backupStamp(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace('.', '');
}

/** `<file>.bak-<timestamp>` (with `-<n>` appended if taken): a backup name that is never an existing file. */
export function backupPathFor(file: string, now = new Date()): string {
  let backup = `${file}.bak-${backupStamp(now)}`;
  for (let n = 1; existsSync(backup); n++) backup = `${file}.bak-${backupStamp(now)}-${n}`;
  return backup;
}

/**
 * Copy `file` to `<file>.bak-<timestamp>` next to it (never overwriting an
 * existing backup) and return the backup's path.
 */
export function backupFile(root: string, file: string, now = new Date()): string {
  const backup = backupPathFor(file, now);
  assertInsideRoot(root, backup);
  // Copy to a temp name, then hard-link it into place: a process killed mid-copy
  // leaves only a temp file (removed by a later run), never a truncated backup.
  const temp = `${file}.${process.pid}${Date.now() % 1e6}`;
  try {
    copyFileSync(file, temp, constants.COPYFILE_EXCL);
    linkSync(temp, backup);
  } catch (error) {
    throw ioError('back up the existing file', file, error);
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // Not created.
    }
  }
  return backup;
}

/**
 * Write `content` to `file` atomically (temp file in the same directory, then
 * rename): readers see the old or the new content, never a torn file.
 */
export function writeFileInside(root: string, file: string, content: string): void {
  assertInsideRoot(root, file);
  makeDirInside(root, dirname(file));
  try {
    writeFileAtomic().sync(file, content, { encoding: 'utf8' });
  } catch (error) {
    throw ioError('write file', file, error);
  }
  removeStaleTempFiles(file);
}

/** When this process started (ms since epoch): temp files older than that belong to dead writers. */
const PROCESS_START_MS = Date.now() - process.uptime() * 1000;

/**
 * Remove temp files (`<name>.<digits>`, write-file-atomic's naming) that a
 * killed earlier writer of `file` left next to it. Only files older than this
 * process are touched, so a concurrent writer's temp file is never removed.
 */
export function removeStaleTempFiles(file: string): string[] {
  const dir = dirname(file);
  const prefix = `${basename(file)}.`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^\d+$/.test(name.slice(prefix.length))) continue;
    const path = join(dir, name);
    try {
      if (statSync(path).mtimeMs < PROCESS_START_MS) {
        unlinkSync(path);
        removed.push(path);
      }
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  return removed;
}
