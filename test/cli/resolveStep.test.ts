/**
 * `cursus registry resolve-step` through the CLI in-process (main() on the current source) on the example
 * workspaces (alice YAML, bob JSON, carol TS): framework, environment,
 * priority and workspace priority, --explain, unknown names, strict and
 * interactive modes (SPEC §4.2, §7; issue 4 item 4). Read-only: runs with a
 * temp cwd and --workspaces-root pointing at examples/workspaces.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliInProcess, type CliRun } from '../helpers/runCli.js';
import { CLI, EXAMPLES_ROOT, REPO_ROOT, makeTempDir, registryPath, type TempDir } from '../helpers/tempRegistry.js';

const ALICE = join(EXAMPLES_ROOT, registryPath('alice', 'yaml'));
const BOB = join(EXAMPLES_ROOT, registryPath('bob', 'json'));
const CAROL = join(EXAMPLES_ROOT, registryPath('carol', 'ts'));
const CORE = join(REPO_ROOT, 'core', 'step_names.yaml');

/** A definition as the JSON output shows it (definitionToJSON, keys sorted by the parser-independent toEqual). */
function def(fields: Record<string, unknown>): Record<string, unknown> {
  return { compatibility_tags: [], conflict_resolution_strategy: 'workspace_priority', environment_tags: [], framework: null, framework_version: null, job_types: [], metadata: {}, override_source: null, priority: 100, ...fields };
}
const MODEL_TRAINING = {
  alice: def({
    builder_step_name: 'AliceModelTrainingStepBuilder',
    config_class: 'AliceModelTrainingConfig',
    conflict_resolution_strategy: 'framework_match',
    description: 'Generic model training on PyTorch with GPU support',
    environment_tags: ['development', 'gpu'],
    framework: 'pytorch',
    name: 'ModelTraining',
    priority: 90,
    registry_type: 'workspace',
    sagemaker_step_type: 'Training',
    source: { file: ALICE, line: 16 },
    spec_type: 'ModelTraining',
    workspace_id: 'alice',
  }),
  bob: def({
    builder_step_name: 'BobModelTrainingStepBuilder',
    config_class: 'BobModelTrainingConfig',
    description: 'Generic model training on TensorFlow for production',
    environment_tags: ['production'],
    framework: 'tensorflow',
    name: 'ModelTraining',
    priority: 90,
    registry_type: 'workspace',
    sagemaker_step_type: 'Training',
    source: { file: BOB, line: 4 },
    spec_type: 'ModelTraining',
    workspace_id: 'bob',
  }),
  carol: def({
    builder_step_name: 'CarolModelTrainingStepBuilder',
    config_class: 'CarolModelTrainingConfig',
    description: 'Generic model training on XGBoost, CPU only',
    framework: 'xgboost',
    name: 'ModelTraining',
    priority: 70,
    registry_type: 'workspace',
    sagemaker_step_type: 'Training',
    source: { file: CAROL, line: 7 },
    spec_type: 'ModelTraining',
    workspace_id: 'carol',
  }),
};
const DATA_VALIDATION = {
  bob: def({
    builder_step_name: 'StrictDataValidationStepBuilder',
    config_class: 'StrictDataValidationConfig',
    conflict_resolution_strategy: 'environment_match',
    description: 'Strict data validation rules for production',
    environment_tags: ['production'],
    name: 'DataValidation',
    priority: 50,
    registry_type: 'workspace',
    sagemaker_step_type: 'Processing',
    source: { file: BOB, line: 14 },
    spec_type: 'DataValidation',
    workspace_id: 'bob',
  }),
  carol: def({
    builder_step_name: 'RelaxedDataValidationStepBuilder',
    config_class: 'RelaxedDataValidationConfig',
    conflict_resolution_strategy: 'environment_match',
    description: 'Relaxed data validation for development',
    environment_tags: ['development'],
    name: 'DataValidation',
    priority: 50,
    registry_type: 'workspace',
    sagemaker_step_type: 'Processing',
    source: { file: CAROL, line: 17 },
    spec_type: 'DataValidation',
    workspace_id: 'carol',
  }),
};
const NO_CONTEXT = { environment_from: null, environment_tags: [], frameworks_from: null, preferred_frameworks: [], resolution_mode: 'automatic', workspace_id: null };

