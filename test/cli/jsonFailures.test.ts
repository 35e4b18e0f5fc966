/**
 * `--format json` means JSON on stdout on failure too (issue 12.10): for every
 * command that takes `--format`, a failing run prints `{"error": finding}`
 * (plus `findings` when there are several) on stdout, the same
 * `cursus: error CODE: …` line(s) on stderr, and exits with the same code as
 * the text run. And `pipeline validate --format json`, success and failure.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/runCli.js';
import { EXAMPLES_ROOT, makeTempDir, type TempDir } from '../helpers/tempRegistry.js';

let t: TempDir;
beforeAll(() => {
  t = makeTempDir('cursus-jsonfail-');
  mkdirSync(join(t.dir, 'ws'));
  t.write('bad-step.yaml', 'nodes:\n  a: { step: Paylod }\n');
  t.write('two-bad.yaml', 'nodes:\n  a: { step: Payload, dependson: [b], workspce: x }\n');
  t.write('ok.yaml', 'name: small\nnodes:\n  prep: { step: TabularPreprocessing }\n  train: { step: XGBoostTraining, workspace: alice, depends_on: [prep] }\n');
});
afterAll(() => t.cleanup());

const cli = (args: string[], env: Record<string, string> = {}) => runCliInProcess(args, { cwd: t.dir, env });

interface FailureJson {
  error: { code: string; severity: string; message: string; file: string | null; line: number | null; hint: string | null; suggestions: string[] };
  findings?: { code: string }[];
}

/**
 * Each row fails: the command line without `--format`, the code of the failure
 * and its exit code. `report`: the command's JSON is a report that holds the
 * finding (health: `core.error`; exit 1 = unhealthy) rather than `{"error": …}`.
 */
const ROWS: { name: string; args: string[]; env?: Record<string, string>; code: string; exit: number; report?: (body: Record<string, unknown>) => unknown }[] = [
  { name: 'config', args: ['config'], env: { CURSUS_MAX_FILE_BYTES: 'lots' }, code: 'REGISTRY_LOAD_ERROR', exit: 2 },
  { name: 'registry list-steps', args: ['--workspaces-root', EXAMPLES_ROOT, 'registry', 'list-steps', '--workspace', 'alicee'], code: 'UNKNOWN_WORKSPACE', exit: 2 },
  { name: 'registry resolve-step', args: ['--workspaces-root', EXAMPLES_ROOT, 'registry', 'resolve-step', 'Nope'], code: 'UNKNOWN_STEP', exit: 1 },
  { name: 'registry resolve-step --mode strict', args: ['--workspaces-root', EXAMPLES_ROOT, 'registry', 'resolve-step', 'Nope', '--mode', 'strict'], code: 'UNKNOWN_STEP', exit: 1 },
  { name: 'registry validate-registry', args: ['--workspaces-root', EXAMPLES_ROOT, 'registry', 'validate-registry', '--workspace', 'alicee'], code: 'UNKNOWN_WORKSPACE', exit: 2 },
  { name: 'registry show-step', args: ['--workspaces-root', EXAMPLES_ROOT, 'registry', 'show-step', 'Nope'], code: 'UNKNOWN_STEP', exit: 1 },
  { name: 'registry export', args: ['--workspaces-root', EXAMPLES_ROOT, 'registry', 'export', '--workspace', 'alicee'], code: 'UNKNOWN_WORKSPACE', exit: 2 },
  { name: 'registry health', args: ['--core-registry', 'missing.yaml', 'registry', 'health'], code: 'REGISTRY_LOAD_ERROR', exit: 1, report: (b) => (b.core as { error: unknown }).error },
  { name: 'registry diff', args: ['registry', 'diff', 'no-such-dir', 'other-dir'], code: 'REGISTRY_LOAD_ERROR', exit: 2 },
  { name: 'registry import', args: ['registry', 'import', 'missing.py'], code: 'REGISTRY_LOAD_ERROR', exit: 2 },
  { name: 'registry init-workspace', args: ['--workspaces-root', 'ws', 'registry', 'init-workspace', 'bad id'], code: 'INVALID_WORKSPACE_ID', exit: 2 },
  { name: 'developer setup-developer', args: ['--workspaces-root', 'ws', 'developer', 'setup-developer', 'erin', '--copy-from', 'nobody'], code: 'UNKNOWN_WORKSPACE', exit: 2 },
  { name: 'pipeline build', args: ['--workspaces-root', EXAMPLES_ROOT, 'pipeline', 'build', 'bad-step.yaml'], code: 'UNKNOWN_STEP', exit: 1 },
  { name: 'pipeline validate', args: ['--workspaces-root', EXAMPLES_ROOT, 'pipeline', 'validate', 'bad-step.yaml'], code: 'UNKNOWN_STEP', exit: 1 },
  { name: 'a usage error', args: ['registry', 'list-steps', '--bogus'], code: 'USAGE', exit: 2 },
];

