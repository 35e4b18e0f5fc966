/**
 * The per-workspace write lock: `<workspace>/.cursus.lock`, like git's
 * `index.lock`. Every command that writes into a workspace holds it, so at
 * most one writer changes a workspace at a time. The file is created
 * atomically with its content (pid, hostname, time), removed when the command
 * ends (also on error, and on process exit), and stale once its owner's pid is
 * gone on this host. A writer that finds it taken waits briefly (bounded
 * retries), then fails with a one-line error naming the file and the owner.
 */
// node:crypto loads on first use (process.getBuiltinModule): importing the package never pays for it.
import { closeSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { WorkspaceLockedError } from '../model/errors.js';
import { readRegularFileBytes } from '../sources/regularFileReader.js';
import { isProcessAlive, removeStaleTempFiles, tempPathFor } from './atomicWrite.js';
import { ioError } from './safeWrite.js';

/** Name of the lock file in a workspace directory. */
export const WORKSPACE_LOCK_FILE = '.cursus.lock';

/** How long a writer waits for a busy lock by default, in milliseconds. */
export const DEFAULT_LOCK_TIMEOUT_MS = 2000;

/** Options of {@link acquireWorkspaceLock} and {@link withWorkspaceLocks}. */
export interface WorkspaceLockOptions {
  /** How long to wait for a busy lock before failing (default 2000 ms; 0: fail at once). */
  readonly timeoutMs?: number;
}

/** What a lock file says about its owner. */
export interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  /** ISO time the lock was taken. */
  readonly created: string;
  /** Random token telling this holder's lock from a later one of the same pid. */
  readonly token: string;
}

/** A lock this process holds. */
export interface HeldWorkspaceLock {
  readonly file: string;
  readonly owner: LockOwner;
  /** Remove the lock file (only if it is still this holder's). Idempotent. */
  release(): void;
}

const held = new Set<HeldWorkspaceLock>();
let exitHookInstalled = false;

/** Locks still held when the process exits (an uncaught error, `process.exit`) are removed. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const lock of [...held]) lock.release();
  });
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The owner recorded in a lock file, or null when it cannot be read or parsed. */
export function readLockOwner(file: string): LockOwner | null {
  try {
    const data = JSON.parse(readRegularFileBytes(file, { maxBytes: 4096, what: 'lock' }).toString('utf8')) as Partial<LockOwner>;
    if (typeof data.pid !== 'number' || typeof data.hostname !== 'string') return null;
    return { pid: data.pid, hostname: data.hostname, created: String(data.created ?? ''), token: String(data.token ?? '') };
  } catch {
    return null;
  }
}

/** A lock whose owner is provably gone: same host, pid not running. */
function isStale(owner: LockOwner | null): owner is LockOwner {
  return owner !== null && owner.hostname === hostname() && owner.pid !== process.pid && !isProcessAlive(owner.pid);
}

const sameOwner = (a: LockOwner | null, b: LockOwner | null): boolean => a !== null && b !== null && a.pid === b.pid && a.token === b.token && a.created === b.created;

/**
 * Create the lock file with its content in one step: write a temp file, then
 * hard-link it to the lock name (link never replaces an existing name), so a
 * lock file is never seen empty. Where hard links are unsupported: `wx` + write.
 * Returns false when the lock exists.
 */
function tryCreate(file: string, content: string): boolean {
  const temp = tempPathFor(file);
  try {
    const fd = openSync(temp, 'wx', 0o644);
    try {
      writeSync(fd, content);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(temp, file);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    }
    let fd2: number;
    try {
      fd2 = openSync(file, 'wx', 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    try {
      writeSync(fd2, content);
    } finally {
      closeSync(fd2);
    }
    return true;
  } catch (error) {
    throw ioError('create the workspace lock', file, error);
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // Not created.
    }
  }
}

/**
 * Remove a stale lock. It is first renamed to a private name, then checked to
 * be the very lock judged stale: if another writer broke it first and took a
 * fresh lock in between, that fresh lock is put back (link never clobbers).
 */
function breakStaleLock(file: string, stale: LockOwner): void {
  const aside = tempPathFor(file);
  try {
    renameSync(file, aside);
  } catch {
    return; // Gone already: someone else broke it.
  }
  if (!sameOwner(readLockOwner(aside), stale)) {
    try {
      linkSync(aside, file);
    } catch {
      // A third writer holds the lock now; nothing to restore.
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // Already gone.
  }
}

/**
 * Take the write lock of the workspace directory `dir` (which must exist).
 * Waits up to `timeoutMs` while another live process holds it; a lock left by a
 * process that no longer runs (on this host) is removed and taken.
 *
 * @throws WorkspaceLockedError (exit 2) naming the lock file and its owner when still busy.
 */
export function acquireWorkspaceLock(dir: string, workspaceId?: string, options: WorkspaceLockOptions = {}): HeldWorkspaceLock {
  const file = join(dir, WORKSPACE_LOCK_FILE);
  const owner: LockOwner = { pid: process.pid, hostname: hostname(), created: new Date().toISOString(), token: process.getBuiltinModule('node:crypto').randomBytes(8).toString('hex') };
  const content = `${JSON.stringify(owner)}\n`;
  const deadline = Date.now() + Math.max(0, options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
  removeStaleTempFiles(file);
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(file, content)) break;
    const current = readLockOwner(file);
    if (isStale(current)) {
      breakStaleLock(file, current);
      continue;
    }
    if (Date.now() >= deadline) throw new WorkspaceLockedError(file, current, workspaceId);
    // Short, jittered waits: holders keep the lock for milliseconds.
    sleep(Math.min(10 + attempt * 5, 50) + Math.floor(Math.random() * 10));
  }
  installExitHook();
  const lock: HeldWorkspaceLock = {
    file,
    owner,
    release() {
      if (!held.delete(lock)) return;
      if (!sameOwner(readLockOwner(file), owner)) return;
      try {
        unlinkSync(file);
      } catch {
        // Already gone.
      }
    },
  };
  held.add(lock);
  return lock;
}

/**
 * Run `fn` holding the write locks of the workspace directories `dirs` (taken
 * in sorted order, so two writers of the same set never deadlock), and release
 * them afterwards, also when `fn` throws.
 */
export function withWorkspaceLocks<T>(dirs: readonly { dir: string; id?: string }[], fn: () => T, options: WorkspaceLockOptions = {}): T {
  const sorted = [...new Map(dirs.map((d) => [d.dir, d])).values()].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  const locks: HeldWorkspaceLock[] = [];
  try {
    for (const d of sorted) locks.push(acquireWorkspaceLock(d.dir, d.id, options));
    return fn();
  } finally {
    for (const lock of locks.reverse()) lock.release();
  }
}
