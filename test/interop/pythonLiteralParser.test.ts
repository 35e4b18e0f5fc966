import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { RegistryLoadError } from '../../src/model/errors.js';
import { parsePythonLiteral, parsePythonModule } from '../../src/sources/pythonLiteralParser.js';
import { tokenizePython } from '../../src/sources/pythonTokenizer.js';

/** The error a source raises, as `line:col: detail`. */
function errorOf(source: string): string {
  try {
    parsePythonModule(source, 'reg.py');
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryLoadError);
    const e = error as RegistryLoadError;
    expect(e.code).toBe('REGISTRY_LOAD_ERROR');
    expect(e.message).not.toContain('\n');
    expect(e.file).toBe('reg.py');
    expect(e.message).toMatch(/Hint: /);
    return `${e.line}:${e.column}: ${e.detail}`;
  }
  throw new Error(`no error for ${JSON.stringify(source)}`);
}

const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;

const literal = (source: string) => JSON.parse(JSON.stringify(parsePythonLiteral(source))) as unknown;

describe('Python literal parser: values', () => {
  it('strings in every quote style, with Python escapes', () => {
    expect(literal(`'single'`)).toBe('single');
    expect(literal(`"double"`)).toBe('double');
    expect(literal(`'''triple\nsingle'''`)).toBe('triple\nsingle');
    expect(literal(`"""triple "quoted" ""\ndouble"""`)).toBe('triple "quoted" ""\ndouble');
    expect(literal(`'it\\'s' `)).toBe("it's");
    expect(literal(`"tab\\tnl\\ncr\\rbs\\\\q\\"a\\ab\\bf\\fv\\v"`)).toBe('tab\tnl\ncr\rbs\\q"a\x07b\bf\fv\v');
    expect(literal(`"\\x41\\101\\0\\u00e9\\U0001F600"`)).toBe('AA\0é😀');
    expect(literal(`"unknown \\d escape"`)).toBe('unknown \\d escape');
    expect(literal(`"line \\\ncontinued"`)).toBe('line continued');
    expect(literal(`u"unicode prefix"`)).toBe('unicode prefix');
    expect(literal(`"naïve ünïcode — ok"`)).toBe('naïve ünïcode — ok');
  });

  it('raw strings keep backslashes (and an escaped quote does not end them)', () => {
    expect(literal(`r"C:\\new\\table"`)).toBe('C:\\new\\table');
    expect(literal(`R'\\d+\\''`)).toBe("\\d+\\'");
    expect(literal(`r"""raw\\n triple"""`)).toBe('raw\\n triple');
  });

  it('implicit concatenation, across lines inside brackets and with comments between', () => {
    expect(literal(`"a" 'b' """c"""`)).toBe('abc');
    expect(literal(`("Compares feature distributions between "\n                        "training and serving data")`)).toBe('Compares feature distributions between training and serving data');
    expect(literal(`["x" # comment\n "y", "z"]`)).toEqual(['xy', 'z']);
  });

  it('numbers: ints, separators, signs, bases, floats', () => {
    expect(literal('0')).toBe(0);
    expect(literal('00')).toBe(0);
    expect(literal('90')).toBe(90);
    expect(literal('1_000_000')).toBe(1_000_000);
    expect(literal('-5')).toBe(-5);
    expect(literal('+5')).toBe(5);
    expect(literal('- 7')).toBe(-7);
    expect(literal('0x_FF')).toBe(255);
    expect(literal('0o17')).toBe(15);
    expect(literal('0b1010')).toBe(10);
    expect(literal('1.5')).toBe(1.5);
    expect(literal('.5')).toBe(0.5);
    expect(literal('5.')).toBe(5);
    expect(literal('1e3')).toBe(1000);
    expect(literal('1_0.2_5E-1')).toBe(1.025);
    expect(literal('-2.5e-3')).toBe(-0.0025);
    expect(literal('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('True, False, None; lists, tuples, dicts, trailing commas, nesting', () => {
    expect(literal('[True, False, None]')).toEqual([true, false, null]);
    expect(literal('[]')).toEqual([]);
    expect(literal('()')).toEqual([]);
    expect(literal('(1,)')).toEqual([1]);
    expect(literal('(1)')).toBe(1);
    expect(literal('(1, "a", (2, 3),)')).toEqual([1, 'a', [2, 3]]);
    expect(literal('[1, 2,]')).toEqual([1, 2]);
    expect(literal('{}')).toEqual({});
    expect(literal('{"a": {"b": [1, (2,)]}, \'c\': None,}')).toEqual({ a: { b: [1, [2]] }, c: null });
    expect(literal('1, 2')).toEqual([1, 2]);
  });

  it('dicts are null-prototype objects: `__proto__` and `constructor` are plain keys', () => {
    const value = parsePythonLiteral('{"__proto__": {"x": 1}, "constructor": 2}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('tokenizes \\r\\n line ends like \\n (universal newlines)', () => {
    expect(literal('"""a\r\nb"""')).toBe('a\nb');
    const mod = parsePythonModule('A = 1\r\n\r\nB_ = {\r\n  "k": 2,\r\n}\r\n', 'reg.py');
    expect(mod.assignments.map((a) => [a.name, a.pos.line, a.pos.column])).toEqual([
      ['A', 1, 1],
      ['B_', 3, 1],
    ]);
  });
});

describe('Python literal parser: module statements', () => {
  it('reads docstrings, comments, blank lines, imports, annotations, semicolons, backslash continuations', () => {
    const mod = parsePythonModule(
      [
        '"""Docstring."""',
        '# comment',
        'from __future__ import annotations',
        'from typing import (Any,',
        '    Dict,)',
        'import os.path as osp, json',
        '',
        'LOCAL_STEPS: Dict[str, Dict[str, Any]] = {"A": 1}',
        'STEP_OVERRIDES: "dict[str, Any] | None" = None; WORKSPACE_METADATA = \\',
        '    {"developer_id": "x"}',
        '"another bare string"',
      ].join('\n'),
      'reg.py',
    );
    expect(mod.statementCount).toBe(8);
    expect(mod.imports.map((i) => [i.name, i.statement])).toEqual([
      ['annotations', 'from __future__ import annotations'],
      ['Any', 'from typing import (Any, Dict,)'],
      ['Dict', 'from typing import (Any, Dict,)'],
      ['osp', 'import os.path as osp, json'],
      ['json', 'import os.path as osp, json'],
    ]);
    expect(mod.assignments.map((a) => [a.name, a.pos.line, a.pos.column, JSON.stringify(a.value)])).toEqual([
      ['LOCAL_STEPS', 8, 1, '{"A":1}'],
      ['STEP_OVERRIDES', 9, 1, 'null'],
      ['WORKSPACE_METADATA', 9, 49, '{"developer_id":"x"}'],
    ]);
  });

  it('a file of comments only has no statements', () => {
    expect(parsePythonModule('# nothing\n\n   # here\n', 'reg.py').statementCount).toBe(0);
  });

  it('gives each key and item its line and column', () => {
    const [a] = parsePythonModule('X = {\n    "k": [\n        1,\n        (2, 3),\n    ],\n}\n', 'reg.py').assignments;
    const k = a?.tree.keys?.get('k');
    expect(k?.pos).toMatchObject({ line: 2, column: 5 });
    expect(k?.value.items?.[1]?.pos).toMatchObject({ line: 4, column: 9 });
  });

  it('the tokenizer flags an indented first token of a line', () => {
    const tokens = tokenizePython('A = 1\n  B = 2\n', 'reg.py');
    expect(tokens.filter((t) => t.indented).map((t) => t.text)).toEqual(['B']);
  });
});

describe('Python literal parser: refused constructs, each at its line:column', () => {
  it.each([
    ['function call', 'X = {\n    "a": dict(b=1),\n}', '2:10: function call `dict(…)` is not a literal: write the value it returns'],
    ['variable reference', 'X = {"a": OTHER}', '1:11: variable reference `OTHER` is not a literal: write its value here'],
    ['attribute access', 'X = os.environ', '1:5: variable reference `os` is not a literal: write its value here'],
    ['method call on a literal', 'X = "a".upper()', '1:8: attribute access is not a literal'],
    ['subscript of a literal', 'X = {"a": 1}["a"]', '1:13: subscript is not a literal'],
    ['f-string', 'X = {\n  "d": f"v{1}",\n}', '2:8: f-string `f…` is not a literal (it runs code when the module is imported)'],
    ['rf-string', 'X = rf"a"', '1:5: f-string `rf…` is not a literal (it runs code when the module is imported)'],
    ['bytes', "X = b'abc'", '1:5: bytes literal is not supported: registry values are text (remove the `b` prefix)'],
    ['list comprehension', 'X = [s for s in "ab"]', '1:8: a comprehension is not a literal: write the items out'],
    ['comprehension of a literal', 'X = [1 for _ in "ab"]', '1:8: a comprehension is not a literal: write the items out'],
    ['dict comprehension', 'X = {k: 1 for k in "ab"}', '1:11: a comprehension is not a literal: write the items out'],
    ['binary operator', 'X = 1 + 2', '1:7: operator expression (`+`) is not a literal: write the resulting value'],
    ['string concatenation with +', 'X = "a" +\\\n  "b"', '1:9: operator expression (`+`) is not a literal: write the resulting value'],
    ['boolean operator', 'X = True and False', '1:10: operator expression (`and`) is not a literal: write the resulting value'],
    ['membership test', 'X = "a" in "abc"', '1:9: operator expression (`in`) is not a literal: write the resulting value'],
    ['sign before a non-number', 'X = -True', '1:5: operator expression (unary `-`) is not a literal: a sign may only precede a number'],
    ['double sign', 'X = --1', '1:5: operator expression (unary `-`) is not a literal: a sign may only precede a number'],
    ['conditional expression', 'X = 1 if True else 2', '1:7: conditional expression (`… if … else …`) is not a literal'],
    ['lambda', 'X = lambda: 1', '1:5: a lambda is not a literal'],
    ['unpacking in a dict', 'X = {**BASE}', '1:6: unpacking (`**`) is not a literal: write the items out'],
    ['unpacking in a list', 'X = [*BASE]', '1:6: unpacking (`*`) is not a literal: write the items out'],
    ['set literal', 'X = {"a", "b"}', '1:5: set literal is not supported: use a list `[…]`, or a dict `{key: value}`'],
    ['non-string dict key', 'X = {1: "a"}', '1:6: dict keys must be strings, got number 1'],
    ['duplicate dict key', 'X = {\n    "a": 1,\n    "b": 2,\n    "a": 3,\n}', "4:5: duplicate key 'a' (first at line 2)"],
    ['complex number', 'X = 1j', '1:5: complex number `1j` is not supported: JSON and YAML have no complex numbers'],
    ['Ellipsis', 'X = ...', '1:5: Ellipsis (`...`) is not supported: JSON and YAML have no such value'],
    ['huge int', 'X = 9007199254740993', '1:5: integer `9007199254740993` is too large to represent exactly (more than 2^53 - 1)'],
    ['float overflow', 'X = 1e999', '1:5: float `1e999` overflows to infinity'],
    ['leading zeros', 'X = 007', '1:5: leading zeros in the decimal integer `007` are not permitted (Python refuses them; use 0o… for octal)'],
    ['bad number', 'X = 1_', '1:5: invalid number literal `1_`'],
    ['missing comma', 'X = [1 2]', '1:8: unexpected `2`: a comma may be missing'],
    ['missing colon', 'X = {"a" 1}', '1:10: unexpected `1`: a `:` may be missing after the key'],
    ['unclosed bracket', 'X = {\n    "a": [1, 2,\n}', '3:1: closing bracket `}` does not match `[` opened at line 2, column 10'],
    ['bracket never closed', 'X = {\n    "a": 1,\n', '1:5: bracket `{` is never closed'],
    ['unmatched closer', 'X = 1)', '1:6: unmatched closing bracket `)`'],
    ['unterminated string', 'X = "abc\nY = 1', '1:5: unterminated string literal'],
    ['unterminated triple-quoted string', "X = '''abc\n", "1:5: unterminated triple-quoted string literal"],
    ['truncated \\x escape', 'X = "\\x4"', '1:6: truncated \\x escape: \\x needs exactly 2 hex digits'],
    ['\\N escape', 'X = "\\N{DASH}"', '1:6: \\N{…} escapes (Unicode character names) are not supported: write the character itself or use \\uXXXX'],
    ['invalid character', 'X = $1', '1:5: invalid character "$" in Python source'],
    ['stray backslash', 'X = 1 \\ 2', '1:7: unexpected character after line continuation character `\\`'],
    ['if block', 'if True:\n    X = 1', '1:1: `if` blocks are not supported: a registry module holds only top-level `NAME = literal` assignments'],
    ['function definition', 'def f():\n    pass', '1:1: `def` blocks are not supported: a registry module holds only top-level `NAME = literal` assignments'],
    ['decorator', '@dataclass\nclass A: pass', '1:1: unsupported statement starting with `@`: a registry module holds only `NAME = literal` assignments'],
    ['bare call statement', 'print("hi")', '1:1: function call `print(…)` is not supported: a registry module holds only `NAME = literal` assignments'],
    ['subscript assignment', 'X = {}\nX["a"] = 1', '2:1: statement `X[…` changes a value at run time, which is not followed when the file is read: write everything into the literal'],
    ['method call statement', 'X = {}\nX.update(a=1)', '2:1: statement `X.…` changes a value at run time, which is not followed when the file is read: write everything into the literal'],
    ['augmented assignment', 'X = {}\nX |= {"a": 1}', '2:3: augmented assignment `X |= …` is not supported: write the whole value as one literal'],
    ['chained assignment', 'X = Y = {}', '1:5: chained assignment `X = Y = …` is not supported: assign each name its own literal'],
    ['tuple unpacking', 'X, Y = 1, 2', '1:2: unpacking assignment is not supported: assign each name its own literal'],
    ['annotation without value', 'X: dict', '1:1: `X` is annotated but not assigned a value'],
    ['call in an annotation', 'X: f(1) = 1', '1:5: unsupported type annotation at `(`: use names such as `Dict[str, Any]`'],
    ['unexpected indentation', 'X = 1\n    Y = 2', '2:5: unexpected indentation: a registry module has only top-level statements'],
    ['del statement', 'del X', '1:1: unsupported statement `del`: a registry module holds only `NAME = literal` assignments'],
    ['bare expression', '42', '1:1: unsupported statement starting with `42`: a registry module holds only `NAME = literal` assignments'],
  ])('%s', (_what, source, expected) => {
    expect(errorOf(source)).toBe(expected);
  });
});

describe('messages echo user text on one line', () => {
  it('a U+2028 in the source is named, not printed', () => {
    expect(errorOf('LOCAL_STEPS = {}\u2028\n')).toBe('1:17: invalid character U+2028 in Python source');
    expect(errorOf('X = {"a\u2029b": 1, "a\u2029b": 2}')).toBe("1:16: duplicate key 'a\\u2029b' (first at line 1)");
    expect(errorOf('X = {"a": 1 "line\\nbreak"}')).toBe('1:13: expected `,` or `}`, found `"line\\nbreak"`');
  });
});

describe('limits', () => {
  it('200 nested brackets parse; 201 are refused like Python refuses them, without a stack overflow', () => {
    expect(JSON.stringify(parsePythonLiteral(`${'['.repeat(200)}${']'.repeat(200)}`))).toBe(`${'['.repeat(200)}${']'.repeat(200)}`);
    expect(errorOf(`X = ${'['.repeat(100_000)}`)).toBe('1:205: too many nested brackets (more than 200)');
  });

  // No time limit: timing belongs in benchmarks (bench/), never in a test.
  it('a long file (5,000 steps) parses completely, with the values of its last entry', () => {
    const steps = Array.from({ length: 5000 }, (_, i) => `    "Step${i}": {"config_class": "Step${i}Config", "environment_tags": ("a", "b"), "priority": ${i}},`).join('\n');
    const mod = parsePythonModule(`LOCAL_STEPS = {\n${steps}\n}\n`, 'reg.py');
    const value = mod.assignments[0]?.value as Record<string, unknown>;
    expect(Object.keys(value)).toHaveLength(5000);
    expect(value.Step4999).toEqual({ config_class: 'Step4999Config', environment_tags: ['a', 'b'], priority: 4999 });
  });
});

describe('differential check against CPython', () => {
  const CORPUS = [
    `'single' "double" '''triple''' """triple"""`,
    `"tab\\tnl\\ncr\\rbs\\\\q\\"a\\ab\\bf\\fv\\v\\'"`,
    `"\\x41\\101\\0\\7\\77\\777\\u00e9\\U0001F600\\u2028"`,
    `"unknown \\d \\w \\8 escapes"`,
    `"line \\\ncontinued"`,
    `r"C:\\new\\table\\" + 'x'"`,
    `R'\\d+\\''`,
    `r"""raw\\n "triple" \\" """`,
    `u"unicode" U'upper'`,
    `("concatenated " 'over '\n  """lines""")`,
    `[0, 00, 0_0, 90, 1_000_000, -5, +5, - 7, 0x_FF, 0XfF, 0o17, 0O17, 0b1010, 0B1_0]`,
    `[1.5, .5, 5., 1e3, 1E-3, 1_0.2_5e+1_0, -2.5e-3, 0.1, 1e-320, 123456789.123456789]`,
    `[True, False, None, (), (1,), (1), [], {}, ((1, 2), [3, (4,)])]`,
    `{"a": {"b": [1, (2,)]}, 'c': None, "d": "é — 😀",}`,
    `{"__proto__": 1, "constructor": {"prototype": 2}}`,
  ];

  it.skipIf(!HAS_PYTHON)('parsePythonLiteral gives what ast.literal_eval gives', () => {
    const script = 'import ast, json, sys\nprint(json.dumps([ast.literal_eval(s) for s in json.load(sys.stdin)]))';
    const run = spawnSync('python3', ['-c', script], { input: JSON.stringify(CORPUS), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(CORPUS.map((source) => JSON.parse(JSON.stringify(parsePythonLiteral(source))) as unknown)).toEqual(JSON.parse(run.stdout));
  });
});
