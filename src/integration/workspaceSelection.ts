import type { HybridRegistryManager } from '../engine/hybridRegistryManager.js';

/** Anything that may carry a workspace, like a {@link BasePipelineConfig} (structural: plain objects work too). */
export interface WorkspaceScoped {
  readonly workspace_id?: string | null;
}

/** The `workspace_id` a config carries, or `undefined` when it has none (null and absent mean "not set"). */
export function configWorkspaceId(config: unknown): string | undefined {
  if (config === null || typeof config !== 'object') return undefined;
  const value = (config as WorkspaceScoped).workspace_id;
  return typeof value === 'string' ? value : undefined;
}

/**
 * The workspace a call works in, by the precedence of SPEC §4.4: the explicit
 * argument (`null` = core) > `config.workspace_id` > async context >
 * `CURSUS_WORKSPACE_ID` > none (null, the core view).
 */
export function selectWorkspace(manager: HybridRegistryManager, explicit: string | null | undefined, config?: unknown): string | null {
  // Through the manager, so the feature flags apply (SPEC §9): with the hybrid
  // registry off a given id is refused, and the context flag gates the context.
  return manager.effectiveWorkspaceId(explicit !== undefined ? explicit : configWorkspaceId(config));
}
