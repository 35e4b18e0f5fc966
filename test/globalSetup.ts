/**
 * Vitest global setup: bundle the library and the CLI from the current source
 * before any test runs, so the few tests that spawn the real `bin/cursus.js`
 * (exit codes, signals, pipes, TTY, concurrency) or import the package entry
 * never test a stale build; and build the web catalogue of `cursus serve` when
 * web/ changed (a no-op otherwise). About a second in all; every other CLI
 * test runs `main()` in-process on the source.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { bundle } from '../scripts/bundle.mjs';

/** Called once by vitest before the test files load. */
export default async function setup(): Promise<void> {
  await bundle();
  // A child process: the script exits early when its build stamp is current.
  if (existsSync('web')) execFileSync(process.execPath, ['scripts/bundle-web.mjs'], { stdio: 'inherit' });
}
