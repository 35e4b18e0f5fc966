import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { legacyRowsToData, renderCoreRegistry } from '../../src/interop/registryRendering.js';
import { deriveCoreRegistry, importStepInterfaces } from '../../src/interop/stepInterfaceImport.js';
import { RegistryError } from '../../src/model/errors.js';
import { toLegacyRecord } from '../../src/model/stepDefinition.js';
import { readCoreRegistry } from '../../src/sources/coreRegistryReader.js';
import { CORE_64, makeTempDir, type TempDir } from '../helpers/tempRegistry.js';
import { EXTRA_ROWS, INTERFACES_DIR } from './interopFixtures.js';


const core64 = () => JSON.parse(readFileSync(CORE_64, 'utf8')) as Record<string, Record<string, string>>;

const GOOD = 'step_type: MyStep\nnode_type: internal\nregistry:\n  sagemaker_step_type: Processing\n  description: My step\n';

describe('deriving a core registry from *.step.yaml interface files', () => {
  it('interfaces + the three extra rows give exactly cursus_core_64.json', () => {
    const derived = deriveCoreRegistry(INTERFACES_DIR, EXTRA_ROWS);
    expect(derived.interfaceCount).toBe(61);
    expect(derived.extraCount).toBe(3);
    const expected = core64();
    expect(new Set(derived.rows.keys())).toEqual(new Set(Object.keys(expected)));
    expect(derived.rows.size).toBe(64);
    expect(legacyRowsToData(derived.rows)).toEqual(expected);
    // And the JSON rendering is byte-identical to the Python project's snapshot.
    expect(renderCoreRegistry(derived.rows, 'json')).toBe(readFileSync(CORE_64, 'utf8'));
  });

  it('applies the derivation rules: spec_type = name, <Name>Config / <Name>StepBuilder unless the block says otherwise', () => {
    const { rows, origins } = deriveCoreRegistry(INTERFACES_DIR);
    expect(rows.size).toBe(61);
    expect(rows.get('XGBoostTraining')).toEqual({ config_class: 'XGBoostTrainingConfig', builder_step_name: 'XGBoostTrainingStepBuilder', spec_type: 'XGBoostTraining', sagemaker_step_type: 'Training', description: 'XGBoost model training step' });
    expect(rows.get('XGBoostModel')?.config_class).toBe('XGBoostModelStepConfig');
    expect(rows.get('BatchTransform')?.config_class).toBe('BatchTransformStepConfig');
    expect(origins.get('XGBoostTraining')).toBe(join(INTERFACES_DIR, 'xgboost_training.step.yaml'));
    expect(rows.has('Base')).toBe(false);
  });

  it('warns only about the extra rows that break the naming convention', () => {
    const { warnings } = deriveCoreRegistry(INTERFACES_DIR, EXTRA_ROWS);
    expect(warnings.map((w) => `${w.code} ${w.step} ${w.line}`)).toEqual(['CONVENTION Processing 10']); // the abstract Base step is exempt from the suffix rules
  });

  it('the YAML rendering loads as a core registry with the same 64 records', () => {
    const derived = deriveCoreRegistry(INTERFACES_DIR, EXTRA_ROWS);
    const tmp = makeTempDir();
    try {
      const file = tmp.write('step_names.yaml', renderCoreRegistry(derived.rows, 'yaml', ['header']));
      const core = readCoreRegistry(file);
      const records = Object.fromEntries([...core.definitions].map(([name, def]) => [name, { ...toLegacyRecord(def) }]));
      expect(records).toEqual(core64());
    } finally {
      tmp.cleanup();
    }
  });
});

