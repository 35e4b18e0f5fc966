import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ResourceListChangedNotificationSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CLI, EXAMPLES_ROOT, makeTempDir, registryPath, type TempDir } from '../helpers/tempRegistry.js';

// One real `cursus mcp` process (the bundle test/globalSetup builds from src) for the whole file,
// serving a temp copy of the example workspaces so one test can edit a file.
let tmp: TempDir;
let root: string;
let client: Client;
let listChanged = 0;

function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

async function call(name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

beforeAll(async () => {
  tmp = makeTempDir('cursus-mcp-');
  root = join(tmp.dir, 'workspaces');
  cpSync(EXAMPLES_ROOT, root, { recursive: true });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('CURSUS_')) env[k] = v;
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, '--workspaces-root', root, 'mcp'], cwd: tmp.dir, env, stderr: 'pipe' });
  client = new Client({ name: 'cursus-test', version: '0.0.0' });
  client.setNotificationHandler(ResourceListChangedNotificationSchema, () => {
    listChanged++;
  });
  await client.connect(transport);
}, 60_000);

afterAll(async () => {
  await client?.close();
  tmp?.cleanup();
});

describe('cursus mcp (real process, SDK client over stdio)', () => {
  it('lists the eight tools with their input schemas', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['list_steps', 'get_step', 'resolve_step', 'list_workspaces', 'list_conflicts', 'validate_registry', 'registry_health', 'build_pipeline']);
    const schema = (name: string) => tools.find((t) => t.name === name)?.inputSchema;
    expect(Object.keys(schema('get_step')?.properties ?? {})).toEqual(['name', 'workspace']);
    expect(schema('get_step')?.required).toEqual(['name']);
    expect(Object.keys(schema('resolve_step')?.properties ?? {})).toEqual(['name', 'workspace', 'framework', 'environment', 'mode']);
    expect((schema('resolve_step')?.properties as Record<string, { enum?: string[]; type?: string }>).mode?.enum).toEqual(['automatic', 'strict']);
    expect((schema('resolve_step')?.properties as Record<string, { type?: string }>).environment?.type).toBe('array');
    expect(schema('build_pipeline')?.required).toEqual(['spec']);
    expect(Object.keys(schema('validate_registry')?.properties ?? {})).toEqual(['workspace', 'check_conflicts']);
    expect(schema('list_workspaces')?.required).toBeUndefined();
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
  });

  it("get_step XGBoostTraining in alice → AliceXGBoostTrainingConfig, with provenance and what it shadows", async () => {
    const result = await call('get_step', { name: 'XGBoostTraining', workspace: 'alice' });
    expect(result.isError).toBeFalsy();
    const s = result.structuredContent as { view: string; definition: Record<string, unknown>; shadows: Record<string, unknown> };
    expect(s.view).toBe('alice');
    expect(s.definition).toMatchObject({ config_class: 'AliceXGBoostTrainingConfig', registry_type: 'override', workspace_id: 'alice', source: { file: join(root, registryPath('alice')), line: 40 } });
    expect(s.shadows.config_class).toBe('XGBoostTrainingConfig');
    expect(textOf(result)).toBe(`XGBoostTraining in the view of workspace 'alice': AliceXGBoostTrainingConfig (override of alice) — ${join(root, registryPath('alice'))}:40`);
  });

  it('resolve_step ModelTraining with framework tensorflow → bob by framework_match, with the explanation', async () => {
    const result = await call('resolve_step', { name: 'ModelTraining', framework: 'tensorflow' });
    const s = result.structuredContent as { resolution_strategy: string; selected_definition: Record<string, unknown>; explanation: string[]; conflicting_definitions: { workspace_id: string }[] };
    expect(s.resolution_strategy).toBe('framework_match');
    expect(s.selected_definition).toMatchObject({ workspace_id: 'bob', config_class: 'BobModelTrainingConfig' });
    expect(s.conflicting_definitions.map((d) => d.workspace_id)).toEqual(['alice', 'bob', 'carol']);
    expect(textOf(result).split('\n')[0]).toBe('ModelTraining → bob BobModelTrainingConfig [framework_match]');
    expect(s.explanation[3]).toBe("chose workspace 'bob' (LOCAL_STEPS): the only candidate with framework tensorflow (framework_match)");
  });

  it('resolve_step: a tie is ambiguous (automatic) and AMBIGUOUS_STEP (strict); an unknown name is a tool error with the closest name', async () => {
    const tie = await call('resolve_step', { name: 'DataValidation', environment: ['staging'] });
    expect((tie.structuredContent as { ambiguous: boolean; tied_definitions: string[] }).tied_definitions).toEqual(['bob', 'carol']);
    const strict = await call('resolve_step', { name: 'DataValidation', mode: 'strict' });
    expect(strict.isError).toBe(true);
    expect(textOf(strict)).toMatch(/^AMBIGUOUS_STEP: /);
    const unknown = await call('resolve_step', { name: 'ModelTrainng' });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(/^UNKNOWN_STEP: step 'ModelTrainng' did not resolve: .* — did you mean 'ModelTraining'/);
  });

  it('list_steps, list_workspaces, list_conflicts, validate_registry, registry_health on the examples', async () => {
    const steps = (await call('list_steps', { workspace: 'bob' })).structuredContent as { view: string; count: number; steps: Record<string, Record<string, unknown>> };
    expect([steps.view, steps.count, steps.steps.TabularPreprocessing?.config_class, steps.steps.TabularPreprocessing?.registry_type]).toEqual(['bob', 20, 'BobTabularPreprocessingConfig', 'override']);
    const core = (await call('list_steps')).structuredContent as { view: null; count: number };
    expect([core.view, core.count]).toEqual([null, 17]);
    const workspaces = (await call('list_workspaces')).structuredContent as { workspaces: { id: string; status: string; metadata: { preferred_frameworks?: string[] } }[] };
    expect(workspaces.workspaces.map((w) => [w.id, w.status, w.metadata.preferred_frameworks])).toEqual([
      ['alice', 'loaded', ['pytorch', 'xgboost']],
      ['bob', 'loaded', ['tensorflow']],
      ['carol', 'loaded', ['xgboost']],
    ]);
    const conflicts = await call('list_conflicts');
    expect(textOf(conflicts)).toBe('DataValidation: bob, carol\nModelEvaluation: alice, bob\nModelTraining: alice, bob, carol');
    const valid = await call('validate_registry', { check_conflicts: true });
    const report = valid.structuredContent as { ok: boolean; errors: number; warnings: number; diagnostics: { code: string }[] };
    expect([report.ok, report.errors, report.warnings]).toEqual([true, 0, 4]);
    expect(report.diagnostics.map((d) => d.code).sort()).toEqual(['AMBIGUOUS_STEP', 'STEP_CONFLICT', 'STEP_CONFLICT', 'STEP_CONFLICT']);
    const health = await call('registry_health');
    expect(textOf(health).split('\n')[0]).toBe('healthy: 17 core steps, 3 workspaces, 3 conflicting names');
  });

  it('build_pipeline: the example spec as text → the manifest order; mermaid; a bad spec is a tool error at spec:line', async () => {
    const spec = readFileSync(join(EXAMPLES_ROOT, '..', 'pipelines', 'multi_developer_pipeline.yaml'), 'utf8');
    const built = await call('build_pipeline', { spec });
    expect(((built.structuredContent as { manifest: { order: string[] } }).manifest.order)).toEqual(['load_data', 'preprocess', 'train', 'evaluate', 'register']);
    expect(textOf(built)).toBe('pipeline with 5 nodes: load_data → preprocess → train → evaluate → register');
    const mermaid = await call('build_pipeline', { spec, format: 'mermaid' });
    expect(textOf(mermaid)).toContain('  train["train<br/>XGBoostTraining<br/>alice (override)"]:::override\n');
    const bad = await call('build_pipeline', { spec: 'nodes:\n  a:\n    stp: Base\n' });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/^PIPELINE_INVALID: spec:3:\d+: /);
  });

  it('errors: an unknown workspace is a tool error naming the known ids; a bad argument does not crash the server', async () => {
    const result = await call('get_step', { name: 'XGBoostTraining', workspace: 'alicee' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe("UNKNOWN_WORKSPACE: Unknown workspace 'alicee' (known: alice, bob, carol) — did you mean 'alice'? Hint: workspaces are the directories under the workspaces root (its location is a setting)");
    expect((result.structuredContent as { error: { code: string; suggestions: string[] } }).error).toMatchObject({ code: 'UNKNOWN_WORKSPACE' });
    const unknownStep = await call('get_step', { name: 'XGBoostTrainin', workspace: 'alice' });
    expect(textOf(unknownStep)).toContain("did you mean 'XGBoostTraining'?");
    const bad = await call('get_step', { name: 42 });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toContain('name');
    expect(((await call('get_step', { name: 'Base' })).structuredContent as { definition: { config_class: string } }).definition.config_class).toBe('BasePipelineConfig');
  });

  it('resources: the core view and each workspace view as JSON', async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(['cursus://view/core', 'cursus://view/alice', 'cursus://view/bob', 'cursus://view/carol']);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['cursus://view/{workspace}']);
    const alice = await client.readResource({ uri: 'cursus://view/alice' });
    const body = JSON.parse((alice.contents[0] as { text: string }).text) as { view: string; steps: Record<string, { config_class: string }> };
    expect([body.view, body.steps.XGBoostTraining?.config_class]).toEqual(['alice', 'AliceXGBoostTrainingConfig']);
    const core = JSON.parse(((await client.readResource({ uri: 'cursus://view/core' })).contents[0] as { text: string }).text) as { view: null; steps: Record<string, unknown> };
    expect([core.view, Object.keys(core.steps).length]).toEqual([null, 17]);
  });

  it('100 concurrent calls all answer correctly', async () => {
    const asks = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? { ws: 'alice', want: 'AliceXGBoostTrainingConfig' } : { ws: 'bob', want: 'XGBoostTrainingConfig' }));
    const results = await Promise.all(asks.map((a) => call('get_step', { name: 'XGBoostTraining', workspace: a.ws })));
    expect(results.map((r) => (r.structuredContent as { definition: { config_class: string } }).definition.config_class)).toEqual(asks.map((a) => a.want));
  });

  it('an edit to a workspace file is seen by the next call, with a resource list-changed notification', async () => {
    const file = join(root, registryPath('alice'));
    const before = listChanged;
    writeFileSync(file, readFileSync(file, 'utf8').replace('config_class: AliceXGBoostTrainingConfig', 'config_class: AliceXGBoostTrainingConfigV2'));
    let seen = '';
    for (let i = 0; i < 200 && seen !== 'AliceXGBoostTrainingConfigV2'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      seen = ((await call('get_step', { name: 'XGBoostTraining', workspace: 'alice' })).structuredContent as { definition: { config_class: string } }).definition.config_class;
    }
    expect(seen).toBe('AliceXGBoostTrainingConfigV2');
    for (let i = 0; i < 100 && listChanged === before; i++) await new Promise((r) => setTimeout(r, 50));
    expect(listChanged).toBeGreaterThan(before);
  });
});
