/**
 * Reads README.md the way a user does: its fenced code blocks, the shell
 * commands in them (with the output a transcript shows), and its relative
 * links. Used by the tests that hold the README to the truth.
 */

/** One fenced code block: its info string, the line of its opening fence, its lines (fence indentation removed). */
export interface FencedBlock {
  readonly lang: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly lines: readonly { readonly line: number; readonly text: string }[];
}

/** Every fenced block (``` or longer, possibly indented, as in list items). */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,})([^`\s]*)\s*$/.exec(lines[i] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '', lang = ''] = open;
    const body: { line: number; text: string }[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const text = lines[j] ?? '';
      const close = /^( *)(`{3,})\s*$/.exec(text);
      if (close && (close[2] ?? '').length >= fence.length) break;
      body.push({ line: j + 1, text: text.startsWith(indent) ? text.slice(indent.length) : text.trimStart() });
    }
    blocks.push({ lang, line: i + 1, lines: body });
    i = j;
  }
  return blocks;
}

/** One command a user types, with what the README shows it prints (transcripts only). */
export interface ShellStep {
  /** 1-based README line of the command. */
  readonly line: number;
  readonly command: string;
  /** A here-document's body (`cat > f <<'EOF'`), when the command has one. */
  readonly stdin?: string;
  /** The lines the README shows as the output (trailing blank lines dropped); `undefined` in a script block, which shows none. */
  readonly shown?: readonly string[];
  /** The exit code the README states with a last line `(exit N)`, if it does. */
  readonly statedExit?: number;
}

/** A shell block of the README: a script (```sh) or a transcript (```console / ```text with `$ ` prompts). */
export interface ShellBlock {
  readonly line: number;
  readonly lang: string;
  readonly steps: readonly ShellStep[];
}

const SCRIPT_LANGS = new Set(['sh', 'bash', 'shell', 'zsh']);
const TRANSCRIPT_LANGS = new Set(['', 'text', 'console', 'shell-session']);
/** Blocks that hold no commands (checked elsewhere, or not at all); any other language is an error, so no shell dialect slips by. */
const OTHER_LANGS = new Set(['ts', 'typescript', 'yaml', 'json', 'python', 'markdown', 'mermaid']);

/** The shell blocks of the README, in order; throws on a block it cannot read (so a new shape cannot slip by unchecked). */
export function shellBlocks(markdown: string, doc = 'README.md'): ShellBlock[] {
  const out: ShellBlock[] = [];
  for (const block of fencedBlocks(markdown)) {
    if (SCRIPT_LANGS.has(block.lang)) out.push({ line: block.line, lang: block.lang, steps: scriptSteps(block) });
    else if (TRANSCRIPT_LANGS.has(block.lang) && block.lines.some((l) => l.text.startsWith('$ '))) {
      out.push({ line: block.line, lang: block.lang, steps: transcriptSteps(block, doc) });
    } else if (block.lang === 'console') {
      throw new Error(`${doc}:${block.line}: a console block without a \`$ \` prompt`);
    } else if (!TRANSCRIPT_LANGS.has(block.lang) && !OTHER_LANGS.has(block.lang)) {
      throw new Error(`${doc}:${block.line}: a \`\`\`${block.lang} block: write shell as \`\`\`sh or a \`$ \` transcript, or add the language to OTHER_LANGS`);
    }
  }
  return out;
}

function scriptSteps(block: FencedBlock): ShellStep[] {
  const steps: ShellStep[] = [];
  for (const { line, text } of block.lines) {
    const command = stripComment(text).trim();
    if (command) steps.push({ line, command });
  }
  return steps;
}

function transcriptSteps(block: FencedBlock, doc: string): ShellStep[] {
  const steps: ShellStep[] = [];
  const first = block.lines[0];
  if (first && !first.text.startsWith('$ ')) {
    throw new Error(`${doc}:${first.line}: a transcript must start with a \`$ \` command`);
  }
  for (let i = 0; i < block.lines.length; ) {
    const { line, text } = block.lines[i]!;
    const command = text.slice(2).trim();
    i++;
    let stdin: string | undefined;
    const heredoc = /<<-?\s*'?(\w+)'?\s*$/.exec(command);
    if (heredoc) {
      const body: string[] = [];
      while (i < block.lines.length && block.lines[i]!.text !== heredoc[1]) body.push(block.lines[i++]!.text);
      if (i >= block.lines.length) throw new Error(`${doc}:${line}: here-document never ends with ${heredoc[1]}`);
      i++;
      stdin = body.map((l) => `${l}\n`).join('');
    }
    const shown: string[] = [];
    while (i < block.lines.length && !block.lines[i]!.text.startsWith('$ ')) shown.push(block.lines[i++]!.text);
    while (shown.length > 0 && shown[shown.length - 1]!.trim() === '') shown.pop();
    const exit = /^\(exit (\d+)\)$/.exec(shown[shown.length - 1] ?? '');
    if (exit) shown.pop();
    steps.push({
      line,
      command: heredoc ? command.slice(0, heredoc.index).trim() : command,
      ...(stdin !== undefined ? { stdin } : {}),
      shown,
      ...(exit ? { statedExit: Number(exit[1]) } : {}),
    });
  }
  return steps;
}

