import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HybridRegistryManager } from '../../src/engine/hybridRegistryManager.js';
import { startServer, type RunningServer } from '../../src/serve/httpServer.js';
import { EXAMPLES_ROOT, makeTempDir, registryPath, type TempDir } from '../helpers/tempRegistry.js';

/** A server on port 0 over a temp copy of examples/workspaces (files may be edited). */
export interface ServeFixture {
  readonly server: RunningServer;
  readonly temp: TempDir;
  /** The copied workspaces root. */
  readonly root: string;
  /** Absolute path of a workspace's registry file (whatever its format) in the copy. */
  registryFile(workspaceId: string): string;
  /** GET (or another method) under the server, JSON parsed when JSON. */
  request(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; text: string; json: () => any }>;
  close(): Promise<void>;
}

/** Start a server over a fresh copy of the example workspaces. */
export async function startServeFixture(options: { watch?: boolean; cors?: string; extraRegistries?: Record<string, string> } = {}): Promise<ServeFixture> {
  const temp = makeTempDir('cursus-serve-');
  const root = join(temp.dir, 'workspaces');
  cpSync(EXAMPLES_ROOT, root, { recursive: true });
  for (const [id, yaml] of Object.entries(options.extraRegistries ?? {})) {
    const file = join(root, registryPath(id));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, yaml);
  }
  const registry = new HybridRegistryManager({ workspacesRoot: root, cwd: temp.dir });
  const server = await startServer({ registry, packageVersion: '0.0.0-test', port: 0, watch: options.watch ?? false, watchOptions: { debounceMs: 20, stabilityMs: 20 }, cors: options.cors ?? null });
  return {
    server,
    temp,
    root,
    registryFile: (id) => {
      const dir = dirname(join(root, registryPath(id)));
      const name = readdirSync(dir).find((f) => f.startsWith('workspace_registry.'));
      return join(dir, name ?? 'workspace_registry.yaml');
    },
    async request(path, init) {
      const res = await fetch(`${server.url}${path}`, init);
      const text = await res.text();
      return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
    },
    async close() {
      await server.close();
      temp.cleanup();
    },
  };
}
