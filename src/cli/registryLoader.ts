import { HybridRegistryManager } from '../engine/hybridRegistryManager.js';

/** Global CLI options (SPEC §7). */
export interface GlobalOptions {
  workspacesRoot?: string;
  coreRegistry?: string;
  color?: boolean;
}

/** Load the registry the way every command does: flags > env > project config > defaults. */
export function loadRegistry(globals: GlobalOptions, cwd: string): HybridRegistryManager {
  return new HybridRegistryManager({ workspacesRoot: globals.workspacesRoot, coreRegistry: globals.coreRegistry, cwd });
}
