import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  copyJsonObject,
  defineWorkspaceRegistry,
  HybridRegistryManager,
  LEGACY_FIELDS,
  METADATA_LIMITS,
  RegistryError,
  STEP_FIELD_NAMES,
  workspaceRegistryJsonSchema,
} from '../../src/index.js';
import { runMain } from '../helpers/mainCapture.js';
import { CORE_64, makeTempDir, registryPath, REPO_ROOT, type TempDir } from '../helpers/tempRegistry.js';

const RUNTIME = join(REPO_ROOT, 'test', 'fixtures', 'python-cursus', 'cursus_step_names_runtime.json');

/** The `.py` of the issue: a step with job_types and metadata. */
const MARIA_PY = `# Maria's workspace registry (Python format)
LOCAL_STEPS = {
    "MariaCalibration": {
        "config_class": "MariaCalibrationConfig",
        "builder_step_name": "MariaCalibrationStepBuilder",
        "spec_type": "MariaCalibration",
        "sagemaker_step_type": "Processing",
        "description": "Calibrates model scores",
        "job_types": ["training", "calibration"],
        "metadata": {"owner": "maria"},
    },
}
`;

/** A YAML workspace registry whose one step has `extra` lines (indented four spaces) after the five legacy fields. */
function yamlStep(extra: string): string {
  return [
    'LOCAL_STEPS:',
    '  Calib:',
    '    config_class: CalibConfig',
    '    builder_step_name: CalibStepBuilder',
    '    spec_type: Calib',
    '    sagemaker_step_type: Processing',
    '    description: Calibration',
    extra,
    '',
  ].join('\n');
}

const cli = (args: string[], cwd: string) => runMain(args, { cwd });

