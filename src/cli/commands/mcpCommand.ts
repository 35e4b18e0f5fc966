import { HybridRegistryManager } from '../../engine/hybridRegistryManager.js';
import { EXIT_INTERRUPTED, EXIT_OK } from '../exitCodes.js';
import type { CliIO } from '../output.js';
import { VERSION } from '../packageVersion.js';
import { reportFailedWorkspaces, type GlobalOptions } from '../registryLoader.js';
import { stopSignal } from '../stopSignal.js';

/** Options of `cursus mcp`. */
export interface McpOptions extends GlobalOptions {
  watch: boolean;
}

/**
 * `cursus mcp`: serve the registry to an MCP host over stdio until the host
 * closes stdin (exit 0), or SIGINT (130) / SIGTERM (0). stdout carries the
 * protocol only; warnings go to stderr. With watching on, edits are served
 * by the next call and hosts get a resource list-changed notification.
 */
export async function runMcp(io: CliIO, opts: McpOptions): Promise<number> {
  // Signals are caught from the start: a Ctrl-C while the registry loads still exits 130.
  let close: () => void = () => {};
  const closed = new Promise<'closed'>((resolve) => (close = () => resolve('closed')));
  const stop = stopSignal(closed);
  try {
    // Loaded only here: the library and the other commands never load the MCP SDK.
    const [{ createCursusMcpServer }, { StdioServerTransport }] = await Promise.all([import('../../mcp/mcpServer.js'), import('@modelcontextprotocol/sdk/server/stdio.js')]);
    const registry = new HybridRegistryManager({ workspacesRoot: opts.workspacesRoot, coreRegistry: opts.coreRegistry, cwd: io.cwd, env: io.env });
    reportFailedWorkspaces(registry, io);
    const server = createCursusMcpServer(registry, VERSION);
    const watcher = opts.watch ? await registry.watch() : null;
    watcher?.on('reload', () => {
      if (server.isConnected()) server.sendResourceListChanged();
    });
    watcher?.on('error', ({ error }) => io.stderr(`cursus: warning: ${error.code}: ${error.message}\n`));
    process.stdin.once('end', close);
    server.server.onclose = close;
    await server.connect(new StdioServerTransport());
    const how = await Promise.race([stop, closed]);
    await watcher?.close();
    await server.close();
    return how === 'SIGINT' ? EXIT_INTERRUPTED : EXIT_OK;
  } finally {
    // Stops listening for signals, also when loading failed.
    close();
  }
}
