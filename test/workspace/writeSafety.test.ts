/**
 * Trust (issue 11, classes 1 and 7): the writing commands never delete a file
 * they did not create, and generated files never turn input text into code.
 * In-process through `main()`; files on disk checked byte for byte.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { commentText } from '../../src/interop/commentText.js';
import { renderWorkspaceRegistry, toYaml } from '../../src/interop/registryRendering.js';
import { readWorkspaceRegistry } from '../../src/index.js';
import { initWorkspace } from '../../src/workspace/initWorkspace.js';
import { removeStaleTempFiles, tempPathFor, writeFileAtomic } from '../../src/workspace/atomicWrite.js';
import { makeTempDir, registryPath, type TempDir } from '../helpers/tempRegistry.js';

let temp: TempDir | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

function tempRoot(): { t: TempDir; root: string } {
  temp = makeTempDir('cursus-writesafety-');
  // an existing root: a missing one named by a flag is refused (see workspacesRoot.test.ts)
  mkdirSync(join(temp.dir, 'ws'));
  return { t: temp, root: join(temp.dir, 'ws') };
}

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

/** Files a user might keep next to what the tool writes: `<name>.<digits>` and friends. */
function plantUserFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  // Old, so no "only files older than this process" heuristic can save them.
  const past = new Date(Date.now() - 86_400_000);
  utimesSync(path, past, past);
}

const PY_REGISTRY = `LOCAL_STEPS = {\n    "NotesStep": {\n        "config_class": "NotesStepConfig",\n        "builder_step_name": "NotesStepStepBuilder",\n        "spec_type": "NotesStep",\n        "sagemaker_step_type": "Processing",\n        "description": "a step",\n    },\n}\n`;

describe('class 1: never delete a file the tool did not create', () => {
  it('init-workspace --force keeps workspace_registry.yaml.20240101 (and every other <name>.<digits>) byte for byte', async () => {
    const { t, root } = tempRoot();
    const file = join(root, registryPath('dana'));
    expect((await cli(['--workspaces-root', root, 'registry', 'init-workspace', 'dana'], t.dir)).code).toBe(0);
    const users = [`${file}.20240101`, `${file}.1`, `${file}.123456789`, join(dirname(file), '.workspace_registry.yaml.cursus-tmp-x')];
    for (const u of users) plantUserFile(u, `user data ${basename(u)}\n`);
    for (const format of ['yaml', 'json', 'ts', 'yaml']) {
      const run = await cli(['--workspaces-root', root, 'registry', 'init-workspace', 'dana', '--force', '--format', format], t.dir);
      expect(run.code, run.stderr).toBe(0);
      for (const u of users) expect(readFileSync(u, 'utf8')).toBe(`user data ${basename(u)}\n`);
    }
    // Exactly one registry file; the others were moved to backups, never deleted.
    const names = readdirSync(dirname(file));
    expect(names.filter((n) => /^workspace_registry\.(yaml|json|ts)$/.test(n))).toEqual(['workspace_registry.yaml']);
    expect(names.filter((n) => /\.bak-/.test(n)).length).toBe(4);
    expect(names.filter((n) => n.includes('.cursus-tmp-') && n !== '.workspace_registry.yaml.cursus-tmp-x')).toEqual([]);
  });

  it('setup-developer --force keeps README.md.1', async () => {
    const { t, root } = tempRoot();
    expect((await cli(['--workspaces-root', root, 'developer', 'setup-developer', 'erin'], t.dir)).code).toBe(0);
    const readme = join(root, 'erin', 'README.md');
    plantUserFile(`${readme}.1`, 'my notes\n');
    plantUserFile(`${readme}.2023`, 'older notes\n');
    const run = await cli(['--workspaces-root', root, 'developer', 'setup-developer', 'erin', '--force'], t.dir);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(`${readme}.1`, 'utf8')).toBe('my notes\n');
    expect(readFileSync(`${readme}.2023`, 'utf8')).toBe('older notes\n');
  });

  it('registry import x.py --to out/notes.yaml keeps out/notes.yaml.2023', async () => {
    const { t } = tempRoot();
    t.write('x.py', PY_REGISTRY);
    const notes = join(t.dir, 'out', 'notes.yaml');
    plantUserFile(`${notes}.2023`, 'kept: true\n');
    plantUserFile(notes, 'old: true\n');
    const run = await cli(['registry', 'import', 'x.py', '--to', 'out/notes.yaml', '--force'], t.dir);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(`${notes}.2023`, 'utf8')).toBe('kept: true\n');
    const backups = readdirSync(join(t.dir, 'out')).filter((n) => n.startsWith('notes.yaml.bak-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(t.dir, 'out', backups[0] as string), 'utf8')).toBe('old: true\n');
  });

  it('a backup never overwrites an existing file: a taken backup name gets -1, -2', async () => {
    const { t, root } = tempRoot();
    const now = new Date('2026-01-02T03:04:05.678Z');
    initWorkspace({ developerId: 'dana', workspacesRoot: root, cwd: t.dir });
    const file = join(root, registryPath('dana'));
    const before = readFileSync(file, 'utf8');
    plantUserFile(`${file}.bak-20260102T030405678Z`, 'planted 0\n');
    plantUserFile(`${file}.bak-20260102T030405678Z-1`, 'planted 1\n');
    const result = initWorkspace({ developerId: 'dana', workspacesRoot: root, cwd: t.dir, force: true, template: 'minimal', now });
    expect(result.backups).toEqual([`${file}.bak-20260102T030405678Z-2`]);
    expect(readFileSync(`${file}.bak-20260102T030405678Z`, 'utf8')).toBe('planted 0\n');
    expect(readFileSync(`${file}.bak-20260102T030405678Z-1`, 'utf8')).toBe('planted 1\n');
    expect(readFileSync(`${file}.bak-20260102T030405678Z-2`, 'utf8')).toBe(before);
    expect(readFileSync(file, 'utf8')).not.toBe(before);
  });

  it('stale temp cleanup removes only marked temp files of dead pids', () => {
    const { t } = tempRoot();
    const file = t.write('d/target.yaml', 'a: 1\n');
    const dead = join(dirname(file), '.target.yaml.cursus-tmp-4194305-0123456789ab');
    const live = join(dirname(file), `.target.yaml.cursus-tmp-${process.pid}-0123456789ab`);
    const lookalikes = ['target.yaml.4194305', '.target.yaml.cursus-tmp-4194305', '.target.yaml.cursus-tmp-4194305-xyz', '.other.yaml.cursus-tmp-4194305-0123456789ab'].map((n) => join(dirname(file), n));
    for (const p of [dead, live, ...lookalikes]) writeFileSync(p, 'x');
    expect(removeStaleTempFiles(file)).toEqual([dead]);
    for (const p of [live, ...lookalikes]) expect(existsSync(p)).toBe(true);
    expect(basename(tempPathFor(file))).toMatch(new RegExp(`^\\.target\\.yaml\\.cursus-tmp-${process.pid}-[0-9a-f]{12}$`));
    writeFileAtomic(file, 'b: 2\n');
    expect(readFileSync(file, 'utf8')).toBe('b: 2\n');
  });
});

