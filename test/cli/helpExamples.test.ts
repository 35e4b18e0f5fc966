/**
 * "Every command has `--help` with examples" (README, CLI reference): each
 * command and group of the program, walked from the program itself so a new
 * command is covered without editing this file, prints an Examples section
 * whose lines run that very command.
 */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { colorsFor, type CliIO } from '../../src/cli/output.js';
import { buildProgram } from '../../src/cli/program.js';
import { runMain } from '../helpers/mainCapture.js';

const io: CliIO = { stdout: () => {}, stderr: () => {}, isTTY: false, isInteractive: false, colors: colorsFor(false), cwd: process.cwd() };

/** Every command path of the program (`[]` is the program itself), without commander's implicit `help` commands. */
function commandPaths(command: Command, path: string[] = []): string[][] {
  return [path, ...command.commands.filter((c) => c.name() !== 'help').flatMap((c) => commandPaths(c, [...path, c.name()]))];
}

const paths = commandPaths(buildProgram(io, () => {}));

describe('--help of every command has examples', () => {
  it('walks the whole program (groups and their commands)', () => {
    expect(paths.map((p) => p.join(' '))).toEqual(expect.arrayContaining(['', 'registry', 'registry list-steps', 'pipeline', 'pipeline validate', 'developer setup-developer', 'config']));
  });

  for (const path of paths) {
    it(`cursus ${[...path, '--help'].join(' ')}`, async () => {
      const run = await runMain([...path, '--help'], { cwd: process.cwd() });
      expect(run.code).toBe(0);
      const section = run.stdout.split('\nExamples:\n')[1];
      expect(section, `no Examples section in cursus ${path.join(' ')} --help`).toBeDefined();
      const lines = section!.split('\n').filter((l) => l.trim() !== '');
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).toMatch(/^ {2}\$ cursus /);
      // A command's examples run that command (a group's examples, one of its commands).
      if (path.length > 0) for (const line of lines) expect(line).toContain(` ${path.join(' ')}`);
    });
  }
});
