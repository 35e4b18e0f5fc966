import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildPipelineFromFile,
  configureRegistry,
  PIPELINE_SPEC_SCHEMA_PATH,
  PipelineInvalidError,
  pipelineSpecJsonSchema,
  readPipelineSpec,
  RegistryError,
  RegistryLoadError,
  resetRegistry,
  UnknownStepError,
  UnknownWorkspaceError,
} from '../../src/index.js';
import { EXAMPLES_ROOT, makeTempDir, REPO_ROOT, type TempDir } from '../helpers/tempRegistry.js';

const EXAMPLE_SPEC = join(REPO_ROOT, 'examples', 'pipelines', 'multi_developer_pipeline.yaml');

describe('pipeline spec file', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = makeTempDir();
    configureRegistry({ workspacesRoot: EXAMPLES_ROOT, cwd: tmp.dir, env: {} });
  });
  afterEach(() => {
    resetRegistry();
    tmp.cleanup();
  });

  /** Write a spec and return [path, the error its build throws]. */
  const failure = (text: string, name = 'spec.yaml'): [string, RegistryError] => {
    const file = tmp.write(name, text);
    try {
      buildPipelineFromFile(file);
    } catch (error) {
      expect(error).toBeInstanceOf(RegistryError);
      return [file, error as RegistryError];
    }
    throw new Error('expected the spec to fail');
  };

  it('reads the example: nodes in file order with their declared line', () => {
    const spec = readPipelineSpec(EXAMPLE_SPEC);
    expect(spec.name).toBe('multi-developer-xgboost');
    expect(spec.description).toBe("Core data loading and preprocessing, alice's XGBoost training, bob's evaluation, core registration");
    expect(spec.nodes.map((n) => [n.name, n.step, n.workspace, n.depends_on, n.source.line])).toEqual([
      ['load_data', 'CradleDataLoading', undefined, [], 12],
      ['preprocess', 'TabularPreprocessing', undefined, ['load_data'], 17],
      ['train', 'XGBoostTraining', 'alice', ['preprocess'], 23],
      ['evaluate', 'ModelEvaluation', 'bob', ['train', 'preprocess'], 31],
      ['register', 'Registration', undefined, ['train', 'evaluate'], 38],
    ]);
    expect(spec.nodes[4]?.config).toEqual({});
  });

  it('`workspace: null` pins the core view; JSON spec files work too', () => {
    const file = tmp.write('spec.json', JSON.stringify({ nodes: { prep: { step: 'TabularPreprocessing', workspace: null, config: { workspace_id: 'bob' } } } }));
    expect(buildPipelineFromFile(file).nodes[0]?.definition.config_class).toBe('TabularPreprocessingConfig');
    const viaConfig = tmp.write('spec2.yaml', 'nodes:\n  prep:\n    step: TabularPreprocessing\n    config: { workspace_id: bob }\n');
    expect(buildPipelineFromFile(viaConfig).nodes[0]?.definition.config_class).toBe('BobTabularPreprocessingConfig');
  });

  it('an unknown field: file:line:col, the field path and the closest known field', () => {
    const [file, error] = failure('nodes:\n  train:\n    step: XGBoostTraining\n    dependson: [prep]\n');
    expect(error).toBeInstanceOf(PipelineInvalidError);
    expect(error.message).toBe(`${file}:4:5: \`nodes.train.dependson\`: unknown field — did you mean \`depends_on\`? Hint: known fields: step, workspace, depends_on, config`);
    expect(error.field).toBe('nodes.train.dependson');
    const [, top] = failure('name: x\nnode:\n  a: { step: Payload }\n');
    expect(top.message).toMatch(/spec\.yaml:2:1: `node`: unknown field — did you mean `nodes`\?/);
  });

  it('schema violations name the field and point at its line', () => {
    expect(failure('nodes:\n  train:\n    workspace: alice\n')[1].message).toMatch(/spec\.yaml:2:3: `nodes\.train\.step`: required field is missing\. Hint: every node needs a `step`$/);
    expect(failure('nodes:\n  train:\n    step: xgb-training\n')[1].message).toMatch(/spec\.yaml:3:5: `nodes\.train\.step`: "xgb-training" is not a valid step name\. Hint: step names match/);
    expect(failure('nodes:\n  train:\n    step: Payload\n    depends_on: prep\n')[1].message).toMatch(/spec\.yaml:4:5: `nodes\.train\.depends_on`: expected array, got string "prep"\./);
    expect(failure('nodes:\n  train:\n    step: Payload\n    workspace: ../alice\n')[1].message).toMatch(/spec\.yaml:4:5: `nodes\.train\.workspace`: "\.\.\/alice" is not a valid workspace id\./);
    expect(failure('nodes:\n  my-node:\n    step: Payload\n')[1].message).toMatch(/spec\.yaml:2:3: `nodes\.my-node`: "my-node" is not a valid node name\./);
    expect(failure('nodes: {}\n')[1].message).toMatch(/spec\.yaml:1:1: `nodes`: a pipeline needs at least one node\./);
    expect(failure('name: x\n')[1].message).toMatch(/spec\.yaml:1:1: `nodes`: required field is missing\. Hint: a spec file needs `nodes`$/);
  });

  it('YAML problems are load errors with a position; a duplicate node is a duplicate key', () => {
    const [, dup] = failure('nodes:\n  train: { step: Payload }\n  train: { step: Package }\n');
    expect(dup).toBeInstanceOf(RegistryLoadError);
    expect(dup.message).toMatch(/spec\.yaml:3:\d+: duplicate key 'train'\./);
    const [, syntax] = failure('nodes:\n  train: { step: Payload\n');
    expect(syntax).toBeInstanceOf(RegistryLoadError);
    expect(syntax.line).toBeGreaterThanOrEqual(2);
    expect(() => readPipelineSpec(join(tmp.dir, 'missing.yaml'))).toThrow(/missing\.yaml: file not found/);
  });

  it("assembler errors point at the node's line in the spec", () => {
    const [file, unknown] = failure('nodes:\n  prep:\n    step: TabularPreprocessing\n  train:\n    step: XGBoostTrainin\n    workspace: alice\n');
    expect(unknown).toBeInstanceOf(UnknownStepError);
    expect(unknown.message).toBe(
      `${file}:4:3: Unknown step name: XGBoostTrainin (node 'train') in workspace 'alice' — did you mean 'XGBoostTraining'? Hint: run \`cursus registry list-steps --workspace <id>\` to see the names a view knows`,
    );
    const [, workspace] = failure('nodes:\n  train:\n    step: XGBoostTraining\n    workspace: alcie\n');
    expect(workspace).toBeInstanceOf(UnknownWorkspaceError);
    expect(workspace.message).toMatch(/spec\.yaml:2:3: Unknown workspace 'alcie' \(known: alice, bob, carol\) — did you mean 'alice'\?/);
    const [, dep] = failure('nodes:\n  prep:\n    step: TabularPreprocessing\n  train:\n    step: XGBoostTraining\n    depends_on: [prepp]\n');
    expect(dep.message).toMatch(/spec\.yaml:4:3: node 'train' depends on unknown node 'prepp' — did you mean 'prep'\? Hint:/);
    const [, cycle] = failure('nodes:\n  b:\n    step: Payload\n    depends_on: [a]\n  a:\n    step: Package\n    depends_on: [b]\n');
    expect(cycle.message).toMatch(/spec\.yaml:5:3: the pipeline has a cycle: a → b → a\. Hint: remove one of these depends_on entries$/);
  });
});

