/**
 * Files of a git revision, read through git itself (`rev-parse`, `ls-tree`,
 * `cat-file --batch`) and written into a directory of our own — never by
 * checking anything out. The repository's working tree, index and refs are
 * only read: no command here takes the index lock or refreshes the index.
 */
// node:child_process loads on first use (process.getBuiltinModule): importing the package never pays for it.
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative, resolve } from 'node:path';
import { RegistryLoadError } from '../model/errors.js';

/** One entry of a revision's tree, as `git ls-tree -l` lists it. */
export interface RevisionEntry {
  /** `100644`, `100755`, `120000` (symlink), `040000` (tree), `160000` (submodule). */
  readonly mode: string;
  readonly type: 'blob' | 'tree' | 'commit';
  readonly object: string;
  /** Blob size in bytes (null for trees and submodules). */
  readonly size: number | null;
  /** Path from the repository root, with `/`. */
  readonly path: string;
}

/** Most bytes a `git` command may print to us (file contents included). */
const MAX_GIT_OUTPUT = 1 << 30;

/** Run git with an argument array (no shell), reading only: optional locks off, pathspecs literal. */
function git(repo: string, args: readonly string[], input?: Buffer | string): Buffer {
  const result = process.getBuiltinModule('node:child_process').spawnSync('git', ['--literal-pathspecs', '-c', 'core.quotePath=false', ...args], {
    cwd: repo,
    input,
    maxBuffer: MAX_GIT_OUTPUT,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new RegistryLoadError(missing ? 'git is not installed (or not on PATH)' : `git ${args[0] ?? ''} failed: ${result.error.message}`, {
      hint: missing ? 'install git, or compare two directories instead of revisions' : 'check that the repository is readable',
      cause: result.error,
    });
  }
  if (result.status !== 0) {
    const stderr = result.stderr.toString('utf8').trim().split('\n')[0] ?? '';
    throw new RegistryLoadError(`git ${args[0] ?? ''} failed in ${repo}${stderr ? `: ${stderr}` : ''}`, { hint: 'check the repository and revision' });
  }
  return result.stdout;
}

/** The top directory of the git repository holding `cwd`. */
export function gitRepositoryRoot(cwd: string): string {
  const probe = process.getBuiltinModule('node:child_process').spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8', env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
  if (probe.error || probe.status !== 0) {
    throw new RegistryLoadError(`${cwd} is not inside a git repository`, {
      hint: 'run in the repository that holds the registry, or compare two directories: cursus registry diff OLD_DIR NEW_DIR',
      cause: probe.error,
    });
  }
  return probe.stdout.trim();
}

/**
 * The commit a revision names (`main`, `origin/main`, `HEAD~2`, a tag, a sha).
 * A revision is never taken for an option: it is passed after `--end-of-options`.
 *
 * @throws RegistryLoadError `unknown revision` when it names no commit.
 */
export function resolveGitRevision(repo: string, revision: string): string {
  if (revision.trim() === '' || /[\0\r\n]/.test(revision)) {
    throw new RegistryLoadError(`invalid revision ${JSON.stringify(revision)}`, { hint: 'give a branch, tag or commit' });
  }
  const result = process.getBuiltinModule('node:child_process').spawnSync('git', ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
  });
  const sha = result.status === 0 ? result.stdout.trim() : '';
  if (!/^[0-9a-f]{40,64}$/.test(sha)) {
    throw new RegistryLoadError(`unknown revision '${revision}' in ${repo}`, {
      hint: 'give a branch, tag or commit that `git rev-parse --verify REV` knows (fetch it first in CI), or two directories',
    });
  }
  return sha;
}

/**
 * Every entry under `paths` (repository-relative, `/`-separated; `''` is the
 * whole tree; no paths, no entries) at `commit`, trees included, recursively.
 */
export function listRevisionEntries(repo: string, commit: string, paths: readonly string[]): RevisionEntry[] {
  if (paths.length === 0) return [];
  const specs = paths.includes('') ? [] : [...paths];
  const out = git(repo, ['ls-tree', '-r', '-t', '-l', '-z', '--full-tree', commit, '--', ...specs]).toString('utf8');
  const entries: RevisionEntry[] = [];
  for (const record of out.split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode, type, object, size] = record.slice(0, tab).split(/ +/);
    if (!mode || !object || (type !== 'blob' && type !== 'tree' && type !== 'commit')) continue;
    entries.push({ mode, type, object, size: size && size !== '-' ? Number(size) : null, path: record.slice(tab + 1) });
  }
  return entries;
}