describe('--format json on failure: {"error": finding} on stdout, same exit code and stderr as text', () => {
  it.each(ROWS)('$name', async ({ args, env, code, exit, report }) => {
    const text = await cli(args, env);
    const json = await cli([...args, '--format', 'json'], env);
    expect(text.code).toBe(exit);
    expect(json.code).toBe(exit);
    expect(json.stderr).toBe(text.stderr);
    const body = JSON.parse(json.stdout) as Record<string, unknown>;
    const error = (report ? report(body) : body.error) as FailureJson['error'];
    expect(error.code).toBe(code);
    expect(error.severity).toBe('error');
    if (report) return;
    expect(text.stdout).toBe('');
    expect(json.stderr.startsWith(`cursus: error ${code}: `)).toBe(true);
    // The stderr line is the same finding, rendered as text.
    expect(json.stderr).toContain(error.message);
  });

  it('covers every command that takes --format', async () => {
    const help = async (path: string[]) => (await cli([...path, '--help'])).stdout;
    const commands: string[] = [];
    for (const group of [[], ['registry'], ['developer'], ['pipeline']]) {
      const names = [...(await help(group)).matchAll(/^ {2}([a-z-]+)(?: \[options\])?/gm)].map((m) => m[1] as string).filter((n) => n !== 'help');
      for (const name of names) {
        if (group.length === 0 && ['registry', 'developer', 'pipeline'].includes(name)) continue;
        if ((await help([...group, name])).includes('--format <format>')) commands.push([...group, name].join(' '));
      }
    }
    const covered = new Set(ROWS.map((r) => r.name.replace(/ --mode strict$/, '')));
    expect(commands.filter((c) => !covered.has(c))).toEqual([]);
    expect(commands).toContain('pipeline validate');
  });
});

describe('pipeline validate --format json', () => {
  it('success: the summary as JSON, exit 0, nothing on stderr', async () => {
    const run = await cli(['--workspaces-root', EXAMPLES_ROOT, 'pipeline', 'validate', 'ok.yaml', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ ok: true, name: 'small', file: 'ok.yaml', nodes: 2, edges: 1, order: ['prep', 'train'], workspaces: ['alice'], warnings: [] });
  });

  it('a spec with two problems: {"error": first, "findings": [both]}, exit 1 as in text', async () => {
    const text = await cli(['--workspaces-root', EXAMPLES_ROOT, 'pipeline', 'validate', 'two-bad.yaml']);
    const run = await cli(['--workspaces-root', EXAMPLES_ROOT, 'pipeline', 'validate', 'two-bad.yaml', '--format', 'json']);
    expect(text.code).toBe(1);
    expect(run.code).toBe(1);
    const body = JSON.parse(run.stdout) as FailureJson;
    expect(body.findings?.map((f) => f.code)).toEqual(['PIPELINE_INVALID', 'PIPELINE_INVALID']);
    expect(body.error).toEqual(body.findings?.[0]);
    expect(body.error).toMatchObject({ file: join(t.dir, 'two-bad.yaml'), line: 2, suggestions: ['depends_on'] });
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(2);
  });

  it('an unreadable spec: REGISTRY_LOAD_ERROR as JSON, exit 2', async () => {
    const run = await cli(['pipeline', 'validate', 'missing.yaml', '--format', 'json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      error: {
        code: 'REGISTRY_LOAD_ERROR',
        severity: 'error',
        message: 'file not found',
        file: join(t.dir, 'missing.yaml'),
        line: null,
        column: null,
        workspace_id: null,
        step: null,
        field: null,
        hint: 'check the path (relative paths are resolved against the working directory)',
        suggestions: [],
      },
    });
  });
});
