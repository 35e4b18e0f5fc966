/**
 * Bad input through the CLI (in-process, on the current source): load errors exit 2 with ONE
 * stderr line `cursus: error <CODE>: …` and no stack trace; a broken workspace
 * does not stop listing a healthy one.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/runCli.js';
import { REPO_ROOT, makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'bad');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `cursus <args>` in-process on the current source; `status` is the exit code. */
async function cursus(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  const run = await runCliInProcess(args, { cwd, env });
  return { status: run.code, stdout: run.stdout, stderr: run.stderr };
}

/** stderr is exactly one line `cursus: error CODE: …` with no stack trace and no colour. */
function expectOneLineError(run: Run, code: string): string {
  expect(run.status).toBe(2);
  expect(run.stderr.endsWith('\n')).toBe(true);
  // One line per problem of the file (most fixtures have one).
  const lines = run.stderr.slice(0, -1).split('\n');
  for (const l of lines) expect(l.startsWith(`cursus: error ${code}: `)).toBe(true);
  const line = lines[0]!;
  expect(run.stderr).not.toContain('    at ');
  expect(run.stderr).not.toContain('\u001b[');
  expect(line).toContain('Hint:');
  // With --format json the error is also on stdout, as data.
  if (run.stdout !== '') expect((JSON.parse(run.stdout) as { error: { code: string } }).error.code).toBe(code);
  return line;
}

const GOOD_YAML = `LOCAL_STEPS:\n${stepYaml('GoodLocalStep')}STEP_OVERRIDES:\n${stepYaml('XGBoostTraining', { config_class: 'GoodXGBoostTrainingConfig', sagemaker_step_type: 'Training' })}`;

let temp: TempDir | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

/** A root with `good` and, if given, `bad` holding a fixture from test/fixtures/bad/workspace/. */
function setup(fixture?: string): { t: TempDir; root: string } {
  const t = makeTempDir('cursus-bad-cli-');
  temp = t;
  t.write(join('ws', registryPath('good', 'yaml')), GOOD_YAML);
  if (fixture) {
    const dest = join(t.dir, 'ws', registryPath('bad', extname(fixture).slice(1)));
    mkdirSync(join(dest, '..'), { recursive: true });
    copyFileSync(join(FIXTURES, 'workspace', fixture), dest);
  }
  return { t, root: join(t.dir, 'ws') };
}

beforeAll(() => {
  expect(existsSync(join(REPO_ROOT, 'dist', 'cli', 'main.js')), 'run `npm run build` first').toBe(true);
});

