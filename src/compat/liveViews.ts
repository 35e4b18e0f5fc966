import type { FrozenDict } from '../engine/registryView.js';
import type { LegacyStepRecord } from '../model/stepDefinition.js';
import { getBuilderStepNames, getConfigStepRegistry, getSpecStepTypes, getStepNames } from './legacyFunctions.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * A read-only object whose contents are those of `current()` at the moment of
 * each access — so it follows the workspace context. `Object.keys`, `in`,
 * `JSON.stringify` and spreading work; any write throws a TypeError.
 */
function liveView<T>(label: string, current: () => FrozenDict<T>): Readonly<Record<string, T>> {
  const refuse = (): never => {
    throw new TypeError(`${label} is a read-only view of the registry; define steps in a workspace registry file instead`);
  };
  // The target holds nothing but the inspect hook, so console.log shows current contents.
  const target: Record<string | symbol, unknown> = Object.create(null);
  target[INSPECT] = () => ({ ...current() });
  return new Proxy(target, {
    get: (_t, key) => (typeof key === 'string' ? current()[key] : key === INSPECT ? target[INSPECT] : undefined),
    has: (_t, key) => typeof key === 'string' && Object.prototype.hasOwnProperty.call(current(), key),
    ownKeys: () => Object.keys(current()),
    getOwnPropertyDescriptor: (_t, key) => {
      if (typeof key !== 'string') return undefined;
      const dict = current();
      if (!Object.prototype.hasOwnProperty.call(dict, key)) return undefined;
      return { value: dict[key], writable: false, enumerable: true, configurable: true };
    },
    set: refuse,
    defineProperty: refuse,
    deleteProperty: refuse,
    setPrototypeOf: refuse,
    preventExtensions: refuse,
  }) as unknown as Readonly<Record<string, T>>;
}

/** Live `STEP_NAMES`: step name → legacy record, for the current workspace context. */
export const STEP_NAMES: Readonly<Record<string, LegacyStepRecord>> = liveView('STEP_NAMES', getStepNames);
/** Live `BUILDER_STEP_NAMES`: step name → builder class name. */
export const BUILDER_STEP_NAMES: Readonly<Record<string, string>> = liveView('BUILDER_STEP_NAMES', getBuilderStepNames);
/** Live `CONFIG_STEP_REGISTRY`: config class name → step name. */
export const CONFIG_STEP_REGISTRY: Readonly<Record<string, string>> = liveView('CONFIG_STEP_REGISTRY', getConfigStepRegistry);
/** Live `SPEC_STEP_TYPES`: step name → spec type. */
export const SPEC_STEP_TYPES: Readonly<Record<string, string>> = liveView('SPEC_STEP_TYPES', getSpecStepTypes);
