/**
 * Step name → builder class, per workspace (the plan's
 * `WorkspaceAwareStepBuilderRegistry`). Core registrations serve every view;
 * a workspace's registrations override them in that workspace only.
 */
import { resolve, join } from 'node:path';
import { getGlobalRegistryManager } from '../compat/globalRegistry.js';
import type { HybridRegistryManager } from '../engine/hybridRegistryManager.js';
import type { FrozenDict } from '../engine/registryView.js';
import type { BasePipelineConfig } from './basePipelineConfig.js';
import { extractJobType, fallbackStepType, LEGACY_ALIASES } from './builderStepNames.js';
import type { AnyStepBuilderClass, BuilderDiscoveryReport, BuilderRegistration, DiscoverBuildersOptions, RegisterBuilderOptions, StepBuilderClass, StepBuilderRegistryOptions } from './stepBuilderTypes.js';
import { closestMatches } from '../model/closestMatch.js';
import { RegistryLoadError, UnknownStepError } from '../model/errors.js';
import { assertWorkspaceId } from '../model/workspaceId.js';
import { selectedWorkspace } from '../model/workspaceSelector.js';
import { importBuilderModule, listBuilderModules, WORKSPACE_BUILDERS_DIR } from './builderDiscovery.js';
import { assertCodeAllowed } from '../sources/codeRegistryLoader.js';
import { StepBuilderBase, type StepBuilderOptions } from './stepBuilderBase.js';
import { selectWorkspace } from './workspaceSelection.js';
import { compareCodeUnits } from '../model/codeUnitOrder.js';

interface Layer {
  readonly discovered: Map<string, BuilderRegistration>;
  readonly manual: Map<string, BuilderRegistration>;
}

/** The discovery in progress: registrations made by the module being imported land here. */
interface DiscoveryScope {
  readonly registry: StepBuilderRegistry;
  readonly workspaceId: string | null;
  readonly file: string;
  readonly staged: BuilderRegistration[];
}

let activeScope: DiscoveryScope | undefined;

function assertBuilderClass(stepName: string, builder: unknown): asserts builder is AnyStepBuilderClass {
  if (typeof builder !== 'function' || !(builder.prototype instanceof StepBuilderBase)) {
    const what = typeof builder === 'function' ? `class ${builder.name || '(anonymous)'}` : typeof builder;
    throw new TypeError(`registerBuilder('${stepName}'): ${what} does not extend StepBuilderBase`);
  }
}

/**
 * Builder classes by step name and workspace. Lookups follow the workspace
 * of the config (`config.workspace_id` > async context > `CURSUS_WORKSPACE_ID`
 * > core): a workspace's builder overrides core there and nowhere else.
 *
 * @example
 * const builders = new StepBuilderRegistry();
 * builders.registerBuilder('XGBoostTraining', XGBoostTrainingStepBuilder);
 * builders.registerBuilder('XGBoostTraining', AliceXGBoostTrainingStepBuilder, { workspaceId: 'alice' });
 * builders.getBuilderForConfig(new AliceXGBoostTrainingConfig({ workspace_id: 'alice' })); // AliceXGBoostTrainingStepBuilder
 */
export class StepBuilderRegistry {
  /** Legacy step names and their canonical names. */
  static readonly LEGACY_ALIASES: FrozenDict<string> = LEGACY_ALIASES;

  readonly #registry: HybridRegistryManager | undefined;
  readonly #coreBuildersDir: string | undefined;
  readonly #layers = new Map<string | null, Layer>();
  /** Effective builder map per workspace; dropped on every change. */
  #maps = new Map<string | null, ReadonlyMap<string, StepBuilderClass>>();

  constructor(options: StepBuilderRegistryOptions = {}) {
    this.#registry = options.registry;
    this.#coreBuildersDir = options.coreBuildersDir;
  }

