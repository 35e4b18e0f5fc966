import { EventEmitter } from 'node:events';
import type { HybridRegistryManager } from '../engine/hybridRegistryManager.js';
import { findingToJson, type FindingJson } from '../model/findingJson.js';
import type { RegistryWatcher, WatchOptions } from '../ops/registryWatcher.js';
import { hashRegistryFiles, type HashedRegistryFile } from '../sources/registryContentHash.js';

/** A change of the served registry, as sent to SSE clients. */
export type RegistryChangeEvent =
  | {
      readonly type: 'reload';
      /** Content hash of the registry now served. */
      readonly version: string;
      readonly changed: readonly string[];
      readonly core_changed: boolean;
      /** Workspaces serving their last good version after a broken edit (their errors stay until fixed). */
      readonly stale: readonly { workspace_id: string; error: FindingJson | null }[];
    }
  | {
      readonly type: 'error';
      readonly version: string;
      /** The workspace whose edit failed, or null for the core registry / the watcher. */
      readonly workspace_id: string | null;
      /** True when the last good version keeps being served. */
      readonly serving_last_good: boolean;
      /** The first finding (file, line, message, hint) … */
      readonly error: FindingJson | null;
      /** … and all of them. */
      readonly findings: readonly FindingJson[];
    };

/** Events of a {@link ServedRegistry}. */
export interface ServedRegistryEvents {
  change: [RegistryChangeEvent];
}

/** Options of {@link ServedRegistry.open}. */
export interface ServedRegistryOptions {
  /** Watch the files and refresh on change (default true). */
  readonly watch?: boolean;
  readonly watchOptions?: WatchOptions;
}

/**
 * The registry a server answers from: the manager, the content hash of the
 * files it loaded (the ETag and `version`), and — when watching — a stream of
 * `reload`/`error` changes. The manager swaps whole snapshots and the hash is
 * recomputed in the same tick as the swap, so a request (handled synchronously)
 * always sees one consistent snapshot and the ETag that belongs to it.
 */
export class ServedRegistry extends EventEmitter<ServedRegistryEvents> {
  readonly registry: HybridRegistryManager;
  #version: string;
  #watcher: RegistryWatcher | null = null;

  private constructor(registry: HybridRegistryManager) {
    super();
    this.registry = registry;
    this.#version = this.#hash();
  }

  /** Serve `registry`; with `watch` (the default) follow its files. */
  static async open(registry: HybridRegistryManager, options: ServedRegistryOptions = {}): Promise<ServedRegistry> {
    const served = new ServedRegistry(registry);
    if (options.watch ?? true) {
      const watcher = await registry.watch(options.watchOptions);
      served.#watcher = watcher;
      watcher.on('error', (event) => {
        served.#version = served.#hash();
        const findings = event.error.findings.map(findingToJson);
        served.emit('change', { type: 'error', version: served.#version, workspace_id: event.workspace_id, serving_last_good: event.serving_last_good, error: findings[0] ?? null, findings });
      });
      watcher.on('reload', (event) => {
        served.#version = served.#hash();
        const stale = registry.getStaleWorkspaces().map(({ workspace_id, error }) => ({ workspace_id, error: error.findings[0] ? findingToJson(error.findings[0]) : null }));
        served.emit('change', { type: 'reload', version: served.#version, changed: event.changed, core_changed: event.coreChanged, stale });
      });
    }
    return served;
  }

  /** Content hash of the loaded registry files (SHA-256 hex): the same on every replica serving the same files. */
  get version(): string {
    return this.#version;
  }

  /** The watcher, when watching (tests flush it). */
  get watcher(): RegistryWatcher | null {
    return this.#watcher;
  }

  #hash(): string {
    const files: HashedRegistryFile[] = [{ key: 'core', file: this.registry.locations.coreRegistry }];
    for (const ws of this.registry.getWorkspaces()) if (ws.registry_file) files.push({ key: `workspace:${ws.id}`, file: ws.registry_file });
    return hashRegistryFiles(files);
  }

  /** Stop watching. */
  async close(): Promise<void> {
    const watcher = this.#watcher;
    this.#watcher = null;
    this.removeAllListeners();
    if (watcher) await watcher.close();
  }
}
