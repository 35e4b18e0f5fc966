import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { HybridRegistryManager } from '../../src/engine/hybridRegistryManager.js';
import {
  buildPipelineRecord,
  exportViewText,
  getWorkspaceRecord,
  listWorkspaceRecords,
  registryHealthRecord,
  validateRegistryRecord,
} from '../../src/index.js';
import { EXAMPLES_ROOT, REPO_ROOT, makeTempDir, registryPath } from '../helpers/tempRegistry.js';
import { registryErrorOf } from '../helpers/registryErrorOf.js';

const registry = new HybridRegistryManager({ workspacesRoot: EXAMPLES_ROOT, env: {} });
const PIPELINE = join(REPO_ROOT, 'examples', 'pipelines', 'multi_developer_pipeline.yaml');

describe('query layer: workspaces, validation, health, export, pipelines', () => {
  it('listWorkspaceRecords: ids, metadata, local steps, overrides, status, findings', () => {
    const records = listWorkspaceRecords(registry);
    expect(records.map((w) => [w.id, w.status, w.local_steps, w.step_overrides, w.findings.length])).toEqual([
      ['alice', 'loaded', ['FeatureDriftCheck', 'ModelTraining', 'ModelEvaluation'], ['XGBoostTraining'], 0],
      ['bob', 'loaded', ['ModelTraining', 'DataValidation', 'ModelEvaluation'], ['TabularPreprocessing'], 0],
      ['carol', 'loaded', ['ModelTraining', 'DataValidation'], ['PyTorchTraining'], 0],
    ]);
    expect(records[1]?.metadata).toEqual({
      developer_id: 'bob',
      version: '2.1.0',
      description: 'Production data pipelines',
      preferred_frameworks: ['tensorflow'],
      environment_preferences: ['production'],
      conflict_tolerance: 'low',
    });
    expect(records[0]?.registry_file).toBe(join(EXAMPLES_ROOT, registryPath('alice')));
  });

  it('getWorkspaceRecord: a failed workspace is a record (status failed, its findings), an unknown one an error', () => {
    const tmp = makeTempDir();
    try {
      tmp.write(registryPath('good'), 'LOCAL_STEPS: {}\n');
      tmp.write(registryPath('broken'), 'LOCAL_STEPS:\n  Bad:\n    config_class: [\n');
      const local = new HybridRegistryManager({ workspacesRoot: tmp.dir, env: {} });
      const broken = getWorkspaceRecord(local, 'broken');
      expect(broken.status).toBe('failed');
      expect(broken.metadata).toBeNull();
      expect(broken.error).toContain(join(tmp.dir, registryPath('broken')));
      expect(broken.findings.map((f) => [f.code, f.severity, f.workspace_id])).toContainEqual(['REGISTRY_LOAD_ERROR', 'error', 'broken']);
      const error = registryErrorOf(() => getWorkspaceRecord(local, 'goood'));
      expect(error.code).toBe('UNKNOWN_WORKSPACE');
      expect(error.message).toContain("(known: broken, good) — did you mean 'good'?");
    } finally {
      tmp.cleanup();
    }
  });

  it('validateRegistryRecord: findings and verdict; strict turns the warning into a failure', () => {
    const report = validateRegistryRecord(registry);
    expect([report.ok, report.errors, report.warnings, report.core_steps, report.workspaces_checked]).toEqual([true, 0, 1, 17, 3]);
    expect(report.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`)).toEqual(["warning AMBIGUOUS_STEP 'DataValidation' is ambiguous without a workspace: bob, carol tie at priority 50"]);
    expect(validateRegistryRecord(registry, { strict: true }).ok).toBe(false);
    const conflicts = validateRegistryRecord(registry, { workspace: 'alice', checkConflicts: true });
    expect(conflicts.diagnostics.map((d) => `${d.code} ${d.step}`)).toEqual(['STEP_CONFLICT ModelTraining', 'STEP_CONFLICT ModelEvaluation']);
    expect(registryErrorOf(() => validateRegistryRecord(registry, { workspace: 'nobody' })).code).toBe('UNKNOWN_WORKSPACE');
  });

  it('registryHealthRecord: healthy, three conflicting names', () => {
    const health = registryHealthRecord(registry);
    expect(health.status).toBe('healthy');
    expect(health.conflicts).toEqual({ count: 3, names: ['DataValidation', 'ModelEvaluation', 'ModelTraining'] });
    expect(health.workspaces.map((w) => `${w.workspace_id}:${w.status}:${w.local_steps}:${w.step_overrides}`)).toEqual(['alice:healthy:3:1', 'bob:healthy:3:1', 'carol:healthy:2:1']);
  });

  it("exportViewText: bob's view as JSON in view order; python has the header and STEP_NAMES", () => {
    const json = JSON.parse(exportViewText(registry, { workspace: 'bob', format: 'json', version: '9.9.9' })) as Record<string, Record<string, unknown>>;
    expect(Object.keys(json)).toHaveLength(20);
    expect(json.TabularPreprocessing?.config_class).toBe('BobTabularPreprocessingConfig');
    const python = exportViewText(registry, { workspace: null, format: 'python', version: '9.9.9', coreRegistryLabel: 'core/step_names.yaml' });
    expect(python.split('\n')[0]).toBe('"""STEP_NAMES of the core view: 17 steps.');
    expect(python).toContain('(cursus-registry 9.9.9); core registry: core/step_names.yaml.');
    expect(python).toMatch(/^STEP_NAMES: Dict\[str, Dict\[str, \w+\]\] = \{$/m);
  });

  it('buildPipelineRecord: the example file as a manifest; the same spec as text gives the same manifest', () => {
    const fromFile = buildPipelineRecord(registry, { file: PIPELINE });
    if (fromFile.format !== 'json') throw new Error('expected json');
    expect(fromFile.manifest.order).toEqual(['load_data', 'preprocess', 'train', 'evaluate', 'register']);
    const text = 'nodes:\n  train: { step: XGBoostTraining, workspace: alice }\n  register: { step: Registration, depends_on: [train] }\n';
    const mermaid = buildPipelineRecord(registry, { text }, 'mermaid');
    expect(mermaid).toEqual({
      format: 'mermaid',
      mermaid: [
        'flowchart TD',
        '  train["train<br/>XGBoostTraining<br/>alice (override)"]:::override',
        '  register["register<br/>Registration<br/>core"]:::core',
        '  train --> register',
        '  classDef core fill:#eef2ff,stroke:#6366f1',
        '  classDef override fill:#fff7ed,stroke:#f97316',
        '',
      ].join('\n'),
    });
  });

  it('buildPipelineRecord: spec text errors point at spec:line:col; an unknown step names the closest', () => {
    const bad = registryErrorOf(() => buildPipelineRecord(registry, { text: 'nodes:\n  a:\n    stp: Base\n' }));
    expect(bad.code).toBe('PIPELINE_INVALID');
    expect(bad.message.startsWith('spec:3:')).toBe(true);
    const unknown = registryErrorOf(() => buildPipelineRecord(registry, { text: '{"nodes": {"a": {"step": "Registraton"}}}', label: 'inline.json' }));
    expect(unknown.code).toBe('UNKNOWN_STEP');
    expect(unknown.message).toContain("'Registration'");
    expect(registryErrorOf(() => buildPipelineRecord(registry, { text: '  ' })).code).toBe('REGISTRY_LOAD_ERROR');
  });
});
