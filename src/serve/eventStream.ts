import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { RegistryChangeEvent, ServedRegistry } from './servedRegistry.js';

/** Interval of the keep-alive comment that stops proxies from closing an idle stream. */
const KEEP_ALIVE_MS = 15_000;

/**
 * The Server-Sent Events of a server: each client gets `ready` (the version
 * served when it connected), then every `reload` and `error` of the registry,
 * each with the new snapshot version. {@link closeAll} ends every stream, so
 * a server can close without waiting for its clients.
 */
export class RegistryEventStreams {
  readonly #served: ServedRegistry;
  readonly #streams = new Set<{ stream: SSEStreamingApi; done: () => void }>();

  constructor(served: ServedRegistry) {
    this.#served = served;
    served.on('change', (event) => this.#broadcast(event));
  }

  /** Number of connected clients. */
  get size(): number {
    return this.#streams.size;
  }

  #broadcast(event: RegistryChangeEvent): void {
    const data = JSON.stringify(event);
    for (const { stream } of this.#streams) void stream.writeSSE({ event: event.type, data }).catch(() => undefined);
  }

  /** The `GET /api/v1/events` handler. */
  handle(c: Context): Response {
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      await new Promise<void>((resolve) => {
        const keepAlive = setInterval(() => void stream.write(': keep-alive\n\n').catch(() => undefined), KEEP_ALIVE_MS);
        keepAlive.unref();
        const entry = {
          stream,
          done: () => {
            clearInterval(keepAlive);
            this.#streams.delete(entry);
            resolve();
          },
        };
        this.#streams.add(entry);
        stream.onAbort(entry.done);
        void stream.writeSSE({ event: 'ready', data: JSON.stringify({ type: 'ready', version: this.#served.version }) }).catch(() => undefined);
      });
    });
  }

  /** End every open stream. */
  closeAll(): void {
    for (const entry of [...this.#streams]) {
      entry.done();
      void entry.stream.close().catch(() => undefined);
    }
  }
}
