import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tree } from '../helpers/fileTree.js';

/** Run git in `repo` with a fixed identity and no user config, returning stdout. */
export function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Cursus Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_OPTIONAL_LOCKS: '0' },
  });
}

/** Commit everything in the working tree and tag the commit. */
export function commitAll(repo: string, tag: string): void {
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--allow-empty', '-m', tag);
  git(repo, 'tag', tag);
}

/**
 * A hash of everything a diff must not touch: `git status --porcelain` (read
 * without optional locks), every file of the working tree, and the index bytes.
 */
export function repositoryFingerprint(repo: string): string {
  const hash = createHash('sha256');
  hash.update(git(repo, '--no-optional-locks', 'status', '--porcelain', '--untracked-files=all'));
  for (const path of tree(repo)) {
    if (path.startsWith('.git/') || path.endsWith('/')) continue;
    hash.update(`\0${path}\0`);
    hash.update(readFileSync(join(repo, path)));
  }
  hash.update(readFileSync(join(repo, '.git', 'index')));
  return hash.digest('hex');
}