describe('the Python model fields: job_types, framework_version, metadata, override_source', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = makeTempDir('cursus-pyfields-');
  });
  afterEach(() => tmp.cleanup());

  it("loads the Python project's live registry (get_step_names(), every row with job_types) as core: 64 steps, no diagnostics", () => {
    mkdirSync(join(tmp.dir, 'ws'));
    const registry = new HybridRegistryManager({ coreRegistry: RUNTIME, workspacesRoot: join(tmp.dir, 'ws'), cwd: tmp.dir, env: {} });
    const core = registry.getCoreDefinitions();
    expect(core.size).toBe(64);
    expect(registry.getDiagnostics().filter((d) => d.severity === 'error')).toEqual([]);
    expect([...core.values()].every((d) => Array.isArray(d.job_types) && d.job_types.length === 0)).toBe(true);
    // The legacy record keeps the plan's five fields, in legacy order, and equals the 64-step snapshot's rows.
    const legacy = registry.createLegacyStepNamesDict();
    expect(Object.keys(legacy.XGBoostTraining ?? {})).toEqual([...LEGACY_FIELDS]);
    expect(JSON.parse(JSON.stringify(legacy))).toEqual(JSON.parse(readFileSync(CORE_64, 'utf8')));
  });

  it('the same through the CLI: list-steps of the runtime registry exits 0', async () => {
    mkdirSync(join(tmp.dir, 'ws'));
    const run = await cli(['--core-registry', RUNTIME, '--workspaces-root', 'ws', 'registry', 'list-steps', '--format', 'json'], tmp.dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(Object.keys(JSON.parse(run.stdout) as object)).toHaveLength(64);
  });

  it('a workspace_registry.py with job_types and metadata loads; show-step --format json shows them; text lists job_types', async () => {
    tmp.write(join('ws', registryPath('maria', 'py')), MARIA_PY);
    const json = await cli(['--workspaces-root', 'ws', 'registry', 'show-step', 'MariaCalibration', '--workspace', 'maria', '--format', 'json'], tmp.dir);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const def = (JSON.parse(json.stdout) as { definition: Record<string, unknown> }).definition;
    expect(def.job_types).toEqual(['training', 'calibration']);
    expect(def.metadata).toEqual({ owner: 'maria' });
    expect(def.framework_version).toBeNull();
    expect(def.override_source).toBeNull();
    expect(def.source).toEqual({ file: join(tmp.dir, 'ws', registryPath('maria', 'py')), line: 3 });
    const text = await cli(['--workspaces-root', 'ws', 'registry', 'show-step', 'MariaCalibration', '--workspace', 'maria'], tmp.dir);
    expect(text.stdout).toContain('\n  job_types:                     training, calibration\n');
    expect(text.stdout).toContain('\n  metadata:                      {"owner":"maria"}\n');
    const list = await cli(['--workspaces-root', 'ws', 'registry', 'list-steps', '--workspace', 'maria', '--format', 'json'], tmp.dir);
    expect((JSON.parse(list.stdout) as Record<string, unknown>).MariaCalibration).toEqual({
      builder_step_name: 'MariaCalibrationStepBuilder',
      config_class: 'MariaCalibrationConfig',
      description: 'Calibrates model scores',
      job_types: ['training', 'calibration'],
      metadata: { owner: 'maria' },
      registry_type: 'workspace',
      sagemaker_step_type: 'Processing',
      spec_type: 'MariaCalibration',
      workspace_id: 'maria',
    });
  });

  it('every format keeps the fields; prototype keys stay data in frozen null-prototype objects, nothing is polluted', () => {
    const meta = '{"__proto__": {"polluted": true}, "constructor": {"prototype": 1}, "owner": "maria"}';
    tmp.write(join('ws', registryPath('y', 'yaml')), yamlStep(`    job_types: [training]\n    framework_version: "1.7-1"\n    override_source: team-a\n    metadata: ${meta}`));
    tmp.write(
      join('ws', registryPath('j', 'json')),
      JSON.stringify({ LOCAL_STEPS: { Calib: { config_class: 'CalibConfig', builder_step_name: 'CalibStepBuilder', spec_type: 'Calib', sagemaker_step_type: 'Processing', description: 'Calibration', job_types: ['training'], framework_version: '1.7-1', override_source: 'team-a', metadata: JSON.parse(meta) as unknown } } }),
    );
    tmp.write(
      join('ws', registryPath('t', 'ts')),
      `export default { LOCAL_STEPS: { Calib: { config_class: 'CalibConfig', builder_step_name: 'CalibStepBuilder', spec_type: 'Calib', sagemaker_step_type: 'Processing', description: 'Calibration', job_types: ['training'], framework_version: '1.7-1', override_source: 'team-a', metadata: JSON.parse(${JSON.stringify(meta)}) } } };\n`,
    );
    tmp.write(
      join('ws', registryPath('p', 'py')),
      `LOCAL_STEPS = {"Calib": {"config_class": "CalibConfig", "builder_step_name": "CalibStepBuilder", "spec_type": "Calib", "sagemaker_step_type": "Processing", "description": "Calibration", "job_types": ["training"], "framework_version": "1.7-1", "override_source": "team-a", "metadata": {"__proto__": {"polluted": True}, "constructor": {"prototype": 1}, "owner": "maria"}}}\n`,
    );
    const registry = new HybridRegistryManager({ workspacesRoot: join(tmp.dir, 'ws'), cwd: tmp.dir, env: {} });
    expect(registry.getDiagnostics().filter((d) => d.severity === 'error')).toEqual([]);
    for (const ws of ['y', 'j', 't', 'p']) {
      const def = registry.requireStepDefinition('Calib', ws);
      expect([ws, def.job_types, def.framework_version, def.override_source]).toEqual([ws, ['training'], '1.7-1', 'team-a']);
      expect(Object.getPrototypeOf(def.metadata)).toBeNull();
      expect(Object.keys(def.metadata)).toEqual(['__proto__', 'constructor', 'owner']);
      expect(JSON.stringify(def.metadata)).toBe('{"__proto__":{"polluted":true},"constructor":{"prototype":1},"owner":"maria"}');
      expect(Object.isFrozen(def.metadata) && Object.isFrozen(def.metadata.__proto__ as object) && Object.isFrozen(def.job_types)).toBe(true);
      // Never merged into the legacy record.
      expect(Object.keys(registry.createLegacyStepNamesDict(ws).Calib ?? {})).toEqual([...LEGACY_FIELDS]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });

  it('defineWorkspaceRegistry types the new fields', () => {
    const reg = defineWorkspaceRegistry({
      LOCAL_STEPS: { S: { config_class: 'SConfig', builder_step_name: 'SStepBuilder', spec_type: 'S', sagemaker_step_type: 'Processing', description: 'S', job_types: ['training'], framework_version: '2.1', override_source: 'x', metadata: { owner: 'maria', nested: [1, { a: null }] } } },
    });
    expect(reg.LOCAL_STEPS?.S?.job_types).toEqual(['training']);
  });

  it('the JSON Schema declares the fields (job_types unique, metadata an object)', () => {
    const schema = workspaceRegistryJsonSchema() as { properties: { LOCAL_STEPS: { additionalProperties: { properties: Record<string, Record<string, unknown>> } } } };
    const props = schema.properties.LOCAL_STEPS.additionalProperties.properties;
    expect(Object.keys(props)).toEqual([...STEP_FIELD_NAMES]);
    expect(props.job_types).toMatchObject({ type: 'array', uniqueItems: true, default: [] });
    expect(props.metadata).toMatchObject({ type: 'object' });
    expect(props.framework_version).toMatchObject({ default: null });
  });

  describe('bad values are one-line errors with file:line', () => {
    const cases: [string, string, RegExp][] = [
      ['job_types as a string', '    job_types: training', /workspace_registry\.yaml:8:\d+: step 'Calib': `job_types`: expected array, got string "training"\. Hint: write job_types as a list of distinct names/],
      ['a duplicate job type', '    job_types: [training, calibration, training]', /workspace_registry\.yaml:8:\d+: step 'Calib': `job_types\.2`: "training" is listed twice/],
      ['an empty job type', '    job_types: [training, "  "]', /workspace_registry\.yaml:8:\d+: step 'Calib': `job_types\.1`: must not be empty/],
      ['metadata as a list', '    metadata: [owner]', /workspace_registry\.yaml:8:\d+: step 'Calib': `metadata`: expected a mapping \(JSON object\), got a list/],
      ['framework_version as a number', '    framework_version: 1.7', /workspace_registry\.yaml:8:\d+: step 'Calib': `framework_version`: expected string, got number 1\.7/],
      ['an unknown field next to them', '    job_type: [training]', /workspace_registry\.yaml:8:\d+: step 'Calib': `job_type`: unknown field — did you mean `job_types`\?/],
    ];
    for (const [what, line, expected] of cases) {
      it(what, async () => {
        tmp.write(join('ws', registryPath('w', 'yaml')), yamlStep(line));
        const run = await cli(['--workspaces-root', 'ws', 'registry', 'show-step', 'Calib', '--workspace', 'w'], tmp.dir);
        expect(run.code).not.toBe(0);
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(run.stderr).toMatch(expected);
      });
    }

    it('metadata nested 10,000 levels deep (code registry: no parser limit in the way) is refused, not a stack overflow', async () => {
      tmp.write(
        join('ws', registryPath('w', 'ts')),
        [
          "let deep: Record<string, unknown> = { leaf: 1 };",
          'for (let i = 0; i < 10000; i++) deep = { a: deep };',
          'export const LOCAL_STEPS = {',
          "  Calib: { config_class: 'CalibConfig', builder_step_name: 'CalibStepBuilder', spec_type: 'Calib', sagemaker_step_type: 'Processing', description: 'Calibration',",
          '    metadata: deep },',
          '};',
          '',
        ].join('\n'),
      );
      const run = await cli(['--workspaces-root', 'ws', 'registry', 'show-step', 'Calib', '--workspace', 'w'], tmp.dir);
      expect(run.code).not.toBe(0);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/workspace_registry\.ts(:\d+)*: step 'Calib': `metadata`: is nested more than 32 levels deep at "a"\."a"\."a"\.…/);
    });

    it('metadata nested 10,000 levels deep in YAML, JSON and .py stops at the parser, with file:line', async () => {
      const deepJson = `${'{"a": '.repeat(10_000)}1${'}'.repeat(10_000)}`;
      tmp.write(join('ws', registryPath('y', 'yaml')), yamlStep(`    metadata: ${deepJson}`));
      tmp.write(join('ws', registryPath('j', 'json')), `{"LOCAL_STEPS": {"Calib": {"config_class": "CalibConfig", "builder_step_name": "CalibStepBuilder", "spec_type": "Calib", "sagemaker_step_type": "Processing", "description": "Calibration",\n"metadata": ${deepJson}}}}\n`);
      tmp.write(join('ws', registryPath('p', 'py')), `LOCAL_STEPS = {"Calib": {"config_class": "CalibConfig", "builder_step_name": "CalibStepBuilder", "spec_type": "Calib", "sagemaker_step_type": "Processing", "description": "Calibration",\n"metadata": ${deepJson}}}\n`);
      for (const [ws, ext, line] of [['y', 'yaml', 8], ['j', 'json', 2], ['p', 'py', 2]] as const) {
        const run = await cli(['--workspaces-root', 'ws', 'registry', 'show-step', 'Calib', '--workspace', ws], tmp.dir);
        expect(run.code).not.toBe(0);
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(run.stderr).toMatch(new RegExp(`workspace_registry\\.${ext}:${line}:\\d+: .*(nest|deep)`));
      }
    });

    it('huge metadata (more values or text than the limits) is refused', async () => {
      const many = JSON.stringify(Object.fromEntries(Array.from({ length: METADATA_LIMITS.maxValues + 1 }, (_, i) => [`k${i}`, i])));
      const long = JSON.stringify({ blob: 'x'.repeat(METADATA_LIMITS.maxTextLength + 1) });
      for (const [value, expected] of [
        [many, /`metadata`: has more than 10000 values/],
        [long, /`metadata`: holds more than 65536 characters of text/],
      ] as const) {
        tmp.write(join('ws', registryPath('w', 'yaml')), yamlStep(`    metadata: ${value}`));
        const run = await cli(['--workspaces-root', 'ws', 'registry', 'show-step', 'Calib', '--workspace', 'w'], tmp.dir);
        expect(run.code).not.toBe(0);
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(run.stderr).toMatch(/workspace_registry\.yaml:8:\d+: step 'Calib': /);
        expect(run.stderr).toMatch(expected);
      }
    });

    it('the library error carries the file, line and field', () => {
      tmp.write(join('ws', registryPath('w', 'yaml')), yamlStep('    job_types: training'));
      const registry = new HybridRegistryManager({ workspacesRoot: join(tmp.dir, 'ws'), cwd: tmp.dir, env: {} });
      let caught: unknown;
      try {
        registry.getView('w');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(RegistryError);
      expect(caught).toMatchObject({ code: 'STEP_DEFINITION_INVALID', file: join(tmp.dir, 'ws', registryPath('w', 'yaml')), line: 8, field: 'job_types' });
    });
  });

  it('copyJsonObject: refuses what JSON cannot hold', () => {
    expect(copyJsonObject({ a: Number.NaN })).toEqual({ ok: false, problem: { message: 'number NaN is not a JSON value at "a"', path: ['a'] } });
    expect(copyJsonObject({ a: undefined })).toMatchObject({ ok: false, problem: { message: 'undefined is not a JSON value at "a"' } });
    expect(copyJsonObject({ when: new Date(0) })).toMatchObject({ ok: false, problem: { message: 'a Date is not a JSON value at "when"' } });
    expect(copyJsonObject(new Map([['k', [1, 'two', null, true]]]))).toMatchObject({ ok: true, value: { k: [1, 'two', null, true] } });
  });
});
