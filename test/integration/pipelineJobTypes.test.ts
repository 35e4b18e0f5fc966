import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { buildPipelineFromFile, HybridRegistryManager } from '../../src/index.js';
import { nodeJobType } from '../../src/integration/nodeJobType.js';
import { runMain } from '../helpers/mainCapture.js';
import { makeTempDir, registryPath, type TempDir } from '../helpers/tempRegistry.js';

const REGISTRY = `LOCAL_STEPS:
  Calib:
    config_class: CalibConfig
    builder_step_name: CalibStepBuilder
    spec_type: Calib
    sagemaker_step_type: Processing
    description: Calibration
    job_types: [training, calibration]
  Plain:
    config_class: PlainConfig
    builder_step_name: PlainStepBuilder
    spec_type: Plain
    sagemaker_step_type: Processing
    description: Declares no job types
`;

const SPEC = `name: job-types
nodes:
  fit:
    step: Calib
    workspace: maria
    config: { job_type: training }
  check:
    step: Calib
    workspace: maria
    depends_on: [fit]
    config: { job_type: validation }
  Calib_testing:
    step: Calib
    workspace: maria
    depends_on: [fit]
  load_data:
    step: Calib
    workspace: maria
  anything:
    step: Plain
    workspace: maria
    config: { job_type: whatever }
`;

const cli = (args: string[], cwd: string) => runMain(args, { cwd });

describe("pipeline nodes whose job type their step's job_types does not declare", () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = makeTempDir('cursus-jobtypes-');
    tmp.write(join('ws', registryPath('maria', 'yaml')), REGISTRY);
    tmp.write('pipeline.yaml', SPEC);
  });
  afterEach(() => tmp.cleanup());

  const expected = [
    "cursus: warning UNDECLARED_JOB_TYPE: pipeline.yaml:7:3: node 'check': job type 'validation' is not among the job_types of step 'Calib' (workspace 'maria': training, calibration). Hint: use one of training, calibration, or add 'validation' to the step's job_types",
    "cursus: warning UNDECLARED_JOB_TYPE: pipeline.yaml:12:3: node 'Calib_testing': job type 'testing' is not among the job_types of step 'Calib' (workspace 'maria': training, calibration). Hint: use one of training, calibration, or add 'testing' to the step's job_types",
  ];

  it('pipeline validate: still valid (exit 0), one warning line per such node on stderr', async () => {
    const run = await cli(['--workspaces-root', 'ws', 'pipeline', 'validate', 'pipeline.yaml'], tmp.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✓ valid: pipeline 'job-types'/);
    expect(run.stderr.trimEnd().split('\n')).toEqual(expected);
  });

  it('pipeline build: the manifest on stdout, the same warnings on stderr', async () => {
    const run = await cli(['--workspaces-root', 'ws', 'pipeline', 'build', 'pipeline.yaml'], tmp.dir);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { order: string[] }).order).toEqual(['anything', 'fit', 'Calib_testing', 'check', 'load_data']);
    expect(run.stderr.trimEnd().split('\n')).toEqual(expected);
  });

  it('the library manifest carries the warnings as findings', () => {
    const registry = new HybridRegistryManager({ workspacesRoot: join(tmp.dir, 'ws'), cwd: tmp.dir, env: {} });
    const manifest = buildPipelineFromFile(join(tmp.dir, 'pipeline.yaml'), { registry });
    expect(manifest.warnings.map((w) => [w.code, w.severity, w.step, w.line, w.field])).toEqual([
      ['UNDECLARED_JOB_TYPE', 'warning', 'Calib', 7, 'job_type'],
      ['UNDECLARED_JOB_TYPE', 'warning', 'Calib', 12, 'job_type'],
    ]);
  });

  it('no warning when every job type is declared', async () => {
    tmp.write('pipeline.yaml', SPEC.split('  check:')[0] ?? '');
    const run = await cli(['--workspaces-root', 'ws', 'pipeline', 'validate', 'pipeline.yaml'], tmp.dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it("a node's job type: config.job_type, else a known or step-named suffix of the node name", () => {
    expect(nodeJobType('fit', 'Calib', { job_type: ' calibration ' })).toBe('calibration');
    expect(nodeJobType('Calib_calibration', 'Calib', {})).toBe('calibration');
    expect(nodeJobType('prep_training', 'TabularPreprocessing', {})).toBe('training');
    expect(nodeJobType('Calib_custom', 'Calib', {})).toBe('custom');
    expect(nodeJobType('load_data', 'CradleDataLoading', {})).toBeUndefined();
    expect(nodeJobType('fit', 'Calib', { job_type: '' })).toBeUndefined();
  });
});
