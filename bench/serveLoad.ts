/**
 * Serve load test (part of `npm run bench`): autocannon over loopback against
 * `GET /api/v1/steps/{name}?workspace=` of `cursus serve`, and against a bare
 * `node:http` server returning a constant JSON of the same size, in the same
 * run. Target: cursus ≥ 50% of the bare server's requests/s, p99 ≤ 2× its p99.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

/** One server's numbers. */
export interface LoadNumbers {
  readonly requests_per_sec: number;
  readonly p99_ms: number;
  readonly p50_ms: number;
  readonly errors: number;
  readonly non2xx: number;
}

/** The result of {@link runServeLoadBench}. */
export interface ServeLoadResult {
  readonly path: string;
  readonly body_bytes: number;
  readonly connections: number;
  /** Seconds per round. */
  readonly seconds: number;
  readonly rounds: number;
  readonly cursus: LoadNumbers;
  readonly bare: LoadNumbers;
  /** cursus req/s ÷ bare req/s (target ≥ 0.5). */
  readonly rps_ratio: number;
  /** cursus p99 ÷ bare p99 (target ≤ 2). */
  readonly p99_ratio: number;
}

async function once1(url: string, connections: number, seconds: number): Promise<LoadNumbers> {
  const r = await autocannon({ url, connections, duration: seconds });
  return { requests_per_sec: r.requests.average, p99_ms: r.latency.p99, p50_ms: r.latency.p50, errors: r.errors, non2xx: r.non2xx };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/**
 * Load both servers in alternating rounds (cursus, bare, cursus, bare, …) so a
 * noisy shared machine hits both alike; each number is the median over rounds.
 */
async function alternate(a: string, b: string, connections: number, seconds: number, rounds: number): Promise<[LoadNumbers, LoadNumbers]> {
  await once1(a, connections, 1); // warm-up (JIT, caches)
  await once1(b, connections, 1);
  const ra: LoadNumbers[] = [];
  const rb: LoadNumbers[] = [];
  for (let i = 0; i < rounds; i++) {
    ra.push(await once1(a, connections, seconds));
    rb.push(await once1(b, connections, seconds));
  }
  const merge = (rs: LoadNumbers[]): LoadNumbers => ({
    requests_per_sec: median(rs.map((r) => r.requests_per_sec)),
    p99_ms: median(rs.map((r) => r.p99_ms)),
    p50_ms: median(rs.map((r) => r.p50_ms)),
    errors: rs.reduce((n, r) => n + r.errors, 0),
    non2xx: rs.reduce((n, r) => n + r.non2xx, 0),
  });
  return [merge(ra), merge(rb)];
}

/** Start the two servers in a child process, load each in turn, stop them. */
export async function runServeLoadBench(options: { seconds?: number; connections?: number; rounds?: number } = {}): Promise<ServeLoadResult> {
  const seconds = options.seconds ?? 2;
  const rounds = options.rounds ?? 5;
  const connections = options.connections ?? 10;
  const child = spawn(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), 'serveTarget.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const lines = createInterface({ input: child.stdout });
    const [first] = (await once(lines, 'line')) as [string];
    const target = JSON.parse(first) as { cursus: string; bare: string; path: string; bytes: number };
    const [cursus, bare] = await alternate(`${target.cursus}${target.path}`, `${target.bare}${target.path}`, connections, seconds, rounds);
    return { path: target.path, body_bytes: target.bytes, connections, seconds, rounds, cursus, bare, rps_ratio: cursus.requests_per_sec / bare.requests_per_sec, p99_ratio: cursus.p99_ms / Math.max(bare.p99_ms, 0.001) };
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

/** The serve rows as a Markdown table. */
export function serveLoadTable(r: ServeLoadResult): string {
  const row = (label: string, n: LoadNumbers) => `| ${label} | ${Math.round(n.requests_per_sec)} | ${n.p50_ms} ms | ${n.p99_ms} ms | ${n.errors + n.non2xx} |`;
  return [
    `Serve load: GET ${r.path} (${r.body_bytes} B), autocannon, ${r.connections} connections, ${r.rounds} alternating rounds × ${r.seconds} s (medians), loopback`,
    '| server | req/s | p50 | p99 | errors |',
    '|---|---|---|---|---|',
    row('cursus serve (Hono)', r.cursus),
    row('bare node:http, constant JSON', r.bare),
    `cursus / bare: ${(r.rps_ratio * 100).toFixed(0)}% of req/s (target ≥ 50%), p99 ${r.p99_ratio.toFixed(2)}× (target ≤ 2×)`,
  ].join('\n');
}
