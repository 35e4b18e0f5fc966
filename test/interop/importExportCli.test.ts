import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readWorkspaceRegistry } from '../../src/sources/workspaceRegistryReader.js';
import { runCliInProcess } from '../helpers/runCli.js';
import { CORE_64, makeTempDir, REPO_ROOT, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';
import { EXTRA_ROWS, INTERFACES_DIR, PY_SAMPLE, SAMPLE_VALUES } from './interopFixtures.js';

const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;
const SAMPLE = readFileSync(PY_SAMPLE, 'utf8');

/** Every file under a directory, relative, sorted. */
function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as { name: string; parentPath: string; isFile(): boolean }[])
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}

describe('cursus registry import: Python workspace registries (in-process)', () => {
  let tmp: TempDir;
  beforeEach(async () => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  const reg = (ws: string, ext: string) => join('ws', registryPath(ws, ext));

  it('converts one .py to YAML next to it, with the same data, and says the workspace now has two files', async () => {
    tmp.write(reg('maria', 'py'), SAMPLE);
    const run = await runCliInProcess(['registry', 'import', reg('maria', 'py')], { cwd: tmp.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      `converted ${reg('maria', 'py')} -> ${reg('maria', 'yaml')} (2 local steps, 1 override, metadata)`,
      `${reg('maria', 'yaml')}  warning TWO_REGISTRY_FILES  workspace 'maria' now has 2 registry files (workspace_registry.yaml, workspace_registry.py) and is reported ambiguous until one is removed (hint: delete workspace_registry.py once nobody reads it, or re-run with --replace --force to move it aside)`,
      '1 file written, 1 warning',
      'next: cursus registry validate-registry --workspace maria',
      '',
    ]);
    const yaml = readFileSync(join(tmp.dir, reg('maria', 'yaml')), 'utf8');
    expect(yaml.split('\n').slice(1, 5)).toEqual([
      '# Converted from workspace_registry.py by `cursus registry import`: the same data, read without running Python.',
      '',
      'LOCAL_STEPS:',
      '  LightGBMRankerTraining:',
    ]);
    expect(yaml).toMatch(/^# yaml-language-server: \$schema=.*schema\/workspace-registry\.schema\.json\n/);
    expect(yaml).toContain('    description: |-\n      XGBoost training with\n      early stopping on a custom metric\n');
    const fromYaml = readWorkspaceRegistry(join(tmp.dir, reg('maria', 'yaml')), 'maria');
    const fromPy = readWorkspaceRegistry(join(tmp.dir, reg('maria', 'py')), 'maria');
    const strip = (m: ReadonlyMap<string, object>) => [...m.values()].map((d) => ({ ...d, source: null }));
    expect(strip(fromYaml.localSteps)).toEqual(strip(fromPy.localSteps));
    expect(strip(fromYaml.stepOverrides)).toEqual(strip(fromPy.stepOverrides));
    expect(fromYaml.metadata).toEqual(fromPy.metadata);
    // Two registry files: the workspace is ambiguous until one goes.
    const list = await runCliInProcess(['--workspaces-root', 'ws', 'registry', 'list-steps', '--workspace', 'maria'], { cwd: tmp.dir });
    expect(list.code).toBe(2);
    expect(list.stderr).toMatch(/ambiguous workspace registry: 2 registry files/);
  });

  it('refuses an existing target without --force (exit 2, nothing changed); --force --replace backs it up and moves the .py aside', async () => {
    tmp.write(reg('maria', 'py'), SAMPLE);
    const existing = tmp.write(reg('maria', 'yaml'), 'LOCAL_STEPS: {}\n');
    const refused = await runCliInProcess(['registry', 'import', join('ws', 'maria')], { cwd: tmp.dir });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(`cursus: error WORKSPACE_EXISTS: ${existing}: workspace_registry.yaml already exists. Hint: pass --force to replace it (a timestamped backup is kept)\n`);
    expect(readFileSync(existing, 'utf8')).toBe('LOCAL_STEPS: {}\n');

    const run = await runCliInProcess(['registry', 'import', join('ws', 'maria'), '--force', '--replace'], { cwd: tmp.dir });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`converted ${reg('maria', 'py')} -> ${reg('maria', 'yaml')} (2 local steps, 1 override, metadata)`);
    expect(lines[1]).toMatch(new RegExp(`^  backed up the file it replaced to ${reg('maria', 'yaml').replace(/\./g, '\\.')}\\.bak-\\d{8}T\\d{9}Z$`));
    expect(lines[2]).toMatch(new RegExp(`^  moved workspace_registry.py aside to ${reg('maria', 'py').replace(/\./g, '\\.')}\\.bak-\\d{8}T\\d{9}Z$`));
    expect(lines.slice(3)).toEqual(['1 file written, 0 warnings', 'next: cursus registry validate-registry --workspace maria', '']);
    const dir = join(tmp.dir, 'ws', 'maria', 'src', 'cursus_dev', 'registry');
    expect(readdirSync(dir).map((f) => f.replace(/\d{8}T\d{9}Z/, 'STAMP')).sort()).toEqual(['workspace_registry.py.bak-STAMP', 'workspace_registry.yaml', 'workspace_registry.yaml.bak-STAMP']);
    const validate = await runCliInProcess(['--workspaces-root', 'ws', 'registry', 'validate-registry', '--workspace', 'maria'], { cwd: tmp.dir });
    expect(validate.code).toBe(0);
    const show = await runCliInProcess(['--workspaces-root', 'ws', 'registry', 'list-steps', '--workspace', 'maria', '--format', 'json'], { cwd: tmp.dir });
    expect((JSON.parse(show.stdout) as Record<string, { config_class: string }>).XGBoostTraining?.config_class).toBe('MariaXGBoostTrainingConfig');
  });

  it('--format json and --format ts (with --replace) write files that load with the same data', async () => {
    tmp.write(reg('maria', 'py'), SAMPLE);
    tmp.write(reg('noah', 'py'), SAMPLE.replace('"developer_id": "maria"', '"developer_id": "noah"'));
    const json = await runCliInProcess(['registry', 'import', reg('maria', 'py'), '--format', 'json', '--replace'], { cwd: tmp.dir });
    expect(json.code).toBe(0);
    const data = JSON.parse(readFileSync(join(tmp.dir, reg('maria', 'json')), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(data)).toEqual(['$schema', 'LOCAL_STEPS', 'STEP_OVERRIDES', 'WORKSPACE_METADATA']);
    expect({ ...data, $schema: undefined }).toEqual({ ...SAMPLE_VALUES, $schema: undefined });
    const ts = await runCliInProcess(['registry', 'import', reg('noah', 'py'), '--to', reg('noah', 'ts'), '--replace'], { cwd: tmp.dir });
    expect(ts.code).toBe(0);
    expect(ts.stdout).toContain(`converted ${reg('noah', 'py')} -> ${reg('noah', 'ts')} (2 local steps, 1 override, metadata)`);
    const text = readFileSync(join(tmp.dir, reg('noah', 'ts')), 'utf8');
    expect(text.split('\n').slice(0, 4)).toEqual([
      '// Converted from workspace_registry.py by `cursus registry import`: the same data, read without running Python.',
      "import { defineWorkspaceRegistry } from 'cursus-registry';",
      '',
      'export default defineWorkspaceRegistry({',
    ]);
    const list = await runCliInProcess(['--workspaces-root', 'ws', 'registry', 'validate-registry'], { cwd: tmp.dir });
    expect(list.stdout).toMatch(/✓ valid: core \(17 steps\) and 2 workspaces — 0 errors, /);
    expect(list.code).toBe(0);
    const noah = await runCliInProcess(['--workspaces-root', 'ws', 'registry', 'export', '--workspace', 'noah'], { cwd: tmp.dir });
    expect((JSON.parse(noah.stdout) as Record<string, { description: string }>).XGBoostTraining?.description).toBe('XGBoost training with\nearly stopping on a custom metric');
  });

  it('converts every Python workspace of a workspaces root, leaving the others alone', async () => {
    tmp.write(reg('maria', 'py'), SAMPLE);
    tmp.write(reg('noah', 'py'), 'LOCAL_STEPS = {}\nWORKSPACE_METADATA = {"developer_id": "noah"}\n');
    const yuki = tmp.write(reg('yuki', 'yaml'), `LOCAL_STEPS:\n${stepYaml('YukiCheck')}`);
    tmp.write(join('ws', '.hidden', 'x.txt'), 'x');
    const run = await runCliInProcess(['registry', 'import', 'ws', '--replace'], { cwd: tmp.dir });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter((l) => !l.startsWith('  moved'))).toEqual([
      `converted ${reg('maria', 'py')} -> ${reg('maria', 'yaml')} (2 local steps, 1 override, metadata)`,
      `converted ${reg('noah', 'py')} -> ${reg('noah', 'yaml')} (0 local steps, 0 overrides, metadata)`,
      "ws/.hidden  warning WORKSPACE_SKIPPED  skipped hidden directory '.hidden' (hint: hidden directories are never workspaces)",
      '2 files written, 1 warning',
      'next: cursus registry validate-registry',
      '',
    ]);
    expect(readFileSync(yuki, 'utf8')).toBe(`LOCAL_STEPS:\n${stepYaml('YukiCheck')}`);
    expect(existsSync(join(tmp.dir, reg('maria', 'py')))).toBe(false);
    expect((await runCliInProcess(['--workspaces-root', 'ws', 'registry', 'validate-registry'], { cwd: tmp.dir })).code).toBe(0);
  });

  it.each([
    ['function call', 'LOCAL_STEPS = {\n    "A": dict(config_class="AConfig"),\n}\n', 'REGISTRY_LOAD_ERROR', ':2:10: function call `dict(…)` is not a literal: write the value it returns.'],
    ['variable reference', 'LOCAL_STEPS = {"A": BASE}\n', 'REGISTRY_LOAD_ERROR', ':1:21: variable reference `BASE` is not a literal: write its value here.'],
    ['f-string', 'WORKSPACE_METADATA = {"developer_id": f"{1}"}\n', 'REGISTRY_LOAD_ERROR', ':1:39: f-string `f…` is not a literal (it runs code when the module is imported).'],
    ['unbalanced brackets', 'LOCAL_STEPS = {\n    "A": {"config_class": "AConfig"]\n}\n', 'REGISTRY_LOAD_ERROR', ':2:36: closing bracket `]` does not match `{` opened at line 2, column 10.'],
    ['non-dict LOCAL_STEPS', 'LOCAL_STEPS = ("A", "B")\n', 'REGISTRY_LOAD_ERROR', ':1:1: LOCAL_STEPS must be a mapping of step name → fields, got a list.'],
    ['duplicate keys', 'WORKSPACE_METADATA = {\n    "developer_id": "noah",\n    "developer_id": "noah2",\n}\n', 'REGISTRY_LOAD_ERROR', ":3:5: duplicate key 'developer_id' (first at line 2)."],
  ])('a bad .py in a root (%s): one-line error, exit 2, nothing written anywhere', async (_what, text, code, where) => {
    tmp.write(reg('maria', 'py'), SAMPLE);
    const bad = tmp.write(reg('noah', 'py'), text);
    const before = filesUnder(tmp.dir);
    const run = await runCliInProcess(['registry', 'import', 'ws', '--replace'], { cwd: tmp.dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]?.startsWith(`cursus: error ${code}: ${bad}${where} Hint: `)).toBe(true);
    expect(filesUnder(tmp.dir)).toEqual(before);
  });

  it('usage errors exit 2 with one line', async () => {
    tmp.write(reg('maria', 'py'), SAMPLE);
    const to = await runCliInProcess(['registry', 'import', 'ws', '--to', 'x.yaml'], { cwd: tmp.dir });
    expect(to.code).toBe(2);
    expect(to.stderr).toBe(`cursus: error REGISTRY_LOAD_ERROR: ${join(tmp.dir, 'ws')}: --to applies to a single .py file or workspace; a workspaces root is converted in place. Hint: drop --to (each workspace gets its file next to its .py)\n`);
    const mismatch = await runCliInProcess(['registry', 'import', reg('maria', 'py'), '--to', 'x.json', '--format', 'yaml'], { cwd: tmp.dir });
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/--format yaml does not match the extension of --to \(\.json\)/);
    const missing = await runCliInProcess(['registry', 'import', 'nowhere.py'], { cwd: tmp.dir });
    expect(missing.stderr).toBe(`cursus: error REGISTRY_LOAD_ERROR: ${join(tmp.dir, 'nowhere.py')}: import source not found. Hint: give a workspace_registry.py, a workspace directory, a workspaces root, or a directory of *.step.yaml interface files\n`);
    const empty = await runCliInProcess(['registry', 'import', '.'], { cwd: join(tmp.dir, 'ws', 'maria', 'src') });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no workspace under this directory has a workspace_registry\.py/);
    const choice = await runCliInProcess(['registry', 'import', 'ws', '--format', 'toml'], { cwd: tmp.dir });
    expect(choice.code).toBe(2);
    expect(choice.stderr).toMatch(/argument 'toml' is invalid\. Allowed choices are yaml, json, ts\./);
    expect(filesUnder(tmp.dir)).toEqual([reg('maria', 'py')]);
  });

  it('--help lists the options and examples', async () => {
    const run = await runCliInProcess(['registry', 'import', '--help'], { cwd: tmp.dir });
    expect(run.code).toBe(0);
    for (const text of ['--to <path>', '--format <format>', '--force', '--replace', '--extra <file>', 'The .py files are parsed, never run', '$ cursus registry import developer_workspaces/developers/maria --replace']) expect(run.stdout).toContain(text);
  });
});

