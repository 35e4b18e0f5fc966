/**
 * `cursus registry show-step`, `cursus registry schema`, `--help` on every
 * command and `--version`, through the CLI in-process (main() on the current source) (SPEC §7; issue 4
 * items 1, 6, 7). Read-only, with a temp cwd.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliInProcess, type CliRun } from '../helpers/runCli.js';
import { EXAMPLES_ROOT, REPO_ROOT, makeTempDir, registryPath, type TempDir } from '../helpers/tempRegistry.js';

const CORE = join(REPO_ROOT, 'core', 'step_names.yaml');
const ALICE = join(EXAMPLES_ROOT, registryPath('alice', 'yaml'));
const BOB = join(EXAMPLES_ROOT, registryPath('bob', 'json'));
const CAROL = join(EXAMPLES_ROOT, registryPath('carol', 'ts'));

const ALICE_XGB = {
  builder_step_name: 'AliceXGBoostTrainingStepBuilder',
  compatibility_tags: [],
  config_class: 'AliceXGBoostTrainingConfig',
  conflict_resolution_strategy: 'workspace_priority',
  description: 'XGBoost training with early stopping on a custom metric',
  environment_tags: ['development'],
  framework: 'xgboost',
  framework_version: null,
  job_types: [],
  metadata: {},
  name: 'XGBoostTraining',
  override_source: null,
  priority: 80,
  registry_type: 'override',
  sagemaker_step_type: 'Training',
  source: { file: ALICE, line: 40 },
  spec_type: 'XGBoostTraining',
  workspace_id: 'alice',
};
const CORE_XGB = {
  builder_step_name: 'XGBoostTrainingStepBuilder',
  compatibility_tags: [],
  config_class: 'XGBoostTrainingConfig',
  conflict_resolution_strategy: 'workspace_priority',
  description: 'XGBoost model training step',
  environment_tags: [],
  framework: null,
  framework_version: null,
  job_types: [],
  metadata: {},
  name: 'XGBoostTraining',
  override_source: null,
  priority: 100,
  registry_type: 'core',
  sagemaker_step_type: 'Training',
  source: { file: CORE, line: 48 },
  spec_type: 'XGBoostTraining',
  workspace_id: null,
};

describe('cursus registry show-step (in-process, example workspaces)', () => {
  let tmp: TempDir;
  const cli = (args: string[]): Promise<CliRun> => runCliInProcess(['--workspaces-root', EXAMPLES_ROOT, 'registry', 'show-step', ...args], { cwd: tmp.dir });
  const lines = (run: CliRun): string[] => run.stdout.replace(/\n$/, '').split('\n');

  beforeEach(async () => {
    tmp = makeTempDir('cursus-show-');
  });
  afterEach(() => tmp.cleanup());

  it('XGBoostTraining --workspace alice, text: alice’s override, its file:line, and the core definition it shadows', async () => {
    const run = await cli(['XGBoostTraining', '--workspace', 'alice']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const out = lines(run);
    expect(out[0]).toBe("XGBoostTraining in the view of workspace 'alice'");
    // Each field as `  label: value`; label padding is not pinned, the values are.
    const fields = Object.fromEntries(out.slice(1).map((l) => { const m = /^ {2}([a-z_ ]+):\s+(.*)$/.exec(l); return [m?.[1], m?.[2]]; }));
    expect(fields).toEqual({
      from: `workspace 'alice' (STEP_OVERRIDES) — ${ALICE}:40`,
      config_class: 'AliceXGBoostTrainingConfig',
      builder_step_name: 'AliceXGBoostTrainingStepBuilder',
      spec_type: 'XGBoostTraining',
      sagemaker_step_type: 'Training',
      description: 'XGBoost training with early stopping on a custom metric',
      priority: '80',
      framework: 'xgboost',
      environment_tags: 'development',
      compatibility_tags: '-',
      conflict_resolution_strategy: 'workspace_priority',
      job_types: '-',
      framework_version: '-',
      override_source: '-',
      metadata: '-',
      shadows: `core XGBoostTrainingConfig — ${CORE}:48`,
    });
    expect(out).toHaveLength(17);
  });

  it('text values line up in one column', async () => {
    const out = lines(await cli(['XGBoostTraining', '--workspace', 'alice']));
    const columns = new Set(out.slice(1).map((l) => /^ {2}[a-z_ ]+:\s+/.exec(l)![0].length));
    expect([...columns]).toHaveLength(1);
  });

  it('XGBoostTraining --workspace alice --format json, exact', async () => {
    const run = await cli(['XGBoostTraining', '--workspace', 'alice', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ also_defined_by: [], definition: ALICE_XGB, shadows: CORE_XGB, view: 'alice' });
    expect(Object.keys(JSON.parse(run.stdout) as object)).toEqual(['also_defined_by', 'definition', 'shadows', 'view']);
  });

  it('XGBoostTraining without a workspace: the core definition, shadowing nothing', async () => {
    const run = await cli(['XGBoostTraining', '--format', 'json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { definition: unknown; shadows: unknown; view: unknown; also_defined_by: unknown[] };
    expect(json.view).toBeNull();
    expect(json.definition).toEqual(CORE_XGB);
    expect(json.shadows).toBeNull();
    // alice's override is another definition of the name.
    expect(json.also_defined_by).toEqual([ALICE_XGB]);
    const text = lines(await cli(['XGBoostTraining']));
    expect(text[0]).toBe('XGBoostTraining in the core view');
    expect(text).toContainEqual(expect.stringMatching(new RegExp(`^ {2}from: +core — ${CORE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:48$`)));
    expect(text).toContainEqual(expect.stringMatching(/^ {2}shadows: +nothing$/));
  });

  it('ModelTraining --workspace alice: also defined by bob and carol, each with file:line', async () => {
    const run = await cli(['ModelTraining', '--workspace', 'alice']);
    expect(run.code).toBe(0);
    const out = lines(run);
    expect(out).toContainEqual(expect.stringMatching(/^ {2}shadows: +nothing$/));
    expect(out.filter((l) => l.startsWith('  also defined by:')).map((l) => l.replace(/^ {2}also defined by: +/, ''))).toEqual([
      `workspace 'bob' (LOCAL_STEPS) BobModelTrainingConfig — ${BOB}:4`,
      `workspace 'carol' (LOCAL_STEPS) CarolModelTrainingConfig — ${CAROL}:7`,
    ]);
  });

  it('the view is isolated: TabularPreprocessing --workspace alice is core’s, not bob’s override', async () => {
    const run = await cli(['TabularPreprocessing', '--workspace', 'alice', '--format', 'json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { definition: { workspace_id: unknown; registry_type: string; config_class: string } };
    expect(json.definition.workspace_id).toBeNull();
    expect(json.definition.registry_type).toBe('core');
    expect(json.definition.config_class).toBe('TabularPreprocessingConfig');
  });

  it('unknown step: exit 1, UNKNOWN_STEP in one line naming the view and the closest name', async () => {
    const run = await cli(['XGBoostTrainin', '--workspace', 'alice']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      "cursus: error UNKNOWN_STEP: Unknown step name: XGBoostTrainin in workspace 'alice' — did you mean 'XGBoostTraining'? Hint: run `cursus registry list-steps` to see the names this view knows\n",
    );
    const core = await cli(['FeatureDriftCheck']);
    expect(core.code).toBe(1);
    expect(core.stdout).toBe('');
    expect(core.stderr.split('\n')).toHaveLength(2);
    // Only a workspace defines it: the error says which, not only "unknown".
    expect(core.stderr).toMatch(/^cursus: error UNKNOWN_STEP: Unknown step name: FeatureDriftCheck — it is defined only in workspace '\w+', not in the core registry/);
    expect(core.stderr).not.toContain('    at ');
  });
});

describe('cursus registry schema (in-process)', () => {
  let tmp: TempDir;
  beforeEach(async () => {
    tmp = makeTempDir('cursus-schema-');
  });
  afterEach(() => tmp.cleanup());

  it('prints the shipped schema/workspace-registry.schema.json (deep-equal), exit 0, nothing on stderr', async () => {
    const run = await runCliInProcess(['registry', 'schema'], { cwd: tmp.dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const shipped = JSON.parse(readFileSync(join(REPO_ROOT, 'schema', 'workspace-registry.schema.json'), 'utf8')) as Record<string, unknown>;
    const printed = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(printed).toEqual(shipped);
    // A real schema of the three sections.
    expect(Object.keys(printed.properties as object).sort()).toEqual(expect.arrayContaining(['LOCAL_STEPS', 'STEP_OVERRIDES', 'WORKSPACE_METADATA']));
    expect(typeof printed.$schema).toBe('string');
  });
});

describe('--help and --version (in-process)', () => {
  let tmp: TempDir;
  beforeEach(async () => {
    tmp = makeTempDir('cursus-help-');
  });
  afterEach(() => tmp.cleanup());

  const LEAVES: [string, string][] = [
    ['registry init-workspace', '$ cursus registry init-workspace '],
    ['registry list-steps', '$ cursus registry list-steps'],
    ['registry resolve-step', '$ cursus registry resolve-step '],
    ['registry validate-registry', '$ cursus registry validate-registry'],
    ['registry show-step', '$ cursus registry show-step '],
    ['registry schema', '$ cursus registry schema'],
    ['developer setup-developer', '$ cursus developer setup-developer '],
  ];

  it.each(LEAVES)('cursus %s --help: exit 0, usage and an Examples: section with a runnable example', async (commandLine, example) => {
    const command = commandLine.split(' ');
    const run = await runCliInProcess([...command, '--help'], { cwd: tmp.dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.startsWith(`Usage: cursus ${command.join(' ')} `)).toBe(true);
    const at = run.stdout.indexOf('\nExamples:\n');
    expect(at).toBeGreaterThan(0);
    expect(run.stdout.slice(at)).toContain(example);
  });

  it('cursus --help: exit 0, Examples:, the global options and exit codes', async () => {
    const run = await runCliInProcess(['--help'], { cwd: tmp.dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('\nExamples:\n');
    for (const option of ['--workspaces-root <dir>', '--core-registry <file>', '--no-color', '-V, --version']) expect(run.stdout).toContain(option);
    expect(run.stdout).toContain('Exit codes: 0 ok, 1 a check failed or a step did not resolve, 2 usage or load error.');
  });

  it.each([['registry'], ['developer']])('cursus %s --help (command group): exit 0 and an Examples: section', async (group) => {
    const run = await runCliInProcess([group, '--help'], { cwd: tmp.dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.startsWith(`Usage: cursus ${group} `)).toBe(true);
    expect(run.stdout).toContain('\nExamples:\n');
    expect(run.stdout).toMatch(new RegExp(`\\$ cursus ${group} \\S`));
  });

  it('--version and -V print package.json’s version', async () => {
    const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    for (const flag of ['--version', '-V']) {
      const run = await runCliInProcess([flag], { cwd: tmp.dir });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(`${version}\n`);
    }
  });
});
