/**
 * Writes plain data (objects, arrays, strings, numbers, booleans, null) as a
 * source-code literal: Python (`{"a": True, "b": None}`) or TypeScript
 * (`{ a: true, b: null }`). Output is deterministic and keeps key order.
 */

/** Plain data a registry holds: what JSON can hold. */
export type PlainValue = string | number | boolean | null | readonly PlainValue[] | { readonly [key: string]: PlainValue };

/** How a target language spells literals. */
export interface LiteralSyntax {
  readonly key: (key: string) => string;
  readonly string: (value: string) => string;
  readonly null: string;
  readonly true: string;
  readonly false: string;
  /** Separator between a key and its value. */
  readonly colon: string;
}

/**
 * A Python `str` literal: double-quoted; backslash, quote and control
 * characters escaped; lone surrogates as `\uXXXX` (they cannot be UTF-8 encoded).
 */
export function pythonString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    const code = value.charCodeAt(i);
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0xd800 && code <= 0xdbff && /[\udc00-\udfff]/.test(value[i + 1] ?? '')) {
      out += ch + (value[i + 1] as string);
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Python literal syntax (what `ast.literal_eval` reads back). */
export const PYTHON_SYNTAX: LiteralSyntax = {
  key: pythonString,
  string: pythonString,
  null: 'None',
  true: 'True',
  false: 'False',
  colon: ': ',
};

/** TypeScript/JavaScript object-literal syntax (identifier keys unquoted). */
export const TYPESCRIPT_SYNTAX: LiteralSyntax = {
  // `__proto__: …` (quoted or not) in an object literal sets the prototype; a computed key is an own property.
  key: (key) => (key === '__proto__' ? '["__proto__"]' : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key)),
  string: (value) => JSON.stringify(value),
  null: 'null',
  true: 'true',
  false: 'false',
  colon: ': ',
};

function isScalar(value: PlainValue): boolean {
  return value === null || typeof value !== 'object';
}

/**
 * Write `value` as a literal. Objects and lists of non-scalars go one entry a
 * line with trailing commas; lists of scalars stay on one line when short.
 */
export function writeLiteral(value: PlainValue, syntax: LiteralSyntax, indent = '    ', level = 0): string {
  if (value === null) return syntax.null;
  if (typeof value === 'boolean') return value ? syntax.true : syntax.false;
  // An integral double beyond 2^53 is written as a float: as an int, Python would read it as a (different) exact integer.
  if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value) ? value.toExponential() : String(value);
  if (typeof value === 'string') return syntax.string(value);
  const pad = indent.repeat(level + 1);
  const close = indent.repeat(level);
  if (Array.isArray(value)) {
    const items = value as readonly PlainValue[];
    if (items.length === 0) return '[]';
    const inline = items.every(isScalar) ? `[${items.map((v) => writeLiteral(v, syntax)).join(', ')}]` : undefined;
    if (inline !== undefined && inline.length <= 80) return inline;
    return `[\n${items.map((v) => `${pad}${writeLiteral(v, syntax, indent, level + 1)},`).join('\n')}\n${close}]`;
  }
  const record = value as { readonly [key: string]: PlainValue };
  const keys = Object.keys(record);
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${pad}${syntax.key(k)}${syntax.colon}${writeLiteral(record[k] as PlainValue, syntax, indent, level + 1)},`).join('\n')}\n${close}}`;
}
