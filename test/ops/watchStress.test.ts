/**
 * Watch stress (issue 6, "Watch stress"; SPEC §5 watch()).
 *
 * A watched registry of three workspaces; a writer makes 500+ (150 in `npm test`) rapid edits to
 * one workspace's registry (a third of them broken: YAML syntax errors,
 * unknown fields, wrong types, unknown keys, empty files) with tiny random
 * pauses (0–5 ms; in two of the runs also a rare 60–150 ms breath, so the
 * debounced watcher reloads in the middle of the stream), while a 1 ms
 * interval keeps asking every workspace. Asserted:
 * - the reader never gets an exception, and answers many times;
 * - the other two workspaces' answers never change (nor the cross-workspace
 *   resolution they decide);
 * - the watched workspace only ever serves good edits, never going back to an
 *   older one, and after the watcher settles it serves the last edit;
 * - a broken last edit keeps the last good version, lists the workspace in
 *   getStaleWorkspaces() and emits `error`; a good edit after it recovers.
 * Two writer styles: write-file-atomic (temp file + rename) and plain writeFileSync.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { HybridRegistryManager, type ReloadEvent, type RegistryWatcher, type WatchErrorEvent } from '../../src/index.js';
import { makeTempDir, registryPath, stepYaml, type TempDir } from '../helpers/tempRegistry.js';
import { prng } from '../../bench/workload.js';
import { stressSize } from '../helpers/stress.js';

const WATCHED = 'wa';
const OTHERS = ['wb', 'wc'] as const;
const ALL = [WATCHED, ...OTHERS] as const;
/** 510 edits under `npm run test:stress`; 150 in `npm test` (still far more than one debounce window). */
const EDITS = stressSize(150, 510);
/** About this many breaths per run with breaths, whatever the number of edits. */
const BREATHS = 25;
const SETTLE_QUIET_MS = 300;
// A bound, not a timing assertion: on a loaded 2-core machine a reload can take seconds; it returns as soon as the watcher settles.
const SETTLE_MAX_MS = 15_000;


const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const goodClass = (i: number) => `Edit${i}XGBoostTrainingConfig`;
const INITIAL_CLASS = 'InitialXGBoostTrainingConfig';
const otherClass = (ws: string) => `${ws.toUpperCase()}XGBoostTrainingConfig`;

/** A good version of the watched registry: edit `i` (sizes vary so every write changes the file). */
function goodEdit(i: number, padding: number): string {
  return `# edit ${i}${' '.repeat(padding)}\nSTEP_OVERRIDES:\n${stepYaml('XGBoostTraining', { config_class: goodClass(i), sagemaker_step_type: 'Training', description: `edit ${i}` })}LOCAL_STEPS:\n${stepYaml('WaLocal', { description: `local step, edit ${i}` })}`;
}

const BROKEN_KINDS = ['yaml-syntax', 'tab-indent', 'unknown-field', 'unknown-top-level', 'wrong-type', 'empty', 'unclosed-quote'] as const;
/** A broken version: it must never be served (its config class is `Broken…`). */
function brokenEdit(i: number, kind: (typeof BROKEN_KINDS)[number]): string {
  const cls = `Broken${i}XGBoostTrainingConfig`;
  switch (kind) {
    case 'yaml-syntax':
      return `STEP_OVERRIDES:\n  XGBoostTraining: {config_class: ${cls}, builder_step_name: B\n`;
    case 'tab-indent':
      return `STEP_OVERRIDES:\n\tXGBoostTraining:\n\t\tconfig_class: ${cls}\n`;
    case 'unknown-field':
      return `STEP_OVERRIDES:\n${stepYaml('XGBoostTraining', { config_class: cls, sagemaker_step_type: 'Training', framwork: 'xgboost' })}`;
    case 'unknown-top-level':
      return `STEP_OVERIDES:\n${stepYaml('XGBoostTraining', { config_class: cls, sagemaker_step_type: 'Training' })}`;
    case 'wrong-type':
      return `STEP_OVERRIDES:\n${stepYaml('XGBoostTraining', { config_class: cls, sagemaker_step_type: 'Training', priority: 'high' })}`;
    case 'empty':
      return '';
    case 'unclosed-quote':
      return `STEP_OVERRIDES:\n  XGBoostTraining:\n    config_class: "${cls}\n    description: x\n`;
  }
}

type WriteStyle = 'write-file-atomic' | 'writeFileSync';

