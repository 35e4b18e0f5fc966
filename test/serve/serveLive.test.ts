/**
 * `cursus serve` live: the SSE stream sends `reload` after a file edit and
 * `error` after a broken edit (the last good data keeps being served), and
 * concurrent requests during reloads never see a half-built snapshot. Real
 * HTTP against an in-process server on port 0 over a temp copy of the examples.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeFixture, type ServeFixture } from './serveHarness.js';

interface SseEvent {
  event: string;
  data: any;
}

/** Read `/api/v1/events` as a stream of parsed events. */
async function openEvents(url: string): Promise<{ next: (type: string, timeoutMs?: number) => Promise<SseEvent>; close: () => void }> {
  const controller = new AbortController();
  const res = await fetch(`${url}/api/v1/events`, { signal: controller.signal });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const queue: SseEvent[] = [];
  let buffer = '';
  const pump = async (): Promise<void> => {
    const { value, done } = await reader.read();
    if (done) throw new Error('event stream ended');
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) queue.push({ event, data: JSON.parse(data) });
    }
  };
  return {
    async next(type, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = queue.findIndex((e) => e.event === type);
        if (i >= 0) return queue.splice(0, i + 1).pop() as SseEvent;
        if (Date.now() > deadline) throw new Error(`no '${type}' event within ${timeoutMs} ms`);
        await pump();
      }
    },
    close: () => controller.abort(),
  };
}

const zeta = (generation: number, count = 40) =>
  `LOCAL_STEPS:\n${Array.from({ length: count }, (_, i) => `  Zeta${i}:\n    config_class: Zeta${i}Config\n    builder_step_name: Zeta${i}StepBuilder\n    spec_type: Zeta${i}\n    sagemaker_step_type: Processing\n    description: generation ${generation}\n`).join('')}`;

let fx: ServeFixture;
beforeAll(async () => {
  fx = await startServeFixture({ watch: true, extraRegistries: { zeta: zeta(1) } });
});
afterAll(async () => {
  await fx.close();
});

describe('server-sent events', () => {
  it('sends ready, then reload with the new version after an edit, then error after a broken edit while serving the last good data', async () => {
    const events = await openEvents(fx.server.url);
    try {
      const ready = await events.next('ready');
      const before = ready.data.version;
      expect(before).toBe(fx.server.served.version);

      const file = fx.registryFile('alice');
      const good = readFileSync(file, 'utf8');
      writeFileSync(file, good.replace('AliceXGBoostTrainingConfig', 'AliceXGBoostTrainingV2Config'));
      const reload = await events.next('reload');
      expect(reload.data.version).not.toBe(before);
      expect(reload.data.changed).toContain('alice');
      const edited = await fx.request('/api/v1/steps/XGBoostTraining?workspace=alice');
      expect(edited.json().definition.config_class).toBe('AliceXGBoostTrainingV2Config');
      expect(edited.headers.get('etag')).toBe(`"${reload.data.version}"`);

      writeFileSync(file, `${good}\nLOCAL_STEPS: [oops\n`);
      const error = await events.next('error');
      expect(error.data).toMatchObject({ workspace_id: 'alice', serving_last_good: true });
      expect(error.data.error.file).toBe(file);
      expect(error.data.error.line).toBeGreaterThan(0);
      expect(typeof error.data.version).toBe('string');
      const staleReload = await events.next('reload'); // the same refresh: alice serves her last good version
      expect(staleReload.data.stale.map((s: { workspace_id: string }) => s.workspace_id)).toEqual(['alice']);
      const kept = await fx.request('/api/v1/steps/XGBoostTraining?workspace=alice');
      expect(kept.status).toBe(200);
      expect(kept.json().definition.config_class).toBe('AliceXGBoostTrainingV2Config');
      const alice = (await fx.request('/api/v1/workspaces/alice')).json();
      expect(alice.status).toBe('stale');

      writeFileSync(file, good);
      const fixed = await events.next('reload');
      expect(fixed.data.stale).toEqual([]);
      expect(fixed.data.version).toBe(before); // same files, same content hash
    } finally {
      events.close();
    }
  });
});

describe('consistency during reloads', () => {
  it('concurrent requests see either the old or the new snapshot, never a mix, each with its own ETag', async () => {
    const url = '/api/v1/steps?workspace=zeta';
    const oldEtag = (await fx.request(url)).headers.get('etag');
    writeFileSync(fx.registryFile('zeta'), zeta(2));
    const seen = new Set<string>();
    const etags = new Map<string, string>();
    const deadline = Date.now() + 15_000;
    while (!seen.has('generation 2') && Date.now() < deadline) {
      const batch = await Promise.all(Array.from({ length: 16 }, () => fx.request(url)));
      for (const res of batch) {
        expect(res.status).toBe(200);
        const body = res.json() as Record<string, { description: string; workspace_id: string | null }>;
        const generations = new Set(Object.values(body).filter((d) => d.workspace_id === 'zeta').map((d) => d.description));
        expect(generations.size).toBe(1); // never half old, half new
        const [generation] = [...generations] as [string];
        seen.add(generation);
        const etag = res.headers.get('etag') as string;
        expect(etags.get(generation) ?? etag).toBe(etag); // one ETag per snapshot
        etags.set(generation, etag);
      }
    }
    expect(seen.has('generation 2')).toBe(true);
    expect(etags.get('generation 2')).not.toBe(oldEtag);
    if (etags.has('generation 1')) expect(etags.get('generation 1')).toBe(oldEtag);
  });
});