describe('shipped pipeline-spec JSON Schema', () => {
  it('is up to date with the zod schema (run `npm run schema` when this fails)', () => {
    const shipped = JSON.parse(readFileSync(join(REPO_ROOT, PIPELINE_SPEC_SCHEMA_PATH), 'utf8')) as unknown;
    expect(shipped).toEqual(pipelineSpecJsonSchema());
  });

  it('describes nodes: step required, no unknown fields, node names as identifiers', () => {
    const schema = pipelineSpecJsonSchema() as {
      required: string[];
      properties: { nodes: { propertyNames: { pattern: string }; additionalProperties: { required: string[]; additionalProperties: boolean; properties: Record<string, unknown> } } };
    };
    expect(schema.required).toEqual(['nodes']);
    expect(schema.properties.nodes.propertyNames.pattern).toBe('^[A-Za-z][A-Za-z0-9_]*$');
    expect(schema.properties.nodes.additionalProperties.required).toEqual(['step']);
    expect(schema.properties.nodes.additionalProperties.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties.nodes.additionalProperties.properties)).toEqual(['step', 'workspace', 'depends_on', 'config']);
  });

  it('the example spec points at the shipped schema file', () => {
    const ref = /^# yaml-language-server: \$schema=(\S+)$/m.exec(readFileSync(EXAMPLE_SPEC, 'utf8'))?.[1];
    expect(ref).toBeDefined();
    expect(resolve(dirname(EXAMPLE_SPEC), ref ?? '')).toBe(join(REPO_ROOT, PIPELINE_SPEC_SCHEMA_PATH));
    expect(existsSync(resolve(dirname(EXAMPLE_SPEC), ref ?? ''))).toBe(true);
  });
});
