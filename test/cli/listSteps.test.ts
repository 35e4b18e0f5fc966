import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { writeWorkload } from '../../bench/workload.js';
import { CLI, CORE_64, EXAMPLES_ROOT, REPO_ROOT, makeTempDir, type TempDir } from '../helpers/tempRegistry.js';
import { runCliInProcess } from '../helpers/runCli.js';

const CORE_NAMES = [
  'Base', 'BatchTransform', 'CradleDataLoading', 'CurrencyConversion', 'DummyTraining', 'HyperparameterPrep', 'ModelCalibration', 'Package',
  'Payload', 'PyTorchModel', 'PyTorchTraining', 'Registration', 'RiskTableMapping', 'TabularPreprocessing', 'XGBoostModel', 'XGBoostModelEval', 'XGBoostTraining',
];

describe('cursus registry list-steps (in-process)', () => {
  let tmp: TempDir;
  beforeEach(async () => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('the README main job: core view plus the example workspaces, with origins', async () => {
    const run = await runCliInProcess(['registry', 'list-steps'], { cwd: REPO_ROOT });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Steps in the core view (17 steps; core: core/step_names.yaml)');
    expect(lines[1]).toMatch(/^STEP +CONFIG CLASS +BUILDER +SAGEMAKER TYPE +FROM$/);
    expect(lines.slice(2, 19).map((l) => l.split(/\s+/)[0])).toEqual(CORE_NAMES);
    expect(lines).toContainEqual(expect.stringMatching(/^XGBoostTraining +XGBoostTrainingConfig +XGBoostTrainingStepBuilder +Training +core$/));
    expect(lines[20]).toBe('Workspace definitions (not in the core view; use --workspace ID; root: examples/workspaces)');
    expect(lines).toContainEqual(expect.stringMatching(/^XGBoostTraining +AliceXGBoostTrainingConfig +AliceXGBoostTrainingStepBuilder +Training +override \(alice\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ModelTraining +BobModelTrainingConfig +BobModelTrainingStepBuilder +Training +workspace \(bob\)$/));
    expect(lines).toHaveLength(20 + 1 + 1 + 11 + 1);
  });

  it('--show-origin adds file:line of every definition', async () => {
    const run = await runCliInProcess(['registry', 'list-steps', '--show-origin'], { cwd: REPO_ROOT });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[1]).toMatch(/^STEP +CONFIG CLASS +BUILDER +SAGEMAKER TYPE +FROM +ORIGIN$/);
    expect(lines).toContainEqual(expect.stringMatching(/^XGBoostTraining +XGBoostTrainingConfig +XGBoostTrainingStepBuilder +Training +core +core\/step_names\.yaml:48$/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^XGBoostTraining +AliceXGBoostTrainingConfig +AliceXGBoostTrainingStepBuilder +Training +override \(alice\) +examples\/workspaces\/alice\/src\/cursus_dev\/registry\/workspace_registry\.yaml:40$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^PyTorchTraining +CarolPyTorchTrainingConfig .* override \(carol\) +examples\/workspaces\/carol\/src\/cursus_dev\/registry\/workspace_registry\.ts:29$/));
  });

  it('--format json: sorted names, legacy fields, other fields not at their default, registry_type and workspace_id', async () => {
    const run = await runCliInProcess(['--workspaces-root', EXAMPLES_ROOT, 'registry', 'list-steps', '--workspace', 'alice', '--format', 'json'], { cwd: tmp.dir });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, Record<string, unknown>>;
    expect(Object.keys(json)).toEqual([...CORE_NAMES, 'FeatureDriftCheck', 'ModelEvaluation', 'ModelTraining'].sort());
    expect(json.XGBoostTraining).toEqual({
      builder_step_name: 'AliceXGBoostTrainingStepBuilder',
      config_class: 'AliceXGBoostTrainingConfig',
      description: 'XGBoost training with early stopping on a custom metric',
      environment_tags: ['development'],
      framework: 'xgboost',
      priority: 80,
      registry_type: 'override',
      sagemaker_step_type: 'Training',
      spec_type: 'XGBoostTraining',
      workspace_id: 'alice',
    });
    expect(json.Base?.workspace_id).toBeNull();
    expect(Object.keys(json.Base ?? {})).toEqual(['builder_step_name', 'config_class', 'description', 'registry_type', 'sagemaker_step_type', 'spec_type', 'workspace_id']);
  });

  it('follows CURSUS_WORKSPACE_ID when no --workspace is given', async () => {
    const run = await runCliInProcess(['registry', 'list-steps', '--format', 'json'], { cwd: tmp.dir, env: { CURSUS_WORKSPACES_ROOT: EXAMPLES_ROOT, CURSUS_WORKSPACE_ID: 'bob' } });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, Record<string, unknown>>;
    expect(json.TabularPreprocessing?.config_class).toBe('BobTabularPreprocessingConfig');
    expect(json.DataValidation?.workspace_id).toBe('bob');
  });

  it('--core-registry loads another core (the real 64-step one)', async () => {
    const run = await runCliInProcess(['--core-registry', CORE_64, 'registry', 'list-steps', '--format', 'json'], { cwd: tmp.dir });
    expect(run.code).toBe(0);
    const expected = JSON.parse(readFileSync(CORE_64, 'utf8')) as Record<string, Record<string, string>>;
    const json = JSON.parse(run.stdout) as Record<string, Record<string, unknown>>;
    expect(Object.keys(json)).toHaveLength(64);
    for (const [name, record] of Object.entries(expected)) expect(json[name]).toEqual({ ...record, registry_type: 'core', workspace_id: null });
  });

  it('usage and load errors exit 2 with one line on stderr and no stack trace', async () => {
    const unknownFormat = await runCliInProcess(['registry', 'list-steps', '--format', 'xml'], { cwd: tmp.dir });
    expect(unknownFormat.code).toBe(2);
    expect(unknownFormat.stderr).toContain("argument 'xml' is invalid. Allowed choices are text, table, json.");
    const unknownWs = await runCliInProcess(['--workspaces-root', EXAMPLES_ROOT, 'registry', 'list-steps', '--workspace', 'bbo'], { cwd: tmp.dir });
    expect(unknownWs.code).toBe(2);
    expect(unknownWs.stdout).toBe('');
    expect(unknownWs.stderr).toBe(
      "cursus: error UNKNOWN_WORKSPACE: Unknown workspace 'bbo' (known: alice, bob, carol) — did you mean 'bob'? Hint: workspaces are the directories under the workspaces root; check --workspaces-root / CURSUS_WORKSPACES_ROOT\n",
    );
    const missingCore = await runCliInProcess(['--core-registry', 'missing.yaml', 'registry', 'list-steps'], { cwd: tmp.dir });
    expect(missingCore.code).toBe(2);
    expect(missingCore.stderr).toBe(
      `cursus: error REGISTRY_LOAD_ERROR: ${join(tmp.dir, 'missing.yaml')}: file not found. Hint: check the path (relative paths are resolved against the working directory)\n`,
    );
  });

  it('--help and --version exit 0', async () => {
    const help = await runCliInProcess(['registry', 'list-steps', '--help'], { cwd: tmp.dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('$ cursus registry list-steps --workspace alice --show-origin');
    const version = await runCliInProcess(['--version'], { cwd: tmp.dir });
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version);
  });
});

describe('output into a closed pipe', () => {
  it('`cursus registry list-steps | head -1` ends quietly: no EPIPE stack trace', async () => {
    // Far more than a pipe buffer (64 KiB) of output, so the writer does hit the closed pipe.
    const tmp = makeTempDir();
    writeWorkload(tmp.dir, { workspaces: 150, stepsPerWorkspace: 20 });
    const run = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" --workspaces-root "${tmp.dir}" registry list-steps --show-origin | head -1; exit \${PIPESTATUS[0]}`], { cwd: tmp.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    tmp.cleanup();
    expect(run.stdout).toMatch(/^Steps in the core view \(17 steps; core: .*step_names\.yaml\)\n$/);
    expect(run.stderr).not.toContain('EPIPE');
    expect(run.status).toBe(0);
  });
});
