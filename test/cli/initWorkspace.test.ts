/**
 * `cursus registry init-workspace` through the CLI in-process (main() on the current source) (SPEC §3.2, §7;
 * issue 4 item 2): where the file goes, its `$schema` line, that every
 * template/format loads with zero diagnostics, refusal without --force,
 * timestamped backups with --force, never two registry files, and
 * --workspace-path. After every write the directory is listed: only the
 * expected files exist (no write-file-atomic temp files left behind).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliInProcess, type CliRun } from '../helpers/runCli.js';
import { REPO_ROOT, makeTempDir, registryPath, type TempDir } from '../helpers/tempRegistry.js';
import { tree } from '../helpers/fileTree.js';

const CORE_NAMES = [
  'Base', 'BatchTransform', 'CradleDataLoading', 'CurrencyConversion', 'DummyTraining', 'HyperparameterPrep', 'ModelCalibration', 'Package',
  'Payload', 'PyTorchModel', 'PyTorchTraining', 'Registration', 'RiskTableMapping', 'TabularPreprocessing', 'XGBoostModel', 'XGBoostModelEval', 'XGBoostTraining',
];
const SHIPPED_SCHEMA = join(REPO_ROOT, 'schema', 'workspace-registry.schema.json');
const REGISTRY_DIR = join('src', 'cursus_dev', 'registry');


/** Exit 2 (unless said otherwise), stdout empty, stderr exactly one line `cursus: error CODE: …`, no stack trace. */
function expectOneLineError(run: CliRun, code: string, exit = 2): string {
  expect(run.code).toBe(exit);
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toContain('    at ');
  expect(run.stderr.endsWith('\n')).toBe(true);
  const lines = run.stderr.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]!.startsWith(`cursus: error ${code}: `)).toBe(true);
  return lines[0]!;
}

