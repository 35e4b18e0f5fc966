/**
 * How `cursus mcp` ends (real processes): SIGINT exits 130, SIGTERM and the
 * host closing stdin exit 0 — never a death by signal — once the server has
 * answered `initialize`. The signal listener is installed before anything
 * loads (src/cli/stopSignal.ts), so a Ctrl-C at any point gets the exit code.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, EXAMPLES_ROOT } from '../helpers/tempRegistry.js';

const INITIALIZE = `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'signal-test', version: '0' } } })}\n`;

/** Start `cursus mcp`, send `initialize`, and resolve once its answer arrived. */
async function startInitialized(): Promise<{ child: ChildProcessWithoutNullStreams; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('CURSUS_')) delete env[key];
  const child = spawn(process.execPath, [CLI, '--workspaces-root', EXAMPLES_ROOT, 'mcp', '--no-watch'], { env });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      if (stdout.includes('"id":1')) resolve();
    });
    child.on('exit', () => reject(new Error(`exited before answering initialize: ${stderr}`)));
    child.stdin.write(INITIALIZE);
  });
  expect(JSON.parse(stdout.trim().split('\n')[0] as string)).toMatchObject({ id: 1, result: { serverInfo: { name: 'cursus-registry' } } });
  return { child, exited };
}

describe('cursus mcp ends with its exit code (real process)', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 0],
  ] as const)('%s exits %i', async (signalName, expected) => {
    const { child, exited } = await startInitialized();
    try {
      child.kill(signalName);
      const { code, signal } = await exited;
      expect(signal).toBeNull();
      expect(code).toBe(expected);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('the host closing stdin exits 0', async () => {
    const { child, exited } = await startInitialized();
    try {
      child.stdin.end();
      expect(await exited).toEqual({ code: 0, signal: null });
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