describe(`watch stress: ${EDITS} rapid edits, a third broken, while a reader keeps asking`, () => {
  let tmp: TempDir;
  let manager: HybridRegistryManager;
  let watcher: RegistryWatcher | undefined;
  let interval: NodeJS.Timeout | undefined;

  beforeEach(() => {
    tmp = makeTempDir('cursus-watch-stress-');
    tmp.write(registryPath(WATCHED), `STEP_OVERRIDES:\n${stepYaml('XGBoostTraining', { config_class: INITIAL_CLASS, sagemaker_step_type: 'Training' })}`);
    for (const [n, ws] of OTHERS.entries()) {
      tmp.write(
        registryPath(ws),
        `STEP_OVERRIDES:\n${stepYaml('XGBoostTraining', { config_class: otherClass(ws), sagemaker_step_type: 'Training' })}LOCAL_STEPS:\n${stepYaml('Shared', { config_class: `${ws.toUpperCase()}SharedConfig`, priority: 10 + n })}`,
      );
    }
    manager = new HybridRegistryManager({ workspacesRoot: tmp.dir, cwd: tmp.dir, env: {} });
  });

  afterEach(async () => {
    clearInterval(interval);
    interval = undefined;
    await watcher?.close();
    watcher = undefined;
    tmp.cleanup();
  });

  async function stress(style: WriteStyle, seed: number, breaths: boolean): Promise<void> {
    const random = prng(seed);
    const file = join(tmp.dir, registryPath(WATCHED));
    const write = async (content: string) => {
      if (style === 'write-file-atomic') await writeFileAtomic(file, content);
      else writeFileSync(file, content);
    };

    watcher = await manager.watch({ debounceMs: 20 });
    const reloads: { at: number; event: ReloadEvent }[] = [];
    const errors: WatchErrorEvent[] = [];
    let lastEventAt = Date.now();
    watcher.on('reload', (event) => {
      reloads.push({ at: Date.now(), event });
      lastEventAt = Date.now();
    });
    watcher.on('error', (event) => {
      errors.push(event);
      lastEventAt = Date.now();
    });

    // The reader: every 1 ms, every workspace, by view and by resolution.
    const reader = { answers: 0, exceptions: [] as string[], otherChanges: [] as string[], badServed: [] as string[], regressions: [] as string[], served: new Set<string>() };
    /** Index of the good edit served for the watched workspace (-1: the initial version). */
    let servedIndex = -1;
    const indexOf = (cls: string | undefined): number | undefined => {
      if (cls === INITIAL_CLASS) return -1;
      const m = /^Edit(\d+)XGBoostTrainingConfig$/.exec(cls ?? '');
      return m ? Number(m[1]) : undefined;
    };
    let goodWritten = new Set<number>();
    const read = () => {
      try {
        for (const ws of ALL) {
          const def = manager.getStepDefinition('XGBoostTraining', ws);
          const resolved = manager.resolveStep('XGBoostTraining', { workspace_id: ws });
          if (resolved.selected_definition !== def) reader.otherChanges.push(`${ws}: resolveStep and getStepDefinition disagree (${resolved.selected_definition?.config_class} vs ${def?.config_class})`);
          if (ws === WATCHED) {
            const index = indexOf(def?.config_class);
            reader.served.add(def?.config_class ?? 'undefined');
            if (index === undefined || (index >= 0 && !goodWritten.has(index))) reader.badServed.push(String(def?.config_class));
            else if (index < servedIndex) reader.regressions.push(`edit ${index} served after edit ${servedIndex}`);
            else servedIndex = index;
          } else if (def?.config_class !== otherClass(ws) || def.workspace_id !== ws) {
            reader.otherChanges.push(`${ws}: ${def?.config_class}`);
          }
        }
        // Cross-workspace: 'Shared' is decided by wb and wc only (wb has the lower priority number).
        const shared = manager.resolveStep('Shared', { workspace_id: null });
        if (shared.selected_definition?.workspace_id !== 'wb') reader.otherChanges.push(`Shared resolved to ${shared.selected_definition?.workspace_id}`);
        if (manager.getStaleWorkspaces().some((s) => s.workspace_id !== WATCHED)) reader.otherChanges.push('another workspace is stale');
        reader.answers++;
      } catch (error) {
        reader.exceptions.push(`${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`);
      }
    };
    interval = setInterval(read, 1);

    const waitToSettle = async (reloadsBefore: number): Promise<boolean> => {
      const start = Date.now();
      while (Date.now() - start < SETTLE_MAX_MS) {
        await sleep(10);
        if (reloads.length > reloadsBefore && Date.now() - lastEventAt >= SETTLE_QUIET_MS) return true;
      }
      return false;
    };

    // The burst. The last edit is good, so the final answer is determined.
    let broken = 0;
    let breathsTaken = 0;
    const brokenByKind: Record<string, number> = {};
    let lastGood = -1;
    const started = Date.now();
    // Reloads counted just before the last write: its reload may land during the pause after it.
    let reloadsBeforeLastWrite = 0;
    for (let i = 0; i < EDITS; i++) {
      reloadsBeforeLastWrite = reloads.length;
      const isBroken = i < EDITS - 1 && random() < 1 / 3;
      if (isBroken) {
        const kind = BROKEN_KINDS[Math.floor(random() * BROKEN_KINDS.length)] as (typeof BROKEN_KINDS)[number];
        brokenByKind[kind] = (brokenByKind[kind] ?? 0) + 1;
        broken++;
        await write(brokenEdit(i, kind));
      } else {
        goodWritten = new Set(goodWritten).add(i);
        lastGood = i;
        await write(goodEdit(i, Math.floor(random() * 40)));
      }
      await sleep(Math.floor(random() * 6));
      // Continuous edits every 0–5 ms never leave the watcher a quiet period (it is debounced), so
      // with `breaths` the writer now and then stops long enough for a reload in the middle of the stream.
      if (breaths && random() < BREATHS / EDITS) {
        breathsTaken++;
        await sleep(60 + Math.floor(random() * 90));
      }
    }
    const burstMs = Date.now() - started;
    const reloadsAtLastWrite = reloadsBeforeLastWrite;
    const settled = await waitToSettle(reloadsAtLastWrite);
    const answersAfterBurst = reader.answers;
    const reloadsDuringBurst = reloadsAtLastWrite;

    const after = {
      answer: manager.getStepDefinition('XGBoostTraining', WATCHED)?.config_class,
      stale: manager.getStaleWorkspaces().map((s) => s.workspace_id),
    };

    // Tail: a broken last edit keeps the last good version; a good one recovers.
    const errorsBefore = errors.length;
    const reloadsBeforeBroken = reloads.length;
    await write(brokenEdit(EDITS, 'unknown-field'));
    const settledBroken = await waitToSettle(reloadsBeforeBroken);
    const afterBroken = {
      answer: manager.getStepDefinition('XGBoostTraining', WATCHED)?.config_class,
      stale: manager.getStaleWorkspaces().map((s) => s.workspace_id),
      errors: errors.slice(errorsBefore).map((e) => ({ ws: e.workspace_id, code: e.error.code, serving_last_good: e.serving_last_good })),
    };
    const reloadsBeforeFix = reloads.length;
    goodWritten = new Set(goodWritten).add(EDITS + 1);
    await write(goodEdit(EDITS + 1, 0));
    const settledFixed = await waitToSettle(reloadsBeforeFix);
    const afterFix = {
      answer: manager.getStepDefinition('XGBoostTraining', WATCHED)?.config_class,
      local: manager.getStepDefinition('WaLocal', WATCHED)?.description,
      stale: manager.getStaleWorkspaces().map((s) => s.workspace_id),
    };
    clearInterval(interval);
    interval = undefined;

    const numbers = {
      style,
      breaths: breathsTaken,
      edits: EDITS + 2,
      brokenEdits: broken + 1,
      brokenByKind,
      burstMs,
      readerAnswers: reader.answers,
      readerAnswersDuringBurstAndSettle: answersAfterBurst,
      readerExceptions: reader.exceptions.length,
      reloadEvents: reloads.length,
      reloadEventsDuringBurst: reloadsDuringBurst,
      errorEvents: errors.length,
      distinctVersionsServed: reader.served.size,
      settled: [settled, settledBroken, settledFixed],
    };
    console.log(`watch stress: ${JSON.stringify(numbers)}`);

    // The process never stopped answering, and answered many times.
    expect(reader.exceptions.slice(0, 5)).toEqual([]);
    expect(reader.answers).toBeGreaterThan(100);
    // Other workspaces were never affected; broken edits were never served; nothing went back in time.
    expect(reader.otherChanges.slice(0, 5)).toEqual([]);
    expect(reader.badServed.slice(0, 5)).toEqual([]);
    expect(reader.regressions.slice(0, 5)).toEqual([]);
    expect(errors.filter((e) => e.workspace_id !== WATCHED).map((e) => e.error.message)).toEqual([]);
    // After the burst: the last edit (a good one) is served, nothing is stale.
    expect(settled, 'the watcher did not settle after the burst').toBe(true);
    expect(after).toEqual({ answer: goodClass(lastGood), stale: [] });
    expect(lastGood).toBe(EDITS - 1);
    // A broken edit: the last good version is served, the workspace is stale, an error was emitted.
    expect(settledBroken, 'the watcher did not settle after the broken edit').toBe(true);
    expect(afterBroken.answer).toBe(goodClass(lastGood));
    expect(afterBroken.stale).toEqual([WATCHED]);
    expect(afterBroken.errors).toContainEqual({ ws: WATCHED, code: 'STEP_DEFINITION_INVALID', serving_last_good: true });
    // Fixing it recovers.
    expect(settledFixed, 'the watcher did not settle after the fix').toBe(true);
    expect(afterFix).toEqual({ answer: goodClass(EDITS + 1), local: `local step, edit ${EDITS + 1}`, stale: [] });
    // The watcher did work: with breaths it reloaded in the middle of the stream, and reported broken edits it read.
    expect(reloads.length).toBeGreaterThan(2);
    if (breaths) {
      // Generous: ~25 breaths of 60–150 ms each give the watcher ~25 chances.
      expect(reloadsDuringBurst).toBeGreaterThan(2);
      expect(reader.served.size).toBeGreaterThan(2);
    }
    for (const ws of OTHERS) expect(manager.getStepDefinition('XGBoostTraining', ws)?.config_class).toBe(otherClass(ws));
  }

  it('write-file-atomic writer (temp file + rename), with a breath now and then', async () => {
    await stress('write-file-atomic', 500, true);
  }, 60_000);

  it('plain writeFileSync writer (truncate + write in place), with a breath now and then', async () => {
    await stress('writeFileSync', 501, true);
  }, 60_000);

  it('write-file-atomic writer, continuous (0–5 ms pauses only)', async () => {
    await stress('write-file-atomic', 502, false);
  }, 60_000);
});
