import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PYTHON_SYNTAX, pythonString, TYPESCRIPT_SYNTAX, writeLiteral, type PlainValue } from '../../src/interop/literalWriter.js';
import { parsePythonLiteral } from '../../src/sources/pythonLiteralParser.js';

const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;

/** Registry-like data: string keys, strings with any characters, safe integers, booleans, null, nesting. */
const plainValue: fc.Arbitrary<PlainValue> = fc.letrec<{ value: PlainValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: fc.constantFrom('\\', '"', "'", '\n', '\r', '\t', '\0', '\x7f', 'é', '—', '😀', 'a', '{', '#') }),
    fc.maxSafeInteger(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
  ),
})).value;

const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('writing Python literals', () => {
  it('escapes what a Python string needs', () => {
    expect(pythonString('a"b\\c\nd\te\x01f\x7f')).toBe('"a\\"b\\\\c\\nd\\te\\x01f\\x7f"');
    expect(pythonString('é — 😀')).toBe('"é — 😀"');
    expect(pythonString('lone \ud800 surrogate')).toBe('"lone \\ud800 surrogate"');
  });

  it('writes nested data, one entry a line, scalar lists inline', () => {
    expect(writeLiteral({ a: [1, 'x'], b: { c: null, d: true }, e: [], f: {} }, PYTHON_SYNTAX)).toBe(
      '{\n    "a": [1, "x"],\n    "b": {\n        "c": None,\n        "d": True,\n    },\n    "e": [],\n    "f": {},\n}',
    );
    expect(writeLiteral({ a: [{ b: 1 }], 'not-an-id': false }, TYPESCRIPT_SYNTAX, '  ')).toBe('{\n  a: [\n    {\n      b: 1,\n    },\n  ],\n  "not-an-id": false,\n}');
  });

  it('round-trips through the Python literal parser (property)', () => {
    fc.assert(
      fc.property(plainValue, (value) => {
        expect(plain(parsePythonLiteral(writeLiteral(value, PYTHON_SYNTAX)))).toEqual(plain(value));
      }),
      { numRuns: 300 },
    );
  });

  it.skipIf(!HAS_PYTHON)('python3 ast.literal_eval reads what we write and gives what we parse', () => {
    const samples = fc.sample(plainValue, { numRuns: 60, seed: 42 });
    const source = `[\n${samples.map((v) => writeLiteral(v, PYTHON_SYNTAX)).join(',\n')}\n]`;
    const run = spawnSync('python3', ['-c', 'import ast, json, sys\nprint(json.dumps(ast.literal_eval(sys.stdin.read())))'], { input: source, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(plain(parsePythonLiteral(source)));
    expect(JSON.parse(run.stdout)).toEqual(plain(samples));
  });
});

describe('writing numbers', () => {
  it('integral doubles beyond 2^53 become floats (an int literal would change their value)', () => {
    expect(writeLiteral(123456789012345680000, PYTHON_SYNTAX)).toBe('1.2345678901234568e+20');
    expect(parsePythonLiteral(writeLiteral(2 ** 60, PYTHON_SYNTAX))).toBe(2 ** 60);
    expect(writeLiteral(Number.MAX_SAFE_INTEGER, PYTHON_SYNTAX)).toBe('9007199254740991');
    expect(writeLiteral(-0.5, PYTHON_SYNTAX)).toBe('-0.5');
  });
});