describe('bad interface files: one-line error with file:line and a hint, nothing written', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  const failure = (files: Record<string, string>): RegistryError => {
    for (const [name, text] of Object.entries(files)) tmp.write(join('interfaces', name), text);
    const to = join(tmp.dir, 'out', 'step_names.json');
    let thrown: RegistryError | undefined;
    try {
      importStepInterfaces(join(tmp.dir, 'interfaces'), { to, cwd: tmp.dir });
    } catch (error) {
      thrown = error as RegistryError;
    }
    expect(thrown).toBeInstanceOf(RegistryError);
    expect(thrown?.message).not.toContain('\n');
    expect(thrown?.message).toMatch(/\. Hint: /);
    expect(existsSync(to)).toBe(false);
    expect(existsSync(join(tmp.dir, 'out'))).toBe(false);
    return thrown as RegistryError;
  };

  it('no step_type', () => {
    const e = failure({ 'a.step.yaml': GOOD, 'b.step.yaml': 'node_type: internal\nregistry:\n  sagemaker_step_type: Processing\n  description: B\n' });
    expect(e.code).toBe('REGISTRY_LOAD_ERROR');
    expect(e.message).toBe(`${join(tmp.dir, 'interfaces', 'b.step.yaml')}:1:1: no \`step_type\` (the step name) in the interface file. Hint: add \`step_type: <StepName>\` at the top of the file, e.g. \`step_type: XGBoostTraining\``);
  });

  it('an empty step_type', () => {
    const e = failure({ 'b.step.yaml': 'node_type: internal\nstep_type: ""\n' });
    expect(`${e.code} ${e.line}:${e.column} ${e.detail}`).toBe('REGISTRY_LOAD_ERROR 2:1 `step_type` must be a non-empty string (the step name), got a string ("")');
  });

  it('no sagemaker_step_type in the registry block', () => {
    const e = failure({ 'a.step.yaml': GOOD, 'b.step.yaml': 'step_type: BStep\nnode_type: internal\nregistry:\n  description: B\n' });
    expect(e.code).toBe('STEP_DEFINITION_INVALID');
    expect(e.message).toBe(
      `${join(tmp.dir, 'interfaces', 'b.step.yaml')}:3:1: step 'BStep': no \`registry.sagemaker_step_type\`. Hint: add \`sagemaker_step_type:\` to the \`registry:\` block (e.g. \`registry: { sagemaker_step_type: Processing, description: "…" }\`)`,
    );
    expect(e.step).toBe('BStep');
    expect(e.field).toBe('sagemaker_step_type');
  });

  it('no registry block at all points at step_type', () => {
    const e = failure({ 'b.step.yaml': 'node_type: internal\nstep_type: BStep\n' });
    expect(`${e.code} ${e.line}:${e.column} ${e.detail}`).toBe("STEP_DEFINITION_INVALID 2:1 step 'BStep': no `registry.sagemaker_step_type`");
  });

  it('an empty description (Python would write "", the core could not load it)', () => {
    const e = failure({ 'b.step.yaml': 'step_type: BStep\nregistry:\n  sagemaker_step_type: Processing\n  description: ""\n' });
    expect(`${e.code} ${e.line}:${e.column} ${e.detail}`).toBe("STEP_DEFINITION_INVALID 4:3 step 'BStep': `registry.description` is empty");
  });

  it('two files declaring the same step (Python keeps the last silently)', () => {
    const e = failure({ 'a.step.yaml': GOOD, 'b.step.yaml': `# copy\n${GOOD}` });
    expect(`${e.code} ${e.file?.split('/').pop()}:${e.line} ${e.detail}`).toBe("REGISTRY_LOAD_ERROR b.step.yaml:2 step 'MyStep' is declared by two interface files (also a.step.yaml:1)");
  });

  it('a bad value is checked by the step schema, pointing into the interface file', () => {
    const e = failure({ 'b.step.yaml': 'step_type: BStep\nregistry:\n  sagemaker_step_type: Processing\n  description: B\n  config_class: [1, 2]\n' });
    expect(`${e.code} ${e.line}:${e.column} ${e.detail}`).toBe("STEP_DEFINITION_INVALID 5:3 step 'BStep': `config_class`: expected string, got a list");
  });

  it('a YAML syntax error', () => {
    const e = failure({ 'b.step.yaml': 'step_type: BStep\nregistry: [unclosed\n' });
    expect(e.code).toBe('REGISTRY_LOAD_ERROR');
    expect(e.file).toBe(join(tmp.dir, 'interfaces', 'b.step.yaml'));
    expect(e.line).toBeGreaterThan(0);
  });

  it('unknown registry-block keys are ignored with a warning; `requires` silently; an interface row replaces an extra row', () => {
    tmp.write('interfaces/a.step.yaml', `${GOOD}  requires: none\n  spec_type: Other\n`);
    tmp.write('extra.yaml', 'MyStep:\n  config_class: OldConfig\n  builder_step_name: OldStepBuilder\n  spec_type: MyStep\n  sagemaker_step_type: Processing\n  description: old\n');
    const derived = deriveCoreRegistry(join(tmp.dir, 'interfaces'), join(tmp.dir, 'extra.yaml'));
    expect(derived.rows.get('MyStep')).toEqual({ config_class: 'MyStepConfig', builder_step_name: 'MyStepStepBuilder', spec_type: 'MyStep', sagemaker_step_type: 'Processing', description: 'My step' });
    expect(derived.warnings.map((w) => `${w.code} ${w.line} ${w.message}`)).toEqual([
      'INTERFACE_KEY_IGNORED 7 registry.spec_type: not a registry field (ignored; spec_type is always the step name)',
      "EXTRA_ROW_REPLACED 1 step 'MyStep' has an interface file: it replaces the extra row of the same name",
    ]);
  });

  it('an existing target is refused without --force (WORKSPACE_EXISTS) and backed up with it', () => {
    tmp.write('interfaces/a.step.yaml', GOOD);
    const to = tmp.write('step_names.yaml', 'old: content\n');
    expect(() => importStepInterfaces(join(tmp.dir, 'interfaces'), { to, cwd: tmp.dir })).toThrow(expect.objectContaining({ code: 'WORKSPACE_EXISTS' }) as Error);
    expect(readFileSync(to, 'utf8')).toBe('old: content\n');
    const report = importStepInterfaces(join(tmp.dir, 'interfaces'), { to, cwd: tmp.dir, force: true, now: new Date('2026-01-02T03:04:05.006Z') });
    expect(report.written[0]?.backup).toBe(`${to}.bak-20260102T030405006Z`);
    expect(readFileSync(`${to}.bak-20260102T030405006Z`, 'utf8')).toBe('old: content\n');
    expect(readCoreRegistry(to).definitions.get('MyStep')?.config_class).toBe('MyStepConfig');
    expect(readdirSync(tmp.dir).sort()).toEqual(['interfaces', 'step_names.yaml', 'step_names.yaml.bak-20260102T030405006Z']);
  });
});
