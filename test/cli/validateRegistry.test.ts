/**
 * `cursus registry validate-registry` through the CLI in-process (main() on the current source) (SPEC §7,
 * §10.10; issue 4 item 5): exact text and JSON on the examples,
 * --check-conflicts, --strict, a broken workspace (exit 1 with a
 * `file:line  error CODE  message` line), --workspace scoping, and an unknown
 * --workspace (exit 2). Validation never writes: the temp tree is compared
 * before and after.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliInProcess, type CliRun } from '../helpers/runCli.js';
import { EXAMPLES_ROOT, REPO_ROOT, makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';
import { tree } from '../helpers/fileTree.js';

const ALICE = join(EXAMPLES_ROOT, registryPath('alice', 'yaml'));
const BOB = join(EXAMPLES_ROOT, registryPath('bob', 'json'));

const DATA_VALIDATION_AMBIGUOUS = {
  code: 'AMBIGUOUS_STEP',
  column: null,
  field: null,
  file: BOB,
  hint: 'give one definition a lower priority, or distinct framework / environment_tags',
  line: 14,
  message: "'DataValidation' is ambiguous without a workspace: bob, carol tie at priority 50",
  severity: 'warning',
  step: 'DataValidation',
  suggestions: [],
  workspace_id: 'bob',
};


const GOOD_YAML = `LOCAL_STEPS:\n${stepYaml('GoodStep')}WORKSPACE_METADATA:\n  developer_id: good\n`;
/** Line 8 is the misspelt field (LOCAL_STEPS, BadStep, 5 required fields, then `framwork`). */
const BAD_YAML = `LOCAL_STEPS:\n${stepYaml('BadStep', { framwork: 'pandas' })}`;

