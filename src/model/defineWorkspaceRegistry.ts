import type { WorkspaceRegistryModule } from './workspaceRegistryFile.js';

/**
 * Identity function that gives a code-format workspace registry its types.
 * Kept free of runtime imports: workspace modules loaded by the registry get
 * this file when they import `cursus-registry`.
 *
 * @example
 * // src/cursus_dev/registry/workspace_registry.ts
 * import { defineWorkspaceRegistry } from 'cursus-registry';
 * export default defineWorkspaceRegistry({
 *   LOCAL_STEPS: { MyStep: { config_class: 'MyStepConfig', builder_step_name: 'MyStepStepBuilder',
 *     spec_type: 'MyStep', sagemaker_step_type: 'Processing', description: 'My step' } },
 * });
 */
export function defineWorkspaceRegistry<T extends WorkspaceRegistryModule>(registry: T): T {
  return registry;
}
