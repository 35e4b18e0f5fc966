import { getGlobalRegistryManager } from '../compat/globalRegistry.js';
import type { FrozenDict } from '../engine/registryView.js';
import { selectWorkspace } from './workspaceSelection.js';

/** Constructor options of {@link BasePipelineConfig}. */
export interface BasePipelineConfigOptions {
  /** The developer workspace this config belongs to; absent or null = follow the context. */
  readonly workspace_id?: string | null;
}

/**
 * Base class of pipeline step configs (the plan's `BasePipelineConfig`). A
 * config may name its workspace; builder lookups and the assembler then
 * answer in that workspace (SPEC §4.4: explicit > `config.workspace_id` >
 * async context > `CURSUS_WORKSPACE_ID` > none).
 *
 * The step registry is read from the global registry's prebuilt views on
 * every call — never cached in a class variable — so it follows the context
 * and sees a reload (the plan cached it once per class: SPEC §10.2).
 *
 * @example
 * class XGBoostTrainingConfig extends BasePipelineConfig {
 *   num_round = 100;
 * }
 * const config = new XGBoostTrainingConfig({ workspace_id: 'alice' });
 * BasePipelineConfig.getStepRegistry('alice').AliceXGBoostTrainingConfig; // 'XGBoostTraining'
 */
export class BasePipelineConfig {
  /** The workspace of this config, or null to follow the context. */
  workspace_id: string | null;

  constructor(options: BasePipelineConfigOptions = {}) {
    this.workspace_id = options.workspace_id ?? null;
  }

  /**
   * `CONFIG_STEP_REGISTRY` of a workspace: config class name → step name
   * (frozen, null-prototype). `workspaceId` undefined follows the context
   * (async context, then `CURSUS_WORKSPACE_ID`); null is the core view.
   *
   * @throws UnknownWorkspaceError for an unknown id; the workspace's load error for a broken one.
   */
  static getStepRegistry(workspaceId?: string | null): FrozenDict<string> {
    const manager = getGlobalRegistryManager();
    return manager.getView(selectWorkspace(manager, workspaceId)).configStepRegistry;
  }

  /**
   * The step name of a config class in a workspace's view, or the class name
   * itself when the view does not know it (as the Python `get_step_name` does).
   */
  static getStepName(configClassName: string, workspaceId?: string | null): string {
    return BasePipelineConfig.getStepRegistry(workspaceId)[configClassName] ?? configClassName;
  }

  /**
   * The config class name of a step in a workspace's view, or the step name
   * itself when the view does not know the step (as the Python `get_config_class_name` does).
   */
  static getConfigClassName(stepName: string, workspaceId?: string | null): string {
    const manager = getGlobalRegistryManager();
    return manager.getView(selectWorkspace(manager, workspaceId)).definitions.get(stepName)?.config_class ?? stepName;
  }
}
