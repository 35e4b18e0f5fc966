/**
 * `cursus serve` API over real HTTP: a server on port 0 started in-process
 * (startServer, as the CLI does) over a temp copy of examples/workspaces.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/tempRegistry.js';
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
  it('every response has a CSP that forbids inline script (and no framing) and nosniff', async () => {
    for (const path of ['/api/v1/version', '/', '/steps/XGBoostTraining', '/api/v1/nope']) {
      const res = await fx.request(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      if (path.startsWith('/api/')) expect(csp).toBe("default-src 'none'; frame-ancestors 'none'");
      else {
        expect(csp).toContain("script-src 'self';");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(res.headers.get('x-frame-options')).toBe('DENY');
      }
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('405 with Allow for a write method', async () => {
    const res = await fx.request('/api/v1/version', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('GET');
    expect(res.json().error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('400 for an unknown query parameter, with the closest known one', async () => {
    const res = await fx.request('/api/v1/steps?worksapce=alice');
    expect(res.status).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'BAD_REQUEST', field: 'worksapce', suggestions: ['workspace'] });
  });

  it('400 for a value outside the allowed ones, naming them', async () => {
    const res = await fx.request('/api/v1/resolve/ModelTraining?mode=sometimes');
    expect(res.status).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'BAD_REQUEST', field: 'mode', suggestions: expect.arrayContaining(['automatic', 'strict']) });
    expect((await fx.request('/api/v1/export?format=xml')).status).toBe(400);
    expect((await fx.request('/api/v1/steps?workspace=a&workspace=b')).status).toBe(400);
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
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/v1/conflicts', '/api/v1/events', '/api/v1/export', '/api/v1/health', '/api/v1/openapi.json', '/api/v1/pipelines/build', '/api/v1/resolve/{name}', '/api/v1/steps', '/api/v1/steps/{name}', '/api/v1/version', '/api/v1/workspaces', '/api/v1/workspaces/{id}']);
    expect(doc.paths['/api/v1/resolve/{name}'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['name', 'workspace', 'framework', 'environment', 'mode']);
  });
});

describe('registry endpoints (the same records as the CLI --format json)', () => {
  it('GET /steps is the core view: 17 steps, sorted, each with legacy fields, registry_type, workspace_id and source', async () => {
    const res = await fx.request('/api/v1/steps');
    expect(res.status).toBe(200);
    const steps = res.json();
    expect(Object.keys(steps)).toHaveLength(17);
    expect(Object.keys(steps)).toEqual([...Object.keys(steps)].sort());
    expect(steps.XGBoostTraining).toMatchObject({ config_class: 'XGBoostTrainingConfig', builder_step_name: 'XGBoostTrainingStepBuilder', spec_type: 'XGBoostTraining', sagemaker_step_type: 'Training', description: 'XGBoost model training step', registry_type: 'core', workspace_id: null });
    expect(steps.XGBoostTraining.source.file).toMatch(/step_names\.yaml$/);
    expect(steps.XGBoostTraining.source.line).toBeGreaterThan(0);
  });

  it('GET /steps?workspace=alice is alice\'s view: her override and her local steps', async () => {
    const steps = (await fx.request('/api/v1/steps?workspace=alice')).json();
    expect(steps.XGBoostTraining).toMatchObject({ config_class: 'AliceXGBoostTrainingConfig', registry_type: 'override', workspace_id: 'alice' });
    expect(steps.FeatureDriftCheck).toMatchObject({ registry_type: 'workspace', workspace_id: 'alice' });
    expect(steps.DataValidation).toBeUndefined(); // bob's and carol's never leak into alice's view
  });

  it('GET /steps/{name}?workspace= is one definition and what it shadows', async () => {
    const body = (await fx.request('/api/v1/steps/XGBoostTraining?workspace=alice')).json();
    expect(body.view).toBe('alice');
    expect(body.definition).toMatchObject({ name: 'XGBoostTraining', config_class: 'AliceXGBoostTrainingConfig', registry_type: 'override' });
    expect(body.shadows).toMatchObject({ config_class: 'XGBoostTrainingConfig', registry_type: 'core' });
  });

  it('404 UNKNOWN_STEP and UNKNOWN_WORKSPACE carry the closest names', async () => {
    const step = await fx.request('/api/v1/steps/XGBoostTrainng');
    expect(step.status).toBe(404);
    expect(step.json().error).toMatchObject({ code: 'UNKNOWN_STEP', suggestions: expect.arrayContaining(['XGBoostTraining']) });
    expect(step.json().error.hint).toContain('/api/v1/steps');
    const ws = await fx.request('/api/v1/steps?workspace=alise');
    expect(ws.status).toBe(404);
    expect(ws.json().error).toMatchObject({ code: 'UNKNOWN_WORKSPACE', suggestions: ['alice'] });
    const one = await fx.request('/api/v1/workspaces/bobb');
    expect(one.status).toBe(404);
    expect(one.json().error).toMatchObject({ code: 'UNKNOWN_WORKSPACE', suggestions: expect.arrayContaining(['bob']) });
  });

  it('a path parameter never reaches the file system', async () => {
    for (const path of ['/api/v1/steps/..%2F..%2Fetc%2Fpasswd', '/api/v1/workspaces/..%2F..', '/api/v1/steps/%00']) {
      const res = await fx.request(path);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('root:');
    }
    expect((await fx.request('/assets/')).status).toBe(404); // no directory listing
    expect((await fx.request('/../package.json')).text).not.toContain('"name": "cursus-registry"');
  });

  it('GET /resolve/{name} is the resolve-step JSON: selected definition, strategy, explanation, candidates', async () => {
    const r = (await fx.request('/api/v1/resolve/ModelTraining?framework=tensorflow')).json();
    expect(r).toMatchObject({ step_name: 'ModelTraining', resolved: true, resolution_strategy: 'framework_match' });
    expect(r.selected_definition).toMatchObject({ workspace_id: 'bob' });
    expect(r.conflicting_definitions.map((d: { workspace_id: string }) => d.workspace_id)).toEqual(['alice', 'bob', 'carol']);
    expect(r.explanation).toContain("workspace 'alice' (LOCAL_STEPS) lost: framework pytorch is not tensorflow");
    expect(r.skipped_workspaces).toEqual([]);
    const env = (await fx.request('/api/v1/resolve/DataValidation?environment=production,gpu')).json();
    expect(env.selected_definition.workspace_id).toBe('bob');
    expect(env.resolution_strategy).toBe('environment_match');
  });

  it('GET /resolve in strict mode on a tie is 409 AMBIGUOUS_STEP', async () => {
    const tie = await fx.request('/api/v1/resolve/DataValidation?mode=strict');
    expect(tie.status).toBe(409);
    expect(tie.json().error.code).toBe('AMBIGUOUS_STEP');
  });

  it('GET /workspaces and /workspaces/{id}: metadata, local steps, overrides, status, findings', async () => {
    const list = (await fx.request('/api/v1/workspaces')).json();
    expect(list.map((w: { id: string }) => w.id)).toEqual(['alice', 'bob', 'carol']);
    const alice = (await fx.request('/api/v1/workspaces/alice')).json();
    expect(alice).toMatchObject({ id: 'alice', status: 'loaded', step_overrides: ['XGBoostTraining'] });
    expect(alice.local_steps).toEqual(expect.arrayContaining(['FeatureDriftCheck', 'ModelTraining', 'ModelEvaluation']));
    expect(alice.metadata.developer_id).toBe('alice');
    expect(Array.isArray(alice.findings)).toBe(true);
  });

  it('GET /conflicts: every shared name with all its definitions', async () => {
    const c = (await fx.request('/api/v1/conflicts')).json();
    expect(Object.keys(c).sort()).toEqual(['DataValidation', 'ModelEvaluation', 'ModelTraining']);
    expect(c.ModelTraining.map((d: { workspace_id: string }) => d.workspace_id)).toEqual(['alice', 'bob', 'carol']);
  });

  it('GET /export in json, yaml and python', async () => {
    const json = await fx.request('/api/v1/export?workspace=alice');
    expect(json.headers.get('content-type')).toContain('application/json');
    expect(json.json().XGBoostTraining.config_class).toBe('AliceXGBoostTrainingConfig');
    const yaml = await fx.request('/api/v1/export?format=yaml');
    expect(yaml.headers.get('content-type')).toContain('yaml');
    expect(yaml.text).toContain('XGBoostTraining:');
    const py = await fx.request('/api/v1/export?format=python');
    expect(py.text).toContain('STEP_NAMES');
  });

  it('POST /pipelines/build: the manifest or mermaid; a wrong spec is 422 with positions', async () => {
    const spec = readFileSync(join(REPO_ROOT, 'examples', 'pipelines', 'multi_developer_pipeline.yaml'), 'utf8');
    const built = await fx.request('/api/v1/pipelines/build', { method: 'POST', body: spec, headers: { 'Content-Type': 'application/yaml' } });
    expect(built.status).toBe(200);
    const manifest = built.json();
    expect(manifest.order).toEqual(['load_data', 'preprocess', 'train', 'evaluate', 'register']);
    expect(manifest.nodes.find((n: { name: string }) => n.name === 'train').definition.workspace_id).toBe('alice');
    const mermaid = await fx.request('/api/v1/pipelines/build?format=mermaid', { method: 'POST', body: spec });
    expect(mermaid.text.startsWith('flowchart TD')).toBe(true);
    const wrong = await fx.request('/api/v1/pipelines/build', { method: 'POST', body: 'nodes:\n  a:\n    step: NoSuchStep\n' });
    expect(wrong.status).toBe(422);
    expect(wrong.json().error.code).toBe('UNKNOWN_STEP');
    const broken = await fx.request('/api/v1/pipelines/build', { method: 'POST', body: 'nodes: [oops' });
    expect(broken.status).toBe(422);
    expect(broken.json().error.line).toBeGreaterThan(0);
  });

  it('GET responses carry the content-hash ETag and answer 304 to it', async () => {
    const first = await fx.request('/api/v1/steps/XGBoostTraining?workspace=alice');
    const etag = first.headers.get('etag');
    expect(etag).toBe(`"${fx.server.served.version}"`);
    const again = await fx.request('/api/v1/steps/XGBoostTraining?workspace=alice', { headers: { 'If-None-Match': etag as string } });
    expect(again.status).toBe(304);
  });

  it('CORS only for the --cors origin', async () => {
    const withCors = await startServeFixture({ cors: 'https://dash.example' });
    try {
      const res = await withCors.request('/api/v1/version', { headers: { Origin: 'https://dash.example' } });
      expect(res.headers.get('access-control-allow-origin')).toBe('https://dash.example');
    } finally {
      await withCors.close();
    }
  });
});
