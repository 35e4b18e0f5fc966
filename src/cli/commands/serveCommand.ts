import { HybridRegistryManager } from '../../engine/hybridRegistryManager.js';
import { EXIT_INTERRUPTED, EXIT_OK } from '../exitCodes.js';
import type { CliIO } from '../output.js';
import { VERSION } from '../packageVersion.js';
import { reportFailedWorkspaces, type GlobalOptions } from '../registryLoader.js';
import { stopSignal } from '../stopSignal.js';

/** Options of `cursus serve`. */
export interface ServeOptions extends GlobalOptions {
  port: string;
  host: string;
  watch: boolean;
  cors?: string;
}

/**
 * `cursus serve`: the read-only HTTP API and web catalogue. The first stdout
 * line is exactly `listening on http://HOST:PORT`. Runs until SIGINT (exit 130)
 * or SIGTERM (exit 0), then closes the server cleanly.
 */
export async function runServe(io: CliIO, opts: ServeOptions): Promise<number> {
  const port = Number(opts.port);
  if (!/^\d+$/.test(opts.port) || port > 65535) {
    io.stderr(`cursus: error: --port must be an integer from 0 to 65535, not ${JSON.stringify(opts.port)}. Hint: --port 0 picks a free port.\n`);
    return 2;
  }
  // Loaded only here: the library and the other commands never load the server or its dependencies.
  const { startServer } = await import('../../serve/httpServer.js');
  const registry = new HybridRegistryManager({ workspacesRoot: opts.workspacesRoot, coreRegistry: opts.coreRegistry, cwd: io.cwd });
  const stop = stopSignal();
  let server;
  try {
    server = await startServer({ registry, packageVersion: VERSION, host: opts.host, port, watch: opts.watch, cors: opts.cors ?? null });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      io.stderr(`cursus: error: cannot listen on ${opts.host}:${port} (${code}). Hint: choose another --port (0 picks a free one) or --host.\n`);
      return 2;
    }
    throw error;
  }
  io.stdout(`listening on ${server.url}\n`);
  reportFailedWorkspaces(registry, io);
  const signal = await stop;
  await server.close();
  return signal === 'SIGINT' ? EXIT_INTERRUPTED : EXIT_OK;
}