describe('cursus registry validate-registry (in-process)', () => {
  let tmp: TempDir;
  const lines = (run: CliRun): string[] => run.stdout.replace(/\n$/, '').split('\n');

  beforeEach(async () => {
    tmp = makeTempDir('cursus-validate-');
  });
  afterEach(() => tmp.cleanup());

  describe('on the example workspaces', () => {
    const cli = (args: string[]): Promise<CliRun> => runCliInProcess(['--workspaces-root', EXAMPLES_ROOT, 'registry', 'validate-registry', ...args], { cwd: tmp.dir });

    it('exit 0, exact text: each diagnostic as `file:line  severity CODE  message`, then the summary', async () => {
      const run = await cli([]);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(lines(run)).toEqual([
        `${BOB}:14  warning AMBIGUOUS_STEP  'DataValidation' is ambiguous without a workspace: bob, carol tie at priority 50 (hint: give one definition a lower priority, or distinct framework / environment_tags)`,
        '✓ valid: core (17 steps) and 3 workspaces — 0 errors, 1 warning',
      ]);
    });

    it('--format json: exact report', async () => {
      const run = await cli(['--format', 'json']);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({
        core_steps: 17,
        diagnostics: [DATA_VALIDATION_AMBIGUOUS],
        errors: 0,
        ok: true,
        strict: false,
        warnings: 1,
        workspace_id: null,
        workspaces_checked: 3,
      });
    });

    it('--check-conflicts --format json: a STEP_CONFLICT per name defined by two or more workspaces, exact', async () => {
      const run = await cli(['--check-conflicts', '--format', 'json']);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      const report = JSON.parse(run.stdout) as { diagnostics: { code: string; step: string; file: string; line: number; severity: string }[] };
      expect(report.diagnostics.map((d) => [d.severity, d.code, d.step, d.file, d.line])).toEqual([
        ['warning', 'STEP_CONFLICT', 'ModelTraining', ALICE, 16],
        ['warning', 'STEP_CONFLICT', 'ModelEvaluation', ALICE, 28],
        ['warning', 'AMBIGUOUS_STEP', 'DataValidation', BOB, 14],
        ['warning', 'STEP_CONFLICT', 'DataValidation', BOB, 14],
      ]);
      expect(JSON.parse(run.stdout)).toEqual({
        core_steps: 17,
        diagnostics: [
          {
            code: 'STEP_CONFLICT',
            column: null,
            field: null,
            file: ALICE,
            hint: 'see how it resolves: cursus registry resolve-step ModelTraining --explain',
            line: 16,
            message: "'ModelTraining' is defined by 3 workspaces: alice (workspace, priority 90), bob (workspace, priority 90), carol (workspace, priority 70)",
            severity: 'warning',
            step: 'ModelTraining',
            suggestions: [],
            workspace_id: 'alice',
          },
          {
            code: 'STEP_CONFLICT',
            column: null,
            field: null,
            file: ALICE,
            hint: 'see how it resolves: cursus registry resolve-step ModelEvaluation --explain',
            line: 28,
            message: "'ModelEvaluation' is defined by 2 workspaces: alice (workspace, priority 60), bob (workspace, priority 80)",
            severity: 'warning',
            step: 'ModelEvaluation',
            suggestions: [],
            workspace_id: 'alice',
          },
          DATA_VALIDATION_AMBIGUOUS,
          {
            code: 'STEP_CONFLICT',
            column: null,
            field: null,
            file: BOB,
            hint: 'see how it resolves: cursus registry resolve-step DataValidation --explain',
            line: 14,
            message: "'DataValidation' is defined by 2 workspaces: bob (workspace, priority 50), carol (workspace, priority 50)",
            severity: 'warning',
            step: 'DataValidation',
            suggestions: [],
            workspace_id: 'bob',
          },
        ],
        errors: 0,
        ok: true,
        strict: false,
        warnings: 4,
        workspace_id: null,
        workspaces_checked: 3,
      });
    });

    it('--strict: exit 1 because of the warnings, and the summary says so', async () => {
      const run = await cli(['--strict']);
      expect(run.code).toBe(1);
      expect(lines(run).slice(0, -1)).toEqual(lines(await cli([])).slice(0, -1));
      expect(lines(run).at(-1)).toBe('✗ invalid: core (17 steps) and 3 workspaces — 0 errors, 1 warning (strict: warnings fail)');
      const json = await cli(['--strict', '--format', 'json']);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, strict: true, errors: 0, warnings: 1 });
    });

    it('--workspace alice: only alice’s diagnostics (none), exit 0; --strict too', async () => {
      const run = await cli(['--workspace', 'alice', '--format', 'json']);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({ core_steps: 17, diagnostics: [], errors: 0, ok: true, strict: false, warnings: 0, workspace_id: 'alice', workspaces_checked: 1 });
      const strict = await cli(['--workspace', 'alice', '--strict']);
      expect(strict.code).toBe(0);
      expect(strict.stdout).toBe("✓ valid: workspace 'alice' — 0 errors, 0 warnings (strict: warnings fail)\n");
    });

    it('--workspace carol: the DataValidation tie it takes part in is reported; --strict fails on it', async () => {
      const run = await cli(['--workspace', 'carol', '--format', 'json']);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as { diagnostics: { code: string; step: string; workspace_id: string }[]; warnings: number };
      expect(report.diagnostics.map((d) => [d.code, d.step, d.workspace_id])).toEqual([['AMBIGUOUS_STEP', 'DataValidation', 'carol']]);
      expect((await cli(['--workspace', 'carol', '--strict'])).code).toBe(1);
    });

    it('--workspace unknown: exit 2, UNKNOWN_WORKSPACE in one line with the known ids and a suggestion', async () => {
      const run = await cli(['--workspace', 'carrol']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        "cursus: error UNKNOWN_WORKSPACE: Unknown workspace 'carrol' (known: alice, bob, carol) — did you mean 'carol'? Hint: workspaces are the directories under the workspaces root; check --workspaces-root / CURSUS_WORKSPACES_ROOT\n",
      );
    });
  });

  describe('a temp root with one broken workspace next to a good one', () => {
    let root: string;
    const cli = (args: string[]): Promise<CliRun> => runCliInProcess(['--workspaces-root', root, 'registry', 'validate-registry', ...args], { cwd: tmp.dir });

    beforeEach(async () => {
      root = join(tmp.dir, 'ws');
      tmp.write(join('ws', registryPath('good')), GOOD_YAML);
      tmp.write(join('ws', registryPath('broken')), BAD_YAML);
    });

    it('exit 1; the error as `file:line  error CODE  message` (path relative to the cwd), then the summary', async () => {
      const before = tree(tmp.dir);
      const run = await cli([]);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('');
      expect(lines(run)).toEqual([
        'ws/broken/src/cursus_dev/registry/workspace_registry.yaml:8  error STEP_DEFINITION_INVALID  step \'BadStep\': `framwork`: unknown field — did you mean `framework`? (hint: known fields: config_class, builder_step_name, spec_type, sagemaker_step_type, description, registry_type, workspace_id, priority, framework, environment_tags, compatibility_tags, conflict_resolution_strategy, job_types, framework_version, override_source, metadata)',
        '✗ invalid: core (17 steps) and 2 workspaces — 1 error, 0 warnings',
      ]);
      expect(tree(tmp.dir)).toEqual(before);
    });

    it('--format json: the error diagnostic with file, line, column, step, field and workspace', async () => {
      const run = await cli(['--format', 'json']);
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as { ok: boolean; errors: number; warnings: number; diagnostics: unknown[] };
      expect(report.ok).toBe(false);
      expect(report.errors).toBe(1);
      expect(report.warnings).toBe(0);
      expect(report.diagnostics[0]).toEqual({
        code: 'STEP_DEFINITION_INVALID',
        column: 5,
        field: 'framwork',
        file: join(root, registryPath('broken')),
        hint: 'known fields: config_class, builder_step_name, spec_type, sagemaker_step_type, description, registry_type, workspace_id, priority, framework, environment_tags, compatibility_tags, conflict_resolution_strategy, job_types, framework_version, override_source, metadata',
        line: 8,
        message: "step 'BadStep': `framwork`: unknown field — did you mean `framework`?",
        severity: 'error',
        step: 'BadStep',
        suggestions: ['framework'],
        workspace_id: 'broken',
      });
      expect(report.diagnostics).toHaveLength(1);
    });

    it('--workspace good next to the broken sibling: exit 0, only its own diagnostics (none)', async () => {
      const run = await cli(['--workspace', 'good']);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe("✓ valid: workspace 'good' — 0 errors, 0 warnings\n");
      const json = await cli(['--workspace', 'good', '--strict', '--format', 'json']);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toEqual({ core_steps: 17, diagnostics: [], errors: 0, ok: true, strict: true, warnings: 0, workspace_id: 'good', workspaces_checked: 1 });
    });

    it('--workspace broken: exit 1 with its error', async () => {
      const run = await cli(['--workspace', 'broken']);
      expect(run.code).toBe(1);
      expect(lines(run)).toHaveLength(2);
      expect(lines(run)[0]).toMatch(/^ws\/broken\/src\/cursus_dev\/registry\/workspace_registry\.yaml:8 {2}error STEP_DEFINITION_INVALID {2}step 'BadStep': `framwork`: unknown field/);
      expect(lines(run)[1]).toBe("✗ invalid: workspace 'broken' — 1 error, 0 warnings");
    });

    it('a YAML syntax error is an error line with its line number', async () => {
      tmp.write(join('ws', registryPath('broken')), 'LOCAL_STEPS:\n  Foo: [\n');
      const run = await cli([]);
      expect(run.code).toBe(1);
      expect(lines(run)[0]).toMatch(/^ws\/broken\/src\/cursus_dev\/registry\/workspace_registry\.yaml:\d+ {2}error REGISTRY_LOAD_ERROR {2}\S/);
      expect(lines(run).at(-1)).toBe('✗ invalid: core (17 steps) and 2 workspaces — 1 error, 0 warnings');
    });

    it('two registry files in one workspace are an error (ambiguous), exit 1', async () => {
      tmp.write(join('ws', registryPath('good', 'json')), '{}\n');
      const run = await cli(['--workspace', 'good', '--format', 'json']);
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as { diagnostics: { code: string; severity: string; workspace_id: string; message: string }[] };
      expect(report.diagnostics).toHaveLength(1);
      expect(report.diagnostics[0]).toMatchObject({ severity: 'error', code: 'REGISTRY_LOAD_ERROR', workspace_id: 'good' });
      expect(report.diagnostics[0]!.message).toContain('workspace_registry.yaml');
      expect(report.diagnostics[0]!.message).toContain('workspace_registry.json');
    });

    it('a developer_id differing from the directory name is a warning: exit 0, --strict exit 1', async () => {
      tmp.write(join('ws', registryPath('good')), GOOD_YAML.replace('developer_id: good', 'developer_id: someone'));
      const run = await cli(['--workspace', 'good', '--format', 'json']);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as { diagnostics: { severity: string; workspace_id: string; line: number }[]; warnings: number; errors: number };
      expect(report.errors).toBe(0);
      expect(report.warnings).toBe(1);
      expect(report.diagnostics[0]).toMatchObject({ severity: 'warning', workspace_id: 'good', line: 9 });
      expect((await cli(['--workspace', 'good', '--strict'])).code).toBe(1);
    });

    it('--workspace unknown next to them: exit 2 with the known ids', async () => {
      const run = await cli(['--workspace', 'goood']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.split('\n')).toHaveLength(2);
      expect(run.stderr).toMatch(/^cursus: error UNKNOWN_WORKSPACE: Unknown workspace 'goood' \(known: broken, good\) — did you mean 'good'\?/);
    });
  });

  it('the shipped examples are never modified by validation', async () => {
    const file = join(EXAMPLES_ROOT, registryPath('alice'));
    const before = readFileSync(file, 'utf8');
    const beforeTree = tree(EXAMPLES_ROOT);
    await runCliInProcess(['--workspaces-root', EXAMPLES_ROOT, 'registry', 'validate-registry', '--check-conflicts'], { cwd: tmp.dir });
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(tree(EXAMPLES_ROOT)).toEqual(beforeTree);
    expect(tree(tmp.dir)).toEqual([]);
  });
});
