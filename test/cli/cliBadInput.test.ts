/**
 * Bad input through the real `cursus` process (issue 4, "Bad input"): each
 * case exits 2 with exactly ONE stderr line, `cursus: error …`, no stack
 * trace, nothing on stdout, and NOTHING written — the whole temp directory
 * (the workspaces root, its parent, and the cwd) is listed before and after.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliInProcess, type CliRun } from '../helpers/runCli.js';
import { CLI, EXAMPLES_ROOT, makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';
import { tree } from '../helpers/fileTree.js';


/** Tree plus file contents: a byte-level snapshot. */
function snapshot(dir: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const p of tree(dir)) out[p] = p.endsWith('/') ? null : readFileSync(join(dir, p), 'utf8');
  return out;
}

/**
 * Exit 2, exactly one stderr line starting `cursus: error` (and `CODE: ` when given), no stack trace, no colour;
 * stdout empty — or, with `--format json`, the same error as `{"error": finding}`.
 */
function expectOneLine(run: CliRun, code?: string): string {
  expect(run.code).toBe(2);
  if (run.stdout !== '') expect((JSON.parse(run.stdout) as { error: { code: string } }).error.code).toBe(code ?? expect.any(String));
  expect(run.stderr).not.toContain('    at ');
  expect(run.stderr).not.toContain('\u001b[');
  expect(run.stderr.endsWith('\n')).toBe(true);
  const lines = run.stderr.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  const line = lines[0]!;
  if (code) expect(line.startsWith(`cursus: error ${code}: `)).toBe(true);
  else expect(line).toMatch(/^cursus: error\b/);
  return line;
}

const BAD_IDS: [string, string][] = [
  ['../evil', 'path separator'],
  ['a/b', 'path separator'],
  ['.hidden', 'must start with a letter or digit'],
  ['', 'empty'],
  ['a'.repeat(65), '65 characters'],
  ['CON', 'reserved'],
];

