/**
 * Context isolation under load (issue 6, "Context isolation under load"; SPEC §4.4, §10.3).
 *
 * 10,000 interleaved async tasks (2,000 in `npm test`) over 5 workspaces, plus tasks pinned to core,
 * each yielding to the event loop between its reads (setTimeout, setImmediate,
 * resolved promises, microtasks). Every read of the context and of the
 * context-following legacy API must give the task's own workspace: zero reads
 * of another task's context, and exactly the scheduled number of reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  STEP_NAMES,
  clearWorkspaceContext,
  configureRegistry,
  getConfigClassName,
  getWorkspaceContext,
  resetRegistry,
  setWorkspaceContext,
  withWorkspaceContext,
} from '../../src/index.js';
import { makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';
import { prng } from '../../bench/workload.js';
import { stressSize } from '../helpers/stress.js';

const WORKSPACES = ['ws0', 'ws1', 'ws2', 'ws3', 'ws4'] as const;
/** 10,000 + 2,000 tasks under `npm run test:stress`; a fifth of that in `npm test`. */
const WORKSPACE_TASKS = stressSize(2_000, 10_000);
const CORE_TASKS = stressSize(400, 2_000);
const CORE_CLASS = 'XGBoostTrainingConfig';
const classOf = (ws: string | null) => (ws === null ? CORE_CLASS : `${ws.toUpperCase()}XGBoostTrainingConfig`);


type Yield = 'timeout' | 'timeout1' | 'immediate' | 'promise' | 'microtask' | 'chain';
const YIELDS: readonly Yield[] = ['timeout', 'timeout1', 'immediate', 'promise', 'microtask', 'chain'];

function yieldBy(kind: Yield): Promise<void> {
  switch (kind) {
    case 'timeout':
      return new Promise((r) => setTimeout(r, 0));
    case 'timeout1':
      return new Promise((r) => setTimeout(r, 1));
    case 'immediate':
      return new Promise((r) => setImmediate(r));
    case 'promise':
      return Promise.resolve();
    case 'microtask':
      return new Promise((r) => queueMicrotask(r));
    case 'chain':
      return Promise.resolve()
        .then(() => new Promise<void>((r) => setImmediate(r)))
        .then(() => undefined);
  }
}

/** What a task does (decided up front from the seed). */
interface TaskPlan {
  /** The workspace the task runs in; null: pinned to core. */
  readonly ws: string | null;
  /** Yields before each round of reads. */
  readonly yields: readonly Yield[];
  /** 'plain'; 'nested': one round runs inside a nested context of another workspace; 'switch': calls setWorkspaceContext mid-way. */
  readonly kind: 'plain' | 'nested' | 'switch';
  /** The other workspace used by 'nested' / 'switch'. */
  readonly other: string;
  /** The round at which 'nested' / 'switch' happens. */
  readonly at: number;
  /** Start the task from a timer callback (the context must flow into callbacks too). */
  readonly viaTimer: boolean;
}

interface Tally {
  reads: number;
  wrongContext: number;
  wrongAnswer: number;
  examples: string[];
}

/** Three reads: the context, a legacy function, a live view. Counts each, and each wrong one. */
function readAll(tally: Tally, expected: string | null, where: string): void {
  const context = getWorkspaceContext();
  tally.reads++;
  if (context !== expected) {
    tally.wrongContext++;
    if (tally.examples.length < 5) tally.examples.push(`${where}: context ${String(context)} instead of ${String(expected)}`);
  }
  const viaFunction = getConfigClassName('XGBoostTraining');
  tally.reads++;
  if (viaFunction !== classOf(expected)) {
    tally.wrongAnswer++;
    if (tally.examples.length < 5) tally.examples.push(`${where}: getConfigClassName ${viaFunction} instead of ${classOf(expected)}`);
  }
  const viaView = STEP_NAMES.XGBoostTraining?.config_class;
  tally.reads++;
  if (viaView !== classOf(expected)) {
    tally.wrongAnswer++;
    if (tally.examples.length < 5) tally.examples.push(`${where}: STEP_NAMES ${String(viaView)} instead of ${classOf(expected)}`);
  }
}

/** Reads a plan schedules: three per round, plus three after a nested round (the restored context). */
function scheduledReads(plan: TaskPlan): number {
  return 3 * plan.yields.length + (plan.kind === 'nested' ? 3 : 0);
}