describe('class 7: generated files never turn input text into code', () => {
  const EVIL = ['a\nprocess.exit(7)\n//', 'a\rLOCAL_STEPS: {}', 'a\u2028process.exit(7)', 'a\u2029x', 'a\u0085b', 'a */ process.exit(7) /*', 'a\u001b[2Jb'];

  it('commentText leaves no line terminator or comment closer', () => {
    for (const s of EVIL) {
      const out = commentText(s);
      expect(out).not.toMatch(/[\n\r\u2028\u2029\u0085\u001b]/);
      expect(out).not.toContain('*/');
    }
    expect(commentText('a\nb')).toBe('a\\nb');
    expect(commentText('plain name.py')).toBe('plain name.py');
  });

  it('TS and YAML headers keep every line of input text inside its comment, and the file loads with the same data', () => {
    const { t } = tempRoot();
    const sections = new Map([['WORKSPACE_METADATA', { developer_id: 'w' }]]);
    for (const s of EVIL) {
      const ts = renderWorkspaceRegistry(sections, 'ts', { header: [`Converted from ${s}`] });
      const headerLines = ts.split(/\r\n|[\n\r\u2028\u2029]/).filter((l) => !/^(import|export|\s|}|$)/.test(l));
      expect(headerLines.every((l) => l.startsWith('//')), JSON.stringify(ts)).toBe(true);
      const yaml = toYaml({ LOCAL_STEPS: {} }, [`Converted from ${s}`]);
      expect(yaml.split(/\r\n|[\n\r\u0085\u2028\u2029]/).filter((l) => l !== '' && !l.startsWith('#'))).toEqual(['LOCAL_STEPS: {}']);
    }
    // A header with a newline-then-code file name loads as data, not code.
    const tsFile = t.write('w/src/cursus_dev/registry/workspace_registry.ts', renderWorkspaceRegistry(sections, 'ts', { header: ['from x\nglobalThis.__cursusPwned = 1;'] }));
    const contents = readWorkspaceRegistry(tsFile, 'w');
    expect(contents.metadata.developer_id).toBe('w');
    expect((globalThis as { __cursusPwned?: number }).__cursusPwned).toBeUndefined();
  });

  it('registry import of a .py whose file name holds a newline writes a TS file whose code is only the data', async () => {
    const { t } = tempRoot();
    const name = 'evil\nglobalThis.__cursusImported = 1;\n.py';
    t.write(name, PY_REGISTRY);
    const run = await cli(['registry', 'import', name, '--to', 'out.ts'], t.dir);
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(join(t.dir, 'out.ts'), 'utf8');
    expect(text.split('\n').filter((l) => l.includes('__cursusImported'))).toEqual([expect.stringMatching(/^\/\/ /)]);
    const contents = readWorkspaceRegistry(join(t.dir, 'out.ts'), 'x');
    expect([...contents.localSteps.keys()]).toEqual(['NotesStep']);
    expect((globalThis as { __cursusImported?: number }).__cursusImported).toBeUndefined();
  });
});
