import type { z } from 'zod';
import { lazyDependency } from './lazyDependency.js';

const zodLibrary = lazyDependency<typeof import('zod')>('zod');

/**
 * zod's `z`, loaded on first use. Valid input is accepted by the fast checks
 * derived from the same declarations (see `fieldCheck.ts`), so zod loads only
 * to explain invalid input, to generate a JSON Schema, or when a caller uses
 * an exported schema.
 */
export function zod(): typeof z {
  return zodLibrary().z;
}

const BUILT = Symbol('cursus.built');

/**
 * The object a {@link lazyObject} stands for (built now if it was not), or the
 * value itself. Schemas composed into other schemas, or given to
 * `toJSONSchema`, must be the built ones: zod keeps metadata (descriptions)
 * per schema instance.
 */
export function builtObject<T extends object>(value: T): T {
  return ((value as { [BUILT]?: T })[BUILT] ?? value) as T;
}

/**
 * An object built on first use that behaves as the built object: a `Proxy`
 * forwarding every operation to it. Exported zod schemas are such objects,
 * so importing the package does not build them (nor load zod).
 *
 * @example
 * ```ts
 * export const MySchema = lazyObject(() => zod().strictObject({ a: zod().string() }));
 * MySchema.safeParse({ a: 'x' }); // builds the schema here, once
 * ```
 */
export function lazyObject<T extends object>(build: () => T): T {
  let built: T | undefined;
  const real = (): T => (built ??= build());
  return new Proxy({} as T, {
    get: (_target, key) => (key === BUILT ? real() : Reflect.get(real(), key)),
    set: (_target, key, value) => Reflect.set(real(), key, value),
    has: (_target, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(real(), key),
    getOwnPropertyDescriptor: (target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      // A proxy may report a non-configurable property only if its target has it too.
      if (descriptor && !descriptor.configurable && !Reflect.getOwnPropertyDescriptor(target, key)) Reflect.defineProperty(target, key, descriptor);
      return descriptor;
    },
  });
}
