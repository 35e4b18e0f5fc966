import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BasePipelineConfig,
  buildPipelineFromFile,
  configureRegistry,
  HybridRegistryManager,
  PipelineAssembler,
  PipelineInvalidError,
  pipelineManifestToJSON,
  pipelineToMermaid,
  RegistryError,
  resetRegistry,
  UnknownStepError,
  UnknownWorkspaceError,
  withWorkspaceContext,
} from '../../src/index.js';
import { EXAMPLES_ROOT, makeTempDir, type TempDir } from '../helpers/tempRegistry.js';
import { EXAMPLE_MANIFEST, EXAMPLE_MERMAID, EXAMPLE_SPEC } from './exampleManifest.js';

/** The message of what `fn` throws, checked to be a RegistryError of `type`. */
function errorOf(fn: () => unknown, type: abstract new (...args: never[]) => RegistryError): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return (error as RegistryError).message;
  }
  throw new Error('expected an error');
}

describe('PipelineAssembler (SPEC §8, the plan’s example 4)', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = makeTempDir();
    configureRegistry({ workspacesRoot: EXAMPLES_ROOT, cwd: tmp.dir, env: {} });
  });
  afterEach(() => {
    resetRegistry();
    tmp.cleanup();
  });

  it('the example pipeline: core, alice and bob steps in one manifest, exactly', () => {
    const manifest = buildPipelineFromFile(EXAMPLE_SPEC);
    expect(pipelineManifestToJSON(manifest)).toEqual(EXAMPLE_MANIFEST);
    expect(JSON.parse(JSON.stringify(pipelineManifestToJSON(manifest)))).toEqual(EXAMPLE_MANIFEST);
    expect(manifest.nodes.map((n) => n.source?.line)).toEqual([12, 17, 23, 31, 38]);
    expect(Object.isFrozen(manifest) && Object.isFrozen(manifest.nodes) && Object.isFrozen(manifest.nodes[0])).toBe(true);
  });

  it('the same pipeline from code, with workspace contexts as in the plan; nodes keep their own workspace', () => {
    class TrainingConfig extends BasePipelineConfig {
      num_round = 300;
    }
    const assembler = new PipelineAssembler({ name: 'from-code' });
    assembler.addStep('CradleDataLoading', { config: { job_type: 'training' }, node: 'load_data' });
    assembler.addStep('TabularPreprocessing', { config: {}, node: 'preprocess', dependsOn: ['load_data'] });
    withWorkspaceContext('alice', () => assembler.addStep('XGBoostTraining', { config: new TrainingConfig(), node: 'train', dependsOn: ['preprocess'] }));
    assembler.addStep('ModelEvaluation', { config: new TrainingConfig({ workspace_id: 'bob' }), node: 'evaluate', dependsOn: ['train'] });
    assembler.addStep('Registration', { config: {}, dependsOn: ['train', 'evaluate'] });
    expect(assembler.nodeNames).toEqual(['load_data', 'preprocess', 'train', 'evaluate', 'Registration']);
    const manifest = assembler.build();
    expect(manifest.nodes.map((n) => [n.name, n.workspace_id, n.definition.config_class, n.definition.registry_type])).toEqual([
      ['load_data', null, 'CradleDataLoadingConfig', 'core'],
      ['preprocess', null, 'TabularPreprocessingConfig', 'core'],
      ['train', 'alice', 'AliceXGBoostTrainingConfig', 'override'],
      ['evaluate', 'bob', 'BobModelEvaluationConfig', 'workspace'],
      ['Registration', null, 'RegistrationConfig', 'core'],
    ]);
    expect(manifest.order).toEqual(['load_data', 'preprocess', 'train', 'evaluate', 'Registration']);
    const json = pipelineManifestToJSON(manifest) as { nodes: { config: unknown; config_class: unknown }[] };
    expect(json.nodes[2]).toMatchObject({ config: { workspace_id: null, num_round: 300 }, config_class: 'TrainingConfig' });
    expect(json.nodes[3]).toMatchObject({ config: { workspace_id: 'bob', num_round: 300 }, config_class: 'TrainingConfig' });
  });

  it('workspace precedence per node: explicit > config.workspace_id > context > env > core', () => {
    configureRegistry({ workspacesRoot: EXAMPLES_ROOT, cwd: tmp.dir, env: { CURSUS_WORKSPACE_ID: 'bob' } });
    const a = new PipelineAssembler();
    a.addStep('TabularPreprocessing', { config: {}, node: 'env' });
    a.addStep('TabularPreprocessing', { config: {}, node: 'pinned_core', workspace: null });
    a.addStep('TabularPreprocessing', { config: { workspace_id: 'alice' }, node: 'from_config' });
    a.addStep('TabularPreprocessing', { config: { workspace_id: 'alice' }, node: 'explicit', workspace: 'bob' });
    withWorkspaceContext('carol', () => a.addStep('TabularPreprocessing', { config: {}, node: 'context' }));
    expect(a.build().nodes.map((n) => [n.name, n.workspace_id, n.definition.config_class])).toEqual([
      ['env', 'bob', 'BobTabularPreprocessingConfig'],
      ['pinned_core', null, 'TabularPreprocessingConfig'],
      ['from_config', 'alice', 'TabularPreprocessingConfig'],
      ['explicit', 'bob', 'BobTabularPreprocessingConfig'],
      ['context', 'carol', 'TabularPreprocessingConfig'],
    ]);
  });

  it('topological order is deterministic: ties go to the name first in code-unit order, whatever the add order', () => {
    const build = (names: string[]) => {
      const a = new PipelineAssembler();
      for (const name of names) a.addStep('Payload', { config: {}, node: name, dependsOn: name === 'sink' ? ['b', 'a', 'Z'] : name === 'root' ? [] : ['root'] });
      return a.build();
    };
    const one = build(['root', 'b', 'a', 'Z', 'sink']);
    const two = build(['sink', 'Z', 'a', 'b', 'root']);
    expect(one.order).toEqual(['root', 'Z', 'a', 'b', 'sink']);
    expect(two.order).toEqual(one.order);
    expect(two.edges.map((e) => `${e.from}->${e.to}`)).toEqual(['b->sink', 'a->sink', 'Z->sink', 'root->Z', 'root->a', 'root->b']);
  });

  it('unknown step: UnknownStepError with the view, the node and the closest names', () => {
    const a = new PipelineAssembler();
    expect(errorOf(() => a.addStep('XGBoostTrainin', { config: {}, node: 'train', workspace: 'alice' }), UnknownStepError)).toBe(
      "Unknown step name: XGBoostTrainin (node 'train') in workspace 'alice' — did you mean 'XGBoostTraining'? Hint: run `cursus registry list-steps --workspace <id>` to see the names a view knows",
    );
    expect(errorOf(() => a.addStep('Paylod', { config: {} }), UnknownStepError)).toBe(
      "Unknown step name: Paylod in the core registry — did you mean 'Payload'? Hint: run `cursus registry list-steps --workspace <id>` to see the names a view knows",
    );
  });

  it('a workspace-only step without its workspace: the hint names the workspaces that define it', () => {
    const a = new PipelineAssembler();
    expect(errorOf(() => a.addStep('ModelEvaluation', { config: {}, node: 'evaluate' }), UnknownStepError)).toBe(
      "Unknown step name: ModelEvaluation (node 'evaluate') in the core registry. Hint: 'ModelEvaluation' is defined in workspace alice, bob: set the node's workspace",
    );
    expect(errorOf(() => a.addStep('FeatureDriftCheck', { config: {}, workspace: 'bob' }), UnknownStepError)).toBe(
      "Unknown step name: FeatureDriftCheck in workspace 'bob'. Hint: 'FeatureDriftCheck' is defined in workspace alice: set the node's workspace",
    );
  });

  it('unknown workspace: UnknownWorkspaceError listing the known ids', () => {
    expect(errorOf(() => new PipelineAssembler().addStep('XGBoostTraining', { config: {}, workspace: 'alcie' }), UnknownWorkspaceError)).toBe(
      "Unknown workspace 'alcie' (known: alice, bob, carol) — did you mean 'alice'? Hint: workspaces are the directories under the workspaces root (its location is a setting)",
    );
  });

  it('duplicate node, invalid node name, repeated dependency: PipelineInvalidError', () => {
    const a = new PipelineAssembler().addStep('Payload', { config: {} });
    expect(errorOf(() => a.addStep('Payload', { config: {} }), PipelineInvalidError)).toBe("duplicate node 'Payload'. Hint: give each node its own name (option `node`)");
    expect(errorOf(() => a.addStep('Package', { config: {}, node: 'Payload' }), PipelineInvalidError)).toBe("duplicate node 'Payload'. Hint: give each node its own name (option `node`)");
    expect(errorOf(() => a.addStep('Package', { config: {}, node: 'my-node' }), PipelineInvalidError)).toBe('invalid node name "my-node". Hint: node names match ^[A-Za-z][A-Za-z0-9_]*$');
    expect(errorOf(() => a.addStep('Package', { config: {}, dependsOn: ['Payload', 'Payload'] }), PipelineInvalidError)).toBe(
      "node 'Package' lists 'Payload' twice in depends_on. Hint: list each dependency once",
    );
    expect(a.nodeNames).toEqual(['Payload']);
    const err = (() => {
      try {
        a.addStep('Payload', { config: {} });
      } catch (e) {
        return e as PipelineInvalidError;
      }
    })();
    expect(err?.code).toBe('PIPELINE_INVALID');
  });

  it('unknown dependency: PipelineInvalidError at build, with a suggestion', () => {
    const a = new PipelineAssembler().addStep('TabularPreprocessing', { config: {}, node: 'preprocess' }).addStep('XGBoostTraining', { config: {}, node: 'train', dependsOn: ['preprocesss'] });
    expect(errorOf(() => a.build(), PipelineInvalidError)).toBe(
      "node 'train' depends on unknown node 'preprocesss' — did you mean 'preprocess'? Hint: depends_on lists node names of this pipeline: preprocess, train",
    );
  });

  it('cycles: PipelineInvalidError naming the cycle path from its smallest node', () => {
    const cycle = (deps: Record<string, string[]>) => {
      const a = new PipelineAssembler();
      for (const [node, dependsOn] of Object.entries(deps)) a.addStep('Payload', { config: {}, node, dependsOn });
      return errorOf(() => a.build(), PipelineInvalidError);
    };
    // b runs after a, c after b, a after c.
    expect(cycle({ start: [], c: ['b'], a: ['c', 'start'], b: ['a'] })).toBe('the pipeline has a cycle: a → b → c → a. Hint: remove one of these depends_on entries');
    expect(cycle({ self: ['self'] })).toBe('the pipeline has a cycle: self → self. Hint: remove one of these depends_on entries');
    // Nodes downstream of a cycle are not part of it.
    expect(cycle({ down: ['y'], y: ['x'], x: ['y'] })).toBe('the pipeline has a cycle: x → y → x. Hint: remove one of these depends_on entries');
  });

  it('mermaid: node name, step and origin per node; an edge per dependency; mermaid keywords get other ids', () => {
    expect(pipelineToMermaid(buildPipelineFromFile(EXAMPLE_SPEC))).toBe(EXAMPLE_MERMAID);
    const manifest = new PipelineAssembler()
      .addStep('Payload', { config: {}, node: 'end' })
      .addStep('Package', { config: {}, node: 'end_node' })
      .addStep('Registration', { config: {}, node: 'last', workspace: 'alice', dependsOn: ['end', 'end_node'] })
      .build();
    expect(pipelineToMermaid(manifest)).toBe(
      [
        'flowchart TD',
        '  end_node2["end<br/>Payload<br/>core"]:::core',
        '  end_node["end_node<br/>Package<br/>core"]:::core',
        '  last["last<br/>Registration<br/>core, in view alice"]:::core',
        '  end_node2 --> last',
        '  end_node --> last',
        '  classDef core fill:#eef2ff,stroke:#6366f1',
        '',
      ].join('\n'),
    );
  });

  it('uses the registry it is given instead of the global one', () => {
    tmp.write(join('empty', '.keep'), '');
    const registry = new HybridRegistryManager({ workspacesRoot: join(tmp.dir, 'empty'), cwd: tmp.dir, env: {} });
    const a = new PipelineAssembler({ registry });
    expect(errorOf(() => a.addStep('XGBoostTraining', { config: {}, workspace: 'alice' }), UnknownWorkspaceError)).toContain('no workspaces are loaded');
    expect(a.addStep('XGBoostTraining', { config: {} }).build().nodes[0]?.definition.config_class).toBe('XGBoostTrainingConfig');
  });
});
