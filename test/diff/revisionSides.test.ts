import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HybridRegistryManager, RegistryLoadError, diffRegistries, loadRevisionSide, type DiffSide } from '../../src/index.js';
import { makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';
import { commitAll, git, repositoryFingerprint } from './gitRepository.js';

let temp: TempDir;
let proj: string;
let fingerprint: string;
const opened: DiffSide[] = [];

const core = (description: string) =>
  `Base:\n  config_class: BasePipelineConfig\n  builder_step_name: StepBuilderBase\n  spec_type: Base\n  sagemaker_step_type: Base\n  description: Base\n${stepYaml('Shared', { description }, '').trimEnd()}\n`;
const codeRegistry = `export const LOCAL_STEPS = { CarolStep: { config_class: 'CarolStepConfig', builder_step_name: 'CarolStepStepBuilder', spec_type: 'CarolStep', sagemaker_step_type: 'Processing', description: 'from code' } };\n`;

function side(revision: string, env: Record<string, string> = {}): DiffSide {
  const s = loadRevisionSide(revision, { cwd: proj, env });
  opened.push(s);
  return s;
}
const registry = (s: DiffSide) => s.input as HybridRegistryManager;

beforeAll(() => {
  temp = makeTempDir('cursus-diff-sides-');
  git(temp.dir, 'init', '-q', '-b', 'main');
  // The project lives in a sub-directory; its config names an in-repo core, allows code registries and sets a small size limit.
  temp.write('proj/cursus.config.json', '{ "workspacesRoot": "ws", "coreRegistry": "core.yaml", "allowCodeRegistries": true, "maxFileBytes": 2000 }\n');
  temp.write('proj/core.yaml', core('shared step, version 1'));
  temp.write(`proj/ws/${registryPath('alice')}`, `LOCAL_STEPS:\n${stepYaml('AliceStep')}`);
  temp.write(`proj/ws/${registryPath('carol', 'mjs')}`, codeRegistry);
  temp.write(`proj/ws/${registryPath('big')}`, `# ${'x'.repeat(3000)}\nLOCAL_STEPS: {}\n`);
  temp.write('proj/ws/dan/src/cursus_dev/registry/.keep', '');
  symlinkSync('/etc/hostname', join(temp.dir, `proj/ws/${registryPath('dan')}`));
  temp.write('proj/ws/alice/src/cursus_dev/steps/big-data.bin', 'not a registry file\n');
  commitAll(temp.dir, 'v1');
  temp.write('proj/core.yaml', core('shared step, version 2'));
  commitAll(temp.dir, 'v2');
  proj = join(temp.dir, 'proj');
  fingerprint = repositoryFingerprint(temp.dir);
});

afterAll(() => {
  for (const s of opened) s.dispose();
  temp.cleanup();
});

describe('loadRevisionSide', () => {
  it('reads the settings at the revision relative to the repository: config in the sub-directory, in-repo core, workspaces root', () => {
    const s = side('v1');
    expect(s.label).toMatch(/^v1 \([0-9a-f]{7}\)$/);
    const r = registry(s);
    expect([...r.getCoreDefinitions().keys()]).toEqual(['Base', 'Shared']);
    expect(r.getCoreDefinitions().get('Shared')?.description).toBe('shared step, version 1');
    expect(r.getWorkspaceIds()).toEqual(['alice', 'big', 'carol', 'dan']);
    expect([...r.getLocalOnlyDefinitions('alice').keys()]).toEqual(['AliceStep']);
    // Only registry files are materialised, not the rest of a workspace.
    expect(existsSync(join(s.root, 'proj/ws/alice/src/cursus_dev/steps/big-data.bin'))).toBe(false);
  });

  it('runs code registries when the switch allows, and a revision cannot switch them on against the invocation', () => {
    expect([...registry(side('v1')).getLocalOnlyDefinitions('carol').keys()]).toEqual(['CarolStep']);
    const off = registry(side('v1', { CURSUS_ALLOW_CODE_REGISTRIES: 'off' }));
    const carol = off.getWorkspaces().find((w) => w.id === 'carol');
    expect(carol?.status).toBe('failed');
    expect(carol?.error).toMatch(/code registr/i);
  });

  it('a blob over the size limit is refused by the reader (never silently absent); a symlink leaving the tree is a warning', () => {
    const s = side('v1');
    const big = registry(s).getWorkspaces().find((w) => w.id === 'big');
    expect(big?.status).toBe('failed');
    expect(big?.error).toMatch(/3\d\d\d bytes, more than the limit of 2000/);
    expect(s.warnings).toEqual([`v1:proj/ws/${registryPath('dan').split(/[\\/]/).join('/')} not read: a symlink to /etc/hostname, outside the files read at the revision`]);
  });

  it('diffs a core change at two revisions, with repository-relative file:line', () => {
    const a = side('v1');
    const b = side('v2');
    const diff = diffRegistries(a.input, b.input, { roots: { before: a.root, after: b.root } });
    expect(diff.views[0]?.changed).toEqual([
      {
        name: 'Shared',
        before: { registry_type: 'core', workspace_id: null, file: 'proj/core.yaml', line: 7 },
        after: { registry_type: 'core', workspace_id: null, file: 'proj/core.yaml', line: 7 },
        fields: [{ field: 'description', before: 'shared step, version 1', after: 'shared step, version 2' }],
        inherited: false,
      },
    ]);
    expect(diff.counts['changed-step']).toBe(1);
    expect(diff.broken.filter((x) => x.side === 'after').map((x) => [x.workspace_id, x.new])).toEqual([['big', false]]);
  });

  it('an option-like or unknown revision is an unknown revision, and nothing is written', () => {
    for (const rev of ['-h', '--output=x', 'v3', 'v1..v2']) {
      expect(() => loadRevisionSide(rev, { cwd: proj, env: {} })).toThrow(RegistryLoadError);
    }
    expect(() => loadRevisionSide('--output=x', { cwd: proj, env: {} })).toThrow(/unknown revision '--output=x'/);
    expect(existsSync(join(proj, 'x'))).toBe(false);
    expect(repositoryFingerprint(temp.dir)).toBe(fingerprint);
  });

  it('dispose() removes the temporary files', () => {
    const s = loadRevisionSide('v1', { cwd: proj, env: {} });
    expect(existsSync(s.root)).toBe(true);
    s.dispose();
    expect(existsSync(s.root)).toBe(false);
  });
});