/** The text block `resolve-step` prints for a chosen definition. */
function textBlock(head: string, d: Record<string, unknown>, origin: string, reason: string): string[] {
  return [
    head,
    `  config_class:         ${d.config_class}`,
    `  builder_step_name:    ${d.builder_step_name}`,
    `  spec_type:            ${d.spec_type}`,
    `  sagemaker_step_type:  ${d.sagemaker_step_type}`,
    `  description:          ${d.description}`,
    `  framework:            ${d.framework ?? '-'}`,
    `  environment_tags:     ${(d.environment_tags as string[]).join(', ') || '-'}`,
    `  priority:             ${d.priority}`,
    `  origin:               ${origin}`,
    `  reason:               ${reason}`,
  ];
}

describe('cursus registry resolve-step (in-process, example workspaces)', () => {
  let tmp: TempDir;
  const cli = (args: string[]): Promise<CliRun> => runCliInProcess(['--workspaces-root', EXAMPLES_ROOT, 'registry', 'resolve-step', ...args], { cwd: tmp.dir });
  const lines = (run: CliRun): string[] => run.stdout.replace(/\n$/, '').split('\n');

  beforeEach(async () => {
    tmp = makeTempDir('cursus-resolve-');
  });
  afterEach(() => tmp.cleanup());

  it('framework: ModelTraining --framework tensorflow → bob (framework_match), text', async () => {
    const run = await cli(['ModelTraining', '--framework', 'tensorflow']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(lines(run)).toEqual(textBlock("ModelTraining → workspace 'bob' (LOCAL_STEPS) [framework_match]", MODEL_TRAINING.bob, `${BOB}:4`, "Selected by framework 'tensorflow'"));
  });

  it('framework: ModelTraining --framework tensorflow --format json, exact', async () => {
    const run = await cli(['ModelTraining', '--framework', 'tensorflow', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      ambiguous: false,
      chosen_by: 'framework_match',
      conflicting_definitions: [MODEL_TRAINING.alice, MODEL_TRAINING.bob, MODEL_TRAINING.carol],
      context: { ...NO_CONTEXT, frameworks_from: 'caller', preferred_frameworks: ['tensorflow'] },
      explanation: [
        "3 candidates: workspace 'alice' (LOCAL_STEPS), workspace 'bob' (LOCAL_STEPS), workspace 'carol' (LOCAL_STEPS)",
        "workspace 'alice' (LOCAL_STEPS) lost: framework pytorch is not tensorflow",
        "workspace 'carol' (LOCAL_STEPS) lost: framework xgboost is not tensorflow",
        "chose workspace 'bob' (LOCAL_STEPS): the only candidate with framework tensorflow (framework_match)",
      ],
      reason: "Selected by framework 'tensorflow'",
      resolution_strategy: 'framework_match',
      resolved: true,
      selected_definition: MODEL_TRAINING.bob,
      step_name: 'ModelTraining',
      suggestions: [],
      skipped_workspaces: [],
      tied_definitions: [],
    });
    // Stable JSON: keys sorted at every level.
    expect(run.stdout.indexOf('"ambiguous"')).toBeLessThan(run.stdout.indexOf('"chosen_by"'));
    expect(run.stdout.endsWith('}\n')).toBe(true);
  });

  it('environment: DataValidation --environment development → carol (environment_match), text with --explain', async () => {
    const run = await cli(['DataValidation', '--environment', 'development', '--explain']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(lines(run)).toEqual([
      ...textBlock("DataValidation → workspace 'carol' (LOCAL_STEPS) [environment_match]", DATA_VALIDATION.carol, `${CAROL}:17`, 'Selected by environment [development]'),
      '  explanation:',
      "    - 2 candidates: workspace 'bob' (LOCAL_STEPS), workspace 'carol' (LOCAL_STEPS)",
      "    - workspace 'bob' (LOCAL_STEPS) lost: environment tags [production] do not meet [development]",
      "    - chose workspace 'carol' (LOCAL_STEPS): the only candidate for environment [development] (environment_match)",
    ]);
  });

  it('environment: --environment development,gpu --format json, exact', async () => {
    const run = await cli(['DataValidation', '--environment', 'development,gpu', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      ambiguous: false,
      chosen_by: 'environment_match',
      conflicting_definitions: [DATA_VALIDATION.bob, DATA_VALIDATION.carol],
      context: { ...NO_CONTEXT, environment_from: 'caller', environment_tags: ['development', 'gpu'] },
      explanation: [
        "2 candidates: workspace 'bob' (LOCAL_STEPS), workspace 'carol' (LOCAL_STEPS)",
        "workspace 'bob' (LOCAL_STEPS) lost: environment tags [production] do not meet [development, gpu]",
        "chose workspace 'carol' (LOCAL_STEPS): the only candidate for environment [development, gpu] (environment_match)",
      ],
      reason: 'Selected by environment [development, gpu]',
      resolution_strategy: 'environment_match',
      resolved: true,
      selected_definition: DATA_VALIDATION.carol,
      step_name: 'DataValidation',
      suggestions: [],
      skipped_workspaces: [],
      tied_definitions: [],
    });
  });

  it('priority: ModelTraining with nothing else → carol (priority_based), --explain lines exact', async () => {
    const run = await cli(['ModelTraining', '--explain']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(lines(run)).toEqual([
      ...textBlock("ModelTraining → workspace 'carol' (LOCAL_STEPS) [priority_based]", MODEL_TRAINING.carol, `${CAROL}:7`, 'Selected by priority 70'),
      '  explanation:',
      "    - 3 candidates: workspace 'alice' (LOCAL_STEPS), workspace 'bob' (LOCAL_STEPS), workspace 'carol' (LOCAL_STEPS)",
      "    - workspace 'alice' (LOCAL_STEPS) lost: priority 90 > 70",
      "    - workspace 'bob' (LOCAL_STEPS) lost: priority 90 > 70",
      "    - chose workspace 'carol' (LOCAL_STEPS): lowest priority 70 (priority_based)",
    ]);
  });

  it('without --explain there are no explanation lines', async () => {
    const run = await cli(['ModelTraining']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('explanation');
    expect(lines(run)).toHaveLength(11);
    expect(lines(run)[0]).toBe("ModelTraining → workspace 'carol' (LOCAL_STEPS) [priority_based]");
  });

  it('workspace priority: --workspace alice → alice’s own definition, --explain exact', async () => {
    const run = await cli(['ModelTraining', '--workspace', 'alice', '--explain']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(lines(run)).toEqual([
      ...textBlock("ModelTraining → workspace 'alice' (LOCAL_STEPS) [workspace_priority]", MODEL_TRAINING.alice, `${ALICE}:16`, "Selected from the context workspace 'alice'"),
      '  explanation:',
      "    - 3 candidates: workspace 'alice' (LOCAL_STEPS), workspace 'bob' (LOCAL_STEPS), workspace 'carol' (LOCAL_STEPS)",
      "    - workspace 'bob' (LOCAL_STEPS) lost: the context workspace 'alice' has its own definition",
      "    - workspace 'carol' (LOCAL_STEPS) lost: the context workspace 'alice' has its own definition",
      "    - chose workspace 'alice' (LOCAL_STEPS): it is the context workspace (workspace_priority)",
    ]);
  });

  it('workspace priority beats an explicit framework: --workspace bob --framework pytorch → bob', async () => {
    const run = await cli(['ModelTraining', '--workspace', 'bob', '--framework', 'pytorch', '--format', 'json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(json.resolution_strategy).toBe('workspace_priority');
    expect(json.selected_definition).toEqual(MODEL_TRAINING.bob);
    expect((json.context as Record<string, unknown>).workspace_id).toBe('bob');
  });

  it('--workspace alice --format json: the context takes alice’s metadata preferences', async () => {
    const run = await cli(['ModelTraining', '--workspace', 'alice', '--format', 'json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(json.chosen_by).toBe('workspace_priority');
    expect(json.selected_definition).toEqual(MODEL_TRAINING.alice);
    expect(json.context).toEqual({
      environment_from: 'workspace_metadata',
      environment_tags: ['development'],
      frameworks_from: 'workspace_metadata',
      preferred_frameworks: ['pytorch', 'xgboost'],
      resolution_mode: 'automatic',
      workspace_id: 'alice',
    });
  });

  it('an override that only one workspace has: XGBoostTraining → alice over core by priority 80', async () => {
    const run = await cli(['XGBoostTraining', '--explain']);
    expect(run.code).toBe(0);
    expect(lines(run).slice(0, 1)).toEqual(["XGBoostTraining → workspace 'alice' (STEP_OVERRIDES) [priority_based]"]);
    expect(lines(run)).toContain(`  origin:               ${ALICE}:40`);
    expect(lines(run).slice(-3)).toEqual([
      '    - 2 candidates: core, workspace \'alice\' (STEP_OVERRIDES)',
      '    - core lost: priority 100 > 80',
      "    - chose workspace 'alice' (STEP_OVERRIDES): lowest priority 80 (priority_based)",
    ]);
  });

  it('a core-only step resolves with no_conflict and core as origin', async () => {
    const run = await cli(['Payload', '--format', 'json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { resolution_strategy: string; selected_definition: { workspace_id: null; registry_type: string; source: { file: string } } };
    expect(json.resolution_strategy).toBe('no_conflict');
    expect(json.selected_definition.workspace_id).toBeNull();
    expect(json.selected_definition.registry_type).toBe('core');
    expect(json.selected_definition.source.file).toBe(CORE);
  });

  it('unknown step: exit 1, one stderr line with the suggestion, nothing on stdout', async () => {
    const run = await cli(['ModelTrainin']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain('    at ');
    const errLines = run.stderr.replace(/\n$/, '').split('\n');
    expect(errLines).toHaveLength(1);
    expect(errLines[0]).toMatch(/^cursus: /);
    expect(errLines[0]).toContain("'ModelTrainin'");
    expect(errLines[0]).toContain("did you mean 'ModelTraining'?");
  });

  it('unknown step --format json: exit 1, resolved false, suggestions, selected_definition null, and the finding as error', async () => {
    const run = await cli(['ModelTrainin', '--format', 'json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      ambiguous: false,
      conflicting_definitions: [],
      context: NO_CONTEXT,
      explanation: ["Step 'ModelTrainin' is not defined in core or any workspace — did you mean 'ModelTraining'?"],
      reason: "Step 'ModelTrainin' is not defined in core or any workspace — did you mean 'ModelTraining'?",
      resolution_strategy: null,
      resolved: false,
      selected_definition: null,
      step_name: 'ModelTrainin',
      suggestions: ['ModelTraining'],
      skipped_workspaces: [],
      tied_definitions: [],
      error: {
        code: 'UNKNOWN_STEP',
        severity: 'error',
        message: "step 'ModelTrainin' did not resolve: Step 'ModelTrainin' is not defined in core or any workspace — did you mean 'ModelTraining'?",
        file: null,
        line: null,
        column: null,
        workspace_id: null,
        step: 'ModelTrainin',
        field: null,
        hint: 'run `cursus registry list-steps` to see the names this view knows',
        suggestions: ['ModelTraining'],
      },
    });
  });

  it('automatic mode on a tie: exit 0, bob by workspace id order, with an ambiguity warning line', async () => {
    const run = await cli(['DataValidation']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(lines(run)).toEqual([
      ...textBlock("DataValidation → workspace 'bob' (LOCAL_STEPS) [priority_based]", DATA_VALIDATION.bob, `${BOB}:14`, "Ambiguous: bob, carol tie at priority 50; chose 'bob' by workspace id order"),
      '  warning: ambiguous — bob, carol tie; pass --workspace/--framework/--environment or use --mode strict in CI',
    ]);
    const json = JSON.parse((await cli(['DataValidation', '--format', 'json'])).stdout) as Record<string, unknown>;
    expect(json.ambiguous).toBe(true);
    expect(json.tied_definitions).toEqual(['bob', 'carol']);
  });

  it('--mode strict on DataValidation: exit 1, AMBIGUOUS_STEP in one line; with --format json also {"error": …} on stdout', async () => {
    for (const format of ['text', 'json']) {
      const run = await cli(['DataValidation', '--mode', 'strict', '--format', format]);
      expect(run.code).toBe(1);
      if (format === 'text') expect(run.stdout).toBe('');
      else expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'AMBIGUOUS_STEP', step: 'DataValidation', severity: 'error' } });
      expect(run.stderr).toBe(
        "cursus: error AMBIGUOUS_STEP: Step 'DataValidation' is ambiguous: workspaces bob, carol tie at priority 50. Hint: pass a workspace, framework or environment, or give one definition a lower priority\n",
      );
    }
  });

  it('--mode strict does not fail when something decides: --environment production → bob', async () => {
    const run = await cli(['DataValidation', '--mode', 'strict', '--environment', 'production']);
    expect(run.code).toBe(0);
    expect(lines(run)[0]).toBe("DataValidation → workspace 'bob' (LOCAL_STEPS) [environment_match]");
  });

  it('--mode interactive without a terminal: exit 0, the automatic result, and a one-line note on stderr', async () => {
    const run = await cli(['DataValidation', '--mode', 'interactive']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('cursus: note: --mode interactive needs a terminal; resolved automatically\n');
    expect(run.stdout).toBe((await cli(['DataValidation'])).stdout);
    const json = await cli(['DataValidation', '--mode', 'interactive', '--format', 'json']);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { selected_definition: unknown }).selected_definition).toEqual(DATA_VALIDATION.bob);
  });

  it('--mode interactive without a tie asks nothing and prints no note', async () => {
    const run = await cli(['ModelTraining', '--mode', 'interactive']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(lines(run)[0]).toBe("ModelTraining → workspace 'carol' (LOCAL_STEPS) [priority_based]");
  });

  describe('--mode interactive on a terminal (script(1) gives the CLI a pty)', () => {
    const hasScript = existsSync('/usr/bin/script');
    const onTerminal = (answer: string) => {
      const command = `'${process.execPath}' '${CLI}' --workspaces-root '${EXAMPLES_ROOT}' registry resolve-step DataValidation --mode interactive`;
      const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
      for (const key of ['CURSUS_WORKSPACE_ID', 'CURSUS_WORKSPACES_ROOT', 'CURSUS_CORE_REGISTRY']) delete env[key];
      return spawnSync('/usr/bin/script', ['-qec', command, '/dev/null'], { cwd: tmp.dir, input: answer, encoding: 'utf8', env: env as NodeJS.ProcessEnv, timeout: 20_000 });
    };

    it.skipIf(!hasScript)('lists the tied candidates, and answering 2 chooses carol', async () => {
      const result = onTerminal('2\n');
      expect(result.status).toBe(0);
      const out = result.stdout.replace(/\r/g, '');
      expect(out).toContain("'DataValidation' is ambiguous — 2 workspaces tie at priority 50:");
      expect(out).toContain("  1) workspace 'bob' (LOCAL_STEPS): StrictDataValidationConfig — Strict data validation rules for production");
      expect(out).toContain("  2) workspace 'carol' (LOCAL_STEPS): RelaxedDataValidationConfig — Relaxed data validation for development");
      expect(out).toContain('Choose 1-2 [1]: ');
      expect(out).toContain("DataValidation → workspace 'carol' (LOCAL_STEPS) [chosen interactively]");
      expect(out).toContain('  config_class:         RelaxedDataValidationConfig');
      expect(out).toContain(`  origin:               ${CAROL}:17`);
      expect(out).not.toContain('needs a terminal');
    });

    it.skipIf(!hasScript)('answering with Enter takes the default (1: bob)', async () => {
      const result = onTerminal('\n');
      expect(result.status).toBe(0);
      const out = result.stdout.replace(/\r/g, '');
      expect(out).toContain("DataValidation → workspace 'bob' (LOCAL_STEPS) [chosen interactively]");
      expect(out).toContain('  config_class:         StrictDataValidationConfig');
    });

    it.skipIf(!hasScript)('after an interactive choice of carol, no line still claims bob was chosen', async () => {
      const out = onTerminal('2\n').stdout.replace(/\r/g, '');
      const result = out.slice(out.indexOf('DataValidation → '));
      expect(result).toContain("workspace 'carol'");
      expect(result).not.toContain("chose 'bob'");
    });
  });
});