describe('cursus registry import: step interface files → core registry (in-process)', () => {
  let tmp: TempDir;
  beforeEach(async () => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('the 61 interface files plus the 3 extra rows give exactly cursus_core_64.json', async () => {
    const run = await runCliInProcess(['registry', 'import', INTERFACES_DIR, '--extra', EXTRA_ROWS, '--to', 'core/step_names.json'], { cwd: tmp.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      `derived ${INTERFACES_DIR} -> core/step_names.json (64 steps: 61 from interface files, 3 from core_extra_rows.json)`,
      `${EXTRA_ROWS}:10  warning CONVENTION  config_class 'ProcessingStepConfigBase' does not end in 'Config' (hint: config classes are conventionally named \`<Step>Config\`)`,
      '1 file written, 1 warning',
      '',
    ]);
    const written = readFileSync(join(tmp.dir, 'core', 'step_names.json'), 'utf8');
    expect(JSON.parse(written)).toEqual(JSON.parse(readFileSync(CORE_64, 'utf8')));
    expect(Object.keys(JSON.parse(written) as object)).toEqual(Object.keys(JSON.parse(readFileSync(CORE_64, 'utf8')) as object));
    expect(written).toBe(readFileSync(CORE_64, 'utf8'));
    const list = await runCliInProcess(['--core-registry', 'core/step_names.json', 'registry', 'list-steps', '--format', 'json'], { cwd: tmp.dir });
    expect(Object.keys(JSON.parse(list.stdout) as object)).toHaveLength(64);
  });

  it('YAML by default, to ./step_names.yaml', async () => {
    const run = await runCliInProcess(['registry', 'import', INTERFACES_DIR, '--extra', EXTRA_ROWS], { cwd: tmp.dir });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`derived ${INTERFACES_DIR} -> step_names.yaml (64 steps: 61 from interface files, 3 from core_extra_rows.json)`);
    const yaml = readFileSync(join(tmp.dir, 'step_names.yaml'), 'utf8');
    expect(yaml.split('\n').slice(0, 10)).toEqual([
      '# Core step registry derived by `cursus registry import` from 61 step interface files in cursus_step_interfaces/',
      '# plus 3 rows of core_extra_rows.json.',
      '# Legacy STEP_NAMES shape: step name -> fields.',
      '',
      'ActiveSampleSelection:',
      '  config_class: ActiveSampleSelectionConfig',
      '  builder_step_name: ActiveSampleSelectionStepBuilder',
      '  spec_type: ActiveSampleSelection',
      '  sagemaker_step_type: Processing',
      expect.stringMatching(/^ {2}description: Active sample selection step that/) as unknown as string,
    ]);
    const exported = await runCliInProcess(['--core-registry', 'step_names.yaml', 'registry', 'export'], { cwd: tmp.dir });
    expect(JSON.parse(exported.stdout)).toEqual(JSON.parse(readFileSync(CORE_64, 'utf8')));
  });

  it.each([
    ['no step_type', 'node_type: internal\nregistry:\n  sagemaker_step_type: Processing\n  description: B\n', 'REGISTRY_LOAD_ERROR', ':1:1: no `step_type` (the step name) in the interface file.'],
    ['no sagemaker_step_type', 'step_type: BStep\nregistry:\n  description: B\n', 'STEP_DEFINITION_INVALID', ":2:1: step 'BStep': no `registry.sagemaker_step_type`."],
  ])('an interface file with %s: one-line error with file:line, exit 2, nothing written', async (_what, text, code, where) => {
    tmp.write('interfaces/a.step.yaml', 'step_type: AStep\nregistry:\n  sagemaker_step_type: Processing\n  description: A\n');
    const bad = tmp.write('interfaces/b.step.yaml', text);
    const run = await runCliInProcess(['registry', 'import', 'interfaces', '--to', 'out/core.yaml'], { cwd: tmp.dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stderr.startsWith(`cursus: error ${code}: ${bad}${where} Hint: `)).toBe(true);
    expect(filesUnder(tmp.dir)).toEqual(['interfaces/a.step.yaml', 'interfaces/b.step.yaml']);
  });

  it('a core registry is YAML or JSON: --format ts is refused', async () => {
    tmp.write('interfaces/a.step.yaml', 'step_type: AStep\nregistry:\n  sagemaker_step_type: Processing\n  description: A\n');
    const run = await runCliInProcess(['registry', 'import', 'interfaces', '--format', 'ts'], { cwd: tmp.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cursus: error REGISTRY_LOAD_ERROR: a core registry cannot be written as ts. Hint: use --format yaml or --format json (the core reader reads those)\n');
    expect(filesUnder(tmp.dir)).toEqual(['interfaces/a.step.yaml']);
  });
});

describe('cursus registry export (in-process)', () => {
  let tmp: TempDir;
  beforeEach(async () => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('json: the legacy STEP_NAMES of the core view, in core order, legacy field order', async () => {
    const run = await runCliInProcess(['registry', 'export'], { cwd: REPO_ROOT });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, Record<string, string>>;
    expect(Object.keys(json)).toHaveLength(17);
    expect(Object.keys(json)[0]).toBe('Base');
    expect(json.XGBoostTraining).toEqual({ config_class: 'XGBoostTrainingConfig', builder_step_name: 'XGBoostTrainingStepBuilder', spec_type: 'XGBoostTraining', sagemaker_step_type: 'Training', description: 'XGBoost model training step' });
    expect(Object.keys(json.Registration ?? {})).toEqual(['config_class', 'builder_step_name', 'spec_type', 'sagemaker_step_type', 'description']);
  });

  it("yaml and python of a .py workspace's view; the Python module imports and equals the JSON export", async () => {
    tmp.write(join('ws', registryPath('maria', 'py')), SAMPLE);
    const args = ['--workspaces-root', 'ws', '--core-registry', CORE_64, 'registry', 'export', '--workspace', 'maria'];
    const json = await runCliInProcess(args, { cwd: tmp.dir });
    const yaml = await runCliInProcess([...args, '--format', 'yaml'], { cwd: tmp.dir });
    const python = await runCliInProcess([...args, '--format', 'python'], { cwd: tmp.dir });
    for (const run of [json, yaml, python]) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    const data = JSON.parse(json.stdout) as Record<string, Record<string, string>>;
    expect(Object.keys(data)).toHaveLength(66);
    expect(data.XGBoostTraining?.config_class).toBe('MariaXGBoostTrainingConfig');
    expect(Object.keys(data).slice(-2)).toEqual(['LightGBMRankerTraining', 'FeatureDriftCheck']);
    expect(yaml.stdout.split('\n').slice(0, 4)).toEqual([
      "# STEP_NAMES of the view of workspace 'maria' (core + its LOCAL_STEPS + STEP_OVERRIDES): 66 steps.",
      `# Exported by \`cursus registry export\` (cursus-registry 0.1.0); core registry: ${CORE_64}.`,
      '# Generated file: edit the registry, not this file.',
      '',
    ]);
    expect(python.stdout.split('\n').slice(0, 9)).toEqual([
      `"""STEP_NAMES of the view of workspace 'maria' (core + its LOCAL_STEPS + STEP_OVERRIDES): 66 steps.`,
      `Exported by \`cursus registry export\` (cursus-registry 0.1.0); core registry: ${CORE_64}.`,
      'Generated file: edit the registry, not this file.',
      '"""',
      '',
      'from typing import Any, Dict',
      '',
      'STEP_NAMES: Dict[str, Dict[str, Any]] = {',
      '    "ActiveSampleSelection": {',
    ]);
    expect(python.stdout).toContain('        "description": "XGBoost training with\\nearly stopping on a custom metric",\n');
    expect(python.stdout).toContain('"Learning-to-rank training with \\"lambdarank\\" objective"');
    expect(python.stdout.endsWith('}\n\n__all__ = ["STEP_NAMES"]\n')).toBe(true);
    tmp.write('exported_step_names.py', python.stdout);
    if (HAS_PYTHON) {
      const imported = spawnSync('python3', ['-c', 'import json, exported_step_names as m; print(json.dumps(m.STEP_NAMES))'], { cwd: tmp.dir, encoding: 'utf8' });
      expect(imported.status, imported.stderr).toBe(0);
      expect(JSON.parse(imported.stdout)).toEqual(data);
      expect(Object.keys(JSON.parse(imported.stdout) as object)).toEqual(Object.keys(data));
    }
  });

  it('an unknown workspace is exit 2 with the known ids', async () => {
    tmp.write(join('ws', registryPath('maria', 'py')), SAMPLE);
    const run = await runCliInProcess(['--workspaces-root', 'ws', 'registry', 'export', '--workspace', 'mario'], { cwd: tmp.dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe("cursus: error UNKNOWN_WORKSPACE: Unknown workspace 'mario' (known: maria) — did you mean 'maria'? Hint: workspaces are the directories under the workspaces root; check --workspaces-root / CURSUS_WORKSPACES_ROOT\n");
  });
});

describe('other commands on .py workspaces (in-process)', () => {
  let tmp: TempDir;
  beforeEach(async () => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('setup-developer --copy-from a .py workspace writes YAML with the same data and only developer_id changed', async () => {
    tmp.write(join('ws', registryPath('maria', 'py')), SAMPLE);
    const run = await runCliInProcess(['--workspaces-root', 'ws', 'developer', 'setup-developer', 'noah', '--copy-from', 'maria'], { cwd: tmp.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const copied = readWorkspaceRegistry(join(tmp.dir, 'ws', registryPath('noah', 'yaml')), 'noah');
    const original = readWorkspaceRegistry(join(tmp.dir, 'ws', registryPath('maria', 'py')), 'maria');
    expect(copied.warnings).toEqual([]);
    expect(copied.metadata).toEqual({ ...original.metadata, developer_id: 'noah' });
    expect([...copied.localSteps.values()].map((d) => [d.name, d.config_class, d.workspace_id])).toEqual([...original.localSteps.values()].map((d) => [d.name, d.config_class, 'noah']));
  });

  it('init-workspace --force over a .py registry backs it up and leaves one registry file', async () => {
    tmp.write(join('ws', registryPath('maria', 'py')), SAMPLE);
    const run = await runCliInProcess(['--workspaces-root', 'ws', 'registry', 'init-workspace', 'maria', '--force'], { cwd: tmp.dir });
    expect(run.code).toBe(0);
    expect(readdirSync(join(tmp.dir, 'ws', 'maria', 'src', 'cursus_dev', 'registry')).map((f) => f.replace(/\d{8}T\d{9}Z/, 'STAMP')).sort()).toEqual(['workspace_registry.py.bak-STAMP', 'workspace_registry.yaml']);
  });
});
