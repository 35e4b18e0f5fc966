/**
 * Load time of one workspace whose registry holds many steps, written four
 * ways: pretty-printed and minified (one-line) JSON, block and flow (one-line)
 * YAML. Anything that locates keys or lines must be linear in the file size,
 * so the one-line forms must load in about the time of the pretty ones.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HybridRegistryManager } from '../dist/index.js';

/** One row of the large-file benchmark. */
export interface LargeFileRow {
  readonly form: string;
  readonly steps: number;
  readonly bytes: number;
  readonly load_ms_median: number;
  /** load time ÷ that of the pretty-printed form of the same format. */
  readonly ratio_to_pretty: number;
}

function steps(count: number): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < count; i++) {
    out[`GeneratedStep${i}`] = {
      config_class: `GeneratedStep${i}Config`,
      builder_step_name: `GeneratedStep${i}StepBuilder`,
      spec_type: `GeneratedStep${i}`,
      sagemaker_step_type: 'Processing',
      description: `Generated step number ${i}`,
      priority: 50 + (i % 50),
    };
  }
  return out;
}

function flowYaml(value: unknown): string {
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${k}: ${flowYaml(v)}`).join(', ')}}`;
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function blockYaml(doc: Record<string, Record<string, Record<string, unknown>>>): string {
  const lines: string[] = [];
  for (const [section, entries] of Object.entries(doc)) {
    lines.push(`${section}:`);
    for (const [name, fields] of Object.entries(entries)) {
      lines.push(`  ${name}:`);
      for (const [k, v] of Object.entries(fields)) lines.push(`    ${k}: ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Load each form `runs` times (lazy manager + the workspace's view) and report the medians. */
export function benchLargeFiles(count: number, runs: number): LargeFileRow[] {
  const doc = { LOCAL_STEPS: steps(count) };
  const forms: [string, string, string][] = [
    ['JSON, pretty-printed', 'json', `${JSON.stringify(doc, null, 2)}\n`],
    ['JSON, minified (one line)', 'json', JSON.stringify(doc)],
    ['YAML, block', 'yaml', blockYaml(doc)],
    ['YAML, flow (one line)', 'yaml', `${flowYaml(doc)}\n`],
  ];
  const rows: LargeFileRow[] = [];
  const pretty = new Map<string, number>();
  for (const [form, ext, text] of forms) {
    const root = mkdtempSync(join(tmpdir(), 'cursus-bench-large-'));
    try {
      const dir = join(root, 'big', 'src', 'cursus_dev', 'registry');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `workspace_registry.${ext}`);
      writeFileSync(file, text);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const size = new HybridRegistryManager({ workspacesRoot: root, cwd: root, env: {}, lazy: true }).getView('big').definitions.size;
        times.push(performance.now() - t0);
        if (size < count) throw new Error(`${form}: loaded ${size} of ${count} steps`);
      }
      times.sort((a, b) => a - b);
      const ms = times[times.length >> 1] as number;
      if (!pretty.has(ext)) pretty.set(ext, ms);
      rows.push({ form, steps: count, bytes: statSync(file).size, load_ms_median: ms, ratio_to_pretty: ms / (pretty.get(ext) as number) });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  return rows;
}

/** The rows as a markdown table. */
export function largeFileTable(rows: readonly LargeFileRow[]): string {
  const out = ['| one workspace file | steps | size | load (median) | ÷ pretty |', '|---|---|---|---|---|'];
  for (const r of rows) out.push(`| ${r.form} | ${r.steps} | ${(r.bytes / 2 ** 20).toFixed(1)} MB | ${r.load_ms_median.toFixed(0)} ms | ${r.ratio_to_pretty.toFixed(2)}× |`);
  return out.join('\n');
}
