/**
 * The `registry diff` row of `npm run bench`: two revisions of an N × S
 * workload in a real git repository (base; head = a handful of typical PR
 * edits: a priority change on a shared step, a new local step, a changed
 * override, a deleted workspace). Measured in process — reading both revisions
 * through git and loading them, then `diffRegistries` — and as a whole CLI
 * process (`cursus registry diff base head --format json`), medians.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffRegistries, loadRevisionSide } from '../dist/index.js';
import { workspaceIdOf, writeWorkload } from './workload.js';

/** Options of {@link runDiffBench}. */
export interface DiffBenchOptions {
  readonly workspaces: number;
  readonly steps: number;
  readonly runs: number;
  /** The `cursus` launcher (bin/cursus.js). */
  readonly cli: string;
}

/** Medians of the diff row. */
export interface DiffBenchResult {
  readonly workspaces: number;
  readonly steps: number;
  /** Both revisions read through git (ls-tree + cat-file) and loaded. */
  readonly read_and_load_ms: number;
  /** `diffRegistries` on the two loaded managers. */
  readonly diff_ms: number;
  /** The whole CLI process, `--format json`. */
  readonly cli_ms: number;
  /** Entries of the diff, to show the work is real: resolution changes and changed steps. */
  readonly resolution_changes: number;
  readonly changed_steps: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

function git(repo: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: repo,
    stdio: 'ignore',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
}

/** Build the repository, measure, and remove it. */
export function runDiffBench(options: DiffBenchOptions): DiffBenchResult {
  const repo = mkdtempSync(join(tmpdir(), 'cursus-bench-diff-'));
  try {
    writeWorkload(join(repo, 'workspaces'), { workspaces: options.workspaces, stepsPerWorkspace: options.steps, seed: 7 });
    writeFileSync(join(repo, 'cursus.config.json'), '{ "workspacesRoot": "workspaces" }\n');
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'base');
    git(repo, 'tag', 'base');
    // A typical pull request: a few workspaces edited, one removed.
    const file = (i: number) => join(repo, 'workspaces', workspaceIdOf(i), 'src', 'cursus_dev', 'registry', 'workspace_registry.yaml');
    const edit = (i: number, fn: (text: string) => string) => writeFileSync(file(i), fn(readFileSync(file(i), 'utf8')));
    edit(1, (t) => t.replace(/priority: \d+/, 'priority: 1'));
    edit(2, (t) => t.replace('STEP_OVERRIDES:', '  BenchNewStep:\n    config_class: BenchNewStepConfig\n    builder_step_name: BenchNewStepStepBuilder\n    spec_type: BenchNewStep\n    sagemaker_step_type: Processing\n    description: "added by the bench"\nSTEP_OVERRIDES:'));
    edit(3, (t) => t.replace(/framework: \w+/g, 'framework: pytorch'));
    rmSync(join(repo, 'workspaces', workspaceIdOf(Math.min(4, options.workspaces))), { recursive: true });
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'head');
    git(repo, 'tag', 'head');

    const load: number[] = [];
    const diffs: number[] = [];
    let resolutionChanges = 0;
    let changedSteps = 0;
    for (let r = 0; r < options.runs; r++) {
      const t0 = performance.now();
      const before = loadRevisionSide('base', { cwd: repo, env: {} });
      const after = loadRevisionSide('head', { cwd: repo, env: {} });
      const t1 = performance.now();
      const diff = diffRegistries(before.input, after.input, { roots: { before: before.root, after: after.root } });
      diffs.push(performance.now() - t1);
      load.push(t1 - t0);
      before.dispose();
      after.dispose();
      resolutionChanges = diff.resolutions.length;
      changedSteps = diff.views.reduce((n, v) => n + v.changed.length, 0);
    }
    const cli: number[] = [];
    for (let r = 0; r < options.runs; r++) {
      const t0 = performance.now();
      const run = spawnSync(process.execPath, [options.cli, 'registry', 'diff', 'base', 'head', '--format', 'json'], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
      if (run.status !== 0) throw new Error(`registry diff failed (${run.status}): ${run.stderr}`);
      cli.push(performance.now() - t0);
    }
    return {
      workspaces: options.workspaces,
      steps: options.steps,
      read_and_load_ms: median(load),
      diff_ms: median(diffs),
      cli_ms: median(cli),
      resolution_changes: resolutionChanges,
      changed_steps: changedSteps,
    };
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

/** The row as markdown. */
export function diffBenchTable(r: DiffBenchResult): string {
  return [
    '| registry diff, two git revisions | read via git + load both | diffRegistries | CLI process (json) | resolution changes / changed steps found |',
    '|---|---|---|---|---|',
    `| ${r.workspaces} × ${r.steps} | ${r.read_and_load_ms.toFixed(0)} ms | ${r.diff_ms.toFixed(0)} ms | ${r.cli_ms.toFixed(0)} ms | ${r.resolution_changes} / ${r.changed_steps} |`,
  ].join('\n');
}
