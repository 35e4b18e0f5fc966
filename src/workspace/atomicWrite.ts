/**
 * Atomic file writes with temp files the tool can prove are its own.
 *
 * A temp file is `.<name>.cursus-tmp-<pid>-<hex>` in the target's directory,
 * opened with `wx` (never an existing file), written, fsynced and renamed over
 * the target: a reader sees the old or the new content, never a torn file.
 * Cleanup of a killed writer's temp files removes only names with that marker
 * whose pid is gone — never a user's `<name>.20240101` or `<name>.1`.
 */
// node:crypto loads on first use (process.getBuiltinModule): importing the package never pays for it.
import { closeSync, fchmodSync, fsyncSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The marker in every temp file name this tool creates. */
export const TEMP_MARKER = '.cursus-tmp-';

/** `true` when a process with this pid exists (on this host). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A fresh temp path for `file`: `.<name>.cursus-tmp-<pid>-<hex>` next to it. */
export function tempPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}${TEMP_MARKER}${process.pid}-${process.getBuiltinModule('node:crypto').randomBytes(6).toString('hex')}`);
}

/** The pid in a temp file name of `file`'s, or null when `name` is not one of this tool's temp files for it. */
export function tempFileOwner(file: string, name: string): number | null {
  const prefix = `.${basename(file)}${TEMP_MARKER}`;
  if (!name.startsWith(prefix)) return null;
  const m = /^(\d{1,10})-[0-9a-f]{12}$/.exec(name.slice(prefix.length));
  return m ? Number(m[1]) : null;
}

function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported everywhere (e.g. some network file systems); the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Write `content` to `file` atomically: an exclusive temp file in the same
 * directory, written and fsynced, then renamed over `file`. An existing file
 * keeps its permission bits. On any failure the temp file is removed and the
 * target is untouched. Errors are the file system's own (the caller words them).
 */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  let mode: number | undefined;
  try {
    mode = statSync(file).mode & 0o7777;
  } catch {
    // A new file: the umask decides.
  }
  const temp = tempPathFor(file);
  const fd = openSync(temp, 'wx', 0o666);
  let renamed = false;
  try {
    try {
      if (mode !== undefined) fchmodSync(fd, mode);
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
    renamed = true;
    fsyncDirectory(dirname(file));
  } finally {
    if (!renamed) {
      try {
        unlinkSync(temp);
      } catch {
        // Already gone.
      }
    }
  }
}

/**
 * Remove this tool's temp files for `file` left by writers that died
 * (`.<name>.cursus-tmp-<pid>-<hex>` whose pid no longer runs). Nothing else is
 * ever removed: not a live writer's temp file, not any file without the marker.
 * Returns the paths removed.
 */
export function removeStaleTempFiles(file: string): string[] {
  const dir = dirname(file);
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = tempFileOwner(file, name);
    if (pid === null || pid === process.pid || isProcessAlive(pid)) continue;
    const path = join(dir, name);
    try {
      unlinkSync(path);
      removed.push(path);
    } catch {
      // Gone already, or not removable: leave it.
    }
  }
  return removed;
}
