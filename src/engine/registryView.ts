import { toLegacyRecord, type LegacyStepRecord, type StepDefinition } from '../model/stepDefinition.js';

/** A frozen dictionary with no prototype: `__proto__` or `constructor` keys stay plain data. */
export type FrozenDict<T> = Readonly<Record<string, T>>;

/** A frozen, null-prototype dictionary of `entries`. */
export function frozenDict<T>(entries: Iterable<readonly [string, T]>): FrozenDict<T> {
  const out: Record<string, T> = Object.create(null);
  for (const [k, v] of entries) out[k] = v;
  return Object.freeze(out);
}

/**
 * The isolated view of one workspace (or of core): `core, then LOCAL_STEPS,
 * then STEP_OVERRIDES`, later wins (SPEC §4.1). Built once per load; the
 * legacy dictionaries are derived on first use and then reused, so a lookup
 * is a map access and never a rebuild.
 */
export class RegistryView {
  /** The workspace this view belongs to, or null for the core view. */
  readonly workspaceId: string | null;
  /** Effective definitions by name, in legacy order (core file order, then new local names). */
  readonly definitions: ReadonlyMap<string, StepDefinition>;

  #legacy?: FrozenDict<LegacyStepRecord>;
  #builderNames?: FrozenDict<string>;
  #configRegistry?: FrozenDict<string>;
  #specTypes?: FrozenDict<string>;
  #specTypeToName?: ReadonlyMap<string, string>;
  #sagemakerMapping?: FrozenDict<readonly string[]>;
  #names?: readonly string[];

  constructor(workspaceId: string | null, definitions: ReadonlyMap<string, StepDefinition>) {
    this.workspaceId = workspaceId;
    this.definitions = definitions;
  }

  /** Step names in legacy order. */
  get stepNames(): readonly string[] {
    return (this.#names ??= Object.freeze([...this.definitions.keys()]));
  }

  /** The legacy `STEP_NAMES` dictionary of this view. */
  get legacyStepNames(): FrozenDict<LegacyStepRecord> {
    return (this.#legacy ??= frozenDict([...this.definitions].map(([name, def]) => [name, toLegacyRecord(def)] as const)));
  }

  /** `BUILDER_STEP_NAMES`: step name → builder class name. */
  get builderStepNames(): FrozenDict<string> {
    return (this.#builderNames ??= frozenDict([...this.definitions].map(([name, def]) => [name, def.builder_step_name] as const)));
  }

  /** `CONFIG_STEP_REGISTRY`: config class name → step name (the first step wins if two share a class). */
  get configStepRegistry(): FrozenDict<string> {
    if (!this.#configRegistry) {
      const entries = new Map<string, string>();
      for (const [name, def] of this.definitions) if (!entries.has(def.config_class)) entries.set(def.config_class, name);
      this.#configRegistry = frozenDict(entries);
    }
    return this.#configRegistry;
  }

  /** `SPEC_STEP_TYPES`: step name → spec type. */
  get specStepTypes(): FrozenDict<string> {
    return (this.#specTypes ??= frozenDict([...this.definitions].map(([name, def]) => [name, def.spec_type] as const)));
  }

  /** Spec type → step name (the first step wins if two share a spec type). */
  get specTypeToStepName(): ReadonlyMap<string, string> {
    if (!this.#specTypeToName) {
      const map = new Map<string, string>();
      for (const [name, def] of this.definitions) if (!map.has(def.spec_type)) map.set(def.spec_type, name);
      this.#specTypeToName = map;
    }
    return this.#specTypeToName;
  }

  /** SageMaker step type → step names of that type, in legacy order. */
  get sagemakerTypeMapping(): FrozenDict<readonly string[]> {
    if (!this.#sagemakerMapping) {
      const map = new Map<string, string[]>();
      for (const [name, def] of this.definitions) {
        const list = map.get(def.sagemaker_step_type);
        if (list) list.push(name);
        else map.set(def.sagemaker_step_type, [name]);
      }
      this.#sagemakerMapping = frozenDict([...map].map(([type, names]) => [type, Object.freeze(names)] as const));
    }
    return this.#sagemakerMapping;
  }
}