/** The contents of blobs, by object id, read in one `git cat-file --batch`. */
function readBlobs(repo: string, objects: readonly string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (objects.length === 0) return out;
  const data = git(repo, ['cat-file', '--batch'], `${objects.join('\n')}\n`);
  let at = 0;
  while (at < data.length) {
    const eol = data.indexOf(0x0a, at);
    if (eol < 0) break;
    const [object, type, size] = data.subarray(at, eol).toString('utf8').split(' ');
    if (type === 'missing' || !object || size === undefined) {
      at = eol + 1;
      continue;
    }
    const length = Number(size);
    out.set(object, data.subarray(eol + 1, eol + 1 + length));
    at = eol + 1 + length + 1;
  }
  return out;
}

/**
 * The contents of files at a revision, by repository path, read in one
 * `git cat-file --batch` by `<commit>:<path>` names; absent paths are left out.
 * For small, known files (project configs) where listing the tree first would cost a process.
 */
export function readRevisionFiles(repo: string, commit: string, paths: readonly string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const wanted = paths.filter((p) => p !== '' && !/[\0\r\n]/.test(p));
  if (wanted.length === 0) return out;
  const data = git(repo, ['cat-file', '--batch'], `${wanted.map((p) => `${commit}:${p}`).join('\n')}\n`);
  let at = 0;
  for (const path of wanted) {
    const eol = data.indexOf(0x0a, at);
    if (eol < 0) break;
    const header = data.subarray(at, eol).toString('utf8');
    at = eol + 1;
    // `<name> missing`, or `<object> <type> <size>` then the contents and a newline.
    const m = / (blob|tree|commit|tag) (\d+)$/.exec(header);
    if (!m) continue;
    const length = Number(m[2]);
    if (m[1] === 'blob') out.set(path, data.subarray(at, at + length));
    at += length + 1;
  }
  return out;
}

/** What {@link writeRevisionEntries} left out, with why. */
export interface SkippedEntry {
  readonly path: string;
  readonly reason: string;
}

/**
 * Write entries of a revision under `destRoot` (at their repository paths):
 * directories for trees, files for blobs, symlinks only when they point inside
 * `destRoot`. A blob larger than `maxBytes` becomes a sparse file of its size,
 * so the reader refuses it with its usual "too large" error instead of it vanishing.
 */
export function writeRevisionEntries(repo: string, entries: readonly RevisionEntry[], destRoot: string, maxBytes: number): SkippedEntry[] {
  const skipped: SkippedEntry[] = [];
  const blobs = entries.filter((e) => e.type === 'blob');
  const small = blobs.filter((e) => e.size === null || e.size <= maxBytes);
  const contents = readBlobs(repo, [...new Set(small.map((e) => e.object))]);
  for (const entry of entries) {
    const target = join(destRoot, ...entry.path.split('/'));
    if (entry.type === 'tree') {
      mkdirSync(target, { recursive: true });
      continue;
    }
    if (entry.type === 'commit') {
      skipped.push({ path: entry.path, reason: 'a submodule: its files are not read' });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    if (entry.size !== null && entry.size > maxBytes) {
      writeFileSync(target, '');
      truncateSync(target, entry.size);
      continue;
    }
    const body = contents.get(entry.object);
    if (body === undefined) {
      skipped.push({ path: entry.path, reason: 'its object is missing from the repository' });
      continue;
    }
    if (entry.mode === '120000') {
      const link = body.toString('utf8');
      const resolved = resolve(dirname(target), link);
      const rel = relative(destRoot, resolved);
      if (isAbsolute(link) || rel.startsWith('..') || isAbsolute(rel)) {
        skipped.push({ path: entry.path, reason: `a symlink to ${link}, outside the files read at the revision` });
        continue;
      }
      symlinkSync(posix.normalize(link), target);
      continue;
    }
    writeFileSync(target, body, { mode: entry.mode === '100755' ? 0o755 : 0o644 });
  }
  return skipped;
}
