/**
 * The web catalogue in a real browser: Debian's chromium driven by
 * playwright-core (never a downloaded browser), ONE browser for every test of
 * this file, against a server on port 0 over a temp copy of examples/workspaces
 * plus a workspace whose description is an XSS attempt. Screenshots go to
 * test-results/. Without chromium these tests fail (CI installs it), never skip.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/tempRegistry.js';
import { startServeFixture, type ServeFixture } from './serveHarness.js';

const CHROMIUM = process.env.CURSUS_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = join(REPO_ROOT, 'test-results');
const XSS = '<img src=x onerror=alert(1)>';

const MALLORY = `LOCAL_STEPS:
  SneakyStep:
    config_class: SneakyStepConfig
    builder_step_name: SneakyStepStepBuilder
    spec_type: SneakyStep
    sagemaker_step_type: Processing
    description: "${XSS}"
`;

let fx: ServeFixture;
let context: BrowserContext;
let page: Page;
let profile: string;
const dialogs: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium; .ci/run does) — browser tests never skip`);
  }
  fx = await startServeFixture({ watch: true, extraRegistries: { mallory: MALLORY } });
  profile = mkdtempSync(join(tmpdir(), 'cursus-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 860 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => console.error(`browser: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`browser console: ${m.text()}`);
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  mkdirSync(SHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await fx?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const rows = (p: Page) => p.locator('[data-testid=steps-table] tbody tr');
const shot = (name: string) => page.screenshot({ path: join(SHOTS, `serve-${name}.png`), fullPage: true });

describe('web catalogue in chromium', () => {
  it('the steps table shows the 17 core steps, and the filters narrow it (state in the URL)', async () => {
    await page.goto(`${fx.server.url}/`);
    await expect.poll(() => rows(page).count()).toBe(17);
    await expect.poll(() => page.locator('[data-testid=live-status]').textContent()).toContain('live');
    await shot('steps');
    await page.selectOption('[data-testid=filter-type]', 'Training');
    await expect.poll(() => rows(page).count()).toBe(2); // XGBoostTraining, PyTorchTraining
    expect(new URL(page.url()).searchParams.get('type')).toBe('Training');
    await page.fill('[data-testid=search]', 'xgboost');
    await expect.poll(() => rows(page).count()).toBe(1);
    expect(await rows(page).first().getAttribute('data-step')).toBe('XGBoostTraining');
  });

  it("a workspace view shows its override with the override badge (deep link)", async () => {
    await page.goto(`${fx.server.url}/?workspace=alice`);
    const row = page.locator('tr[data-step=XGBoostTraining]');
    await expect.poll(() => row.locator('[data-origin]').getAttribute('data-origin')).toBe('override');
    expect(await row.textContent()).toContain('AliceXGBoostTrainingConfig');
    expect(await page.locator('tr[data-step=FeatureDriftCheck] [data-origin]').getAttribute('data-origin')).toBe('workspace');
    await shot('workspace-view');
  });

  it('a step page shows every definition side by side and the explanation of the resolution', async () => {
    await page.goto(`${fx.server.url}/steps/ModelTraining?framework=tensorflow`);
    const explanation = page.locator('[data-testid=explanation] li');
    await expect.poll(() => explanation.count()).toBeGreaterThan(1);
    const text = (await explanation.allTextContents()).join('\n');
    expect(text).toContain("chose workspace 'bob' (LOCAL_STEPS)");
    expect(text).toContain('framework pytorch is not tensorflow');
    expect(await page.locator('[data-testid=definitions] thead th').count()).toBe(4); // label column + alice, bob, carol
    await shot('step');
  });

  it('registry strings render as text: an XSS description shows literally and runs nothing', async () => {
    await page.goto(`${fx.server.url}/steps/SneakyStep?workspace=mallory`);
    await expect.poll(() => page.locator('[data-testid=definitions]').textContent()).toContain(XSS);
    expect(await page.locator('main img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('editing a workspace file updates the open page; a broken edit shows the banner and keeps the data', async () => {
    const file = fx.registryFile('alice');
    const good = readFileSync(file, 'utf8');
    await page.goto(`${fx.server.url}/?workspace=alice`);
    const cell = page.locator('tr[data-step=XGBoostTraining]');
    await expect.poll(() => cell.textContent()).toContain('AliceXGBoostTrainingConfig');
    writeFileSync(file, good.replace('AliceXGBoostTrainingConfig', 'AliceXGBoostTrainingV2Config'));
    await expect.poll(() => cell.textContent(), { timeout: 10_000 }).toContain('AliceXGBoostTrainingV2Config');
    writeFileSync(file, `${good}\nLOCAL_STEPS: [oops\n`);
    const banner = page.locator('[data-testid=error-banner]');
    await expect.poll(() => banner.textContent(), { timeout: 10_000 }).toContain('alice');
    expect(await banner.textContent()).toMatch(/workspace_registry\.yaml:\d+/);
    expect(await cell.textContent()).toContain('AliceXGBoostTrainingV2Config');
    await shot('broken-edit');
    writeFileSync(file, good);
    await expect.poll(() => banner.count(), { timeout: 10_000 }).toBe(0);
  });

  it('the pipeline page draws the DAG with nodes from two workspaces, coloured by workspace; a wrong spec shows its errors with positions', async () => {
    await page.goto(`${fx.server.url}/pipeline`);
    await page.fill('[data-testid=spec]', readFileSync(join(REPO_ROOT, 'examples', 'pipelines', 'multi_developer_pipeline.yaml'), 'utf8'));
    await page.click('[data-testid=build]');
    const graph = page.locator('[data-testid=pipeline-graph] svg');
    await expect.poll(() => graph.count(), { timeout: 15_000 }).toBe(1);
    const svg = (await graph.first().textContent()) ?? '';
    for (const node of ['load_data', 'preprocess', 'train', 'evaluate', 'register']) expect(svg).toContain(node);
    expect(svg).toContain('alice (override)');
    expect(svg).toContain('bob (workspace)');
    expect(await page.locator('.legend li').allTextContents()).toEqual(['core', 'alice', 'bob']);
    await shot('pipeline');
    await page.fill('[data-testid=spec]', 'nodes:\n  a:\n    step: [oops\n');
    await page.click('[data-testid=build]');
    const errors = page.locator('[data-testid=pipeline-errors]');
    await expect.poll(() => errors.textContent()).toMatch(/request body:\d+:\d+/);
  });
});