/** A command without its trailing `# comment` (a `#` outside quotes, after a space). */
function stripComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) return text.slice(0, i);
  }
  return text;
}

/** Split a command line on `&&` outside quotes. */
export function splitAnd(command: string): string[] {
  const parts: string[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '&' && command[i + 1] === '&') {
      parts.push(command.slice(start, i).trim());
      start = i + 2;
      i++;
    }
  }
  parts.push(command.slice(start).trim());
  return parts;
}

/** Shell words: whitespace-separated, with '…' and "…" quoting (no expansion). */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | null = null;
  for (const c of command) {
    if (quote) {
      if (c === quote) quote = null;
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unbalanced quote in: ${command}`);
  if (inWord) words.push(word);
  return words;
}

/**
 * Whether an output line is the line shown. Runs of two or more spaces (the
 * padding between table columns) compare as one gap: a column holding an
 * absolute path is as wide as the path on the machine that runs the test
 * (the checkout's directory), not as the README's `/path/to/clone`. Column
 * alignment itself is tested by the CLI's own tests.
 */
function sameLine(shown: string, actual: string): boolean {
  if (shown === actual) return true;
  const gaps = (line: string) => line.replace(/ {2,}/g, '  ').trimEnd();
  return gaps(shown) === gaps(actual);
}

/**
 * Whether `actual` lines are what the README shows: equal line by line, except
 * that a shown line that is only `…` stands for any number of lines, and a
 * shown line ending in `…` for any line starting with what precedes it, and
 * column padding may differ (see sameLine).
 */
export function matchesShown(shown: readonly string[], actual: readonly string[]): boolean {
  const memo = new Map<string, boolean>();
  const match = (s: number, a: number): boolean => {
    const key = `${s},${a}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (s === shown.length) result = a === actual.length;
    else {
      const want = shown[s]!;
      if (want.trim() === '…') {
        result = false;
        for (let k = a; k <= actual.length && !result; k++) result = match(s + 1, k);
      } else if (a === actual.length) result = false;
      else if (want.endsWith('…')) result = actual[a]!.startsWith(want.slice(0, -1)) && match(s + 1, a + 1);
      else result = sameLine(want, actual[a]!) && match(s + 1, a + 1);
    }
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

/** The relative link targets of the README (`[text](target)`, images too), with their lines; anchors kept. */
export function relativeLinks(markdown: string): { line: number; target: string }[] {
  const links: { line: number; target: string }[] = [];
  const inBlock = new Set<number>();
  for (const block of fencedBlocks(markdown)) {
    inBlock.add(block.line);
    for (const l of block.lines) inBlock.add(l.line);
    inBlock.add((block.lines[block.lines.length - 1]?.line ?? block.line) + 1);
  }
  markdown.split('\n').forEach((text, index) => {
    if (inBlock.has(index + 1)) return;
    const withoutCode = text.replace(/`[^`]*`/g, '');
    for (const m of withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1]!;
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) links.push({ line: index + 1, target });
    }
  });
  return links;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to `-`. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of every heading of the README (GitHub's rules, duplicates numbered `-1`, `-2`). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const inBlock = new Set<number>();
  for (const block of fencedBlocks(markdown)) for (const l of block.lines) inBlock.add(l.line);
  markdown.split('\n').forEach((text, index) => {
    const h = /^#{1,6}\s+(.*)$/.exec(text);
    if (!h || inBlock.has(index + 1)) return;
    const base = headingAnchor(h[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  });
  return anchors;
}

/** The ```ts blocks, with their lines. */
export function typescriptBlocks(markdown: string): FencedBlock[] {
  return fencedBlocks(markdown).filter((b) => b.lang === 'ts' || b.lang === 'typescript');
}
