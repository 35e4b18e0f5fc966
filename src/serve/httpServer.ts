import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { HybridRegistryManager } from '../engine/hybridRegistryManager.js';
import type { WatchOptions } from '../ops/registryWatcher.js';
import { createServeApp } from './serveApp.js';
import { ServedRegistry } from './servedRegistry.js';
import { loadWebAssets, type WebAsset } from './webAssets.js';

/** Default port of `cursus serve`. */
export const DEFAULT_PORT = 4380;
/** Default host: loopback only. */
export const DEFAULT_HOST = '127.0.0.1';

/** Options of {@link startServer}. */
export interface StartServerOptions {
  readonly registry: HybridRegistryManager;
  readonly packageVersion: string;
  /** Default 127.0.0.1 (loopback). */
  readonly host?: string;
  /** Default 4380; 0 picks a free port. */
  readonly port?: number;
  /** Watch the registry files (default true). */
  readonly watch?: boolean;
  readonly watchOptions?: WatchOptions;
  /** Allowed CORS origin; CORS is off without it. */
  readonly cors?: string | null;
  /** The web catalogue (default: the built one in `dist/web/`). */
  readonly webAssets?: ReadonlyMap<string, WebAsset>;
}

/** A running server. */
export interface RunningServer {
  /** `http://HOST:PORT` (IPv6 hosts in brackets). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly served: ServedRegistry;
  /** Stop accepting, end the event streams and open connections, stop watching. */
  close(): Promise<void>;
}

/**
 * Start `cursus serve` in this process: the API, the event stream and the
 * catalogue over HTTP. Resolves once it listens. The CLI and the tests both
 * start servers through this function.
 *
 * @example
 * const server = await startServer({ registry: new HybridRegistryManager(), packageVersion: '0.1.0', port: 0 });
 * await fetch(`${server.url}/api/v1/steps`);
 * await server.close();
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const served = await ServedRegistry.open(options.registry, { watch: options.watch ?? true, ...(options.watchOptions ? { watchOptions: options.watchOptions } : {}) });
  const { app, events, answers } = createServeApp({ served, packageVersion: options.packageVersion, cors: options.cors ?? null, webAssets: options.webAssets ?? loadWebAssets() });
  const host = options.host ?? DEFAULT_HOST;
  const appListener = getRequestListener(app.fetch);
  // A cached answer (or its 304) is written straight away; everything else goes through the app.
  const server: Server = createServer((req, res) => {
    if (!answers.serve(req, res)) void appListener(req, res);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const s = server;
      s.once('error', reject);
      s.once('listening', () => {
        s.off('error', reject);
        resolve();
      });
      s.listen(options.port ?? DEFAULT_PORT, host);
    });
  } catch (error) {
    await served.close();
    throw error;
  }
  // A malformed request is answered 400 by Node and never reaches (or crashes) the app.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${address.port}`,
    host: address.address,
    port: address.port,
    served,
    close: () =>
      (closing ??= (async () => {
        events.closeAll();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await served.close();
      })()),
  };
}