describe('cursus registry init-workspace (in-process)', () => {
  let tmp: TempDir;
  let root: string;
  const cli = (args: string[]): Promise<CliRun> => runCliInProcess(['--workspaces-root', root, ...args], { cwd: tmp.dir });
  const validateJson = async (id: string) => {
    const run = await cli(['registry', 'validate-registry', '--workspace', id, '--strict', '--format', 'json']);
    return { run, json: JSON.parse(run.stdout) as unknown };
  };
  const stepsOf = async (id: string): Promise<Record<string, Record<string, unknown>>> => {
    const run = await cli(['registry', 'list-steps', '--workspace', id, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout) as Record<string, Record<string, unknown>>;
  };
  /** The zero-diagnostic report of `validate-registry --workspace id --strict --format json`. */
  const cleanReport = (id: string) => ({ core_steps: 17, diagnostics: [], errors: 0, ok: true, strict: true, warnings: 0, workspace_id: id, workspaces_checked: 1 });

  beforeEach(async () => {
    tmp = makeTempDir('cursus-init-');
    root = join(tmp.dir, 'ws');
    mkdirSync(root);
  });
  afterEach(() => tmp.cleanup());

  it('default (standard, yaml): writes <root>/<id>/src/cursus_dev/registry/workspace_registry.yaml and says so', async () => {
    const run = await cli(['registry', 'init-workspace', 'alice']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'created ws/alice/src/cursus_dev/registry/workspace_registry.yaml (standard, yaml)\n' +
        'next: edit it, then run `cursus registry validate-registry --workspace alice`\n',
    );
    // Exactly the registry file: no temp file, no backup, nothing else.
    expect(tree(tmp.dir)).toEqual(['ws/', 'ws/alice/', 'ws/alice/src/', 'ws/alice/src/cursus_dev/', 'ws/alice/src/cursus_dev/registry/', 'ws/alice/src/cursus_dev/registry/workspace_registry.yaml']);
  });

  it('the YAML starts with a yaml-language-server $schema line that points at the shipped schema', async () => {
    expect((await cli(['registry', 'init-workspace', 'alice'])).code).toBe(0);
    const file = join(root, registryPath('alice'));
    const text = readFileSync(file, 'utf8');
    const first = text.split('\n')[0]!;
    expect(first.startsWith('# yaml-language-server: $schema=')).toBe(true);
    const ref = first.slice('# yaml-language-server: $schema='.length);
    expect(ref).not.toBe('');
    expect(ref).not.toContain('\\');
    const target = resolve(dirname(file), ref);
    expect(target).toBe(SHIPPED_SCHEMA);
    expect(existsSync(target)).toBe(true);
    // The template has what the issue asks for: a local step, an override example commented out, full metadata.
    expect(text).toContain('\nLOCAL_STEPS:\n');
    expect(text).toMatch(/\nSTEP_OVERRIDES:\n(  #.*\n)+/);
    expect(text).toContain('  # XGBoostTraining:\n');
    for (const key of ['developer_id', 'version', 'description', 'dependencies', 'default_resolution_strategy', 'preferred_frameworks', 'environment_preferences', 'conflict_tolerance']) {
      expect(text).toMatch(new RegExp(`\\n  ${key}: `));
    }
    expect(text).toContain('\n  developer_id: "alice"\n');
  });

  it('the standard YAML workspace loads with zero diagnostics (validate --workspace --strict --format json)', async () => {
    expect((await cli(['registry', 'init-workspace', 'alice'])).code).toBe(0);
    const { run, json } = await validateJson('alice');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(json).toEqual(cleanReport('alice'));
    // Without --workspace there is no finding either: the bundled core is clean (its abstract Base step is exempt from the suffix rules).
    const all = await cli(['registry', 'validate-registry', '--format', 'json']);
    expect(all.code).toBe(0);
    const report = JSON.parse(all.stdout) as { diagnostics: { code: string; step: string; workspace_id: string | null }[]; errors: number; warnings: number; workspaces_checked: number };
    expect(report.errors).toBe(0);
    expect(report.warnings).toBe(0);
    expect(report.workspaces_checked).toBe(1);
    expect(report.diagnostics).toEqual([]);
    // Text form, strict, one workspace.
    const text = await cli(['registry', 'validate-registry', '--workspace', 'alice', '--strict']);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe("✓ valid: workspace 'alice' — 0 errors, 0 warnings (strict: warnings fail)\n");
  });

  it('standard yaml: list-steps shows core plus the example local step, marked as the workspace’s', async () => {
    expect((await cli(['registry', 'init-workspace', 'alice'])).code).toBe(0);
    const steps = await stepsOf('alice');
    expect(Object.keys(steps)).toEqual([...CORE_NAMES, 'AliceCustomProcessing'].sort());
    expect(steps.AliceCustomProcessing).toEqual({
      builder_step_name: 'AliceCustomProcessingStepBuilder',
      config_class: 'AliceCustomProcessingConfig',
      description: 'Custom processing step of workspace alice',
      environment_tags: ['development'],
      framework: 'pandas',
      registry_type: 'workspace',
      sagemaker_step_type: 'Processing',
      spec_type: 'AliceCustomProcessing',
      workspace_id: 'alice',
    });
    // The override example is commented out: core's XGBoostTraining is untouched.
    expect(steps.XGBoostTraining?.registry_type).toBe('core');
    expect(steps.XGBoostTraining?.config_class).toBe('XGBoostTrainingConfig');
  });

  it('--template minimal: loads with zero diagnostics and adds no step', async () => {
    const run = await cli(['registry', 'init-workspace', 'mia', '--template', 'minimal']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('created ws/mia/src/cursus_dev/registry/workspace_registry.yaml (minimal, yaml)');
    expect(readdirSync(join(root, 'mia', REGISTRY_DIR))).toEqual(['workspace_registry.yaml']);
    const text = readFileSync(join(root, registryPath('mia')), 'utf8');
    expect(text.startsWith('# yaml-language-server: $schema=')).toBe(true);
    expect(text).toContain('\n  developer_id: "mia"');
    const { run: v, json } = await validateJson('mia');
    expect(v.code).toBe(0);
    expect(json).toEqual(cleanReport('mia'));
    const steps = await stepsOf('mia');
    expect(Object.keys(steps)).toEqual(CORE_NAMES);
    expect(Object.values(steps).every((s) => s.workspace_id === null && s.registry_type === 'core')).toBe(true);
  });

  it('--format json: a JSON registry with $schema to the shipped schema; loads with zero diagnostics', async () => {
    const run = await cli(['registry', 'init-workspace', 'jay', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('created ws/jay/src/cursus_dev/registry/workspace_registry.json (standard, json)');
    expect(readdirSync(join(root, 'jay', REGISTRY_DIR))).toEqual(['workspace_registry.json']);
    const file = join(root, registryPath('jay', 'json'));
    const data = JSON.parse(readFileSync(file, 'utf8')) as { $schema: string; WORKSPACE_METADATA: { developer_id: string }; STEP_OVERRIDES: object; LOCAL_STEPS: object };
    expect(resolve(dirname(file), data.$schema)).toBe(SHIPPED_SCHEMA);
    expect(data.WORKSPACE_METADATA.developer_id).toBe('jay');
    expect(Object.keys(data.LOCAL_STEPS)).toEqual(['JayCustomProcessing']);
    expect(data.STEP_OVERRIDES).toEqual({});
    const { run: v, json } = await validateJson('jay');
    expect(v.code).toBe(0);
    expect(json).toEqual(cleanReport('jay'));
    const steps = await stepsOf('jay');
    expect(Object.keys(steps)).toEqual([...CORE_NAMES, 'JayCustomProcessing'].sort());
    expect(steps.JayCustomProcessing?.workspace_id).toBe('jay');
    expect(steps.JayCustomProcessing?.config_class).toBe('JayCustomProcessingConfig');
  });

  it('--format ts: a defineWorkspaceRegistry module that loads with zero diagnostics', async () => {
    const run = await cli(['registry', 'init-workspace', 'tess', '--format', 'ts']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('created ws/tess/src/cursus_dev/registry/workspace_registry.ts (standard, ts)');
    expect(readdirSync(join(root, 'tess', REGISTRY_DIR))).toEqual(['workspace_registry.ts']);
    const text = readFileSync(join(root, registryPath('tess', 'ts')), 'utf8');
    expect(text).toContain("import { defineWorkspaceRegistry } from 'cursus-registry';");
    expect(text).toContain('export default defineWorkspaceRegistry(');
    const { run: v, json } = await validateJson('tess');
    expect(v.code).toBe(0);
    expect(json).toEqual(cleanReport('tess'));
    const steps = await stepsOf('tess');
    expect(Object.keys(steps)).toEqual([...CORE_NAMES, 'TessCustomProcessing'].sort());
    expect(steps.TessCustomProcessing).toEqual({
      builder_step_name: 'TessCustomProcessingStepBuilder',
      config_class: 'TessCustomProcessingConfig',
      description: 'Custom processing step of workspace tess',
      environment_tags: ['development'],
      framework: 'pandas',
      registry_type: 'workspace',
      sagemaker_step_type: 'Processing',
      spec_type: 'TessCustomProcessing',
      workspace_id: 'tess',
    });
  });

  it('--template minimal --format ts and --format json load with zero diagnostics too', async () => {
    expect((await cli(['registry', 'init-workspace', 'mt', '--template', 'minimal', '--format', 'ts'])).code).toBe(0);
    expect((await cli(['registry', 'init-workspace', 'mj', '--template', 'minimal', '--format', 'json'])).code).toBe(0);
    for (const id of ['mt', 'mj']) {
      const { run, json } = await validateJson(id);
      expect(run.code).toBe(0);
      expect(json).toEqual(cleanReport(id));
      expect(Object.keys(await stepsOf(id))).toEqual(CORE_NAMES);
    }
  });

  it('refuses an existing registry: exit 2, WORKSPACE_EXISTS, the file byte-identical, no backup', async () => {
    expect((await cli(['registry', 'init-workspace', 'alice'])).code).toBe(0);
    const file = join(root, registryPath('alice'));
    const edited = `${readFileSync(file, 'utf8')}# my own edit\n`;
    tmp.write(join('ws', registryPath('alice')), edited);
    const before = tree(tmp.dir);
    const run = await cli(['registry', 'init-workspace', 'alice']);
    const line = expectOneLineError(run, 'WORKSPACE_EXISTS');
    expect(line).toContain(file);
    expect(line).toContain('--force');
    expect(readFileSync(file, 'utf8')).toBe(edited);
    expect(tree(tmp.dir)).toEqual(before);
  });

  it('refuses an existing registry of ANOTHER format too (never two registry files)', async () => {
    expect((await cli(['registry', 'init-workspace', 'alice', '--format', 'json'])).code).toBe(0);
    const before = tree(tmp.dir);
    const jsonText = readFileSync(join(root, registryPath('alice', 'json')), 'utf8');
    const run = await cli(['registry', 'init-workspace', 'alice']);
    expectOneLineError(run, 'WORKSPACE_EXISTS');
    expect(tree(tmp.dir)).toEqual(before);
    expect(readFileSync(join(root, registryPath('alice', 'json')), 'utf8')).toBe(jsonText);
  });

  it('--force: exit 0, exactly one timestamped backup holding the OLD content, next to the new file', async () => {
    expect((await cli(['registry', 'init-workspace', 'alice'])).code).toBe(0);
    const file = join(root, registryPath('alice'));
    const old = `${readFileSync(file, 'utf8')}# old content kept in the backup\n`;
    tmp.write(join('ws', registryPath('alice')), old);
    const run = await cli(['registry', 'init-workspace', 'alice', '--force', '--template', 'minimal']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const names = readdirSync(join(root, 'alice', REGISTRY_DIR)).sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toBe('workspace_registry.yaml');
    expect(names[1]).toMatch(/^workspace_registry\.yaml\.bak-\d{8}T\d{6}\d*Z?(-\d+)?$/);
    expect(readFileSync(join(root, 'alice', REGISTRY_DIR, names[1]!), 'utf8')).toBe(old);
    const fresh = readFileSync(file, 'utf8');
    expect(fresh).not.toBe(old);
    expect(fresh).not.toContain('LOCAL_STEPS:\n  #'); // minimal now, not the standard template
    expect(fresh).toContain('LOCAL_STEPS: {}');
    // The CLI tells where the backup is.
    expect(run.stdout.split('\n')[0]).toBe(`backed up ws/alice/src/cursus_dev/registry/${names[1]}`);
    // Nothing else appeared anywhere.
    expect(tree(tmp.dir)).toEqual([
      'ws/', 'ws/alice/', 'ws/alice/src/', 'ws/alice/src/cursus_dev/', 'ws/alice/src/cursus_dev/registry/',
      'ws/alice/src/cursus_dev/registry/workspace_registry.yaml', `ws/alice/src/cursus_dev/registry/${names[1]}`,
    ].sort());
    // The replaced workspace still loads cleanly.
    expect((await validateJson('alice')).json).toEqual(cleanReport('alice'));
  });

  it('--force twice keeps both old versions (a backup never overwrites a backup)', async () => {
    expect((await cli(['registry', 'init-workspace', 'alice'])).code).toBe(0);
    tmp.write(join('ws', registryPath('alice')), '# version 1\nLOCAL_STEPS: {}\n');
    expect((await cli(['registry', 'init-workspace', 'alice', '--force'])).code).toBe(0);
    tmp.write(join('ws', registryPath('alice')), '# version 2\nLOCAL_STEPS: {}\n');
    expect((await cli(['registry', 'init-workspace', 'alice', '--force'])).code).toBe(0);
    const dir = join(root, 'alice', REGISTRY_DIR);
    const backups = readdirSync(dir).filter((n) => n.includes('.bak-'));
    expect(backups).toHaveLength(2);
    expect(backups.map((b) => readFileSync(join(dir, b), 'utf8')).sort()).toEqual(['# version 1\nLOCAL_STEPS: {}\n', '# version 2\nLOCAL_STEPS: {}\n']);
    expect(readdirSync(dir).filter((n) => !n.includes('.bak-'))).toEqual(['workspace_registry.yaml']);
  });

  it('--force --format json over a yaml registry: yaml backed up and removed, only the json registry remains', async () => {
    expect((await cli(['registry', 'init-workspace', 'alice'])).code).toBe(0);
    const yamlText = readFileSync(join(root, registryPath('alice')), 'utf8');
    const run = await cli(['registry', 'init-workspace', 'alice', '--force', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const names = readdirSync(join(root, 'alice', REGISTRY_DIR)).sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toBe('workspace_registry.json');
    expect(names[1]).toMatch(/^workspace_registry\.yaml\.bak-/);
    expect(readFileSync(join(root, 'alice', REGISTRY_DIR, names[1]!), 'utf8')).toBe(yamlText);
    expect(existsSync(join(root, registryPath('alice', 'yaml')))).toBe(false);
    // One registry: it loads (not "ambiguous"), with zero diagnostics.
    expect((await validateJson('alice')).json).toEqual(cleanReport('alice'));
    expect((await stepsOf('alice')).AliceCustomProcessing?.workspace_id).toBe('alice');
  });

  it('--workspace-path inside the root works like the default location', async () => {
    const run = await runCliInProcess(['--workspaces-root', 'ws', 'registry', 'init-workspace', 'zed', '--workspace-path', join('ws', 'zed')], { cwd: tmp.dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(tree(tmp.dir)).toEqual(['ws/', 'ws/zed/', 'ws/zed/src/', 'ws/zed/src/cursus_dev/', 'ws/zed/src/cursus_dev/registry/', 'ws/zed/src/cursus_dev/registry/workspace_registry.yaml']);
    expect((await validateJson('zed')).json).toEqual(cleanReport('zed'));
    // Absolute form too.
    const abs = await cli(['registry', 'init-workspace', 'zoe', '--workspace-path', join(root, 'zoe')]);
    expect(abs.code).toBe(0);
    expect(existsSync(join(root, registryPath('zoe')))).toBe(true);
  });

  it('--workspace-path whose directory name differs from the id: exit 2 INVALID_WORKSPACE_ID, nothing written', async () => {
    tmp.write('ws/.keep', '');
    const before = tree(tmp.dir);
    const run = await cli(['registry', 'init-workspace', 'zed', '--workspace-path', join(root, 'other')]);
    const line = expectOneLineError(run, 'INVALID_WORKSPACE_ID');
    expect(line).toContain("'other'");
    expect(tree(tmp.dir)).toEqual(before);
  });

  it('--workspace-path outside the workspaces root is refused: exit 2, nothing written (issue 4 item 9)', async () => {
    tmp.write('ws/.keep', '');
    const before = tree(tmp.dir);
    const run = await cli(['registry', 'init-workspace', 'zed', '--workspace-path', join(tmp.dir, 'elsewhere', 'zed')]);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(run.stderr).toMatch(/^cursus: error [A-Z_]+: /);
    expect(tree(tmp.dir)).toEqual(before);
  });
});
