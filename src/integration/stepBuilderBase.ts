import { getGlobalRegistryManager } from '../compat/globalRegistry.js';
import type { HybridRegistryManager } from '../engine/hybridRegistryManager.js';
import type { FrozenDict } from '../engine/registryView.js';
import type { BasePipelineConfig } from './basePipelineConfig.js';
import { selectWorkspace } from './workspaceSelection.js';

/** Constructor options of {@link StepBuilderBase}. */
export interface StepBuilderOptions {
  /** Pin the builder to a workspace (null = core); beats `config.workspace_id` and the context. */
  readonly workspaceId?: string | null;
  /** The step registry the builder's answers come from (default: the global one, read at each access). `StepBuilderRegistry.createBuilder` passes its own. */
  readonly registry?: HybridRegistryManager;
}

/**
 * Base class of step builders (the plan's `StepBuilderBase`). A builder is
 * made from a config; its registry answers come from the workspace chosen by
 * SPEC §4.4: the `workspaceId` option > `config.workspace_id` > async context
 * > `CURSUS_WORKSPACE_ID` > none (core).
 *
 * @example
 * class XGBoostTrainingStepBuilder extends StepBuilderBase<XGBoostTrainingConfig> {
 *   createStep() {
 *     return { name: this.stepName, builder: this.STEP_NAMES[this.stepName ?? ''] };
 *   }
 * }
 */
export abstract class StepBuilderBase<C extends BasePipelineConfig = BasePipelineConfig> {
  /** The config this builder builds a step from. */
  readonly config: C;
  readonly #workspaceId: string | null | undefined;
  readonly #registry: HybridRegistryManager | undefined;

  constructor(config: C, options: StepBuilderOptions = {}) {
    this.config = config;
    this.#workspaceId = options.workspaceId;
    this.#registry = options.registry;
  }

  /** The step registry answering for this builder. */
  #manager(): HybridRegistryManager {
    return this.#registry ?? getGlobalRegistryManager();
  }

  /** The workspace this builder answers for, resolved at each access (the context may change). */
  get workspaceId(): string | null {
    return selectWorkspace(this.#manager(), this.#workspaceId, this.config);
  }

  /**
   * `BUILDER_STEP_NAMES` of the builder's workspace: step name → builder class
   * name. Lazy: nothing is read until first access, and each access is a map
   * lookup of the view built at load — no rebuild, and a reload or context
   * change is seen (the plan cached the first answer per instance).
   */
  get STEP_NAMES(): FrozenDict<string> {
    return this.#manager().getView(this.workspaceId).builderStepNames;
  }

  /** The step this builder's config class maps to in the builder's workspace, if the view knows the class. */
  get stepName(): string | undefined {
    const view = this.#manager().getView(this.workspaceId);
    return view.configStepRegistry[this.config.constructor.name];
  }

  /** Build the pipeline step (SageMaker step, or whatever the host pipeline framework uses). */
  abstract createStep(inputs?: Readonly<Record<string, unknown>>): unknown;
}
