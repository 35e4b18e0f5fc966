/**
 * Trust (issue 11, class 9) through the CLI: every kind of input file given as
 * a FIFO is refused at once with a one-line error, exit 2 — never a hang.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLES_ROOT, makeTempDir, type TempDir } from '../helpers/tempRegistry.js';
import { runMain } from '../helpers/mainCapture.js';

let temp: TempDir | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

const cli = (args: string[], cwd: string) => runMain(args, { cwd });

/** What is refused, the file name, the command line, and the kind of file the hint must name. */
const cases: [string, string, (fifo: string, dir: string) => string[], string][] = [
  ['core registry', 'core.yaml', (f) => ['registry', 'list-steps', '--core-registry', f, '--workspaces-root', EXAMPLES_ROOT], 'Hint: the core registry must be a regular file'],
  ['pipeline spec', 'spec.yaml', (f) => ['pipeline', 'validate', f, '--workspaces-root', EXAMPLES_ROOT], 'Hint: the pipeline spec must be a regular file'],
  ['.py to import', 'workspace_registry.py', (f, d) => ['registry', 'import', f, '--to', join(d, 'out.yaml')], 'Hint: the registry must be a regular file'],
  ['cursus.config.json in the working directory', 'cursus.config.json', () => ['registry', 'list-steps', '--workspaces-root', EXAMPLES_ROOT], 'Hint: the config must be a regular file'],
];

describe('a FIFO as any input file', () => {
  for (const [what, name, args, hint] of cases) {
    it(`${what}: exit 2, "is a FIFO", the hint names the kind of file`, async () => {
      temp = makeTempDir('cursus-fifo-');
      const fifo = join(temp.dir, name);
      execFileSync('mkfifo', [fifo]);
      const run = await cli(args(fifo, temp.dir), temp.dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('is a FIFO (named pipe), not a regular file');
      expect(run.stderr.trim()).toMatch(new RegExp(`${hint}$`));
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    });
  }

  it('--extra rows file', async () => {
    temp = makeTempDir('cursus-fifo-');
    const interfaces = temp.write(join('interfaces', 'xgboost_training.step.yaml'), 'step_type: XGBoostTraining\n');
    const fifo = join(temp.dir, 'extra.json');
    execFileSync('mkfifo', [fifo]);
    const run = await cli(['registry', 'import', join(interfaces, '..'), '--extra', fifo, '--to', join(temp.dir, 'core.json')], temp.dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is a FIFO (named pipe), not a regular file');
  });
});
