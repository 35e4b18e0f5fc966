import { HybridRegistryManager, type HybridRegistryOptions } from '../engine/hybridRegistryManager.js';

let globalManager: HybridRegistryManager | undefined;
let globalOptions: HybridRegistryOptions = {};

/**
 * The process-wide registry behind the legacy functions, created on first use
 * from `configureRegistry` options, else environment, project config and defaults.
 * It reads workspaces lazily (a call in workspace W reads the core and W only)
 * unless `configureRegistry({ lazy: false })` asks for everything up front.
 */
export function getGlobalRegistryManager(): HybridRegistryManager {
  globalManager ??= new HybridRegistryManager({ lazy: true, ...globalOptions });
  return globalManager;
}

/**
 * Set the options of the global registry and load it now (so a bad path fails
 * here, not at the first lookup). Returns the new manager.
 *
 * @example
 * configureRegistry({ coreRegistry: 'registry/core.yaml', workspacesRoot: 'workspaces' });
 */
export function configureRegistry(options: HybridRegistryOptions = {}): HybridRegistryManager {
  const next = new HybridRegistryManager({ lazy: true, ...options });
  globalOptions = { ...options };
  globalManager = next;
  return next;
}

/** Forget the global registry and its options; the next legacy call loads afresh from defaults. */
export function resetRegistry(): void {
  globalManager = undefined;
  globalOptions = {};
}