async function runTask(plan: TaskPlan, index: number, tally: Tally): Promise<void> {
  let expected = plan.ws;
  for (let round = 0; round < plan.yields.length; round++) {
    await yieldBy(plan.yields[round] as Yield);
    if (round === plan.at && plan.kind === 'switch') {
      // Sets the context for the rest of this task only (SPEC §4.4): no other task may see it.
      setWorkspaceContext(plan.other);
      expected = plan.other;
    }
    if (round === plan.at && plan.kind === 'nested') {
      await withWorkspaceContext(plan.other, async () => {
        await yieldBy(plan.yields[(round + 1) % plan.yields.length] as Yield);
        readAll(tally, plan.other, `task ${index} nested in ${plan.other}`);
      });
      // The outer context is back after the nested one ends.
      readAll(tally, expected, `task ${index} after nested`);
      continue;
    }
    readAll(tally, expected, `task ${index} (${String(plan.ws)}) round ${round}`);
  }
}

describe('context isolation under load', () => {
  let tmp: TempDir;
  beforeAll(() => {
    tmp = makeTempDir('cursus-context-load-');
    for (const ws of WORKSPACES) {
      tmp.write(registryPath(ws), `STEP_OVERRIDES:\n${stepYaml('XGBoostTraining', { config_class: classOf(ws), sagemaker_step_type: 'Training' })}`);
    }
    clearWorkspaceContext();
    configureRegistry({ workspacesRoot: tmp.dir, cwd: tmp.dir, env: {} });
  });
  afterAll(() => {
    resetRegistry();
    clearWorkspaceContext();
    tmp.cleanup();
  });

  it('the fixture gives each workspace and core a distinct answer', () => {
    const answers = [null, ...WORKSPACES].map((ws) => withWorkspaceContext(ws, () => getConfigClassName('XGBoostTraining')));
    expect(new Set(answers).size).toBe(WORKSPACES.length + 1);
    expect(answers[0]).toBe(CORE_CLASS);
    // The tally notices a wrong read (so a zero below means something).
    const probe: Tally = { reads: 0, wrongContext: 0, wrongAnswer: 0, examples: [] };
    withWorkspaceContext('ws1', () => readAll(probe, 'ws2', 'probe'));
    expect(probe).toMatchObject({ reads: 3, wrongContext: 1, wrongAnswer: 2 });
  });

  it(`${WORKSPACE_TASKS} workspace tasks and ${CORE_TASKS} core tasks, interleaved: zero reads of another context`, async () => {
    const random = prng(4242);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const plans: TaskPlan[] = [];
    for (let i = 0; i < WORKSPACE_TASKS + CORE_TASKS; i++) {
      const ws = i < WORKSPACE_TASKS ? (WORKSPACES[i % WORKSPACES.length] as string) : null;
      const rounds = 2 + Math.floor(random() * 3);
      const roll = random();
      plans.push({
        ws,
        yields: Array.from({ length: rounds }, () => pick(YIELDS)),
        kind: roll < 0.1 ? 'nested' : roll < 0.2 ? 'switch' : 'plain',
        other: pick(WORKSPACES.filter((w) => w !== ws)),
        at: Math.floor(random() * rounds),
        viaTimer: random() < 0.3,
      });
    }
    // Shuffle the start order so workspaces and core interleave irregularly.
    for (let i = plans.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [plans[i], plans[j]] = [plans[j] as TaskPlan, plans[i] as TaskPlan];
    }
    const scheduled = plans.reduce((n, p) => n + scheduledReads(p), 0);
    const tally: Tally = { reads: 0, wrongContext: 0, wrongAnswer: 0, examples: [] };

    clearWorkspaceContext();
    const tasks = plans.map((plan, index) =>
      withWorkspaceContext(plan.ws, () =>
        plan.viaTimer
          ? new Promise<void>((resolve, reject) => setTimeout(() => runTask(plan, index, tally).then(resolve, reject), Math.floor(random() * 3)))
          : runTask(plan, index, tally),
      ),
    );
    // The caller's own context is untouched while the tasks run, and after.
    expect(getWorkspaceContext()).toBeUndefined();
    await Promise.all(tasks);
    expect(getWorkspaceContext()).toBeUndefined();
    expect(getConfigClassName('XGBoostTraining')).toBe(CORE_CLASS);

    console.log(`context load: ${plans.length} tasks, ${tally.reads} reads (scheduled ${scheduled}), wrong context ${tally.wrongContext}, wrong answer ${tally.wrongAnswer}, kinds ${JSON.stringify(countBy(plans.map((p) => p.kind)))}`);
    expect(tally.examples).toEqual([]);
    expect(tally.wrongContext).toBe(0);
    expect(tally.wrongAnswer).toBe(0);
    expect(tally.reads).toBe(scheduled);
    expect(scheduled).toBeGreaterThanOrEqual(3 * 2 * (WORKSPACE_TASKS + CORE_TASKS));
  }, 60_000);
});

function countBy(items: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[item] = (out[item] ?? 0) + 1;
  return out;
}
