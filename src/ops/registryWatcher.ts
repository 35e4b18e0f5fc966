import { EventEmitter } from 'node:events';
import { join, relative, sep } from 'node:path';
import type { FSWatcher } from 'chokidar';
import type { RefreshableRegistry, RefreshSummary } from '../engine/refreshableRegistry.js';
import { RegistryError, RegistryLoadError } from '../model/errors.js';
import { WORKSPACE_REGISTRY_BASENAME, listWorkspaces } from '../sources/workspaceDiscovery.js';

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

/** Builds a file-system watcher over some paths; the registry watcher owns and closes it. */
export type WatcherFactory = (paths: readonly string[], options: { depth: number; ignored?: (path: string) => boolean }) => FSWatcher;

/** Quiet time after workspace directories were added, removed or renamed before the served set is checked against the disk. */
const SETTLE_MS = 400;

/**
 * Watches the core registry file and every workspace registry under the
 * workspaces root; after a quiet period it refreshes the registry — only the
 * changed workspaces are re-read, added and removed workspaces are picked up,
 * the affected indexes and the resolve cache are rebuilt — and emits `reload`.
 * A broken edit keeps the last good version of that workspace (a broken core
 * keeps the whole previous load) and emits `error`; serving never stops.
 *
 * Two layers, because a recursive watcher loses track of directories renamed
 * in bursts (alice → alice2 → alice): it keeps watches on old inodes under old
 * names and misses every later edit. The root layer watches only the root's
 * own entries and the core file; the workspace layer watches each workspace's
 * registry path and is rebuilt from a fresh listing of the disk whenever a
 * workspace directory appears, disappears or is renamed. After such a rebuild
 * the registry is refreshed (unchanged files are kept by their stamp), and once
 * the burst is over the served set of workspaces is checked against the disk.
 */
export class RegistryWatcher extends EventEmitter<RegistryWatcherEvents> {
  readonly #registry: RefreshableRegistry;
  readonly #rootWatcher: FSWatcher;
  readonly #factory: WatcherFactory;
  readonly #debounceMs: number;
  #workspaceWatcher: FSWatcher | undefined;
  #pending = new Set<string>();
  #coreChanged = false;
  #rescan = false;
  #timer: NodeJS.Timeout | undefined;
  /** The apply in progress (rebuilding the workspace layer awaits): applies never overlap. */
  #applying: Promise<void> | undefined;
  #settleTimer: NodeJS.Timeout | undefined;
  #closed = false;

  /** @internal Use {@link watchRegistry} or `manager.watch()`. */
  constructor(registry: RefreshableRegistry, rootWatcher: FSWatcher, factory: WatcherFactory, debounceMs: number) {
    super();
    this.#registry = registry;
    this.#rootWatcher = rootWatcher;
    this.#factory = factory;
    this.#debounceMs = debounceMs;
    this.#listen(rootWatcher);
  }

  /** Start the workspace layer over the workspaces now on disk; resolves when its initial scan is done. */
  async start(): Promise<void> {
    await this.#rebuildWorkspaceWatcher();
  }

