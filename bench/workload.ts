/**
 * Deterministic workload generator: N workspaces × S steps as YAML workspace
 * registries, with core overrides and names shared between workspaces (so
 * there are real conflicts with frameworks, environment tags and priorities).
 * Used by `npm run bench` and by tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Core step names a generated workspace may override (all in the bundled core). */
export const OVERRIDABLE_CORE_STEPS: readonly string[] = [
  'XGBoostTraining',
  'PyTorchTraining',
  'TabularPreprocessing',
  'XGBoostModelEval',
  'ModelCalibration',
  'Package',
  'Payload',
  'BatchTransform',
];
/** Names shared between workspaces: `SharedStep00` … */
export const SHARED_STEP_COUNT = 12;
const FRAMEWORKS = [null, 'xgboost', 'pytorch', 'tensorflow', 'lightgbm'] as const;
const ENVIRONMENTS = ['development', 'staging', 'production', 'gpu', 'cpu'] as const;
const PRIORITIES = [40, 60, 80, 90, 100, 110] as const;

/** Parameters of a workload. */
export interface WorkloadOptions {
  readonly workspaces: number;
  readonly stepsPerWorkspace: number;
  /** PRNG seed; the same seed gives byte-identical files. */
  readonly seed?: number;
}

/** One generated step. */
export interface GeneratedStep {
  readonly name: string;
  readonly section: 'LOCAL_STEPS' | 'STEP_OVERRIDES';
  readonly framework: string | null;
  readonly environment_tags: readonly string[];
  readonly priority: number;
}

/** One generated workspace. */
export interface GeneratedWorkspace {
  readonly id: string;
  readonly steps: readonly GeneratedStep[];
}

/** mulberry32: a tiny, fast, deterministic PRNG (values in [0, 1)). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The workspace id of index `i`: `dev0001`, … (sorts in index order). */
export function workspaceIdOf(i: number): string {
  return `dev${String(i).padStart(4, '0')}`;
}

/**
 * Plan a workload without touching the disk: about 10% core overrides, 20%
 * shared names, the rest local steps unique to the workspace.
 */
export function planWorkload(options: WorkloadOptions): GeneratedWorkspace[] {
  const random = prng(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const out: GeneratedWorkspace[] = [];
  for (let i = 1; i <= options.workspaces; i++) {
    const id = workspaceIdOf(i);
    const steps: GeneratedStep[] = [];
    const used = new Set<string>();
    const overrides = Math.max(1, Math.round(options.stepsPerWorkspace * 0.1));
    const shared = Math.max(1, Math.round(options.stepsPerWorkspace * 0.2));
    const add = (name: string, section: GeneratedStep['section']): void => {
      if (used.has(name)) return;
      used.add(name);
      const env = ENVIRONMENTS.filter(() => random() < 0.3);
      steps.push({ name, section, framework: pick(FRAMEWORKS), environment_tags: env, priority: pick(PRIORITIES) });
    };
    for (let k = 0; k < overrides; k++) add(pick(OVERRIDABLE_CORE_STEPS), 'STEP_OVERRIDES');
    for (let k = 0; k < shared; k++) add(`SharedStep${String(Math.floor(random() * SHARED_STEP_COUNT)).padStart(2, '0')}`, 'LOCAL_STEPS');
    for (let k = 0; steps.length < options.stepsPerWorkspace; k++) add(`Dev${String(i).padStart(4, '0')}Step${String(k).padStart(2, '0')}`, 'LOCAL_STEPS');
    out.push({ id, steps });
  }
  return out;
}

/** The YAML registry text of a generated workspace. */
export function renderWorkspaceYaml(ws: GeneratedWorkspace): string {
  const lines: string[] = [`# generated workload: ${ws.id}`];
  for (const section of ['LOCAL_STEPS', 'STEP_OVERRIDES'] as const) {
    const steps = ws.steps.filter((s) => s.section === section);
    lines.push(`${section}:${steps.length ? '' : ' {}'}`);
    for (const s of steps) {
      const type = s.name.endsWith('Training') ? 'Training' : 'Processing';
      lines.push(
        `  ${s.name}:`,
        `    config_class: ${ws.id.charAt(0).toUpperCase()}${ws.id.slice(1)}${s.name}Config`,
        `    builder_step_name: ${ws.id.charAt(0).toUpperCase()}${ws.id.slice(1)}${s.name}StepBuilder`,
        `    spec_type: ${s.name}`,
        `    sagemaker_step_type: ${type}`,
        `    description: "${s.name} as built in ${ws.id} for the benchmark workload"`,
        `    framework: ${s.framework ?? 'null'}`,
        `    environment_tags: [${s.environment_tags.join(', ')}]`,
        `    priority: ${s.priority}`,
      );
    }
  }
  lines.push('WORKSPACE_METADATA:', `  developer_id: ${ws.id}`, `  version: "1.0.0"`);
  return `${lines.join('\n')}\n`;
}

/** Write a workload under `root` (created if needed) and return its plan. */
export function writeWorkload(root: string, options: WorkloadOptions): GeneratedWorkspace[] {
  const plan = planWorkload(options);
  for (const ws of plan) {
    const dir = join(root, ws.id, 'src', 'cursus_dev', 'registry');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'workspace_registry.yaml'), renderWorkspaceYaml(ws));
  }
  return plan;
}
