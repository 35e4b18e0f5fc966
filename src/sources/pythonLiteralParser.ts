/**
 * A recursive-descent parser for the Python literal subset of registry modules
 * (what `ast.literal_eval` accepts, minus what JSON cannot hold), and for the
 * few statements such a module may contain. It reads; it never runs Python.
 *
 * Values: dicts (string keys, no duplicates), lists, tuples (→ arrays),
 * strings (implicit concatenation), ints within ±2^53, finite floats, a sign
 * before a number, `True`, `False`, `None`. Statements: `NAME = value`,
 * `NAME: annotation = value`, `import …`, `from … import …`, bare strings
 * (docstrings). Anything else is a `RegistryLoadError` at its line and column.
 */
import type { RegistryLoadError } from '../model/errors.js';
import { printable, pythonRegistryError, tokenizePython, type PythonToken, type SourcePosition } from './pythonTokenizer.js';

/** A parsed Python literal as plain data. Dicts are null-prototype objects; tuples are arrays. */
export type PythonValue = string | number | boolean | null | PythonValue[] | PythonDict;
/** A parsed Python dict: a null-prototype object, keys in file order. */
export interface PythonDict {
  [key: string]: PythonValue;
}

/** Where a value and, for containers, each key or item of it is written. */
export interface PositionTree {
  readonly pos: SourcePosition;
  /** A dict's keys: where each key is written, and the tree of its value. */
  readonly keys?: ReadonlyMap<string, { readonly pos: SourcePosition; readonly value: PositionTree }>;
  /** A list's or tuple's items. */
  readonly items?: readonly PositionTree[];
}

/** A top-level `NAME = value` (or annotated) assignment. */
export interface PythonAssignment {
  readonly name: string;
  /** Position of the assigned name. */
  readonly pos: SourcePosition;
  readonly value: PythonValue;
  readonly tree: PositionTree;
}

/** A name a top-level import binds (`*` for a star import). */
export interface PythonImportBinding {
  readonly name: string;
  readonly pos: SourcePosition;
  /** The statement as written, e.g. `from typing import Dict`. */
  readonly statement: string;
}

/** The statements of a module this parser understands. */
export interface PythonModule {
  /** Assignments in file order (a name assigned twice appears twice). */
  readonly assignments: readonly PythonAssignment[];
  readonly imports: readonly PythonImportBinding[];
  /** Number of statements, docstrings and imports included (0 for a file of comments only). */
  readonly statementCount: number;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const COMPOUND_KEYWORDS = new Set(['if', 'elif', 'else', 'for', 'while', 'def', 'class', 'with', 'try', 'except', 'finally', 'async', 'match', 'case']);
const STATEMENT_KEYWORDS = new Set(['del', 'global', 'nonlocal', 'assert', 'raise', 'return', 'pass', 'break', 'continue', 'yield', 'await', 'type']);
/** Keywords that are also ordinary names (`match = …`, `type(x)`). */
const SOFT_KEYWORDS = new Set(['match', 'case', 'type']);
const EXPRESSION_KEYWORDS = new Set(['lambda', 'not', 'await', 'yield', 'if', 'else', 'and', 'or', 'is', 'in']);
const BINARY_OPERATORS = new Set(['+', '-', '*', '/', '//', '%', '**', '@', '<<', '>>', '&', '|', '^', '<', '>', '<=', '>=', '==', '!=', ':=']);
const WORD_OPERATORS = new Set(['and', 'or', 'in', 'is', 'not']);
const AUGMENTED = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '**=', '@=', '<<=', '>>=', '&=', '|=', '^=']);

function describeValue(value: PythonValue): string {
  if (value === null) return 'None';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a dict';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return `${typeof value === 'number' ? 'number' : 'string'} ${printable(JSON.stringify(value))}`;
}

/** Parse a module's text. Throws a `RegistryLoadError` (file, line, column, hint) on anything outside the subset. */
export function parsePythonModule(text: string, file: string): PythonModule {
  return new ModuleParser(tokenizePython(text, file), file).parseModule();
}

