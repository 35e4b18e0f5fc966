/**
 * `cursus serve` API over real HTTP: a server on port 0 started in-process
 * (startServer, as the CLI does) over a temp copy of examples/workspaces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeFixture, type ServeFixture } from './serveHarness.js';

let fx: ServeFixture;
beforeAll(async () => {
  fx = await startServeFixture();
});
afterAll(async () => {
  await fx.close();
});

describe('version and caching', () => {
  it('GET /api/v1/version gives the content hash (also the ETag) and the package version', async () => {
    const res = await fx.request('/api/v1/version');
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.package).toBe('0.0.0-test');
    expect(body.registry).toMatch(/^[0-9a-f]{64}$/);
    expect(res.headers.get('etag')).toBe(`"${body.registry}"`);
    expect(body.registry).toBe(fx.server.served.version);
  });

  it('If-None-Match with the ETag gives 304 without a body; another tag gives 200', async () => {
    const etag = (await fx.request('/api/v1/version')).headers.get('etag') as string;
    const same = await fx.request('/api/v1/version', { headers: { 'If-None-Match': etag } });
    expect(same.status).toBe(304);
    expect(same.text).toBe('');
    expect(same.headers.get('etag')).toBe(etag);
    const other = await fx.request('/api/v1/version', { headers: { 'If-None-Match': '"0000"' } });
    expect(other.status).toBe(200);
  });

  it('two servers over identical files in different directories give the same ETag (content hash, not path or time)', async () => {
    const twin = await startServeFixture();
    try {
      const a = (await fx.request('/api/v1/version')).headers.get('etag');
      const b = (await twin.request('/api/v1/version')).headers.get('etag');
      expect(b).toBe(a);
    } finally {
      await twin.close();
    }
  });
});

describe('security headers and HTTP errors', () => {
  it('every response has a CSP without inline script, nosniff and no framing', async () => {
    for (const path of ['/api/v1/version', '/', '/api/v1/nope']) {
      const res = await fx.request(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('405 with Allow for a write method', async () => {
    const res = await fx.request('/api/v1/version', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('GET');
    expect(res.json().error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('400 for an unknown query parameter', async () => {
    const res = await fx.request('/api/v1/version?verbose=1');
    expect(res.status).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'BAD_REQUEST', field: 'verbose' });
  });

  it('404 NOT_FOUND for an unknown endpoint; no CORS header unless --cors', async () => {
    const res = await fx.request('/api/v1/nope', { headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('413 for a body over 1 MB', async () => {
    const res = await fx.request('/api/v1/pipelines/build', { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1), headers: { 'Content-Type': 'application/yaml' } });
    expect(res.status).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a malformed request line is answered 400 and the server keeps serving', async () => {
    const { connect } = await import('node:net');
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(fx.server.port, '127.0.0.1', () => socket.write('GET /%%% HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n'));
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await fx.request('/api/v1/version')).status).toBe(200);
  });
});

describe('health and OpenAPI', () => {
  it('GET /api/v1/health is the health report, never cached', async () => {
    const res = await fx.request('/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.json().status).toMatch(/healthy|degraded/);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('GET /api/v1/openapi.json is an OpenAPI 3.1 document listing every endpoint', async () => {
    const doc = (await fx.request('/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/version', '/api/v1/health', '/api/v1/events', '/api/v1/openapi.json']));
  });
});
