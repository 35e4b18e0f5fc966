/**
 * Trust (issue 11, classes 3–6 and 8), in-process through `main()`:
 * symbolic links never lead a write into another workspace or out of the
 * root (and a refused write leaves nothing behind); `--copy-from` reads only
 * what discovery would, keeps the meaning of block scalars and anchors,
 * honours `--format` and names the conflicts it creates; `registry import` of
 * a root is all-or-nothing; the code-registry switch stops every path.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { HybridRegistryManager, readWorkspaceRegistry, StepBuilderRegistry } from '../../src/index.js';
import { EXAMPLES_ROOT, makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';

let temp: TempDir | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

async function cli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const saved = new Map(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const code = await main(['node', 'cursus', ...args], { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd, isTTY: false, isInteractive: false });
    return { code, stdout, stderr };
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Every file and link under `dir` with its bytes (links as `-> target`). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isSymbolicLink()) out[relative(dir, p)] = '-> link';
      else if (e.isDirectory()) {
        out[`${relative(dir, p)}/`] = '';
        walk(p);
      } else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

function setup(): { t: TempDir; root: string } {
  temp = makeTempDir('cursus-confine-');
  const root = join(temp.dir, 'ws');
  mkdirSync(root);
  return { t: temp, root };
}

const ALICE = `LOCAL_STEPS:\n${stepYaml('AliceStep')}WORKSPACE_METADATA:\n  developer_id: alice\n`;

describe('class 3: never write through a symbolic link into another workspace', () => {
  it('ws/bob -> alice: init-workspace bob --force is refused (exit 2, one line) and nothing changes anywhere', async () => {
    const { t, root } = setup();
    t.write(join('ws', registryPath('alice')), ALICE);
    symlinkSync('alice', join(root, 'bob'));
    const before = snapshot(t.dir);
    for (const args of [['registry', 'init-workspace', 'bob', '--force'], ['developer', 'setup-developer', 'bob', '--force']]) {
      const run = await cli(['--workspaces-root', root, ...args], t.dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^cursus: error REGISTRY_LOAD_ERROR: [^\n]*refusing to write into workspace 'bob'[^\n]*\n$/);
      expect(snapshot(t.dir)).toEqual(before);
    }
  });

  it("carl's registry file (or registry directory) is a link to alice's: refused, no backup, temp or lock left", async () => {
    const { t, root } = setup();
    const aliceFile = t.write(join('ws', registryPath('alice')), ALICE);
    mkdirSync(join(root, 'carl', 'src', 'cursus_dev', 'registry'), { recursive: true });
    symlinkSync(aliceFile, join(root, registryPath('carl')));
    mkdirSync(join(root, 'dave', 'src', 'cursus_dev'), { recursive: true });
    symlinkSync(join(root, 'alice', 'src', 'cursus_dev', 'registry'), join(root, 'dave', 'src', 'cursus_dev', 'registry'));
    const before = snapshot(t.dir);
    for (const id of ['carl', 'dave']) {
      const run = await cli(['--workspaces-root', root, 'registry', 'init-workspace', id, '--force'], t.dir);
      expect(run.code, id).toBe(2);
      expect(run.stderr.split('\n')).toHaveLength(2);
      expect(snapshot(t.dir)).toEqual(before);
    }
    expect(readFileSync(aliceFile, 'utf8')).toBe(ALICE);
  });

  it("registry import --to bob's registry, whose directory links to alice's: refused, alice untouched", async () => {
    const { t, root } = setup();
    const aliceFile = t.write(join('ws', registryPath('alice')), ALICE);
    mkdirSync(join(root, 'bob', 'src', 'cursus_dev'), { recursive: true });
    symlinkSync(join(root, 'alice', 'src', 'cursus_dev', 'registry'), join(root, 'bob', 'src', 'cursus_dev', 'registry'));
    t.write('x.py', 'LOCAL_STEPS = {}\n');
    const before = snapshot(t.dir);
    const run = await cli(['registry', 'import', 'x.py', '--to', join('ws', registryPath('bob')), '--force'], t.dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/refusing to write into workspace 'bob'/);
    expect(snapshot(t.dir)).toEqual(before);
    expect(readFileSync(aliceFile, 'utf8')).toBe(ALICE);
  });

  it('a workspace linked out of the root is refused too', async () => {
    const { t, root } = setup();
    mkdirSync(join(t.dir, 'outside'));
    symlinkSync(join(t.dir, 'outside'), join(root, 'eve'));
    const run = await cli(['--workspaces-root', root, 'developer', 'setup-developer', 'eve', '--force'], t.dir);
    expect(run.code).toBe(2);
    expect(readdirSync(join(t.dir, 'outside'))).toEqual([]);
  });
});

describe('class 4: --copy-from reads only what discovery reads', () => {
  it("mal's directory or registry file linked out of the root: refused, nothing written", async () => {
    const { t, root } = setup();
    const outsideFile = t.write('outside/src/cursus_dev/registry/workspace_registry.yaml', `LOCAL_STEPS:\n${stepYaml('Secret')}`);
    symlinkSync(join(t.dir, 'outside'), join(root, 'mal'));
    mkdirSync(join(root, 'mal2', 'src', 'cursus_dev', 'registry'), { recursive: true });
    symlinkSync(outsideFile, join(root, registryPath('mal2')));
    const before = snapshot(t.dir);
    for (const src of ['mal', 'mal2']) {
      const run = await cli(['--workspaces-root', root, 'developer', 'setup-developer', 'eve', '--copy-from', src], t.dir);
      expect(run.code, src).toBe(2);
      expect(run.stderr).toMatch(/outside the workspaces root/);
      expect(snapshot(t.dir)).toEqual(before);
    }
  });
});

describe('class 5: --copy-from produces a registry that loads and means the same', () => {
  it('block scalar developer_id: the copy loads with the new id', async () => {
    const { t, root } = setup();
    t.write(join('ws', registryPath('alice')), `LOCAL_STEPS:\n${stepYaml('AliceStep')}WORKSPACE_METADATA:\n  developer_id: |-\n    alice\n  version: "2.0"\n`);
    const run = await cli(['--workspaces-root', root, 'developer', 'setup-developer', 'eve', '--copy-from', 'alice'], t.dir);
    expect(run.code, run.stderr).toBe(0);
    const copy = readWorkspaceRegistry(join(root, registryPath('eve')), 'eve');
    expect(copy.metadata).toMatchObject({ developer_id: 'eve', version: '2.0' });
    expect([...copy.localSteps.keys()]).toEqual(['AliceStep']);
  });

  it('developer_id: &id anch / version: *id — version keeps its value', async () => {
    const { t, root } = setup();
    t.write(join('ws', registryPath('anch')), `WORKSPACE_METADATA:\n  developer_id: &id anch\n  version: *id\n  description: *id\n`);
    const run = await cli(['--workspaces-root', root, 'developer', 'setup-developer', 'eve', '--copy-from', 'anch'], t.dir);
    expect(run.code, run.stderr).toBe(0);
    const copy = readWorkspaceRegistry(join(root, registryPath('eve')), 'eve');
    expect(copy.metadata).toMatchObject({ developer_id: 'eve', version: 'anch', description: 'anch' });
  });

  it('flow style is edited in place; the template header and description name the new workspace', async () => {
    const { t, root } = setup();
    expect((await cli(['--workspaces-root', root, 'registry', 'init-workspace', 'alice'], t.dir)).code).toBe(0);
    t.write(join('ws', registryPath('flo')), '{LOCAL_STEPS: {}, WORKSPACE_METADATA: {developer_id: flo, version: "1"}}\n');
    expect((await cli(['--workspaces-root', root, 'developer', 'setup-developer', 'fred', '--copy-from', 'flo'], t.dir)).code).toBe(0);
    expect(readFileSync(join(root, registryPath('fred')), 'utf8')).toBe('{LOCAL_STEPS: {}, WORKSPACE_METADATA: {developer_id: fred, version: "1"}}\n');
    const run = await cli(['--workspaces-root', root, 'developer', 'setup-developer', 'erin', '--copy-from', 'alice'], t.dir);
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(join(root, registryPath('erin')), 'utf8');
    expect(text).toContain('# Workspace registry of "erin".');
    expect(text).toContain('--workspace erin');
    expect(text).toContain('description: "Workspace of erin"');
    expect(text).not.toMatch(/registry of "alice"|--workspace alice|Workspace of alice/);
    // The output names the conflicts the copy created.
    expect(run.stdout).toContain("conflicts: 1 step name is now defined by both 'alice' and 'erin': AliceCustomProcessing");
  });

  it('--format json is honoured (YAML source converted), and --format ts', async () => {
    const { t, root } = setup();
    t.write(join('ws', registryPath('alice')), ALICE);
    const run = await cli(['--workspaces-root', root, 'developer', 'setup-developer', 'jay', '--copy-from', 'alice', '--format', 'json'], t.dir);
    expect(run.code, run.stderr).toBe(0);
    const file = join(root, registryPath('jay', 'json'));
    expect(JSON.parse(readFileSync(file, 'utf8')).WORKSPACE_METADATA).toEqual({ developer_id: 'jay' });
    expect(existsSync(join(root, registryPath('jay')))).toBe(false);
    expect([...readWorkspaceRegistry(file, 'jay').localSteps.keys()]).toEqual(['AliceStep']);
    expect((await cli(['--workspaces-root', root, 'developer', 'setup-developer', 'kay', '--copy-from', 'alice', '--format', 'ts'], t.dir)).code).toBe(0);
    expect(readWorkspaceRegistry(join(root, registryPath('kay', 'ts')), 'kay').metadata.developer_id).toBe('kay');
  });

  it('a source whose WORKSPACE_METADATA is an alias is refused with a clear error; nothing written', async () => {
    const { t, root } = setup();
    t.write(join('ws', registryPath('ali')), `LOCAL_STEPS:\n  A:\n    config_class: AConfig\n    builder_step_name: AStepBuilder\n    spec_type: A\n    sagemaker_step_type: Processing\n    description: &m x\nWORKSPACE_METADATA: *m\n`);
    const before = snapshot(t.dir);
    const run = await cli(['--workspaces-root', root, 'developer', 'setup-developer', 'eve', '--copy-from', 'ali'], t.dir);
    expect(run.code).toBe(2);
    expect(snapshot(t.dir)).toEqual(before);
  });
});

describe('class 6: registry import of a root is all-or-nothing', () => {
  const PY = (id: string) => `LOCAL_STEPS = {\n    "${id}Step": {\n        "config_class": "${id}StepConfig",\n        "builder_step_name": "${id}StepStepBuilder",\n        "spec_type": "${id}Step",\n        "sagemaker_step_type": "Processing",\n        "description": "d",\n    },\n}\n`;

  it('a target that cannot be written (a directory in the way) stops the import before anything is written or moved', async () => {
    const { t, root } = setup();
    t.write(join('ws', registryPath('maria', 'py')), PY('Maria'));
    t.write(join('ws', registryPath('noah', 'py')), PY('Noah'));
    mkdirSync(join(root, registryPath('noah')));
    const before = snapshot(t.dir);
    const run = await cli(['registry', 'import', 'ws', '--replace', '--force'], t.dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not a regular file/);
    expect(snapshot(t.dir)).toEqual(before);
  });

  it('two bad workspaces: both reported, nothing written', async () => {
    const { t, root } = setup();
    t.write(join('ws', registryPath('maria', 'py')), PY('Maria'));
    t.write(join('ws', registryPath('noah', 'py')), 'LOCAL_STEPS = {"A": BASE}\n');
    t.write(join('ws', registryPath('olga', 'py')), 'LOCAL_STEPS = ("A",)\n');
    const before = snapshot(t.dir);
    const run = await cli(['registry', 'import', 'ws', '--replace'], t.dir);
    expect(run.code).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('nothing was written');
    expect(lines[0]).toContain('noah');
    expect(lines[1]).toContain('olga');
    expect(snapshot(t.dir)).toEqual(before);
    expect(existsSync(root)).toBe(true);
  });
});

describe('class 8: CURSUS_ALLOW_CODE_REGISTRIES=false stops every path that would run a code registry', () => {
  function tsWorkspace(t: TempDir, root: string): string {
    const mark = join(t.dir, 'RAN');
    t.write(
      join('ws', registryPath('tsws', 'ts')),
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(mark)}, 'ran');\nexport const WORKSPACE_METADATA = { developer_id: 'tsws' };\n`,
    );
    void root;
    return mark;
  }

  it('setup-developer --copy-from a .ts workspace: exit 2 naming the switch, the file never runs (env and cursus.config)', async () => {
    const { t, root } = setup();
    const mark = tsWorkspace(t, root);
    const env = await cli(['--workspaces-root', root, 'developer', 'setup-developer', 'newws', '--copy-from', 'tsws'], t.dir, { CURSUS_ALLOW_CODE_REGISTRIES: 'false' });
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/^cursus: error REGISTRY_LOAD_ERROR: [^\n]*CURSUS_ALLOW_CODE_REGISTRIES=false[^\n]*\n$/);
    writeFileSync(join(t.dir, 'cursus.config.json'), JSON.stringify({ allowCodeRegistries: false }));
    const config = await cli(['--workspaces-root', root, 'developer', 'setup-developer', 'newws', '--copy-from', 'tsws'], t.dir);
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/allowCodeRegistries/);
    for (const args of [['registry', 'validate-registry'], ['registry', 'list-steps', '--workspace', 'tsws'], ['registry', 'export', '--workspace', 'tsws']]) {
      const run = await cli(['--workspaces-root', root, ...args], t.dir);
      expect(run.code, args.join(' ')).not.toBe(0);
    }
    expect(existsSync(mark)).toBe(false);
    expect(existsSync(join(root, 'newws'))).toBe(false);
  });

  it('library entry points: readWorkspaceRegistry (env), the manager, and builder discovery of workspace modules', () => {
    const { t, root } = setup();
    const mark = tsWorkspace(t, root);
    const saved = process.env.CURSUS_ALLOW_CODE_REGISTRIES;
    process.env.CURSUS_ALLOW_CODE_REGISTRIES = 'false';
    try {
      expect(() => readWorkspaceRegistry(join(root, registryPath('tsws', 'ts')), 'tsws')).toThrow(/CURSUS_ALLOW_CODE_REGISTRIES=false/);
    } finally {
      if (saved === undefined) delete process.env.CURSUS_ALLOW_CODE_REGISTRIES;
      else process.env.CURSUS_ALLOW_CODE_REGISTRIES = saved;
    }
    cpSync(join(EXAMPLES_ROOT, 'alice'), join(root, 'alice'), { recursive: true });
    t.write(join('ws', 'alice', 'src', 'cursus_dev', 'steps', 'builders', 'evil.ts'), `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(mark)}, 'ran');\n`);
    const manager = new HybridRegistryManager({ workspacesRoot: root, cwd: t.dir, env: {}, flags: { allowCodeRegistries: false, registryFallback: 'core_only' } });
    expect(manager.getWorkspaces().find((w) => w.id === 'tsws')?.status).toBe('failed');
    const builders = new StepBuilderRegistry({ registry: manager });
    expect(() => builders.discoverBuilders({ workspaces: ['alice'] })).toThrow(/CURSUS_ALLOW_CODE_REGISTRIES=false/);
    expect(existsSync(mark)).toBe(false);
    expect(statSync(root).isDirectory()).toBe(true);
  });
});