describe('cursus CLI on bad input (in-process)', () => {
  const ROWS: { fixture: string; code: string; where: string; includes: string[] }[] = [
    { fixture: 'yaml-syntax-error.yaml', code: 'REGISTRY_LOAD_ERROR', where: 'workspace_registry.yaml:8:40', includes: ['YAML'] },
    { fixture: 'yaml-duplicate-step.yaml', code: 'REGISTRY_LOAD_ERROR', where: 'workspace_registry.yaml:10:3', includes: ['duplicate'] },
    { fixture: 'json-duplicate-step.json', code: 'REGISTRY_LOAD_ERROR', where: 'workspace_registry.json:10:5', includes: ['duplicate'] },
    { fixture: 'unknown-field-framwork.yaml', code: 'STEP_DEFINITION_INVALID', where: 'workspace_registry.yaml:8:5', includes: ['did you mean `framework`'] },
    { fixture: 'proto-step.json', code: 'STEP_DEFINITION_INVALID', where: 'workspace_registry.json:3:5', includes: ['__proto__'] },
    { fixture: 'throws-on-import.ts', code: 'REGISTRY_LOAD_ERROR', where: 'workspace_registry.ts:6:9', includes: ['CURSUS_TEST_TEAM_THAT_IS_NEVER_SET is not set'] },
    { fixture: 'binary-nul.yaml', code: 'REGISTRY_LOAD_ERROR', where: 'workspace_registry.yaml: ', includes: ['binary'] },
  ];

  it.each(ROWS)('list-steps --workspace bad ($fixture) → exit 2, one line $code', async (row) => {
    const { t, root } = setup(row.fixture);
    for (const format of ['table', 'json']) {
      const run = await cursus(['--workspaces-root', root, 'registry', 'list-steps', '--workspace', 'bad', '--format', format], t.dir);
      const line = expectOneLineError(run, row.code);
      expect(line).toContain(row.where);
      for (const fragment of row.includes) expect(line).toContain(fragment);
    }
  });

  it('the context workspace from CURSUS_WORKSPACE_ID being broken is the same error', async () => {
    const { t, root } = setup('unknown-field-framwork.yaml');
    const run = await cursus(['--workspaces-root', root, 'registry', 'list-steps'], t.dir, { CURSUS_WORKSPACE_ID: 'bad' });
    expect(expectOneLineError(run, 'STEP_DEFINITION_INVALID')).toContain('workspace_registry.yaml:8:5');
  });

  it('a healthy workspace next to a broken one lists fine (exit 0) without reading the broken one', async () => {
    const { t, root } = setup('yaml-syntax-error.yaml');
    const run = await cursus(['--workspaces-root', root, 'registry', 'list-steps', '--workspace', 'good', '--format', 'json'], t.dir);
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, Record<string, unknown>>;
    expect(json.GoodLocalStep).toMatchObject({ config_class: 'GoodLocalStepConfig', registry_type: 'workspace', workspace_id: 'good' });
    expect(json.XGBoostTraining).toMatchObject({ config_class: 'GoodXGBoostTrainingConfig', registry_type: 'override', workspace_id: 'good' });
    expect(json.Base).toMatchObject({ config_class: 'BasePipelineConfig', registry_type: 'core', workspace_id: null });
    expect(Object.keys(json)).toHaveLength(18);
    // The CLI reads workspaces lazily: a view of 'good' reads only core and good.
    expect(run.stderr).toBe('');
  });

  it('a listing that reads the broken sibling (the core view table) reports it on one stderr line', async () => {
    const { t, root } = setup('yaml-syntax-error.yaml');
    const run = await cursus(['--workspaces-root', root, 'registry', 'list-steps'], t.dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('GoodLocalStep');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("'bad'");
    expect(lines[0]).toContain('workspace_registry.yaml:8:40');
    expect(run.stderr).not.toContain('    at ');
  });

  it('the core view still lists with a broken workspace (exit 0)', async () => {
    const { t, root } = setup('throws-on-import.ts');
    const run = await cursus(['--workspaces-root', root, 'registry', 'list-steps', '--format', 'json'], t.dir);
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, Record<string, unknown>>;
    expect(json.XGBoostTraining?.config_class).toBe('XGBoostTrainingConfig');
    expect(Object.keys(json)).toHaveLength(17);
    // The core view in JSON needs no workspace file, so the broken one is not even read.
    expect(run.stderr).toBe('');
  });

  it('--workspace unknown → exit 2, UNKNOWN_WORKSPACE with "did you mean"', async () => {
    const { t, root } = setup('yaml-syntax-error.yaml');
    const run = await cursus(['--workspaces-root', root, 'registry', 'list-steps', '--workspace', 'goood'], t.dir);
    const line = expectOneLineError(run, 'UNKNOWN_WORKSPACE');
    expect(line).toContain("did you mean 'good'");
    expect(line).toContain('bad, good');
  });

  it('--core-registry missing.yaml → exit 2, REGISTRY_LOAD_ERROR', async () => {
    const { t, root } = setup();
    const run = await cursus(['--workspaces-root', root, '--core-registry', 'missing.yaml', 'registry', 'list-steps'], t.dir);
    const line = expectOneLineError(run, 'REGISTRY_LOAD_ERROR');
    expect(line).toContain('missing.yaml');
    expect(line).toContain('not found');
  });

  it.each([
    ['syntax-error.yaml', 'REGISTRY_LOAD_ERROR', 'syntax-error.yaml:7:34'],
    ['missing-field.json', 'STEP_DEFINITION_INVALID', 'missing-field.json:10:5'],
    ['duplicate.json', 'REGISTRY_LOAD_ERROR', 'duplicate.json:9:3'],
  ])('--core-registry %s → exit 2, %s at %s', async (fixture, code, where) => {
    const { t, root } = setup();
    const run = await cursus(['--workspaces-root', root, '--core-registry', join(FIXTURES, 'core', fixture), 'registry', 'list-steps', '--workspace', 'good'], t.dir);
    expect(expectOneLineError(run, code)).toContain(where);
  });

  it('--workspaces-root that does not exist → exit 2, REGISTRY_LOAD_ERROR', async () => {
    const { t } = setup();
    const run = await cursus(['--workspaces-root', join(t.dir, 'nope'), 'registry', 'list-steps'], t.dir);
    expect(expectOneLineError(run, 'REGISTRY_LOAD_ERROR')).toContain('nope');
  });

  it('an invalid option value is a usage error: exit 2, no stack trace', async () => {
    const { t, root } = setup();
    const run = await cursus(['--workspaces-root', root, 'registry', 'list-steps', '--format', 'xml'], t.dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('xml');
    expect(run.stderr).not.toContain('    at ');
    expect(run.stdout).toBe('');
  });
});
