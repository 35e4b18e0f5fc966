/**
 * The README's command synopses (the CLI reference headings, and the
 * `cursus …` usage lines) name real commands, real options and real choices —
 * and a full synopsis (a reference heading, a usage block, an inline
 * `cursus serve [...]`) names every option its command has. Walks the
 * program itself, so a renamed or added option that the README does not
 * follow fails here.
 */
import { readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { colorsFor, type CliIO } from '../../src/cli/output.js';
import { buildProgram } from '../../src/cli/program.js';
import { fencedBlocks } from './readmeText.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const io: CliIO = { stdout: () => {}, stderr: () => {}, isTTY: false, isInteractive: false, colors: colorsFor(false), cwd: REPO };
const program = buildProgram(io, () => {});

/** One synopsis of the README: where, the text, and whether it is a full synopsis (a reference heading or usage block: it must name every option). */
interface Synopsis {
  readonly line: number;
  readonly text: string;
  readonly complete: boolean;
}

function synopses(): Synopsis[] {
  const found: Synopsis[] = [];
  README.split('\n').forEach((text, i) => {
    const heading = /^#{2,4} `((?:cursus )?(?:registry|developer|pipeline|config|serve|mcp) [^`]*)`\s*$/.exec(text);
    if (heading && /[[<-]/.test(heading[1]!)) found.push({ line: i + 1, text: heading[1]!, complete: true });
    for (const m of text.matchAll(/`(cursus (?:serve|mcp) \[[^`]*)`/g)) found.push({ line: i + 1, text: m[1]!, complete: true });
  });
  for (const block of fencedBlocks(README)) {
    if (block.lang !== '' && block.lang !== 'text') continue;
    // A usage block of its own (no language) is the command's full synopsis, like a heading.
    for (const { line, text } of block.lines) if (/^cursus .*[[<]/.test(text)) found.push({ line, text, complete: block.lang === '' });
  }
  return found;
}

/** The command a synopsis names (its leading words) and the options it shows, with their choices (`--format a|b`). */
function parse(text: string): { path: string[]; options: Map<string, string[] | null> } {
  const words = text.replace(/^cursus /, '').split(/\s+/);
  const path: string[] = [];
  for (const w of words) {
    if (/^[[<-]/.test(w)) break;
    path.push(w);
  }
  const options = new Map<string, string[] | null>();
  for (const m of text.matchAll(/(--[a-z][a-z-]*)(?: ([^\s\]]+))?/g)) {
    const value = m[2];
    options.set(m[1]!, value && value.includes('|') ? value.split('|') : null);
  }
  return { path, options };
}

function commandAt(path: readonly string[]): Command | undefined {
  let command: Command | undefined = program;
  for (const name of path) command = command?.commands.find((c) => c.name() === name);
  return command;
}

const GLOBAL_OPTIONS = program.options as readonly Option[];
const found = synopses();

describe('README command synopses', () => {
  it('finds the CLI reference headings and usage lines', () => {
    expect(found.filter((s) => s.complete).length).toBeGreaterThan(8);
  });

  it('the commands the README says take `--format text|json` do', () => {
    const i = README.indexOf('Every command that prints a\nreport');
    expect(i).toBeGreaterThan(0);
    const list = README.slice(i, README.indexOf('takes `--format text|json`', i));
    // `list-steps` (a command name, unique in the program) or `pipeline validate` (a path).
    const names = [...list.matchAll(/`([a-z -]+)`/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(5);
    const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
    const missing = names.filter((name) => {
      const command = name.includes(' ') ? commandAt(name.split(' ')) : all(program).find((c) => c.name() === name);
      const choices = (command?.options as readonly Option[] | undefined)?.find((o) => o.long === '--format')?.argChoices ?? [];
      return !(choices.includes('text') && choices.includes('json'));
    });
    expect(missing).toEqual([]);
  });

  it('"Groups: …; commands on their own: …" names every top-level command of the program', () => {
    const i = README.indexOf('\nGroups: ');
    const sentence = README.slice(i, README.indexOf('Every\ncommand has', i));
    const named = [...sentence.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!).sort();
    const groups = program.commands.filter((c) => c.commands.length > 0).map((c) => c.name());
    expect(named).toEqual(program.commands.map((c) => c.name()).filter((n) => n !== 'help').sort());
    // The ones before "commands on their own" are the groups.
    const groupPart = sentence.split('commands on their own')[0]!;
    expect([...groupPart.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!).sort()).toEqual(groups.sort());
  });

  for (const synopsis of found) {
    it(`README.md:${synopsis.line}: ${synopsis.text}`, () => {
      const { path, options } = parse(synopsis.text);
      const command = commandAt(path);
      expect(command, `no command \`cursus ${path.join(' ')}\``).toBeDefined();
      const own = command!.options as readonly Option[];
      const problems: string[] = [];
      for (const [flag, choices] of options) {
        const option = [...own, ...GLOBAL_OPTIONS].find((o) => o.long === flag);
        if (!option) {
          problems.push(`${flag}: no such option`);
          continue;
        }
        const accepted = option.argChoices;
        if (choices && accepted) for (const c of choices) if (!accepted.includes(c)) problems.push(`${flag} ${c}: not among ${accepted.join(', ')}`);
      }
      if (synopsis.complete) {
        for (const option of own) if (option.long && option.long !== '--help' && !options.has(option.long)) problems.push(`${option.long}: not in the heading`);
      }
      expect(problems).toEqual([]);
    });
  }
});
