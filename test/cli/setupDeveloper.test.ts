/**
 * `cursus developer setup-developer` through the CLI in-process (main() on the current source) (SPEC §7,
 * §10.12; issue 4 item 8): the exact tree, refusal of an existing workspace,
 * and `--copy-from` for YAML (comments kept, only developer_id changed —
 * structurally, never by string replacement), JSON and TS sources, plus
 * missing and broken sources. After every write the tree is listed.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliInProcess, type CliRun } from '../helpers/runCli.js';
import { EXAMPLES_ROOT, REPO_ROOT, makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';
import { tree } from '../helpers/fileTree.js';

const SHIPPED_SCHEMA = join(REPO_ROOT, 'schema', 'workspace-registry.schema.json');
const REGISTRY_DIR = join('src', 'cursus_dev', 'registry');


/** A snapshot of every file's content under `dir` (path → content). */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of tree(dir)) if (!p.endsWith('/')) out[p] = readFileSync(join(dir, p), 'utf8');
  return out;
}

/** Exit 2, stdout empty, stderr exactly one line `cursus: error CODE: …`, no stack trace. */
function expectOneLineError(run: CliRun, code: string): string {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toContain('    at ');
  expect(run.stderr.endsWith('\n')).toBe(true);
  const lines = run.stderr.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]!.startsWith(`cursus: error ${code}: `)).toBe(true);
  return lines[0]!;
}

const EXPECTED_TREE = (id: string, registry = 'workspace_registry.yaml'): string[] =>
  [
    `${id}/`,
    `${id}/README.md`,
    `${id}/src/`,
    `${id}/src/cursus_dev/`,
    `${id}/src/cursus_dev/registry/`,
    `${id}/src/cursus_dev/registry/${registry}`,
    `${id}/src/cursus_dev/steps/`,
    `${id}/src/cursus_dev/steps/builders/`,
    `${id}/src/cursus_dev/steps/configs/`,
    `${id}/src/cursus_dev/steps/contracts/`,
    `${id}/src/cursus_dev/steps/scripts/`,
    `${id}/src/cursus_dev/steps/specs/`,
    `${id}/test/`,
    `${id}/validation_reports/`,
  ].sort();