describe('bad input through the CLI: exit 2, one line, nothing written', () => {
  let tmp: TempDir;
  let root: string;
  let before: Record<string, string | null>;
  const cli = (args: string[], env?: Record<string, string | undefined>): Promise<CliRun> => runCliInProcess(['--workspaces-root', root, ...args], { cwd: tmp.dir, env });
  const expectNothingWritten = (): void => {
    expect(snapshot(tmp.dir)).toEqual(before);
  };

  beforeEach(async () => {
    tmp = makeTempDir('cursus-badcli-');
    root = join(tmp.dir, 'ws');
    cpSync(EXAMPLES_ROOT, root, { recursive: true });
    tmp.write(join('ws', registryPath('broken')), `LOCAL_STEPS:\n${stepYaml('BadStep', { framwork: 'pandas' })}`);
    before = snapshot(tmp.dir);
  });
  afterEach(() => tmp.cleanup());

  describe.each([
    ['registry', 'init-workspace'],
    ['developer', 'setup-developer'],
  ])('%s %s with an invalid id', async (group, command) => {
    it.each(BAD_IDS)('%j → INVALID_WORKSPACE_ID', async (id, reason) => {
      const line = expectOneLine(await cli([group, command, id]), 'INVALID_WORKSPACE_ID');
      expect(line).toContain(`Invalid workspace id ${JSON.stringify(id)}`);
      expect(line).toContain(reason);
      expectNothingWritten();
      // Nothing next to or above the root either (../evil would land in the root's parent).
      expect(existsSync(join(dirname(root), 'evil'))).toBe(false);
      expect(existsSync(join(dirname(tmp.dir), 'evil'))).toBe(false);
    });

    it('an invalid id with --force is still refused', async () => {
      expectOneLine(await cli([group, command, '../evil', '--force']), 'INVALID_WORKSPACE_ID');
      expectNothingWritten();
      expect(existsSync(join(dirname(root), 'evil'))).toBe(false);
    });
  });

  it('setup-developer --copy-from with an invalid id → INVALID_WORKSPACE_ID, nothing written', async () => {
    const line = expectOneLine(await cli(['developer', 'setup-developer', 'newbie', '--copy-from', '../ws/alice']), 'INVALID_WORKSPACE_ID');
    expect(line).toContain('"../ws/alice"');
    expectNothingWritten();
  });

  describe('unknown option values (usage errors)', () => {
    it.each([
      [['registry', 'init-workspace', 'newbie', '--format', 'xml'], 'yaml, json, ts'],
      [['developer', 'setup-developer', 'newbie', '--format', 'xml'], 'yaml, json, ts'],
      [['registry', 'list-steps', '--format', 'xml'], 'table, json'],
      [['registry', 'resolve-step', 'ModelTraining', '--format', 'xml'], 'text, json'],
      [['registry', 'validate-registry', '--format', 'xml'], 'text, json'],
      [['registry', 'show-step', 'Base', '--format', 'xml'], 'text, json'],
    ])('%j → exit 2, one line naming the bad value and the choices', async (args, choices) => {
      const line = expectOneLine(await cli(args));
      expect(line).toContain("'xml'");
      expect(line).toContain(choices);
      expectNothingWritten();
    });

    it.each([
      [['registry', 'init-workspace', 'newbie', '--template', 'fancy']],
      [['developer', 'setup-developer', 'newbie', '--template', 'fancy']],
    ])('%j → exit 2, one line, nothing written', async (args) => {
      const line = expectOneLine(await cli(args));
      expect(line).toContain("'fancy'");
      expect(line).toContain('standard, minimal');
      expectNothingWritten();
      expect(existsSync(join(root, 'newbie'))).toBe(false);
    });

    it('resolve-step --mode fancy → exit 2, one line', async () => {
      const line = expectOneLine(await cli(['registry', 'resolve-step', 'ModelTraining', '--mode', 'fancy']));
      expect(line).toContain('automatic, strict, interactive');
    });

    it('a missing argument and an unknown option → exit 2, one line each', async () => {
      expect(expectOneLine(await cli(['registry', 'init-workspace']))).toContain('developer_id');
      expect(expectOneLine(await cli(['registry', 'list-steps', '--bogus']))).toContain('--bogus');
      expectNothingWritten();
    });
  });

  describe('--copy-from a missing or broken workspace', () => {
    it('missing → UNKNOWN_WORKSPACE with the known ids and the closest, nothing written', async () => {
      const line = expectOneLine(await cli(['developer', 'setup-developer', 'newbie', '--copy-from', 'bobb']), 'UNKNOWN_WORKSPACE');
      expect(line).toContain("Unknown workspace 'bobb' (known: alice, bob, broken, carol)");
      expect(line).toContain("did you mean 'bob'?");
      expectNothingWritten();
    });

    it('broken → REGISTRY_LOAD_ERROR naming the source file:line, nothing written', async () => {
      const line = expectOneLine(await cli(['developer', 'setup-developer', 'newbie', '--copy-from', 'broken']), 'REGISTRY_LOAD_ERROR');
      expect(line).toContain(`${join(root, registryPath('broken'))}:8`);
      expect(line).toContain('framwork');
      expectNothingWritten();
    });

    it('a source with two registry files (ambiguous) → exit 2, nothing written', async () => {
      tmp.write(join('ws', registryPath('alice', 'json')), '{}\n');
      before = snapshot(tmp.dir);
      const line = expectOneLine(await cli(['developer', 'setup-developer', 'newbie', '--copy-from', 'alice']), 'REGISTRY_LOAD_ERROR');
      expect(line).toContain("'alice'");
      expectNothingWritten();
    });
  });

  describe('--workspace unknown: lists the known ids and suggests the closest', () => {
    const KNOWN = '(known: alice, bob, broken, carol)';
    it.each([
      [['registry', 'list-steps', '--workspace', 'alise']],
      [['registry', 'list-steps', '--workspace', 'alise', '--format', 'json']],
      [['registry', 'resolve-step', 'ModelTraining', '--workspace', 'alise']],
      [['registry', 'resolve-step', 'ModelTraining', '--workspace', 'alise', '--format', 'json']],
      [['registry', 'show-step', 'XGBoostTraining', '--workspace', 'alise']],
      [['registry', 'validate-registry', '--workspace', 'alise']],
      [['registry', 'validate-registry', '--workspace', 'alise', '--format', 'json']],
    ])('%j → UNKNOWN_WORKSPACE', async (args) => {
      const line = expectOneLine(await cli(args), 'UNKNOWN_WORKSPACE');
      expect(line).toBe(
        `cursus: error UNKNOWN_WORKSPACE: Unknown workspace 'alise' ${KNOWN} — did you mean 'alice'? Hint: workspaces are the directories under the workspaces root; check --workspaces-root / CURSUS_WORKSPACES_ROOT`,
      );
      expectNothingWritten();
    });

    it('CURSUS_WORKSPACE_ID naming an unknown workspace is refused the same way (no silent fallback to core)', async () => {
      const line = expectOneLine(await cli(['registry', 'list-steps'], { CURSUS_WORKSPACE_ID: 'carrol' }), 'UNKNOWN_WORKSPACE');
      expect(line).toContain("did you mean 'carol'?");
    });
  });

  describe('--core-registry that does not exist → REGISTRY_LOAD_ERROR', () => {
    it.each([
      [['registry', 'list-steps']],
      [['registry', 'resolve-step', 'ModelTraining']],
      [['registry', 'show-step', 'Base']],
      [['registry', 'validate-registry']],
      [['registry', 'validate-registry', '--format', 'json']],
    ])('%j', async (args) => {
      const line = expectOneLine(await cli(['--core-registry', 'does-not-exist.yaml', ...args]), 'REGISTRY_LOAD_ERROR');
      expect(line).toBe(
        `cursus: error REGISTRY_LOAD_ERROR: ${join(tmp.dir, 'does-not-exist.yaml')}: file not found. Hint: check the path (relative paths are resolved against the working directory)`,
      );
      expectNothingWritten();
    });

    it('through CURSUS_CORE_REGISTRY too', async () => {
      const line = expectOneLine(await cli(['registry', 'list-steps'], { CURSUS_CORE_REGISTRY: 'does-not-exist.yaml' }), 'REGISTRY_LOAD_ERROR');
      expect(line).toContain(join(tmp.dir, 'does-not-exist.yaml'));
    });
  });

  describe('a workspaces root that cannot be written', () => {
    // Tests run as root, so chmod does not stop writes. /sys refuses mkdir even
    // to root (EPERM). Under /proc, mkdir answers ENOENT, on which Node's
    // mkdirSync({ recursive: true }) retries forever — the CLI must not hang.
    // A root that is a regular file (ENOTDIR) is tested as well.
    const sysUsable = existsSync('/sys/kernel') && !existsSync('/sys/cursus-ro');

    it.skipIf(!sysUsable).each([
      [['registry', 'init-workspace', 'alice']],
      [['developer', 'setup-developer', 'alice']],
    ])('root under /sys: %j → exit 2, one line, nothing created', async (args) => {
      // --create-root: past the missing-root refusal (workspacesRoot.test.ts), to the write that cannot happen.
      const run = await runCliInProcess(['--workspaces-root', '/sys/cursus-ro', ...args, '--create-root'], { cwd: tmp.dir });
      const line = expectOneLine(run, 'REGISTRY_LOAD_ERROR');
      expect(line).toContain('/sys/cursus-ro');
      expect(existsSync('/sys/cursus-ro')).toBe(false);
      expectNothingWritten();
    });

    it.skipIf(!sysUsable)('root under /sys given by CURSUS_WORKSPACES_ROOT → the same', async () => {
      const run = await runCliInProcess(['registry', 'init-workspace', 'alice', '--create-root'], { cwd: tmp.dir, env: { CURSUS_WORKSPACES_ROOT: '/sys/cursus-ro' } });
      expectOneLine(run, 'REGISTRY_LOAD_ERROR');
      expect(existsSync('/sys/cursus-ro')).toBe(false);
    });

    it.skipIf(!existsSync('/proc/self'))('root under /proc: exit 2 with one line — it must not hang (procfs answers mkdir with ENOENT)', async () => {
      const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
      for (const key of ['CURSUS_WORKSPACE_ID', 'CURSUS_WORKSPACES_ROOT', 'CURSUS_CORE_REGISTRY']) delete env[key];
      const result = spawnSync(process.execPath, [CLI, '--workspaces-root', '/proc/cursus-ro/ws', 'registry', 'init-workspace', 'alice', '--create-root'], {
        cwd: tmp.dir,
        env: env as NodeJS.ProcessEnv,
        encoding: 'utf8',
        timeout: 8_000,
        killSignal: 'SIGKILL',
      });
      expect(result.signal).toBeNull(); // not killed by the timeout
      expectOneLine({ code: result.status, stdout: result.stdout, stderr: result.stderr }, 'REGISTRY_LOAD_ERROR');
      expect(existsSync('/proc/cursus-ro')).toBe(false);
      expectNothingWritten();
    });

    it.each([
      [['registry', 'init-workspace', 'alice']],
      [['developer', 'setup-developer', 'alice']],
    ])('root that is a regular file (ENOTDIR): %j → exit 2, one line, the file untouched', async (args) => {
      const file = tmp.write('not-a-dir', 'just a file\n');
      before = snapshot(tmp.dir);
      const run = await runCliInProcess(['--workspaces-root', file, ...args], { cwd: tmp.dir });
      const line = expectOneLine(run, 'REGISTRY_LOAD_ERROR');
      expect(line).toContain(file);
      expect(statSync(file).isFile()).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe('just a file\n');
      expectNothingWritten();
    });
  });

  describe('--workspace-path escaping the workspaces root', () => {
    it.each([
      [['registry', 'init-workspace', 'evil']],
      [['developer', 'setup-developer', 'evil']],
    ])('%j --workspace-path <outside>/evil → exit 2, one line, nothing written', async (args) => {
      const run = await cli([...args, '--workspace-path', join(tmp.dir, 'evil')]);
      expectOneLine(run);
      expectNothingWritten();
      expect(existsSync(join(tmp.dir, 'evil'))).toBe(false);
    });
  });
});
