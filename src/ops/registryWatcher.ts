import { EventEmitter } from 'node:events';
import { relative, sep } from 'node:path';
import type { FSWatcher } from 'chokidar';
import type { HybridRegistryManager, RefreshSummary } from '../engine/hybridRegistryManager.js';
import { RegistryError, RegistryLoadError } from '../model/errors.js';
import { WORKSPACE_REGISTRY_BASENAME } from '../sources/workspaceDiscovery.js';

/** Options of {@link watchRegistry}. */
export interface WatchOptions {
  /** Quiet period after the last change before reloading, in ms (default 75). */
  readonly debounceMs?: number;
  /** chokidar `awaitWriteFinish.stabilityThreshold`, in ms (default 40). */
  readonly stabilityMs?: number;
  /** Use polling (network file systems, some containers). Default false. */
  readonly usePolling?: boolean;
}

/** Payload of the `reload` event. */
export interface ReloadEvent extends RefreshSummary {
  /** Workspace ids whose files changed (as reported by the file system). */
  readonly changed: readonly string[];
  /** Whether the core registry file changed. */
  readonly coreChanged: boolean;
}

/** Payload of the `error` event: a workspace (or the core) that failed to reload. */
export interface WatchErrorEvent {
  /** The workspace, or null for the core registry / the watcher itself. */
  readonly workspace_id: string | null;
  readonly error: RegistryError;
  /** True when the last good version is still being served. */
  readonly serving_last_good: boolean;
}

/** Events of a {@link RegistryWatcher}. */
export interface RegistryWatcherEvents {
  reload: [ReloadEvent];
  error: [WatchErrorEvent];
}

/**
 * Watches the core registry file and every workspace registry under the
 * workspaces root; after a quiet period it refreshes the registry — only the
 * changed workspaces are re-read, added and removed workspaces are picked up,
 * the affected indexes and the resolve cache are rebuilt — and emits `reload`.
 * A broken edit keeps the last good version of that workspace (a broken core
 * keeps the whole previous load) and emits `error`; serving never stops.
 */
export class RegistryWatcher extends EventEmitter<RegistryWatcherEvents> {
  readonly #registry: HybridRegistryManager;
  readonly #watcher: FSWatcher;
  readonly #debounceMs: number;
  #pending = new Set<string>();
  #coreChanged = false;
  #rescan = false;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  /** @internal Use {@link watchRegistry} or `manager.watch()`. */
  constructor(registry: HybridRegistryManager, watcher: FSWatcher, debounceMs: number) {
    super();
    this.#registry = registry;
    this.#watcher = watcher;
    this.#debounceMs = debounceMs;
    watcher.on('all', (event, path) => this.#onChange(event, path));
    watcher.on('error', (error) => this.#emitError(null, new RegistryLoadError(`file watcher failed: ${(error as Error).message}`, { hint: 'the registry keeps serving its last load; restart the watch' }), true));
  }

  #onChange(event: string, path: string): void {
    if (this.#closed) return;
    const { coreRegistry, workspacesRoot } = this.#registry.locations;
    if (path === coreRegistry) {
      this.#coreChanged = true;
    } else {
      const parts = relative(workspacesRoot, path).split(sep);
      const id = parts[0];
      if (!id || id.startsWith('..')) return;
      if (parts.length === 1 && (event === 'addDir' || event === 'unlinkDir')) this.#rescan = true;
      this.#pending.add(id);
    }
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#apply(), this.#debounceMs);
  }

  #apply(): void {
    this.#timer = undefined;
    if (this.#closed) return;
    const changed = [...this.#pending].sort();
    const coreChanged = this.#coreChanged;
    this.#pending = new Set();
    this.#coreChanged = false;
    this.#rescan = false;
    let summary: RefreshSummary;
    try {
      summary = this.#registry.refresh({ force: changed, keepLastGood: true });
    } catch (error) {
      // A broken core: the previous load keeps serving.
      const wrapped = error instanceof RegistryError ? error : new RegistryLoadError(String((error as Error)?.message ?? error));
      this.#emitError(null, wrapped, true);
      return;
    }
    for (const { workspace_id, error } of summary.stale) this.#emitError(workspace_id, error, true);
    for (const { workspace_id, error } of summary.failed) if (changed.includes(workspace_id)) this.#emitError(workspace_id, error, false);
    this.emit('reload', { ...summary, changed, coreChanged });
  }

  #emitError(workspaceId: string | null, error: RegistryError, servingLastGood: boolean): void {
    // An 'error' event without a listener would throw and stop the process: only emit when heard.
    if (this.listenerCount('error') > 0) this.emit('error', { workspace_id: workspaceId, error, serving_last_good: servingLastGood });
  }

  /** Apply pending changes now instead of waiting for the quiet period (tests, shutdown). */
  flush(): void {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#apply();
    }
  }

  /** Stop watching. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#watcher.close();
  }
}

/** Whether a path under the workspaces root can matter: a workspace directory, the dirs leading to its registry, or a registry file. */
function relevant(root: string, path: string): boolean {
  const rel = relative(root, path);
  if (rel === '') return true;
  const parts = rel.split(sep);
  if (parts.length > 5 || parts[0]?.startsWith('.') || parts[0]?.startsWith('..')) return false;
  const trail = ['src', 'cursus_dev', 'registry'];
  for (let i = 1; i < Math.min(parts.length, 4); i++) if (parts[i] !== trail[i - 1]) return false;
  return parts.length < 5 || (parts[4] ?? '').startsWith(`${WORKSPACE_REGISTRY_BASENAME}.`);
}

/**
 * Start watching a registry (see {@link RegistryWatcher}). Resolves once the
 * initial scan is done, so edits from then on are seen. chokidar is loaded here
 * only: programs that never watch never load it.
 */
export async function watchRegistry(registry: HybridRegistryManager, options: WatchOptions = {}): Promise<RegistryWatcher> {
  const { watch } = await import('chokidar');
  const { coreRegistry, workspacesRoot } = registry.locations;
  const watcher = watch([workspacesRoot, coreRegistry], {
    ignoreInitial: true,
    depth: 5,
    ignored: (path: string) => path !== coreRegistry && !relevant(workspacesRoot, path),
    awaitWriteFinish: { stabilityThreshold: options.stabilityMs ?? 40, pollInterval: 10 },
    usePolling: options.usePolling ?? false,
  });
  await new Promise<void>((resolve, reject) => {
    watcher.once('ready', () => resolve());
    watcher.once('error', reject);
  });
  return new RegistryWatcher(registry, watcher, options.debounceMs ?? 75);
}
