/**
 * The README's MCP session ("Assistants (MCP)") is what
 * `node scripts/mcp-transcript.mjs` prints: the script drives the real
 * `cursus mcp` (bin/cursus.js, bundled from src by the test run's global setup)
 * through the SDK's own client over stdio — a real process is what this
 * needs. The checkout's path is shown as /path/to/clone.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fencedBlocks } from './readmeText.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const README = readFileSync(join(REPO, 'README.md'), 'utf8');

describe('README MCP transcript', () => {
  it('equals what scripts/mcp-transcript.mjs prints', () => {
    const block = fencedBlocks(README).find((b) => b.lines[0]?.text === '> tools/list');
    expect(block, 'the README block starting "> tools/list"').toBeDefined();
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('CURSUS_')) env[k] = v;
    const printed = execFileSync(process.execPath, ['scripts/mcp-transcript.mjs'], { cwd: REPO, env, encoding: 'utf8', timeout: 30_000 });
    const shown = block!.lines.map((l) => l.text).join('\n');
    expect(printed.replaceAll(REPO, '/path/to/clone').trimEnd()).toBe(shown.trimEnd());
  });
});
