/**
 * Every shell example of README.md, run as a user following it literally would
 * (issue 12, item 13): each `cursus …` command runs in-process through `main()`
 * on the current source, and its output is compared with the transcript the
 * README shows. The few other commands an example needs (cd, mkdir, cat, cp,
 * head, tail, cmp, echo) are played by a tiny shell below; everything else must
 * be listed in NOT_RUN with its reason, so a new example cannot go unchecked.
 *
 * The world: a temp directory holding "the clone" (a copy of the repository's
 * cursus.config.json, core/, examples/ and the Python fixtures the migration
 * examples copy), shown as /path/to/clone; README paths under /tmp/ live under
 * the temp directory too. Each block starts in the clone; files persist from
 * block to block in README order, as on the reader's machine.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { displayPath } from '../../src/cli/output.js';
import { headingAnchors, matchesShown, relativeLinks, shellBlocks, shellWords, splitAnd, type ShellStep } from './readmeText.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The documents whose examples run: the README and the example pipelines' README (both followed from the clone). */
const DOCS = ['README.md', 'examples/pipelines/README.md'] as const;
const CLONE_SHOWN_AS = '/path/to/clone';

/**
 * Commands of README examples that this test does not run, each with why.
 * Keys are one command as written (one part of an `a && b` line). A README
 * command that is neither run nor listed here fails the test; an entry no
 * example uses any more fails it too.
 */
const NOT_RUN: Readonly<Record<string, string>> = {
  // Installing, building and the test suite itself: this test runs the current source in-process.
  'npm install': 'installs and builds the package; the test runs the current source instead',
  'npm test': 'the whole suite, this file included',
  'npm run build': 'rebuilds dist/; test/globalSetup.ts bundles the CLI before every test run',
  'npm run typecheck': 'the project typecheck (CI); the README\'s ts snippets are typechecked by readmeSnippets.test.ts',
  'npm run test:stress': 'minutes of stress tests; run on demand',
  'npm run bench': 'benchmarks: minutes, machine-dependent numbers',
  'npm run schema': 'regenerates schema/; test/cli/showStepAndSchema.test.ts fails when the shipped schema is stale',
  // Long-running servers: their real processes are tested in test/serve/.
  'npx cursus serve': 'a server that runs until Ctrl-C (test/serve/serveProcess.test.ts runs the real binary)',
  'npx cursus serve --port 0': 'a server that runs until Ctrl-C (test/serve/serveProcess.test.ts checks the first line)',
  "curl -s 'http://127.0.0.1:4380/api/v1/steps/XGBoostTrainng'": 'needs a running `cursus serve`; test/serve/serveApi.test.ts asserts this 404 body',
  // The CI recipe: needs a git remote.
  'git fetch --no-tags origin main': 'needs a git remote (the CI recipe)',
  'npx -p cursus-registry cursus registry diff origin/main --fail-on new-conflict,broken':
    'needs a fetched remote branch; test/diff/diffGitRevisions.test.ts runs `registry diff` between git revisions and its --fail-on gate',
};