  #listen(watcher: FSWatcher): void {
    watcher.on('all', (event, path) => this.#onChange(event, path));
    watcher.on('error', (error) => this.#emitError(null, new RegistryLoadError(`file watcher failed: ${(error as Error).message}`, { hint: 'the registry keeps serving its last load; restart the watch' }), true));
  }

  async #rebuildWorkspaceWatcher(): Promise<void> {
    const root = this.#registry.locations.workspacesRoot;
    let ids: string[] = [];
    try {
      ids = listWorkspaces(root).entries.map((e) => e.id);
    } catch (error) {
      // An unreadable root: the refresh reports it (or serves core under core_only); watch the root layer only.
      void error;
    }
    const previous = this.#workspaceWatcher;
    this.#workspaceWatcher = undefined;
    await previous?.close();
    if (this.#closed) return;
    const watcher = this.#factory(
      ids.map((id) => join(root, id)),
      { depth: 4, ignored: (path) => !relevant(root, path) },
    );
    this.#workspaceWatcher = watcher;
    this.#listen(watcher);
    await new Promise<void>((resolve) => {
      watcher.once('ready', () => resolve());
      watcher.once('error', () => resolve());
    });
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
      if (parts.length === 1) this.#rescan = true;
      this.#pending.add(id);
    }
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#schedule(), this.#debounceMs);
  }

  /**
   * Run an apply, one at a time: changes that arrive while one runs stay
   * pending and are applied by the next, started as soon as it ends.
   */
  #schedule(): void {
    this.#timer = undefined;
    if (this.#applying) return;
    this.#applying = this.#apply().finally(() => {
      this.#applying = undefined;
      if (!this.#closed && !this.#timer && (this.#pending.size > 0 || this.#coreChanged || this.#rescan)) this.#schedule();
    });
  }

  async #apply(): Promise<void> {
    if (this.#closed) return;
    if (this.#rescan) {
      this.#rescan = false;
      // Watch what is on disk now; edits made while rebuilding are caught by the refresh below (file stamps).
      await this.#rebuildWorkspaceWatcher();
      if (this.#closed) return;
      clearTimeout(this.#settleTimer);
      this.#settleTimer = setTimeout(() => this.#settle(), SETTLE_MS);
    }
    const changed = [...this.#pending].sort();
    const coreChanged = this.#coreChanged;
    this.#pending = new Set();
    this.#coreChanged = false;
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

  /** After a burst of directory changes: if the served workspaces differ from the disk, rescan. */
  #settle(): void {
    this.#settleTimer = undefined;
    if (this.#closed || this.#timer || this.#applying) return;
    let onDisk: string[];
    try {
      onDisk = listWorkspaces(this.#registry.locations.workspacesRoot).entries.map((e) => e.id);
    } catch {
      return;
    }
    const served = this.#registry.getWorkspaceIds();
    const differ = onDisk.length !== served.length || onDisk.some((id, i) => served[i] !== id);
    if (!differ) return;
    for (const id of [...onDisk, ...served]) this.#pending.add(id);
    this.#rescan = true;
    this.#schedule();
  }

  #emitError(workspaceId: string | null, error: RegistryError, servingLastGood: boolean): void {
    // An 'error' event without a listener would throw and stop the process: only emit when heard.
    if (this.listenerCount('error') > 0) this.emit('error', { workspace_id: workspaceId, error, serving_last_good: servingLastGood });
  }

  /** Apply pending changes now instead of waiting for the quiet period (tests, shutdown). */
  flush(): void {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#schedule();
    }
  }

  /** Stop watching. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#settleTimer);
    await Promise.all([this.#rootWatcher.close(), this.#workspaceWatcher?.close()]);
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
export async function watchRegistry(registry: RefreshableRegistry, options: WatchOptions = {}): Promise<RegistryWatcher> {
  const { watch } = await import('chokidar');
  const { coreRegistry, workspacesRoot } = registry.locations;
  const factory: WatcherFactory = (paths, { depth, ignored }) =>
    watch([...paths], {
      ignoreInitial: true,
      depth,
      ...(ignored ? { ignored } : {}),
      awaitWriteFinish: { stabilityThreshold: options.stabilityMs ?? 40, pollInterval: 10 },
      usePolling: options.usePolling ?? false,
    });
  // The root layer: the root's own entries (workspace directories) and the core file.
  const rootWatcher = factory([workspacesRoot, coreRegistry], { depth: 0 });
  await new Promise<void>((resolve, reject) => {
    rootWatcher.once('ready', () => resolve());
    rootWatcher.once('error', reject);
  });
  const watcher = new RegistryWatcher(registry, rootWatcher, factory, options.debounceMs ?? 75);
  await watcher.start();
  return watcher;
}
