import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planWorkload, renderWorkspaceYaml, writeWorkload, workspaceIdOf } from '../../bench/workload.js';
import { HybridRegistryManager } from '../../src/index.js';
import { REPO_ROOT, makeTempDir, type TempDir } from '../helpers/tempRegistry.js';
import { STRESS } from '../helpers/stress.js';

describe('benchmark workload generator', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('is deterministic: the same seed gives byte-identical files, another seed differs', () => {
    const a = planWorkload({ workspaces: 20, stepsPerWorkspace: 20, seed: 3 }).map(renderWorkspaceYaml);
    const b = planWorkload({ workspaces: 20, stepsPerWorkspace: 20, seed: 3 }).map(renderWorkspaceYaml);
    const c = planWorkload({ workspaces: 20, stepsPerWorkspace: 20, seed: 4 }).map(renderWorkspaceYaml);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('gives each workspace S steps: ~10% core overrides, ~20% shared names, the rest its own', () => {
    const plan = planWorkload({ workspaces: 50, stepsPerWorkspace: 20, seed: 7 });
    expect(plan.map((w) => w.id)).toEqual(Array.from({ length: 50 }, (_, i) => workspaceIdOf(i + 1)));
    for (const ws of plan) {
      expect(ws.steps).toHaveLength(20);
      expect(new Set(ws.steps.map((s) => s.name)).size).toBe(20);
      expect(ws.steps.filter((s) => s.section === 'STEP_OVERRIDES').length).toBeLessThanOrEqual(2);
      expect(ws.steps.filter((s) => s.name.startsWith('SharedStep')).length).toBeLessThanOrEqual(4);
    }
  });

  it('writes registries that load with zero errors and real conflicts', () => {
    writeWorkload(tmp.dir, { workspaces: 30, stepsPerWorkspace: 10, seed: 1 });
    const registry = new HybridRegistryManager({ workspacesRoot: tmp.dir, cwd: tmp.dir, env: {} });
    expect(registry.getWorkspaceIds()).toHaveLength(30);
    expect(registry.getDiagnostics().filter((d) => d.severity === 'error')).toEqual([]);
    const conflicts = registry.getStepConflicts();
    expect(Object.keys(conflicts).some((n) => n.startsWith('SharedStep'))).toBe(true);
    expect(Object.values(registry.getCoreOverrides()).flat().length).toBeGreaterThan(0);
    const name = Object.keys(conflicts).find((n) => n.startsWith('SharedStep')) as string;
    expect(registry.resolveStep(name, { workspace_id: null }).resolved).toBe(true);
  });

  // Compiles bench/ with tsc and runs it (~25 s): in `npm run test:stress` only; `npm run bench` runs it for real.
  it.runIf(STRESS)('the bench script runs end to end on a tiny workload and writes its JSON', () => {
    const tsc = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.bench.json'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
    const out = join(tmp.dir, 'results.json');
    const run = spawnSync(process.execPath, ['--expose-gc', join(REPO_ROOT, 'dist-bench', 'run.js'), '--quick', '--out', out], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('| Map.get (baseline)');
    const results = JSON.parse(readFileSync(out, 'utf8')) as { rows: { case: string; ns_per_op: number }[]; loads: unknown[]; cli: { ratio: number }[] };
    expect(results.rows.map((r) => r.case)).toContain('getConfigClassName(name), in withWorkspaceContext');
    expect(results.rows.every((r) => Number.isFinite(r.ns_per_op) && r.ns_per_op > 0)).toBe(true);
    expect(results.loads).toHaveLength(1);
    expect(results.cli[0]?.ratio).toBeGreaterThan(0);
  });
});
