import { HybridRegistryManager } from '../engine/hybridRegistryManager.js';
import { resolveSettings } from '../sources/settings.js';
import { displayPath, type CliIO } from './output.js';

/** Global CLI options (SPEC §7). */
export interface GlobalOptions {
  workspacesRoot?: string;
  coreRegistry?: string;
  color?: boolean;
}

/** Where a command runs: its working directory and environment (from {@link CliIO}, never from `process`). */
export type CommandPlace = Pick<CliIO, 'cwd' | 'env'>;

/** Load the registry the way every command does: flags > env > project config > defaults. */
export function loadRegistry(globals: GlobalOptions, place: CommandPlace): HybridRegistryManager {
  return new HybridRegistryManager({ workspacesRoot: globals.workspacesRoot, coreRegistry: globals.coreRegistry, cwd: place.cwd, env: place.env, lazy: true });
}

/**
 * Warnings no listing may hide, one stderr line each: directories under the
 * root skipped for an invalid name, registry files in places discovery does not
 * read, and workspaces (of those read so far) that failed to load.
 */
export function reportFailedWorkspaces(registry: HybridRegistryManager, io: CliIO, options: { failed?: boolean } = {}): void {
  const warn = (text: string) => io.stderr(`cursus: ${io.colors.yellow('warning')}: ${text}\n`);
  for (const d of registry.getDiscoveryDiagnostics()) {
    if (d.code === 'WORKSPACE_SKIPPED' && d.message.startsWith('skipped hidden')) continue;
    warn(`${d.message}${d.hint ? ` (hint: ${d.hint})` : ''}`);
  }
  for (const ws of registry.getWorkspaces({ loadedOnly: true })) {
    if (ws.status === 'failed' && options.failed !== false) warn(`workspace '${ws.id}' failed to load: ${ws.error ?? ''}`);
  }
  for (const d of registry.getLoadedWorkspaceDiagnostics()) {
    if (d.code === 'MISPLACED_REGISTRY') warn(`${d.message}`);
  }
}

/**
 * The workspaces root the write commands work in (flag > env > project config >
 * default), as options of `initWorkspace`/`setupDeveloper`: a missing root that
 * a flag, variable or config file named is refused unless `--create-root`
 * (a typo is never created silently); the built-in default is created, and
 * {@link reportCreatedRoot} says so.
 */
export function workspacesRootFor(
  globals: GlobalOptions & { createRoot?: boolean },
  place: CommandPlace,
): { workspacesRoot: string; createRoot: boolean; workspacesRootSource: string } {
  const setting = resolveSettings({
    options: { workspacesRoot: globals.workspacesRoot },
    optionNaming: 'flag',
    cwd: place.cwd,
    env: place.env,
  }).settings.workspacesRoot;
  const source = setting.origin === 'config' ? `the config file ${displayPath(setting.source, place.cwd)}` : setting.origin === 'env' ? `the environment variable ${setting.source}` : setting.source;
  return { workspacesRoot: setting.value, createRoot: globals.createRoot === true || setting.origin === 'default', workspacesRootSource: source };
}

/** The line a write command prints when it created the workspaces root. */
export function reportCreatedRoot(io: CliIO, createdRoot: string | null): void {
  if (createdRoot !== null) io.stdout(`Created workspaces root ${displayPath(createdRoot, io.cwd)} (it did not exist)\n`);
}

/** One `backed up <file>` line per backup a write command kept. */
export function reportBackups(io: CliIO, backups: readonly string[]): void {
  for (const backup of backups) io.stdout(`backed up ${displayPath(backup, io.cwd)}\n`);
}