/** Parse a single Python literal (e.g. `{"a": (1, 2)}`), for tests and tools. */
export function parsePythonLiteral(text: string, file = '<literal>'): PythonValue {
  const parser = new ModuleParser(tokenizePython(text, file), file);
  return parser.parseStandaloneValue().value;
}

class ModuleParser {
  readonly #tokens: readonly PythonToken[];
  readonly #file: string;
  #at = 0;

  constructor(tokens: readonly PythonToken[], file: string) {
    this.#tokens = tokens;
    this.#file = file;
  }

  #peek(ahead = 0): PythonToken {
    return this.#tokens[Math.min(this.#at + ahead, this.#tokens.length - 1)] as PythonToken;
  }

  #next(): PythonToken {
    const token = this.#peek();
    if (this.#at < this.#tokens.length - 1) this.#at++;
    return token;
  }

  #is(token: PythonToken, kind: PythonToken['kind'], text?: string): boolean {
    return token.kind === kind && (text === undefined || token.text === text);
  }

  #error(token: PythonToken, what: string): RegistryLoadError {
    return pythonRegistryError(this.#file, token, what);
  }

  #describe(token: PythonToken): string {
    if (token.kind === 'eof') return 'the end of the file';
    if (token.kind === 'newline') return 'the end of the line';
    return `\`${printable(token.text.length > 30 ? `${token.text.slice(0, 30)}…` : token.text)}\``;
  }

  #expectOp(text: string, what: string): PythonToken {
    const token = this.#peek();
    if (!this.#is(token, 'op', text)) throw this.#error(token, `expected ${what}, found ${this.#describe(token)}`);
    return this.#next();
  }

  parseStandaloneValue(): { value: PythonValue; tree: PositionTree } {
    const result = this.#parseTupleOrValue();
    const end = this.#peek();
    if (end.kind === 'newline') this.#next();
    if (this.#peek().kind !== 'eof') throw this.#error(this.#peek(), `unexpected ${this.#describe(this.#peek())} after the value`);
    return result;
  }

  parseModule(): PythonModule {
    const assignments: PythonAssignment[] = [];
    const imports: PythonImportBinding[] = [];
    let statementCount = 0;
    while (this.#peek().kind !== 'eof') {
      if (this.#peek().kind === 'newline') {
        this.#next();
        continue;
      }
      const first = this.#peek();
      if (first.indented) throw this.#error(first, 'unexpected indentation: a registry module has only top-level statements');
      for (;;) {
        statementCount++;
        this.#parseStatement(assignments, imports);
        const end = this.#peek();
        if (this.#is(end, 'op', ';')) {
          this.#next();
          if (this.#peek().kind === 'newline' || this.#peek().kind === 'eof') break;
          continue;
        }
        if (end.kind !== 'newline' && end.kind !== 'eof') throw this.#error(end, `unexpected ${this.#describe(end)}: expected the end of the statement`);
        break;
      }
    }
    return { assignments, imports, statementCount };
  }

  #parseStatement(assignments: PythonAssignment[], imports: PythonImportBinding[]): void {
    const first = this.#peek();
    if (first.kind === 'string') {
      // A bare string (the module docstring, or a string used as a comment) does nothing.
      this.#parseValue();
      return;
    }
    if (first.kind !== 'name') {
      throw this.#error(first, `unsupported statement starting with ${this.#describe(first)}: a registry module holds only \`NAME = literal\` assignments`);
    }
    if (first.text === 'import' || first.text === 'from') {
      imports.push(...this.#parseImport());
      return;
    }
    const second = this.#peek(1);
    const usedAsName = this.#is(second, 'op', '=') || this.#is(second, 'op', ':') || (SOFT_KEYWORDS.has(first.text) && this.#is(second, 'op', '('));
    if (!usedAsName && COMPOUND_KEYWORDS.has(first.text)) {
      throw this.#error(first, `\`${first.text}\` blocks are not supported: a registry module holds only top-level \`NAME = literal\` assignments`);
    }
    if (!usedAsName && STATEMENT_KEYWORDS.has(first.text)) {
      throw this.#error(first, `unsupported statement \`${first.text}\`: a registry module holds only \`NAME = literal\` assignments`);
    }
    this.#next();
    if (this.#is(second, 'op', ':')) {
      this.#next();
      this.#parseAnnotation();
      const after = this.#peek();
      if (!this.#is(after, 'op', '=')) {
        if (after.kind === 'newline' || after.kind === 'eof' || this.#is(after, 'op', ';')) throw this.#error(first, `\`${first.text}\` is annotated but not assigned a value`);
        throw this.#error(after, `unsupported type annotation at ${this.#describe(after)}: use names such as \`Dict[str, Any]\``);
      }
    } else if (!this.#is(second, 'op', '=')) {
      throw this.#unsupportedAfterName(first, second);
    }
    this.#next();
    const rhs = this.#peek();
    if (rhs.kind === 'name' && this.#is(this.#peek(1), 'op', '=')) {
      throw this.#error(rhs, `chained assignment \`${first.text} = ${rhs.text} = …\` is not supported: assign each name its own literal`);
    }
    const { value, tree } = this.#parseTupleOrValue();
    assignments.push({ name: first.text, pos: first, value, tree });
  }

  #unsupportedAfterName(name: PythonToken, after: PythonToken): RegistryLoadError {
    if (this.#is(after, 'op', '(')) return this.#error(name, `function call \`${name.text}(…)\` is not supported: a registry module holds only \`NAME = literal\` assignments`);
    if (this.#is(after, 'op', '[') || this.#is(after, 'op', '.')) {
      return this.#error(name, `statement \`${name.text}${after.text}…\` changes a value at run time, which is not followed when the file is read: write everything into the literal`);
    }
    if (after.kind === 'op' && AUGMENTED.has(after.text)) return this.#error(after, `augmented assignment \`${name.text} ${after.text} …\` is not supported: write the whole value as one literal`);
    if (this.#is(after, 'op', ',')) return this.#error(after, 'unpacking assignment is not supported: assign each name its own literal');
    return this.#error(name, `unsupported statement starting with \`${name.text}\`: a registry module holds only \`NAME = literal\` assignments`);
  }

  /** `import a.b [as c], …` or `from [.]a import (x [as y], …)` / `*`: returns the names it binds. */
  #parseImport(): PythonImportBinding[] {
    const startIndex = this.#at;
    const start = this.#next();
    const bindings: { name: string; pos: SourcePosition }[] = [];
    const dotted = (): string => {
      const parts = [this.#expectName('a module name').text];
      while (this.#is(this.#peek(), 'op', '.')) {
        this.#next();
        parts.push(this.#expectName('a module name').text);
      }
      return parts.join('.');
    };
    const alias = (isFrom: boolean) => {
      const pos = this.#peek();
      const name = isFrom ? this.#expectName('a name to import').text : dotted();
      let bound = isFrom ? name : (name.split('.')[0] ?? name);
      let boundPos: SourcePosition = pos;
      if (this.#is(this.#peek(), 'name', 'as')) {
        this.#next();
        const asName = this.#expectName('a name after `as`');
        bound = asName.text;
        boundPos = asName;
      }
      bindings.push({ name: bound, pos: boundPos });
    };
    if (start.text === 'import') {
      alias(false);
      while (this.#is(this.#peek(), 'op', ',')) {
        this.#next();
        alias(false);
      }
    } else {
      let relative = '';
      while (this.#is(this.#peek(), 'op', '.') || this.#is(this.#peek(), 'op', '...')) relative += this.#next().text;
      if (!(relative && this.#is(this.#peek(), 'name', 'import'))) dotted();
      const kw = this.#peek();
      if (!this.#is(kw, 'name', 'import')) throw this.#error(kw, `expected \`import\`, found ${this.#describe(kw)}`);
      this.#next();
      if (this.#is(this.#peek(), 'op', '*')) {
        const star = this.#next();
        bindings.push({ name: '*', pos: star });
      } else {
        const parenthesized = this.#is(this.#peek(), 'op', '(');
        if (parenthesized) this.#next();
        alias(true);
        while (this.#is(this.#peek(), 'op', ',')) {
          this.#next();
          if (parenthesized && this.#is(this.#peek(), 'op', ')')) break;
          alias(true);
        }
        if (parenthesized) this.#expectOp(')', '`)`');
      }
    }
    const statement = this.#sourceOf(startIndex, this.#at);
    return bindings.map((b) => ({ ...b, statement }));
  }

  /** The tokens `[from, to)` as written (on one line), e.g. `from typing import Dict, Any`. */
  #sourceOf(from: number, to: number): string {
    let out = '';
    for (let i = from; i < to; i++) {
      const t = this.#tokens[i] as PythonToken;
      const prev = this.#tokens[i - 1];
      out += i > from && prev && prev.offset + prev.text.length < t.offset ? ` ${t.text}` : t.text;
    }
    return out;
  }

  #expectName(what: string): PythonToken {
    const token = this.#peek();
    if (token.kind !== 'name') throw this.#error(token, `expected ${what}, found ${this.#describe(token)}`);
    return this.#next();
  }

  /** A type annotation: names, dotted names, subscripts, `|` unions, strings, `None`, `[…]` lists. Never evaluated. */
  #parseAnnotation(): void {
    const atom = (): void => {
      const token = this.#peek();
      if (token.kind === 'string' || this.#is(token, 'op', '...')) {
        this.#next();
        return;
      }
      if (this.#is(token, 'op', '[')) {
        this.#next();
        list(']');
        return;
      }
      if (token.kind !== 'name' || EXPRESSION_KEYWORDS.has(token.text)) throw this.#error(token, `unsupported type annotation at ${this.#describe(token)}: use names such as \`Dict[str, Any]\``);
      this.#next();
      while (this.#is(this.#peek(), 'op', '.')) {
        this.#next();
        this.#expectName('a name in the annotation');
      }
      if (this.#is(this.#peek(), 'op', '[')) {
        this.#next();
        list(']');
      }
    };
    const union = (): void => {
      atom();
      while (this.#is(this.#peek(), 'op', '|')) {
        this.#next();
        atom();
      }
    };
    const list = (close: string): void => {
      while (!this.#is(this.#peek(), 'op', close)) {
        union();
        if (!this.#is(this.#peek(), 'op', ',')) break;
        this.#next();
      }
      this.#expectOp(close, `\`${close}\``);
    };
    union();
  }

  /** `value` or `value, value[,]` (a bare tuple, as `X = 1, 2` makes). */
  #parseTupleOrValue(): { value: PythonValue; tree: PositionTree } {
    const first = this.#parseValue();
    if (!this.#is(this.#peek(), 'op', ',')) return first;
    const values: PythonValue[] = [first.value];
    const items: PositionTree[] = [first.tree];
    while (this.#is(this.#peek(), 'op', ',')) {
      this.#next();
      const after = this.#peek();
      if (after.kind === 'newline' || after.kind === 'eof' || this.#is(after, 'op', ';')) break;
      const item = this.#parseValue();
      values.push(item.value);
      items.push(item.tree);
    }
    return { value: values, tree: { pos: first.tree.pos, items } };
  }

  /** One value, then a check that no operator, call, attribute or subscript follows it. */
  #parseValue(missing = 'a comma may be missing'): { value: PythonValue; tree: PositionTree } {
    const result = this.#parseAtom();
    const after = this.#peek();
    if (after.kind === 'op') {
      if (BINARY_OPERATORS.has(after.text)) throw this.#error(after, `operator expression (\`${after.text}\`) is not a literal: write the resulting value`);
      if (after.text === '(') throw this.#error(after, 'a call is not a literal');
      if (after.text === '.') throw this.#error(after, 'attribute access is not a literal');
      if (after.text === '[') throw this.#error(after, 'subscript is not a literal');
    }
    if (after.kind === 'name' && WORD_OPERATORS.has(after.text)) throw this.#error(after, `operator expression (\`${after.text}\`) is not a literal: write the resulting value`);
    if (this.#is(after, 'name', 'if')) throw this.#error(after, 'conditional expression (`… if … else …`) is not a literal');
    if (this.#is(after, 'name', 'for')) throw this.#error(after, 'a comprehension is not a literal: write the items out');
    if (after.kind === 'name' || after.kind === 'number') throw this.#error(after, `unexpected ${this.#describe(after)}: ${missing}`);
    return result;
  }

  #parseAtom(): { value: PythonValue; tree: PositionTree } {
    const token = this.#peek();
    switch (token.kind) {
      case 'string': {
        let value = '';
        while (this.#peek().kind === 'string') value += this.#next().stringValue ?? '';
        return { value, tree: { pos: token } };
      }
      case 'number':
        this.#next();
        return { value: this.#numberValue(token, false), tree: { pos: token } };
      case 'name':
        return this.#parseName(token);
      case 'op':
        return this.#parseOpAtom(token);
      default:
        throw this.#error(token, `expected a value, found ${this.#describe(token)}`);
    }
  }

  #numberValue(token: PythonToken, negative: boolean): number {
    const number = token.number;
    if (!number) throw this.#error(token, 'expected a number');
    if (number.kind === 'imaginary') throw this.#error(token, `complex number \`${token.text}\` is not supported: JSON and YAML have no complex numbers`);
    if (number.kind === 'int' && number.big !== undefined && number.big > MAX_SAFE) {
      throw this.#error(token, `integer \`${token.text}\` is too large to represent exactly (more than 2^53 - 1)`);
    }
    if (!Number.isFinite(number.value)) throw this.#error(token, `float \`${token.text}\` overflows to infinity`);
    const value = negative ? -number.value : number.value;
    return Object.is(value, -0) && number.kind === 'int' ? 0 : value;
  }

  #parseName(token: PythonToken): { value: PythonValue; tree: PositionTree } {
    if (token.text === 'True' || token.text === 'False' || token.text === 'None') {
      this.#next();
      return { value: token.text === 'None' ? null : token.text === 'True', tree: { pos: token } };
    }
    const comprehension = this.#comprehensionAhead();
    if (comprehension) throw this.#error(comprehension, 'a comprehension is not a literal: write the items out');
    if (token.text === 'lambda') throw this.#error(token, 'a lambda is not a literal');
    if (EXPRESSION_KEYWORDS.has(token.text)) throw this.#error(token, `\`${token.text}\` expression is not a literal`);
    const after = this.#peek(1);
    if (this.#is(after, 'op', '(')) throw this.#error(token, `function call \`${token.text}(…)\` is not a literal: write the value it returns`);
    throw this.#error(token, `variable reference \`${token.text}\` is not a literal: write its value here`);
  }

  /** The `for` of a comprehension in the innermost bracket around the current token, if there is one. */
  #comprehensionAhead(): PythonToken | undefined {
    let depth = 0;
    for (let i = this.#at; i < this.#tokens.length; i++) {
      const t = this.#tokens[i] as PythonToken;
      if (t.kind === 'newline' || t.kind === 'eof') return undefined;
      if (t.kind === 'op' && (t.text === '(' || t.text === '[' || t.text === '{')) depth++;
      else if (t.kind === 'op' && (t.text === ')' || t.text === ']' || t.text === '}')) {
        if (depth === 0) return undefined;
        depth--;
      } else if (depth === 0 && t.kind === 'op' && t.text === ',') return undefined;
      else if (depth === 0 && t.kind === 'name' && t.text === 'for') return t;
    }
    return undefined;
  }

  #parseOpAtom(token: PythonToken): { value: PythonValue; tree: PositionTree } {
    switch (token.text) {
      case '{':
        return this.#parseDict();
      case '[':
        return this.#parseSequence(']');
      case '(':
        return this.#parseParenthesized();
      case '-':
      case '+': {
        this.#next();
        const operand = this.#peek();
        if (operand.kind !== 'number') throw this.#error(token, `operator expression (unary \`${token.text}\`) is not a literal: a sign may only precede a number`);
        this.#next();
        return { value: this.#numberValue(operand, token.text === '-'), tree: { pos: token } };
      }
      case '*':
      case '**':
        throw this.#error(token, `unpacking (\`${token.text}\`) is not a literal: write the items out`);
      case '...':
        throw this.#error(token, 'Ellipsis (`...`) is not supported: JSON and YAML have no such value');
      default:
        throw this.#error(token, `expected a value, found ${this.#describe(token)}`);
    }
  }

  #parseDict(): { value: PythonValue; tree: PositionTree } {
    const open = this.#next();
    const value: PythonDict = Object.create(null) as PythonDict;
    const keys = new Map<string, { pos: SourcePosition; value: PositionTree }>();
    while (!this.#is(this.#peek(), 'op', '}')) {
      const keyToken = this.#peek();
      const key = this.#parseValue('a `:` may be missing after the key');
      if (!this.#is(this.#peek(), 'op', ':')) {
        const at = this.#peek();
        if (this.#is(at, 'op', ',') || this.#is(at, 'op', '}')) throw this.#error(open, 'set literal is not supported: use a list `[…]`, or a dict `{key: value}`');
        throw this.#error(at, `expected \`:\` after the dict key, found ${this.#describe(at)}`);
      }
      if (typeof key.value !== 'string') throw this.#error(keyToken, `dict keys must be strings, got ${describeValue(key.value)}`);
      this.#next();
      const item = this.#parseValue();
      const previous = keys.get(key.value);
      if (previous) {
        throw pythonRegistryError(
          this.#file,
          keyToken,
          `duplicate key '${printable(key.value)}' (first at line ${previous.pos.line})`,
          'each key may appear once per dict; Python would silently keep only the last one — remove or rename one of them',
        );
      }
      keys.set(key.value, { pos: keyToken, value: item.tree });
      value[key.value] = item.value;
      if (!this.#is(this.#peek(), 'op', ',')) break;
      this.#next();
    }
    this.#expectOp('}', '`,` or `}`');
    return { value, tree: { pos: open, keys } };
  }

  #parseSequence(close: string): { value: PythonValue; tree: PositionTree } {
    const open = this.#next();
    const values: PythonValue[] = [];
    const items: PositionTree[] = [];
    while (!this.#is(this.#peek(), 'op', close)) {
      const item = this.#parseValue();
      values.push(item.value);
      items.push(item.tree);
      if (!this.#is(this.#peek(), 'op', ',')) break;
      this.#next();
    }
    this.#expectOp(close, `\`,\` or \`${close}\``);
    return { value: values, tree: { pos: open, items } };
  }

  /** `()` (empty tuple), `(x)` (x itself), `(x,)` / `(x, y)` (tuples). */
  #parseParenthesized(): { value: PythonValue; tree: PositionTree } {
    const open = this.#peek();
    if (this.#is(this.#peek(1), 'op', ')')) return this.#parseSequence(')');
    this.#next();
    const first = this.#parseValue();
    if (this.#is(this.#peek(), 'op', ')')) {
      this.#next();
      return first;
    }
    this.#expectOp(',', '`,` or `)`');
    const values: PythonValue[] = [first.value];
    const items: PositionTree[] = [first.tree];
    while (!this.#is(this.#peek(), 'op', ')')) {
      const item = this.#parseValue();
      values.push(item.value);
      items.push(item.tree);
      if (!this.#is(this.#peek(), 'op', ',')) break;
      this.#next();
    }
    this.#expectOp(')', '`,` or `)`');
    return { value: values, tree: { pos: open, items } };
  }
}
