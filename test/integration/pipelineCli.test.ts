import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stableJson } from '../../src/cli/output.js';
import { runCliInProcess } from '../helpers/runCli.js';
import { EXAMPLES_ROOT, makeTempDir, REPO_ROOT, type TempDir } from '../helpers/tempRegistry.js';
import { EXAMPLE_MANIFEST, EXAMPLE_MERMAID, EXAMPLE_SPEC } from './exampleManifest.js';

describe('cursus pipeline build / validate (in-process)', () => {
  let tmp: TempDir;
  const cli = (args: string[], env?: Record<string, string | undefined>) => runCliInProcess(['--workspaces-root', EXAMPLES_ROOT, ...args], { cwd: tmp.dir, env });
  beforeEach(async () => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('build: the manifest as JSON with sorted keys, exactly', async () => {
    const run = await cli(['pipeline', 'build', EXAMPLE_SPEC]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(stableJson(EXAMPLE_MANIFEST));
  });

  it('build --format mermaid: a flowchart whose nodes show step and workspace, exactly', async () => {
    const run = await cli(['pipeline', 'build', EXAMPLE_SPEC, '--format', 'mermaid']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(EXAMPLE_MERMAID);
  });

  it('the README command: from the repository root, relative spec path, workspaces from cursus.config.json', async () => {
    const run = await runCliInProcess(['pipeline', 'build', 'examples/pipelines/multi_developer_pipeline.yaml', '--format', 'mermaid'], { cwd: REPO_ROOT });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(EXAMPLE_MERMAID);
  });

  it('validate: exit 0 with a one-line summary and the run order', async () => {
    tmp.write('pipeline.yaml', 'name: small\nnodes:\n  prep: { step: TabularPreprocessing }\n  train: { step: XGBoostTraining, workspace: alice, depends_on: [prep] }\n');
    const run = await cli(['pipeline', 'validate', 'pipeline.yaml']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("✓ valid: pipeline 'small' (pipeline.yaml) — 2 nodes, 1 edge, workspaces: alice\n  order: prep → train\n");
    expect((await cli(['pipeline', 'validate', EXAMPLE_SPEC])).code).toBe(0);
  });

  it('validate: exit 1 when the spec is wrong (schema, step, workspace, dependency, cycle), one line on stderr', async () => {
    const cases: [string, string][] = [
      ['nodes:\n  a: { step: Payload, dependson: [b] }\n', "PIPELINE_INVALID: %F:2:23: `nodes.a.dependson`: unknown field — did you mean `depends_on`? Hint: known fields: step, workspace, depends_on, config"],
      ['nodes:\n  a: { step: Paylod }\n', "UNKNOWN_STEP: %F:2:3: Unknown step name: Paylod (node 'a') in the core registry — did you mean 'Payload'? Hint: run `cursus registry list-steps --workspace <id>` to see the names a view knows"],
      ['nodes:\n  a: { step: Payload, workspace: dave }\n', "UNKNOWN_WORKSPACE: %F:2:3: Unknown workspace 'dave' (known: alice, bob, carol). Hint: workspaces are the directories under the workspaces root; check --workspaces-root / CURSUS_WORKSPACES_ROOT"],
      ['nodes:\n  train: { step: Payload, depends_on: [prep] }\n', "PIPELINE_INVALID: %F:2:3: node 'train' depends on unknown node 'prep'. Hint: depends_on lists node names of this pipeline: train"],
      ['nodes:\n  a: { step: Payload, depends_on: [b] }\n  b: { step: Package, depends_on: [a] }\n', 'PIPELINE_INVALID: %F:2:3: the pipeline has a cycle: a → b → a. Hint: remove one of these depends_on entries'],
    ];
    for (const [text, expected] of cases) {
      const file = tmp.write('bad.yaml', text);
      for (const command of ['validate', 'build']) {
        const run = await cli(['pipeline', command, 'bad.yaml']);
        expect(run.code).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe(`cursus: error ${expected.replace('%F', file)}\n`);
      }
    }
  });

  it('validate: exit 2 when the spec file cannot be read or parsed, or the usage is wrong', async () => {
    const missing = await cli(['pipeline', 'validate', 'missing.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`cursus: error REGISTRY_LOAD_ERROR: ${join(tmp.dir, 'missing.yaml')}: file not found. Hint: check the path (relative paths are resolved against the working directory)\n`);
    const file = tmp.write('broken.yaml', 'nodes:\n  a: { step: Payload\n');
    const broken = await cli(['pipeline', 'validate', 'broken.yaml']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(new RegExp(`^cursus: error REGISTRY_LOAD_ERROR: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: YAML syntax error`));
    expect((await cli(['pipeline', 'validate'])).code).toBe(2);
    const format = await cli(['pipeline', 'build', EXAMPLE_SPEC, '--format', 'dot']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("cursus: error USAGE: option '--format <format>' argument 'dot' is invalid. Allowed choices are json, mermaid.");
  });

  it('a node without workspace follows CURSUS_WORKSPACE_ID', async () => {
    tmp.write('prep.yaml', 'nodes:\n  prep: { step: TabularPreprocessing }\n');
    const run = await cli(['pipeline', 'build', 'prep.yaml'], { CURSUS_WORKSPACE_ID: 'bob' });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { nodes: { workspace_id: string; definition: { config_class: string } }[] };
    expect(json.nodes[0]?.workspace_id).toBe('bob');
    expect(json.nodes[0]?.definition.config_class).toBe('BobTabularPreprocessingConfig');
  });

  it('help lists the pipeline commands with examples', async () => {
    const group = await runCliInProcess(['pipeline', '--help'], { cwd: tmp.dir });
    expect(group.code).toBe(0);
    expect(group.stdout).toContain('build [options] <spec>');
    expect(group.stdout).toContain('validate [options] <spec>');
    const build = await runCliInProcess(['pipeline', 'build', '--help'], { cwd: tmp.dir });
    expect(build.stdout).toContain('--format <format>  output format (choices: "json", "mermaid", default: "json")');
    expect(build.stdout).toContain('$ cursus pipeline build examples/pipelines/multi_developer_pipeline.yaml --format mermaid');
  });
});
