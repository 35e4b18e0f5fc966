/**
 * Startup rows of `npm run bench`: what a process pays before its first
 * lookup. Every sample is a fresh process (cold), interleaved with the
 * `node -e 0` floor it is compared with, and summarised as a median:
 * - import of the package, added to a bare `node -e 0`;
 * - import + full (non-lazy) load of 50 × 20 and 1000 × 20 workspaces, and the RSS after it;
 * - the CLI's `list-steps --workspace W --format json` at 50 workspaces: wall time ÷ floor, and peak RSS.
 * With `--compare DIR` the same rows are measured for another build of the
 * package (a directory holding dist/ and bin/) in the same run, as "before".
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeWorkload, workspaceIdOf } from './workload.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Options of {@link runStartupBench}. */
export interface StartupOptions {
  /** Package directories to measure (each with dist/ and bin/), labelled. */
  readonly packages: readonly { readonly label: string; readonly dir: string }[];
  /** Workspace counts of the full-load rows (20 steps each). */
  readonly sizes: readonly number[];
  /** Workspace count of the CLI row. */
  readonly cliSize: number;
  /** Fresh processes per sample. */
  readonly runs: number;
}

/** One package's startup figures (medians). */
export interface StartupResult {
  readonly label: string;
  readonly node_floor_ms: number;
  readonly import_added_ms: number;
  readonly import_in_process_ms: number;
  readonly import_cpu_ms: number;
  readonly loads: { workspaces: number; load_ms: number; import_plus_load_ms: number; load_cpu_ms: number; import_plus_load_cpu_ms: number; rss_mb: number }[];
  readonly cli: { workspaces: number; cli_ms: number; floor_ms: number; ratio: number; peak_rss_mb: number };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

function run(argv: string[], cwd: string): { ms: number; stdout: string; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, argv, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 2 ** 20 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { ms, stdout: r.stdout, stderr: r.stderr };
}

/** The file URL of a package directory's main entry, as its package.json `exports` names it. */
function entryOf(dir: string): string {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports?: { '.'?: { import?: string } }; main?: string };
  return pathToFileURL(resolve(dir, pkg.exports?.['.']?.import ?? pkg.main ?? 'dist/index.js')).href;
}

interface ChildFigures {
  import_ms: number;
  load_ms: number;
  import_cpu_ms: number;
  load_cpu_ms: number;
  rss_mb: number;
  workspaces: number;
}