// Columns aligned around a path are as wide as the real path: matchesShown compares column padding as one gap.
const root = realpathSync(mkdtempSync(join(tmpdir(), 'cursus-readme-')));
const clone = join(root, 'clone');
for (const part of ['cursus.config.json', 'core', 'examples', 'test/fixtures/python-cursus', 'test/interop/fixtures']) {
  cpSync(join(REPO, part), join(clone, part), { recursive: true });
}
mkdirSync(join(root, 'tmp'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A README path on this machine: /tmp/… and /path/to/clone/… live in the temp world; relative paths from `cwd`. */
function hostPath(path: string, cwd: string): string {
  if (path === CLONE_SHOWN_AS || path.startsWith(`${CLONE_SHOWN_AS}/`)) return clone + path.slice(CLONE_SHOWN_AS.length);
  if (path === '/tmp' || path.startsWith('/tmp/')) return root + path;
  if (isAbsolute(path)) throw new Error(`README example uses the absolute path ${path}: use /tmp/… or ${CLONE_SHOWN_AS}/…`);
  return resolve(cwd, path);
}

/**
 * Output as the README shows it. The package's own files (the bundled core,
 * the schema) are where this checkout is, not in the clone: shown as the CLI
 * would show them had it been installed there — absolute inside JSON strings,
 * else as `displayPath` does (relative when under the working directory).
 * Then the temp world's paths.
 */
function normalize(text: string, cwd: string): string {
  const shipped = new RegExp(`("?)${escapeRegExp(REPO)}/([^\\s:'"),\`]+)`, 'g');
  return text
    .replace(shipped, (_m, quote: string, rest: string) => quote + (quote ? join(clone, rest) : displayPath(join(clone, rest), cwd)))
    .replaceAll(clone, CLONE_SHOWN_AS)
    .replaceAll(root, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The state of one shell: where it is. */
interface Shell {
  cwd: string;
}

/** What one command printed on the terminal (stdout and stderr in order) and its exit code. */
interface Ran {
  code: number;
  terminal: string;
}

/** `cursus`, `npx cursus` or `npx -p cursus-registry cursus`: the CLI's arguments, else undefined. */
function cursusArgs(words: readonly string[], shell: Shell, where: string): string[] | undefined {
  if (words[0] === 'cursus') return words.slice(1);
  if (words[0] === 'npx' && words[1] === 'cursus') {
    const inClone = !relative(clone, shell.cwd).startsWith('..');
    if (!inClone) {
      throw new Error(`${where}: \`npx cursus\` outside the clone fetches an unrelated npm package: write \`npx -p cursus-registry cursus\``);
    }
    return words.slice(2);
  }
  if (words[0] === 'npx' && words[1] === '-p' && words[2] === 'cursus-registry' && words[3] === 'cursus') return words.slice(4);
  return undefined;
}

async function runCursus(args: readonly string[], shell: Shell, redirect: string | undefined): Promise<Ran> {
  let terminal = '';
  let captured = '';
  const hostArgs = args.map((a) => (a.startsWith('/tmp/') || a.startsWith(`${CLONE_SHOWN_AS}/`) ? hostPath(a, shell.cwd) : a));
  const code = await main(['node', 'cursus', ...hostArgs], {
    cwd: shell.cwd,
    env: {},
    isTTY: false,
    isInteractive: false,
    stdout: (t) => {
      if (redirect) captured += t;
      else terminal += t;
    },
    stderr: (t) => {
      terminal += t;
    },
  });
  if (redirect) writeFileSync(hostPath(redirect, shell.cwd), captured);
  return { code, terminal };
}

/** The few other commands the examples use, played here; undefined for a command this shell does not know. */
function runBuiltin(words: readonly string[], stdin: string | undefined, shell: Shell, redirect: string | undefined): Ran | undefined {
  const [name, ...args] = words;
  const file = (p: string): string => hostPath(p, shell.cwd);
  const lines = (text: string): string[] => text.split('\n').slice(0, text.endsWith('\n') ? -1 : undefined);
  switch (name) {
    case 'cd':
      if (args.length !== 1 || !statSync(file(args[0]!)).isDirectory()) throw new Error(`cd: not a directory: ${args[0]}`);
      shell.cwd = file(args[0]!);
      return { code: 0, terminal: '' };
    case 'mkdir':
      for (const dir of args.filter((a) => a !== '-p')) mkdirSync(file(dir), { recursive: args.includes('-p') });
      return { code: 0, terminal: '' };
    case 'cat':
      if (args.length === 0 && redirect !== undefined && stdin !== undefined) {
        mkdirSync(dirname(file(redirect)), { recursive: true });
        writeFileSync(file(redirect), stdin);
        return { code: 0, terminal: '' };
      }
      return { code: 0, terminal: args.map((a) => readFileSync(file(a), 'utf8')).join('') };
    case 'cp': {
      const paths = args.filter((a) => a !== '-r');
      const target = file(paths.pop()!);
      for (const source of paths) {
        const into = existsSync(target) && statSync(target).isDirectory() ? join(target, basename(source)) : target;
        cpSync(file(source), into, { recursive: args.includes('-r') });
      }
      return { code: 0, terminal: '' };
    }
    case 'head':
    case 'tail': {
      const n = Number(/^-(\d+)$/.exec(args[0] ?? '')?.[1]);
      if (!Number.isInteger(n) || args.length !== 2) throw new Error(`${name}: write ${name} -N FILE`);
      const all = lines(readFileSync(file(args[1]!), 'utf8'));
      const picked = name === 'head' ? all.slice(0, n) : all.slice(-n);
      return { code: 0, terminal: picked.map((l) => `${l}\n`).join('') };
    }
    case 'cmp': {
      const [a, b] = args as [string, string];
      const same = readFileSync(file(a)).equals(readFileSync(file(b)));
      return same ? { code: 0, terminal: '' } : { code: 1, terminal: `${a} ${b} differ\n` };
    }
    case 'echo':
      return { code: 0, terminal: `${args.join(' ')}\n` };
    default:
      return undefined;
  }
}

/** Run one README line (`a && b && c`); undefined when every part of it is in NOT_RUN. */
async function runStep(step: ShellStep, shell: Shell, doc: string): Promise<Ran | undefined> {
  let terminal = '';
  let code = 0;
  let ranAny = false;
  for (const part of splitAnd(step.command)) {
    if (part in NOT_RUN) continue;
    let words = shellWords(part);
    let redirect: string | undefined;
    const gt = words.indexOf('>');
    if (gt >= 0) {
      redirect = words[gt + 1];
      words = [...words.slice(0, gt), ...words.slice(gt + 2)];
    }
    const args = cursusArgs(words, shell, `${doc}:${step.line}`);
    const ran = args ? await runCursus(args, shell, redirect) : runBuiltin(words, step.stdin, shell, redirect);
    if (!ran) {
      throw new Error(`${doc}:${step.line}: \`${part}\` is neither run by this test nor in its NOT_RUN list (add it there with the reason)`);
    }
    ranAny = true;
    terminal += normalize(ran.terminal, shell.cwd);
    code = ran.code;
    if (code !== 0) break;
  }
  return ranAny ? { code, terminal } : undefined;
}

const docBlocks = DOCS.map((doc) => ({ doc, blocks: shellBlocks(readFileSync(join(REPO, doc), 'utf8'), doc) }));
const blocks = docBlocks.flatMap((d) => d.blocks);

for (const { doc, blocks: ofDoc } of docBlocks) for (const block of ofDoc) {
  describe(`${doc}:${block.line} (\`\`\`${block.lang})`, () => {
    const shell: Shell = { cwd: clone };
    for (const step of block.steps) {
      const allSkipped = splitAnd(step.command).every((p) => p in NOT_RUN);
      if (allSkipped) {
        it.skip(`${doc}:${step.line}: $ ${step.command} — ${NOT_RUN[splitAnd(step.command)[0]!]}`, () => {});
        continue;
      }
      it(`${doc}:${step.line}: $ ${step.command}`, async () => {
        const ran = await runStep(step, shell, doc);
        expect(ran).toBeDefined();
        const { code, terminal } = ran!;
        const actual = terminal.split('\n');
        if (actual[actual.length - 1] === '') actual.pop();
        if (step.shown !== undefined && !matchesShown(step.shown, actual)) {
          // Not a match: show both in full (the diff points at the first difference).
          expect(actual.join('\n')).toBe(step.shown.join('\n'));
        }
        const showsError = step.shown?.some((l) => l.startsWith('cursus: error')) ?? false;
        if (showsError && step.statedExit === undefined) {
          throw new Error(`${doc}:${step.line}: the example shows an error: state its exit code with a last line \`(exit ${code})\``);
        }
        expect(code, `exit code of ${doc}:${step.line}`).toBe(step.statedExit ?? 0);
      });
    }
  });
}

describe('the documents as a whole (README.md, examples/pipelines/README.md)', () => {
  it('has shell examples (the parser found them)', () => {
    expect(blocks.length).toBeGreaterThan(10);
  });

  it('every NOT_RUN entry is a command some example still uses', () => {
    const all = new Set(blocks.flatMap((b) => b.steps.flatMap((s) => splitAnd(s.command))));
    expect(Object.keys(NOT_RUN).filter((k) => !all.has(k))).toEqual([]);
  });

  it('every relative link points at a file of the repository, and every #anchor at a heading', () => {
    const broken: string[] = [];
    for (const doc of DOCS) {
      const text = readFileSync(join(REPO, doc), 'utf8');
      const anchors = headingAnchors(text);
      for (const { line, target } of relativeLinks(text)) {
        const [path = '', anchor] = target.split('#');
        const file = join(REPO, dirname(doc), decodeURI(path));
        if (path && !existsSync(file)) broken.push(`${doc}:${line}: ${target} (no such file)`);
        else if (anchor !== undefined) {
          const headings = path ? (file.endsWith('.md') ? headingAnchors(readFileSync(file, 'utf8')) : undefined) : anchors;
          if (headings && !headings.has(anchor)) broken.push(`${doc}:${line}: ${target} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('names no documentation file that does not exist', () => {
    const named = DOCS.flatMap((doc) => [...readFileSync(join(REPO, doc), 'utf8').matchAll(/`((?:docs|examples)\/[\w./-]+\.md)`/g)].map((m) => m[1]!));
    expect(named.filter((p) => !existsSync(join(REPO, p)))).toEqual([]);
  });
});
