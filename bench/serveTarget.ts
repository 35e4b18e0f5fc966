/**
 * The two servers of the serve load test, in one child process so both get the
 * same CPU: `cursus serve` (startServer, the example workspaces, no watching)
 * and a bare `node:http` server answering a constant JSON body of the same
 * size as cursus's answer. Prints `{"cursus": url, "bare": url, "path": …, "bytes": n}`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HybridRegistryManager } from '../dist/index.js';
import { startServer } from '../dist/serve/httpServer.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PATH = '/api/v1/steps/XGBoostTraining?workspace=alice';

const registry = new HybridRegistryManager({ workspacesRoot: join(REPO, 'examples', 'workspaces'), cwd: REPO });
const cursus = await startServer({ registry, packageVersion: 'bench', port: 0, watch: false });
const body = Buffer.from(await (await fetch(`${cursus.url}${PATH}`)).text());
const bare = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  res.end(body);
});
await new Promise<void>((done) => bare.listen(0, '127.0.0.1', done));
const port = (bare.address() as AddressInfo).port;
process.stdout.write(`${JSON.stringify({ cursus: cursus.url, bare: `http://127.0.0.1:${port}`, path: PATH, bytes: body.length })}\n`);
process.on('SIGTERM', () => {
  bare.close();
  void cursus.close().then(() => process.exit(0));
});