/** Measure the startup rows for each package; workloads are generated once and shared. */
export function runStartupBench(options: StartupOptions): StartupResult[] {
  const tmp = mkdtempSync(join(tmpdir(), 'cursus-bench-startup-'));
  try {
    const roots = new Map<number, string>();
    for (const n of new Set([...options.sizes, options.cliSize])) {
      const root = join(tmp, `ws${n}`);
      writeWorkload(root, { workspaces: n, stepsPerWorkspace: 20, seed: 7 });
      roots.set(n, root);
    }
    const child = join(HERE, 'startupChild.js');
    const peak = join(HERE, 'cliPeakRss.js');
    const results: StartupResult[] = [];
    for (const pkg of options.packages) {
      const entry = entryOf(pkg.dir);
      const floor: number[] = [];
      const imported: number[] = [];
      const inProcess: number[] = [];
      const inProcessCpu: number[] = [];
      for (let i = 0; i < options.runs; i++) {
        floor.push(run(['-e', '0'], HERE).ms);
        imported.push(run(['--input-type=module', '-e', `await import(${JSON.stringify(entry)})`], HERE).ms);
        const figures = JSON.parse(run([child, entry], HERE).stdout) as ChildFigures;
        inProcess.push(figures.import_ms);
        inProcessCpu.push(figures.import_cpu_ms);
      }
      const loads: StartupResult['loads'] = [];
      for (const n of options.sizes) {
        const samples: ChildFigures[] = [];
        for (let i = 0; i < options.runs; i++) {
          const figures = JSON.parse(run([child, entry, roots.get(n) as string], HERE).stdout) as ChildFigures;
          if (figures.workspaces !== n) throw new Error(`expected ${n} workspaces, loaded ${figures.workspaces}`);
          samples.push(figures);
        }
        loads.push({
          workspaces: n,
          load_ms: median(samples.map((s) => s.load_ms)),
          import_plus_load_ms: median(samples.map((s) => s.import_ms + s.load_ms)),
          load_cpu_ms: median(samples.map((s) => s.load_cpu_ms)),
          import_plus_load_cpu_ms: median(samples.map((s) => s.import_cpu_ms + s.load_cpu_ms)),
          rss_mb: median(samples.map((s) => s.rss_mb)),
        });
      }
      const root = roots.get(options.cliSize) as string;
      const bin = join(resolve(pkg.dir), 'bin', 'cursus.js');
      const cliArgs = ['--workspaces-root', root, 'registry', 'list-steps', '--workspace', workspaceIdOf(Math.ceil(options.cliSize / 2)), '--format', 'json'];
      const cliFloor: number[] = [];
      const cliRuns: number[] = [];
      const peaks: number[] = [];
      for (let i = 0; i < options.runs; i++) {
        cliFloor.push(run(['-e', '0'], root).ms);
        cliRuns.push(run([bin, ...cliArgs], root).ms);
        const m = /PEAK_RSS_MB ([\d.]+)/.exec(run([peak, bin, ...cliArgs], root).stderr);
        peaks.push(Number(m?.[1]));
      }
      results.push({
        label: pkg.label,
        node_floor_ms: median(floor),
        import_added_ms: median(imported) - median(floor),
        import_in_process_ms: median(inProcess),
        import_cpu_ms: median(inProcessCpu),
        loads,
        cli: { workspaces: options.cliSize, cli_ms: median(cliRuns), floor_ms: median(cliFloor), ratio: median(cliRuns) / median(cliFloor), peak_rss_mb: median(peaks) },
      });
    }
    return results;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The startup rows as a markdown table, one column per measured package. */
export function startupTable(results: readonly StartupResult[]): string {
  const head = ['startup (fresh process each, medians)', ...results.map((r) => r.label)];
  const rows: string[][] = [];
  const cell = (f: (r: StartupResult) => string) => results.map(f);
  rows.push(['node -e 0 (floor)', ...cell((r) => `${r.node_floor_ms.toFixed(0)} ms`)]);
  rows.push(['import, added to node -e 0', ...cell((r) => `${r.import_added_ms.toFixed(0)} ms`)]);
  rows.push(['import, in process (CPU time)', ...cell((r) => `${r.import_in_process_ms.toFixed(0)} ms (${r.import_cpu_ms.toFixed(0)} ms)`)]);
  for (const l of results[0]?.loads ?? []) {
    const at = (r: StartupResult) => r.loads.find((x) => x.workspaces === l.workspaces);
    rows.push([`full load ${l.workspaces} × 20, first after import (CPU time)`, ...cell((r) => `${at(r)?.load_ms.toFixed(0)} ms (${at(r)?.load_cpu_ms.toFixed(0)} ms)`)]);
    rows.push([`import + full load ${l.workspaces} × 20 (CPU time)`, ...cell((r) => `${at(r)?.import_plus_load_ms.toFixed(0)} ms (${at(r)?.import_plus_load_cpu_ms.toFixed(0)} ms)`)]);
    rows.push([`RSS after full load ${l.workspaces} × 20`, ...cell((r) => `${at(r)?.rss_mb.toFixed(0)} MB`)]);
  }
  const c = results[0]?.cli.workspaces;
  rows.push([`CLI list-steps --workspace W --format json, ${c} ws`, ...cell((r) => `${r.cli.cli_ms.toFixed(0)} ms = ${r.cli.ratio.toFixed(2)}× node -e 0 (${r.cli.floor_ms.toFixed(0)} ms)`)]);
  rows.push([`CLI peak RSS, ${c} ws`, ...cell((r) => `${r.cli.peak_rss_mb.toFixed(0)} MB`)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((x, i) => x.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