  #manager(): HybridRegistryManager {
    return this.#registry ?? getGlobalRegistryManager();
  }

  #layer(workspaceId: string | null): Layer {
    let layer = this.#layers.get(workspaceId);
    if (!layer) {
      layer = { discovered: new Map(), manual: new Map() };
      this.#layers.set(workspaceId, layer);
    }
    return layer;
  }

  /**
   * Register `builder` for `stepName` (a legacy alias is stored under its
   * canonical name). Code registrations beat discovered ones of the same step
   * and workspace. The step is checked against the registry by discovery, not
   * here: a registration may run before the registry is configured.
   *
   * @throws TypeError when `builder` does not extend {@link StepBuilderBase}.
   */
  registerBuilder(stepName: string, builder: AnyStepBuilderClass, options: RegisterBuilderOptions = {}): void {
    assertBuilderClass(stepName, builder);
    const chosen = selectedWorkspace(options);
    if (typeof chosen === 'string') assertWorkspaceId(chosen);
    const step = LEGACY_ALIASES[stepName] ?? stepName;
    const scope = activeScope?.registry === this ? activeScope : undefined;
    if (!scope) {
      const workspaceId = chosen ?? null;
      this.#layer(workspaceId).manual.set(step, Object.freeze({ step, workspace_id: workspaceId, builder, source: null }));
      this.#maps = new Map();
      return;
    }
    const workspaceId = chosen === undefined ? scope.workspaceId : chosen;
    if (scope.workspaceId !== null && workspaceId !== scope.workspaceId) {
      throw new RegistryLoadError(`builder module of workspace '${scope.workspaceId}' registers ${builder.name} for ${workspaceId === null ? 'core' : `workspace '${workspaceId}'`}`, {
        file: scope.file,
        workspaceId: scope.workspaceId,
        hint: "a workspace's builder modules register builders for that workspace only: drop the `workspaceId` (or `workspace`) option",
      });
    }
    scope.staged.push(Object.freeze({ step, workspace_id: workspaceId, builder, source: scope.file }));
  }

  /** Remove a builder registered from code; returns whether there was one. */
  unregisterBuilder(stepName: string, options: RegisterBuilderOptions = {}): boolean {
    const step = LEGACY_ALIASES[stepName] ?? stepName;
    const removed = this.#layers.get(selectedWorkspace(options) ?? null)?.manual.delete(step) ?? false;
    if (removed) this.#maps = new Map();
    return removed;
  }

  /**
   * The step a builder class is for when no name is given: the step whose
   * `builder_step_name` is the class name in the workspace's view, else the
   * class name without `StepBuilder` (the Python fallback).
   */
  stepNameForBuilder(builder: AnyStepBuilderClass, workspaceId?: string | null): string {
    const selected = workspaceId !== undefined ? workspaceId : activeScope?.registry === this ? activeScope.workspaceId : null;
    const names = this.#manager().getView(selected).builderStepNames;
    for (const step of Object.keys(names)) if (names[step] === builder.name) return step;
    return builder.name.endsWith('StepBuilder') ? builder.name.slice(0, -'StepBuilder'.length) : builder.name;
  }

  #workspaceFor(workspaceId: string | null | undefined): string | null {
    const manager = this.#manager();
    const selected = workspaceId === undefined ? manager.effectiveWorkspaceId(undefined) : workspaceId;
    // Refuse an unknown workspace, and raise a broken one's load error (SPEC §5).
    if (selected !== null) manager.getView(selected);
    return selected;
  }

  #mapFor(workspaceId: string | null): ReadonlyMap<string, StepBuilderClass> {
    let map = this.#maps.get(workspaceId);
    if (!map) {
      const merged = new Map<string, StepBuilderClass>();
      const layers = workspaceId === null ? [this.#layers.get(null)] : [this.#layers.get(null), this.#layers.get(workspaceId)];
      for (const layer of layers) {
        if (!layer) continue;
        // A registered class takes the config of its step: the registry's promise, by convention as in Python.
        for (const reg of layer.discovered.values()) merged.set(reg.step, reg.builder as unknown as StepBuilderClass);
        for (const reg of layer.manual.values()) merged.set(reg.step, reg.builder as unknown as StepBuilderClass);
      }
      map = merged;
      this.#maps.set(workspaceId, map);
    }
    return map;
  }

  /**
   * Step name → builder class for a workspace: core builders overlaid by the
   * workspace's own. `workspace` undefined follows the context; null is core.
   */
  getBuilderMap(workspaceId?: string | null): ReadonlyMap<string, StepBuilderClass> {
    return this.#mapFor(this.#workspaceFor(workspaceId));
  }

  /**
   * The builder of a step type in a workspace: legacy aliases resolved, and a
   * job-type variant (`TabularPreprocessing_calibration`) falls back to its base step.
   *
   * @throws UnknownStepError when no builder serves the step in that workspace.
   */
  getBuilderForStepType(stepType: string, workspaceId?: string | null): StepBuilderClass {
    const selected = this.#workspaceFor(workspaceId);
    const found = this.#find(this.#mapFor(selected), LEGACY_ALIASES[stepType] ?? stepType);
    if (found) return found;
    throw this.#noBuilder(selected, stepType, `No step builder registered for step type '${stepType}'`);
  }

  #find(map: ReadonlyMap<string, StepBuilderClass>, stepType: string): StepBuilderClass | undefined {
    const exact = map.get(stepType);
    if (exact) return exact;
    const [base, jobType] = extractJobType(stepType);
    return jobType === undefined ? undefined : map.get(LEGACY_ALIASES[base] ?? base);
  }

  #noBuilder(workspaceId: string | null, stepType: string, what: string): UnknownStepError {
    const map = this.#mapFor(workspaceId);
    return new UnknownStepError(stepType, closestMatches(stepType, map.keys()), {
      what,
      workspaceId: workspaceId ?? undefined,
      hint: map.size === 0 ? 'no builders are registered: run discoverBuilders() or registerBuilder(…) first' : `register one with registerBuilder('${stepType}', …) or in a builder module`,
    });
  }

  /**
   * The builder for a config, in the config's workspace (`config.workspace_id`
   * > async context > `CURSUS_WORKSPACE_ID` > core), as the Python registry
   * does: a node name that is itself a step type wins; else the config class
   * maps to its step through the view's `CONFIG_STEP_REGISTRY` (or, unknown
   * there, the class name without `Config`/`Step`); a job type — `config.job_type`,
   * else the node name's `_training`/`_calibration`/`_validation`/`_testing`
   * suffix — selects a `Step_jobtype` builder when one is registered, else the step's.
   *
   * @throws UnknownStepError when no builder serves the config's step in its workspace.
   */
  getBuilderForConfig<C extends BasePipelineConfig>(config: C, nodeName?: string): StepBuilderClass<C> {
    const manager = this.#manager();
    const workspaceId = this.#workspaceFor(selectWorkspace(manager, undefined, config));
    const map = this.#mapFor(workspaceId);
    if (nodeName !== undefined) {
      const byNode = map.get(LEGACY_ALIASES[nodeName] ?? nodeName);
      if (byNode) return byNode as unknown as StepBuilderClass<C>;
    }
    const configClass = config.constructor.name;
    const step = manager.getView(workspaceId).configStepRegistry[configClass] ?? fallbackStepType(configClass);
    const ownJobType = (config as { job_type?: unknown }).job_type;
    const jobType = typeof ownJobType === 'string' && ownJobType ? ownJobType : nodeName !== undefined ? extractJobType(nodeName)[1] : undefined;
    const stepType = jobType ? `${step}_${jobType}` : step;
    const found = map.get(stepType) ?? map.get(step);
    if (found) return found as unknown as StepBuilderClass<C>;
    throw this.#noBuilder(workspaceId, stepType, `No step builder for config class ${configClass} (step type '${stepType}')`);
  }

  /**
   * A builder for `config`: the class {@link getBuilderForConfig} finds,
   * constructed so that its registry answers (`STEP_NAMES`, `stepName`,
   * `workspaceId`) come from this registry's step registry — the one it was
   * given, else the global one.
   *
   * @example
   * const builders = new StepBuilderRegistry({ registry: manager });
   * builders.createBuilder(new XGBoostTrainingConfig()).stepName; // 'XGBoostTraining', from `manager`
   *
   * @throws UnknownStepError when no builder serves the config's step in its workspace.
   */
  createBuilder<C extends BasePipelineConfig>(config: C, options: { readonly nodeName?: string; readonly workspaceId?: string | null } = {}): StepBuilderBase<C> {
    const Builder = this.getBuilderForConfig(config, options.nodeName);
    return new Builder(config, { registry: this.#manager(), ...(options.workspaceId !== undefined ? { workspaceId: options.workspaceId } : {}) });
  }

  /** Whether a step type (or legacy alias, or job-type variant) has a builder in a workspace. */
  isStepTypeSupported(stepType: string, workspaceId?: string | null): boolean {
    return this.#find(this.getBuilderMap(workspaceId), LEGACY_ALIASES[stepType] ?? stepType) !== undefined;
  }

  /** Step types with a builder in a workspace, plus the legacy aliases, sorted (as the Python registry lists them). */
  listSupportedStepTypes(workspaceId?: string | null): string[] {
    return [...this.getBuilderMap(workspaceId).keys(), ...Object.keys(LEGACY_ALIASES)].sort(compareCodeUnits);
  }

  /** Every registration, core first, then by workspace id and step name. */
  listRegistrations(): readonly BuilderRegistration[] {
    const out: BuilderRegistration[] = [];
    for (const layer of this.#layers.values()) {
      const manual = new Set(layer.manual.keys());
      for (const reg of layer.discovered.values()) if (!manual.has(reg.step)) out.push(reg);
      out.push(...layer.manual.values());
    }
    const key = (r: BuilderRegistration) => `${r.workspace_id === null ? '0' : `1${r.workspace_id}`}\u0000${r.step}`;
    return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }

  #importModule(file: string, workspaceId: string | null): BuilderRegistration[] {
    const outer = activeScope;
    const scope: DiscoveryScope = { registry: this, workspaceId, file, staged: [] };
    activeScope = scope;
    try {
      importBuilderModule(file, workspaceId);
    } finally {
      activeScope = outer;
    }
    return scope.staged;
  }

  /**
   * Import the core builder modules (`coreBuildersDir`) and every workspace's
   * `src/cursus_dev/steps/builders/` modules; what they register (with
   * {@link registerBuilder} or {@link registerGlobalBuilder}) lands in this
   * registry — a workspace module's registrations in its workspace. Each
   * registered step must exist in the view it serves. All or nothing: on any
   * error nothing changes; on success the previous discovery's registrations
   * are replaced. Executes the modules' code.
   *
   * @throws UnknownStepError naming the module that registered a step its view does not know;
   *   RegistryLoadError for a module that fails to import or registers one step twice;
   *   UnknownWorkspaceError / a broken workspace's load error for a workspace that has builder modules.
   */
  discoverBuilders(options: DiscoverBuildersOptions = {}): BuilderDiscoveryReport {
    const manager = this.#manager();
    const targets: { workspaceId: string | null; files: string[] }[] = [];
    const coreDir = options.coreBuildersDir ?? this.#coreBuildersDir;
    if (coreDir !== undefined) targets.push({ workspaceId: null, files: listBuilderModules(resolve(coreDir)) });
    for (const id of options.workspaces ?? []) manager.getView(id);
    const wanted = options.workspaces ? new Set(options.workspaces) : undefined;
    const workspaces = [...manager.getWorkspaces()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const ws of workspaces) {
      if (wanted && !wanted.has(ws.id)) continue;
      const files = listBuilderModules(join(ws.dir, WORKSPACE_BUILDERS_DIR));
      if (files.length === 0) continue;
      // A workspace's builder modules are its code, like a code registry: the same switch keeps them from running.
      assertCodeAllowed(files[0] as string, manager.flags.allowCodeRegistries, ws.id, 'builder module');
      manager.getView(ws.id);
      targets.push({ workspaceId: ws.id, files });
    }

    const modules: string[] = [];
    const staged = new Map<string | null, Map<string, BuilderRegistration>>();
    const registrations: BuilderRegistration[] = [];
    const warnings: string[] = [];
    for (const target of targets) {
      for (const file of target.files) {
        for (const reg of this.#importModule(file, target.workspaceId)) {
          const view = manager.getView(reg.workspace_id);
          const def = view.definitions.get(reg.step);
          if (!def) {
            throw new UnknownStepError(reg.step, closestMatches(reg.step, view.definitions.keys()), {
              what: `Unknown step name: ${reg.step} (registered by builder ${reg.builder.name})`,
              file,
              workspaceId: reg.workspace_id ?? undefined,
              hint: `register the builder under a step name of that view, or add '${reg.step}' to ${reg.workspace_id === null ? 'the core registry' : "the workspace registry's LOCAL_STEPS"}`,
            });
          }
          let layer = staged.get(reg.workspace_id);
          if (!layer) staged.set(reg.workspace_id, (layer = new Map()));
          const earlier = layer.get(reg.step);
          if (earlier) {
            throw new RegistryLoadError(`step '${reg.step}' gets a second builder (${reg.builder.name}; ${earlier.builder.name} was registered by ${earlier.source ?? 'code'})`, {
              file,
              workspaceId: reg.workspace_id ?? undefined,
              hint: 'register one builder per step and workspace',
            });
          }
          layer.set(reg.step, reg);
          registrations.push(reg);
          if (def.builder_step_name !== reg.builder.name) {
            warnings.push(`${file}: builder ${reg.builder.name} is registered for '${reg.step}', whose builder_step_name in ${reg.workspace_id === null ? 'core' : `workspace '${reg.workspace_id}'`} is ${def.builder_step_name}`);
          }
        }
        modules.push(file);
      }
    }

    for (const layer of this.#layers.values()) layer.discovered.clear();
    for (const [workspaceId, regs] of staged) for (const [step, reg] of regs) this.#layer(workspaceId).discovered.set(step, reg);
    this.#maps = new Map();
    return Object.freeze({ modules: Object.freeze(modules), registrations: Object.freeze(registrations), warnings: Object.freeze(warnings) });
  }
}

/** The registry a module being discovered registers into, if a discovery is running. */
export function discoveringRegistry(): StepBuilderRegistry | undefined {
  return activeScope?.registry;
}
