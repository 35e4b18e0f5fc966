import { HybridRegistryManager } from '../engine/hybridRegistryManager.js';
import { resolveLocations } from '../sources/projectConfig.js';
import { displayPath, type CliIO } from './output.js';

/** Global CLI options (SPEC §7). */
export interface GlobalOptions {
  workspacesRoot?: string;
  coreRegistry?: string;
  color?: boolean;
}

/** Load the registry the way every command does: flags > env > project config > defaults. */
export function loadRegistry(globals: GlobalOptions, cwd: string): HybridRegistryManager {
  return new HybridRegistryManager({ workspacesRoot: globals.workspacesRoot, coreRegistry: globals.coreRegistry, cwd, lazy: true });
}

/** One stderr line per workspace that failed to load (of those read so far), so no listing hides a broken workspace. */
export function reportFailedWorkspaces(registry: HybridRegistryManager, io: CliIO): void {
  for (const ws of registry.getWorkspaces({ loadedOnly: true })) {
    if (ws.status === 'failed') io.stderr(`cursus: ${io.colors.yellow('warning')}: workspace '${ws.id}' failed to load: ${ws.error ?? ''}\n`);
  }
}

/** The workspaces root the write commands work in (flag > env > project config > default). */
export function workspacesRootFor(globals: GlobalOptions, cwd: string): string {
  return resolveLocations({ workspacesRoot: globals.workspacesRoot, coreRegistry: globals.coreRegistry, cwd }).workspacesRoot;
}

/** One `backed up <file>` line per backup a write command kept. */
export function reportBackups(io: CliIO, backups: readonly string[]): void {
  for (const backup of backups) io.stdout(`backed up ${displayPath(backup, io.cwd)}\n`);
}
