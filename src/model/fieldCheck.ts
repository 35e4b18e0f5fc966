import type { z } from 'zod';
import { zod } from './lazySchema.js';

/** What {@link FieldCheck.accept} returns for a value the schema refuses. */
export const REJECT: unique symbol = Symbol('cursus.reject');

/**
 * One declaration of what a field accepts, giving two checks that agree on
 * every input (test/perf/fastValidation.test.ts fuzzes that): the zod schema,
 * built on first use — the source of messages for invalid input and of the
 * JSON Schema — and `accept`, a plain function that returns exactly zod's
 * output for a value zod accepts and {@link REJECT} otherwise. Loading valid
 * files then needs no zod at all.
 */
export interface FieldCheck<S extends z.ZodType = z.ZodType> {
  /** The zod schema (zod loads, and the schema is built, on the first call). */
  readonly schema: () => S;
  /** zod's output for `value` when zod accepts it, else {@link REJECT}; never loads zod. */
  readonly accept: (value: unknown) => unknown;
}

/** A check from a schema builder and the matching fast acceptance. */
export function fieldCheck<S extends z.ZodType>(build: () => S, accept: (value: unknown) => unknown): FieldCheck<S> {
  let schema: S | undefined;
  return { schema: () => (schema ??= build()), accept };
}

/** Any string, as is (`z.string()`). */
export const anyString = (): FieldCheck<z.ZodString> => fieldCheck(() => zod().string(), (v) => (typeof v === 'string' ? v : REJECT));

/** A string, trimmed (`z.string().trim()`). */
export const trimmedText = (): FieldCheck<z.ZodString> => fieldCheck(() => zod().string().trim(), (v) => (typeof v === 'string' ? v.trim() : REJECT));

/** A string, trimmed, not empty (`z.string().trim().min(1)`). */
export const nonEmptyText = (): FieldCheck<z.ZodString> =>
  fieldCheck(
    () => zod().string().trim().min(1),
    (v) => {
      if (typeof v !== 'string') return REJECT;
      const t = v.trim();
      return t.length >= 1 ? t : REJECT;
    },
  );

/** A safe integer (`z.int()`), optionally with a lower bound. */
export const integer = (bound?: 'positive' | 'nonnegative'): FieldCheck<z.ZodInt> =>
  fieldCheck(
    () => (bound === 'positive' ? zod().int().positive() : bound === 'nonnegative' ? zod().int().nonnegative() : zod().int()),
    (v) => (Number.isSafeInteger(v) && (bound === 'positive' ? (v as number) > 0 : bound === 'nonnegative' ? (v as number) >= 0 : true) ? v : REJECT),
  );

/** `true` or `false` (`z.boolean()`). */
export const boolean = (): FieldCheck<z.ZodBoolean> => fieldCheck(() => zod().boolean(), (v) => (typeof v === 'boolean' ? v : REJECT));

/** One of fixed strings (`z.enum(values)`). */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T): FieldCheck<z.ZodEnum<{ [K in T[number]]: K }>> =>
  fieldCheck(
    () => zod().enum(values) as unknown as z.ZodEnum<{ [K in T[number]]: K }>,
    (v) => (typeof v === 'string' && (values as readonly string[]).includes(v) ? v : REJECT),
  );

/** A list of `item` (`z.array(item)`). */
export const listOf = <S extends z.ZodType>(item: FieldCheck<S>): FieldCheck<z.ZodArray<S>> =>
  fieldCheck(
    () => zod().array(item.schema()),
    (v) => {
      if (!Array.isArray(v)) return REJECT;
      const out: unknown[] = new Array(v.length);
      for (let i = 0; i < v.length; i++) {
        const x = item.accept(v[i]);
        if (x === REJECT) return REJECT;
        out[i] = x;
      }
      return out;
    },
  );

/** `check` or absent (`.optional()`). */
export const optional = <S extends z.ZodType>(check: FieldCheck<S>): FieldCheck<z.ZodOptional<S>> =>
  fieldCheck(() => check.schema().optional(), (v) => (v === undefined ? undefined : check.accept(v)));

/** `check` or `null` (`.nullable()`). */
export const nullable = <S extends z.ZodType>(check: FieldCheck<S>): FieldCheck<z.ZodNullable<S>> =>
  fieldCheck(() => check.schema().nullable(), (v) => (v === null ? null : check.accept(v)));

/** `check`, or `fallback` when absent (`.default(fallback)`; a list default is a fresh copy, as zod gives). */
export const withDefault = <S extends z.ZodType>(check: FieldCheck<S>, fallback: z.core.util.NoUndefined<z.core.output<S>>): FieldCheck<z.ZodDefault<S>> =>
  fieldCheck(
    () => check.schema().default(fallback),
    (v) => (v === undefined ? (Array.isArray(fallback) ? [...(fallback as unknown[])] : fallback) : check.accept(v)),
  );

/**
 * The output of `z.object(shape)` / `z.strictObject(shape)` for `record`, from
 * the fields' fast checks: the keys in the shape's order, absent optional keys
 * left out, defaults filled in. `undefined` when zod would refuse the record —
 * or when a key is unknown or holds `undefined`, which zod may treat
 * differently by schema: then zod decides and explains.
 */
export function acceptShape(checks: Readonly<Record<string, Pick<FieldCheck, 'accept'>>>, record: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  for (const key of Object.keys(record)) if (!Object.prototype.hasOwnProperty.call(checks, key) || record[key] === undefined) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(checks)) {
    const value = (checks[key] as Pick<FieldCheck, 'accept'>).accept(Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined);
    if (value === REJECT) return undefined;
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The zod schemas of a table of checks, as a shape for `z.object` (builds them, loading zod). */
export type ShapeOfChecks<C extends Readonly<Record<string, FieldCheck>>> = { [K in keyof C]: C[K] extends FieldCheck<infer S> ? S : never };

/** The zod shape of a table of checks (builds each schema, loading zod). */
export function shapeOfChecks<C extends Readonly<Record<string, FieldCheck>>>(checks: C): ShapeOfChecks<C> {
  const shape: Record<string, z.ZodType> = {};
  for (const key of Object.keys(checks)) shape[key] = (checks[key] as FieldCheck).schema();
  return shape as ShapeOfChecks<C>;
}