describe('cursus developer setup-developer (in-process)', async () => {
  let tmp: TempDir;
  let root: string;
  const cli = (args: string[]): Promise<CliRun> => runCliInProcess(['--workspaces-root', root, ...args], { cwd: tmp.dir });
  /** list-steps --workspace id --format json, with workspace_id dropped (to compare a copy with its source). */
  const stepsModuloWorkspace = async (id: string): Promise<Record<string, Record<string, unknown>>> => {
    const run = await cli(['registry', 'list-steps', '--workspace', id, '--format', 'json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, Record<string, unknown>>;
    const out: Record<string, Record<string, unknown>> = {};
    for (const [name, def] of Object.entries(json)) {
      const { workspace_id: ws, ...rest } = def;
      expect(ws === null || ws === id).toBe(true);
      out[name] = rest;
    }
    return out;
  };
  const validate = async (id: string) => {
    const run = await cli(['registry', 'validate-registry', '--workspace', id, '--format', 'json']);
    return { code: run.code, report: JSON.parse(run.stdout) as { ok: boolean; errors: number; warnings: number; diagnostics: { code: string; severity: string; workspace_id: string | null }[] } };
  };
  /** Copy the three example workspaces into the temp root. */
  const copyExamples = (): void => {
    cpSync(EXAMPLES_ROOT, root, { recursive: true });
  };

  beforeEach(async () => {
    tmp = makeTempDir('cursus-setup-');
    root = join(tmp.dir, 'ws');
    mkdirSync(root);
  });
  afterEach(() => tmp.cleanup());

  it('creates exactly the tree of SPEC §7: steps/{builders,configs,contracts,scripts,specs}, registry, test/, validation_reports/, README.md', async () => {
    const run = await cli(['developer', 'setup-developer', 'dave']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      "created workspace 'dave' at ws/dave\n" +
        '  registry: ws/dave/src/cursus_dev/registry/workspace_registry.yaml\n' +
        '  readme:   ws/dave/README.md\n' +
        'next: cursus registry list-steps --workspace dave\n',
    );
    expect(tree(root)).toEqual(EXPECTED_TREE('dave'));
    expect(tree(tmp.dir)).toEqual(['ws/', ...EXPECTED_TREE('dave').map((p) => `ws/${p}`)]);
  });

  it('the README explains the workspace; the registry is the standard template and loads cleanly', async () => {
    expect((await cli(['developer', 'setup-developer', 'dave'])).code).toBe(0);
    const readme = readFileSync(join(root, 'dave', 'README.md'), 'utf8');
    expect(readme.startsWith('# Workspace `dave`\n')).toBe(true);
    expect(readme).toContain('src/cursus_dev/registry/workspace_registry.yaml');
    expect(readme).toContain('cursus registry validate-registry --workspace dave');
    expect(readme).toContain('CURSUS_WORKSPACE_ID=dave');
    const registry = readFileSync(join(root, registryPath('dave')), 'utf8');
    const first = registry.split('\n')[0]!;
    expect(first.startsWith('# yaml-language-server: $schema=')).toBe(true);
    expect(resolve(dirname(join(root, registryPath('dave'))), first.slice('# yaml-language-server: $schema='.length))).toBe(SHIPPED_SCHEMA);
    const strict = await cli(['registry', 'validate-registry', '--workspace', 'dave', '--strict', '--format', 'json']);
    expect(strict.code).toBe(0);
    expect(JSON.parse(strict.stdout)).toEqual({ core_steps: 17, diagnostics: [], errors: 0, ok: true, strict: true, warnings: 0, workspace_id: 'dave', workspaces_checked: 1 });
  });

  it('--template minimal --format json: the tree with a JSON registry, README names it', async () => {
    const run = await cli(['developer', 'setup-developer', 'jo', '--template', 'minimal', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(tree(root)).toEqual(EXPECTED_TREE('jo', 'workspace_registry.json'));
    expect(readFileSync(join(root, 'jo', 'README.md'), 'utf8')).toContain('src/cursus_dev/registry/workspace_registry.json');
    expect(await validate('jo')).toEqual({ code: 0, report: expect.objectContaining({ ok: true, errors: 0, warnings: 0, diagnostics: [] }) });
  });

  it('refuses an existing workspace: exit 2 WORKSPACE_EXISTS, nothing changed', async () => {
    expect((await cli(['developer', 'setup-developer', 'dave'])).code).toBe(0);
    tmp.write(join('ws', 'dave', 'README.md'), '# my notes\n');
    const before = contents(tmp.dir);
    const beforeTree = tree(tmp.dir);
    const line = expectOneLineError(await cli(['developer', 'setup-developer', 'dave']), 'WORKSPACE_EXISTS');
    expect(line).toContain("workspace 'dave' already exists");
    expect(tree(tmp.dir)).toEqual(beforeTree);
    expect(contents(tmp.dir)).toEqual(before);
  });

  it('refuses a workspace that has only a registry (made by init-workspace): nothing changed', async () => {
    expect((await cli(['registry', 'init-workspace', 'dave'])).code).toBe(0);
    const before = contents(tmp.dir);
    const beforeTree = tree(tmp.dir);
    expectOneLineError(await cli(['developer', 'setup-developer', 'dave']), 'WORKSPACE_EXISTS');
    expect(tree(tmp.dir)).toEqual(beforeTree);
    expect(contents(tmp.dir)).toEqual(before);
  });

  it('--copy-from alice (YAML): the new registry is alice’s file with exactly one line changed, the developer_id', async () => {
    copyExamples();
    const source = readFileSync(join(root, registryPath('alice')), 'utf8');
    const run = await cli(['developer', 'setup-developer', 'erin', '--copy-from', 'alice']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')[1]).toBe('  registry: ws/erin/src/cursus_dev/registry/workspace_registry.yaml (copied from ws/alice/src/cursus_dev/registry/workspace_registry.yaml)');
    expect(tree(join(root, 'erin'))).toEqual(EXPECTED_TREE('erin').map((p) => p.slice('erin/'.length)).filter(Boolean));
    const copy = readFileSync(join(root, registryPath('erin')), 'utf8');
    const a = source.split('\n');
    const b = copy.split('\n');
    expect(b).toHaveLength(a.length);
    const differing = a.map((line, i) => [line, b[i]] as const).filter(([x, y]) => x !== y);
    expect(differing).toEqual([['  developer_id: alice', '  developer_id: erin']]);
    // Comments kept, including those naming other workspaces.
    expect(copy).toContain('# yaml-language-server: $schema=../../../../../../schema/workspace-registry.schema.json\n');
    expect(copy).toContain('  # A step only alice has.\n');
    expect(copy).toContain("  # alice's own XGBoost training; every other workspace still sees core's.\n");
    // The source is untouched.
    expect(readFileSync(join(root, registryPath('alice')), 'utf8')).toBe(source);
  });

  it('--copy-from alice: the copy loads, its steps equal alice’s (modulo workspace_id), no error and no warning of its own', async () => {
    copyExamples();
    expect((await cli(['developer', 'setup-developer', 'erin', '--copy-from', 'alice'])).code).toBe(0);
    expect(await stepsModuloWorkspace('erin')).toEqual(await stepsModuloWorkspace('alice'));
    const { code, report } = await validate('erin');
    expect(code).toBe(0);
    expect(report.errors).toBe(0);
    // No "developer_id differs from the directory name" warning: the id was changed.
    expect(report.diagnostics.filter((d) => d.workspace_id === 'erin' && d.code !== 'AMBIGUOUS_STEP')).toEqual([]);
  });

  it('a YAML registry whose comments and descriptions mention the old id: only WORKSPACE_METADATA.developer_id changes (§10.12)', async () => {
    const original = [
      '# Registry of cat. Owner: cat. Ask cat before changing anything here.',
      'LOCAL_STEPS:',
      '  # cat wrote this step for cat-pipelines',
      '  CatStep:',
      '    config_class: CatStepConfig',
      '    builder_step_name: CatStepStepBuilder',
      '    spec_type: CatStep',
      '    sagemaker_step_type: Processing',
      '    description: "Step written by cat for cat\'s pipeline"',
      '    environment_tags: [cat, dev]',
      'WORKSPACE_METADATA:',
      "  developer_id: 'cat' # the owner is cat",
      '  description: cat workspace (cat)',
      '  dependencies:',
      '    - cat-utils',
      '',
    ].join('\n');
    tmp.write(join('ws', registryPath('cat')), original);
    const run = await cli(['developer', 'setup-developer', 'dog', '--copy-from', 'cat']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const copy = readFileSync(join(root, registryPath('dog')), 'utf8');
    // Every mention of "cat" outside developer_id stays; the developer_id is the only change.
    const a = original.split('\n');
    const b = copy.split('\n');
    expect(b).toHaveLength(a.length);
    const differing = a.map((line, i) => [line, b[i]] as const).filter(([x, y]) => x !== y);
    expect(differing).toHaveLength(1);
    expect(differing[0]![0]).toBe("  developer_id: 'cat' # the owner is cat");
    expect(differing[0]![1]).toMatch(/^ {2}developer_id: ['"]?dog['"]? +# the owner is cat$/);
    // Structurally: the data equals the source's with developer_id replaced.
    const src = parseYaml(original) as { WORKSPACE_METADATA: Record<string, unknown> };
    expect(parseYaml(copy)).toEqual({ ...src, WORKSPACE_METADATA: { ...src.WORKSPACE_METADATA, developer_id: 'dog' } });
    expect(copy.match(/\bcat\b/g)?.length).toBe(original.match(/\bcat\b/g)!.length - 1);
    expect(await stepsModuloWorkspace('dog')).toEqual(await stepsModuloWorkspace('cat'));
    expect(readFileSync(join(root, registryPath('cat')), 'utf8')).toBe(original);
  });

  it('--copy-from keeps the rest of the file byte for byte: a comment after a key, compact flow sequences (only the developer_id line changes)', async () => {
    const original = [
      'LOCAL_STEPS:',
      '  CatStep:   # the step of cat',
      stepYaml('CatStep', { environment_tags: ['cat', 'dev'] }, '  ').split('\n').slice(1).join('\n').trimEnd(),
      'WORKSPACE_METADATA:',
      '  developer_id: cat',
      '',
    ].join('\n');
    expect(original).toContain('environment_tags: ["cat","dev"]');
    tmp.write(join('ws', registryPath('cat')), original);
    expect((await cli(['developer', 'setup-developer', 'dog', '--copy-from', 'cat'])).code).toBe(0);
    const copy = readFileSync(join(root, registryPath('dog')), 'utf8');
    expect(copy).toBe(original.replace('  developer_id: cat', '  developer_id: dog'));
  });

  it('--copy-from a YAML registry without WORKSPACE_METADATA adds developer_id and keeps the rest', async () => {
    const original = `# cat's steps\nLOCAL_STEPS:\n${stepYaml('CatStep')}`;
    tmp.write(join('ws', registryPath('cat')), original);
    expect((await cli(['developer', 'setup-developer', 'dog', '--copy-from', 'cat'])).code).toBe(0);
    const copy = readFileSync(join(root, registryPath('dog')), 'utf8');
    expect(copy.startsWith("# cat's steps\n")).toBe(true);
    expect(parseYaml(copy)).toEqual({ ...(parseYaml(original) as object), WORKSPACE_METADATA: { developer_id: 'dog' } });
    expect((await validate('dog')).report.diagnostics.filter((d) => d.workspace_id === 'dog' && d.code !== 'AMBIGUOUS_STEP')).toEqual([]);
  });

  it('--copy-from bob (JSON): a JSON registry equal to bob’s data except developer_id; its steps equal bob’s', async () => {
    copyExamples();
    const run = await cli(['developer', 'setup-developer', 'fred', '--copy-from', 'bob']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(tree(root).filter((p) => p.startsWith('fred/'))).toEqual(EXPECTED_TREE('fred', 'workspace_registry.json'));
    const src = JSON.parse(readFileSync(join(root, registryPath('bob', 'json')), 'utf8')) as { WORKSPACE_METADATA: Record<string, unknown> };
    const copy = JSON.parse(readFileSync(join(root, registryPath('fred', 'json')), 'utf8')) as unknown;
    expect(copy).toEqual({ ...src, WORKSPACE_METADATA: { ...src.WORKSPACE_METADATA, developer_id: 'fred' } });
    expect(await stepsModuloWorkspace('fred')).toEqual(await stepsModuloWorkspace('bob'));
    const { code, report } = await validate('fred');
    expect(code).toBe(0);
    expect(report.errors).toBe(0);
  });

  it('--copy-from carol (TS): converted to a YAML registry that loads; its steps equal carol’s', async () => {
    copyExamples();
    const run = await cli(['developer', 'setup-developer', 'gina', '--copy-from', 'carol']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(tree(root).filter((p) => p.startsWith('gina/'))).toEqual(EXPECTED_TREE('gina', 'workspace_registry.yaml'));
    const file = join(root, registryPath('gina'));
    const text = readFileSync(file, 'utf8');
    const first = text.split('\n')[0]!;
    expect(first.startsWith('# yaml-language-server: $schema=')).toBe(true);
    expect(resolve(dirname(file), first.slice('# yaml-language-server: $schema='.length))).toBe(SHIPPED_SCHEMA);
    const data = parseYaml(text) as { WORKSPACE_METADATA: Record<string, unknown>; LOCAL_STEPS: object; STEP_OVERRIDES: object };
    expect(data.WORKSPACE_METADATA).toEqual({
      developer_id: 'gina',
      version: '0.3.0',
      description: 'Gradient-boosting experiments',
      preferred_frameworks: ['xgboost'],
      environment_preferences: ['development'],
    });
    expect(Object.keys(data.LOCAL_STEPS)).toEqual(['ModelTraining', 'DataValidation']);
    expect(Object.keys(data.STEP_OVERRIDES)).toEqual(['PyTorchTraining']);
    expect(await stepsModuloWorkspace('gina')).toEqual(await stepsModuloWorkspace('carol'));
    const { code, report } = await validate('gina');
    expect(code).toBe(0);
    expect(report.errors).toBe(0);
    // carol's own TS file is untouched and still the only registry there.
    expect(readdirSync(join(root, 'carol', REGISTRY_DIR))).toEqual(['workspace_registry.ts']);
  });

  it('--copy-from a missing workspace: exit 2 UNKNOWN_WORKSPACE listing the known ids, nothing written', async () => {
    copyExamples();
    const before = tree(tmp.dir);
    const line = expectOneLineError(await cli(['developer', 'setup-developer', 'hank', '--copy-from', 'alise']), 'UNKNOWN_WORKSPACE');
    expect(line).toContain("Unknown workspace 'alise'");
    expect(line).toContain('known: alice, bob, carol');
    expect(line).toContain("did you mean 'alice'?");
    expect(tree(tmp.dir)).toEqual(before);
  });

  it('--copy-from a broken workspace: exit 2 naming the source file and line, nothing written', async () => {
    tmp.write(join('ws', registryPath('broken')), `LOCAL_STEPS:\n${stepYaml('BadStep', { framwork: 'pandas' })}`);
    const before = tree(tmp.dir);
    const line = expectOneLineError(await cli(['developer', 'setup-developer', 'hank', '--copy-from', 'broken']), 'REGISTRY_LOAD_ERROR');
    // The unknown field is on line 8 of the source (after the 5 required fields and LOCAL_STEPS / BadStep).
    expect(line).toContain(`${join(root, registryPath('broken'))}:8`);
    expect(line).toContain('framwork');
    expect(line).toContain("'broken'");
    expect(tree(tmp.dir)).toEqual(before);
  });

  it('--copy-from a workspace with a YAML syntax error: exit 2 with file:line, nothing written', async () => {
    tmp.write(join('ws', registryPath('broken')), 'LOCAL_STEPS:\n  Foo: [\n');
    const before = tree(tmp.dir);
    const line = expectOneLineError(await cli(['developer', 'setup-developer', 'hank', '--copy-from', 'broken']), 'REGISTRY_LOAD_ERROR');
    expect(line).toMatch(new RegExp(`${join(root, registryPath('broken')).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+`));
    expect(tree(tmp.dir)).toEqual(before);
  });
});
