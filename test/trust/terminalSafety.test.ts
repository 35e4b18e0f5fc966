/**
 * Trust (issue 11, class 18): registry strings never act on the terminal.
 * Control characters (ESC sequences, BEL, CR, LF, C1, bidi overrides) are shown
 * as escapes in every human-readable output; JSON output keeps its meaning.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { terminalSafe, terminalText } from '../../src/cli/terminalText.js';
import { colorsFor } from '../../src/cli/output.js';
import { makeTempDir, registryPath, type TempDir } from '../helpers/tempRegistry.js';
import { runMain, type MainRun } from '../helpers/mainCapture.js';

let temp: TempDir | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

const HOSTILE = 'Trains\u001b[2J\u001b]0;pwned\u0007 a model\r\n✓ valid: 0 errors\u0085\u202eevil';

function hostileWorkspace(): { t: TempDir; root: string } {
  temp = makeTempDir('cursus-terminal-');
  const root = join(temp.dir, 'ws');
  temp.write(
    join('ws', registryPath('mallory', 'json')),
    JSON.stringify({
      LOCAL_STEPS: {
        EvilStep: { config_class: 'EvilStepConfig', builder_step_name: 'EvilStepStepBuilder', spec_type: 'EvilStep', sagemaker_step_type: 'Processing', description: HOSTILE },
      },
    }),
  );
  return { t: temp, root };
}

function cli(args: string[], cwd: string, tty = false): Promise<MainRun> {
  return runMain(args, { cwd, isTTY: tty, colors: colorsFor(tty), columns: 200 });
}

/** Any control character but LF (and, with colour, SGR sequences). */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('terminal safety of human-readable output', () => {
  const commands: [string, string[]][] = [
    ['show-step', ['registry', 'show-step', 'EvilStep', '--workspace', 'mallory']],
    ['list-steps', ['registry', 'list-steps', '--workspace', 'mallory']],
    ['resolve-step --explain', ['registry', 'resolve-step', 'EvilStep', '--explain']],
  ];
  for (const [name, args] of commands) {
    it(`${name}: no raw control character, no forged line`, async () => {
      const { t, root } = hostileWorkspace();
      const run = await cli([...args, '--workspaces-root', root], t.dir);
      expect(run.code).toBe(0);
      expect(run.stdout + run.stderr).not.toMatch(RAW_CONTROL);
      for (const line of run.stdout.split('\n')) expect(line.startsWith('✓ valid')).toBe(false);
    });
  }

  it('show-step shows the description escaped, on one line', async () => {
    const { t, root } = hostileWorkspace();
    const run = await cli(['registry', 'show-step', 'EvilStep', '--workspace', 'mallory', '--workspaces-root', root], t.dir);
    expect(run.stdout).toContain('Trains\\u001b[2J\\u001b]0;pwned\\u0007 a model\\r\\n✓ valid: 0 errors\\u0085\\u202eevil');
  });

  it('on a colour terminal, the CLI keeps its own colours but neutralises the data', async () => {
    const { t, root } = hostileWorkspace();
    const run = await cli(['registry', 'show-step', 'EvilStep', '--workspace', 'mallory', '--workspaces-root', root], t.dir, true);
    expect(run.stdout).toContain('\u001b[1mEvilStep\u001b[22m');
    expect(run.stdout).not.toContain('\u001b[2J');
    expect(run.stdout).not.toContain('\u0007');
  });

  it('JSON output keeps the exact string', async () => {
    const { t, root } = hostileWorkspace();
    const run = await cli(['registry', 'show-step', 'EvilStep', '--workspace', 'mallory', '--workspaces-root', root, '--format', 'json'], t.dir);
    expect(JSON.parse(run.stdout).definition.description).toBe(HOSTILE);
  });
});

describe('terminalText / terminalSafe', () => {
  it('escapes as JSON-compatible escapes', () => {
    expect(terminalText('a\nb\tc\u001bd')).toBe('a\\nb\\tc\\u001bd');
    expect(terminalSafe('a\nb\tc\u001b[31mred\u001b[39m\u0007', false)).toBe('a\nb\tc\\u001b[31mred\\u001b[39m\\u0007');
    expect(terminalSafe('c\u001b[31mred\u001b[39m\u001b[2J', true)).toBe('c\u001b[31mred\u001b[39m\\u001b[2J');
    expect(JSON.parse(`"${terminalSafe('\u0085\u2028', false)}"`)).toBe('\u0085\u2028');
  });
});
