import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clearWorkspaceContext,
  configureRegistry,
  getConfigClassName,
  getWorkspaceContext,
  getWorkspaceContextSwitchCount,
  InvalidWorkspaceIdError,
  RegistryError,
  resetRegistry,
  setWorkspaceContext,
  withWorkspaceContext,
} from '../../src/index.js';
import { EXAMPLES_ROOT, makeTempDir, type TempDir } from '../helpers/tempRegistry.js';
import { useGlobalExampleRegistry } from '../helpers/globalExampleRegistry.js';

type Outer = { label: string; enter: () => void; expected: string | null | undefined };

/** The three kinds of outer context a caller can be in (SPEC §10.8: null and unset must survive too). */
const OUTERS: Outer[] = [
  { label: "'alice'", enter: () => setWorkspaceContext('alice'), expected: 'alice' },
  { label: 'null (explicit core)', enter: () => setWorkspaceContext(null), expected: null },
  { label: 'unset', enter: () => clearWorkspaceContext(), expected: undefined },
];

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const immediate = () => new Promise<void>((r) => setImmediate(r));

useGlobalExampleRegistry('cursus-context-');

describe('set / get / clear', () => {
  it('starts unset, holds an id or null, and clears back to unset', () => {
    expect(getWorkspaceContext()).toBeUndefined();
    setWorkspaceContext('alice');
    expect(getWorkspaceContext()).toBe('alice');
    setWorkspaceContext('bob');
    expect(getWorkspaceContext()).toBe('bob');
    setWorkspaceContext(null);
    expect(getWorkspaceContext()).toBeNull();
    clearWorkspaceContext();
    expect(getWorkspaceContext()).toBeUndefined();
  });

  it('accepts valid ids that are not (yet) workspaces; lookups then fail as unknown workspace', () => {
    for (const id of ['a', '0abc', 'a.b-c_d', 'x'.repeat(64)]) {
      setWorkspaceContext(id);
      expect(getWorkspaceContext()).toBe(id);
    }
    expect(() => getConfigClassName('XGBoostTraining')).toThrow(expect.objectContaining({ code: 'UNKNOWN_WORKSPACE' }));
  });

  it('counts context switches', () => {
    const before = getWorkspaceContextSwitchCount();
    setWorkspaceContext('alice');
    withWorkspaceContext('bob', () => undefined);
    clearWorkspaceContext();
    expect(getWorkspaceContextSwitchCount()).toBe(before + 3);
  });
});

describe('invalid ids', () => {
  const INVALID = ['', '../x', 'a/b', 'a\\b', '.hidden', '-x', '_x', 'a b', 'x'.repeat(65), '..'];

  it.each(INVALID)('setWorkspaceContext(%j) throws InvalidWorkspaceIdError and keeps the context', (id) => {
    setWorkspaceContext('alice');
    let error: unknown;
    try {
      setWorkspaceContext(id);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidWorkspaceIdError);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as InvalidWorkspaceIdError).code).toBe('INVALID_WORKSPACE_ID');
    expect((error as InvalidWorkspaceIdError).message).not.toMatch(/[\r\n]/);
    expect(getWorkspaceContext()).toBe('alice');
  });

  it.each(INVALID)('withWorkspaceContext(%j, fn) throws InvalidWorkspaceIdError without calling fn', (id) => {
    let called = false;
    expect(() =>
      withWorkspaceContext(id, () => {
        called = true;
      }),
    ).toThrow(InvalidWorkspaceIdError);
    expect(() => withWorkspaceContext(id, () => undefined)).toThrow(expect.objectContaining({ code: 'INVALID_WORKSPACE_ID' }));
    expect(called).toBe(false);
    expect(getWorkspaceContext()).toBeUndefined();
  });
});

describe('withWorkspaceContext', () => {
  it("returns fn's result (sync)", () => {
    expect(withWorkspaceContext('bob', () => 42)).toBe(42);
    const obj = { a: 1 };
    expect(withWorkspaceContext('bob', () => obj)).toBe(obj);
    expect(withWorkspaceContext('carol', () => getWorkspaceContext())).toBe('carol');
    expect(withWorkspaceContext(null, () => getWorkspaceContext())).toBeNull();
  });

  it("returns fn's result (async): a promise of it, with the context kept across awaits", async () => {
    const promise = withWorkspaceContext('bob', async () => {
      await sleep(2);
      const first = getWorkspaceContext();
      await immediate();
      return [first, getWorkspaceContext(), getConfigClassName('TabularPreprocessing')];
    });
    expect(promise).toBeInstanceOf(Promise);
    expect(await promise).toEqual(['bob', 'bob', 'BobTabularPreprocessingConfig']);
  });

  it('nests: the inner context wins inside, the outer comes back after', () => {
    const seen = withWorkspaceContext('alice', () => {
      const before = getWorkspaceContext();
      const inner = withWorkspaceContext('bob', () => [getWorkspaceContext(), withWorkspaceContext(null, () => getWorkspaceContext())]);
      return [before, ...inner, getWorkspaceContext()];
    });
    expect(seen).toEqual(['alice', 'bob', null, 'alice']);
    expect(getWorkspaceContext()).toBeUndefined();
  });

  describe.each(OUTERS)('restores an outer context of $label', ({ enter, expected }) => {
    it('after a sync return', () => {
      enter();
      expect(withWorkspaceContext('bob', () => getWorkspaceContext())).toBe('bob');
      expect(getWorkspaceContext()).toBe(expected);
    });

    it('after a sync throw (the error propagates)', () => {
      enter();
      const boom = new Error('boom');
      expect(() =>
        withWorkspaceContext('bob', () => {
          throw boom;
        }),
      ).toThrow(boom);
      expect(getWorkspaceContext()).toBe(expected);
    });

    it('when fn itself calls setWorkspaceContext / clearWorkspaceContext', () => {
      enter();
      withWorkspaceContext('bob', () => {
        setWorkspaceContext('carol');
        expect(getWorkspaceContext()).toBe('carol');
        clearWorkspaceContext();
        expect(getWorkspaceContext()).toBeUndefined();
      });
      expect(getWorkspaceContext()).toBe(expected);
    });

    it('after an async resolve, and already while fn is pending', async () => {
      enter();
      const promise = withWorkspaceContext('bob', async () => {
        await sleep(3);
        setWorkspaceContext('carol');
        await immediate();
        return getWorkspaceContext();
      });
      expect(getWorkspaceContext()).toBe(expected);
      expect(await promise).toBe('carol');
      expect(getWorkspaceContext()).toBe(expected);
    });

    it('after an async reject (the rejection propagates)', async () => {
      enter();
      const boom = new Error('async boom');
      const promise = withWorkspaceContext('bob', async () => {
        await sleep(2);
        throw boom;
      });
      expect(getWorkspaceContext()).toBe(expected);
      await expect(promise).rejects.toBe(boom);
      expect(getWorkspaceContext()).toBe(expected);
    });

    it('with null as the inner context (core) too', async () => {
      enter();
      expect(withWorkspaceContext(null, () => getWorkspaceContext())).toBeNull();
      expect(getWorkspaceContext()).toBe(expected);
      await expect(
        withWorkspaceContext(null, async () => {
          await immediate();
          throw new Error('x');
        }),
      ).rejects.toThrow('x');
      expect(getWorkspaceContext()).toBe(expected);
    });
  });
});

/** What each context must answer: config classes of three steps the examples override differently. */
const EXPECTED_ANSWERS: Record<string, string> = {
  alice: 'AliceXGBoostTrainingConfig|TabularPreprocessingConfig|PyTorchTrainingConfig',
  bob: 'XGBoostTrainingConfig|BobTabularPreprocessingConfig|PyTorchTrainingConfig',
  carol: 'XGBoostTrainingConfig|TabularPreprocessingConfig|CarolPyTorchTrainingConfig',
  core: 'XGBoostTrainingConfig|TabularPreprocessingConfig|PyTorchTrainingConfig',
};

function currentAnswer(): string {
  return ['XGBoostTraining', 'TabularPreprocessing', 'PyTorchTraining'].map((s) => getConfigClassName(s)).join('|');
}

/** A small pseudo-random generator so a failing run can be reproduced from its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('concurrency (SPEC §4.4, §10.3)', () => {
  it('1000+ interleaved async tasks over alice, bob, carol and core never read another task’s context or answer', async () => {
    const random = rng(20240607);
    const pause = (): Promise<void> => {
      const r = random();
      if (r < 0.4) return sleep(Math.floor(random() * 4));
      if (r < 0.8) return immediate();
      return Promise.resolve();
    };
    const WORKSPACES: (string | null)[] = ['alice', 'bob', 'carol', null];
    const TASKS = 1200;
    const READS_PER_TASK = 5;
    let reads = 0;
    const wrong: string[] = [];

    const body = async (task: number, expectedCtx: string | null | undefined): Promise<void> => {
      const expectedAnswer = EXPECTED_ANSWERS[expectedCtx ?? 'core'];
      for (let k = 0; k < READS_PER_TASK; k++) {
        await pause();
        const ctx = getWorkspaceContext();
        const answer = currentAnswer();
        reads++;
        if (ctx !== expectedCtx || answer !== expectedAnswer) wrong.push(`task ${task} read ${k}: expected ${String(expectedCtx)}/${expectedAnswer}, got ${String(ctx)}/${answer}`);
      }
    };

    const tasks: Promise<void>[] = [];
    for (let i = 0; i < TASKS; i++) {
      const ws = WORKSPACES[i % 4] ?? null;
      switch (Math.floor(i / 4) % 4) {
        case 0:
          // withWorkspaceContext around an async body.
          tasks.push(withWorkspaceContext(ws, () => body(i, ws)));
          break;
        case 1:
          // A task started by the event loop that sets its own context.
          tasks.push(
            new Promise<void>((resolve, reject) => {
              setImmediate(() => {
                setWorkspaceContext(ws);
                body(i, ws).then(resolve, reject);
              });
            }),
          );
          break;
        case 2:
          // An async task that sets its context after its first await.
          tasks.push(
            (async () => {
              await pause();
              setWorkspaceContext(ws);
              await body(i, ws);
            })(),
          );
          break;
        default:
          // A task with no context of its own: it must see the caller's (none → core).
          tasks.push(body(i, undefined));
      }
    }
    await Promise.all(tasks);

    expect(reads).toBe(TASKS * READS_PER_TASK);
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(wrong).toHaveLength(0);
    // The caller's own context is untouched.
    expect(getWorkspaceContext()).toBeUndefined();
  });

  it('concurrent setWorkspaceContext in separate async tasks: each task keeps its own context', async () => {
    const ids = ['alice', 'bob', 'carol', 'alice', 'bob', 'carol'];
    const seen = await Promise.all(
      ids.map(async (id, n) => {
        setWorkspaceContext(id);
        const reads: string[] = [];
        for (let k = 0; k < 6; k++) {
          await sleep((n * 7 + k * 3) % 4);
          await immediate();
          reads.push(`${getWorkspaceContext()}:${getConfigClassName('XGBoostTraining')}`);
        }
        return reads;
      }),
    );
    seen.forEach((reads, n) => {
      const id = ids[n] ?? '';
      const cls = id === 'alice' ? 'AliceXGBoostTrainingConfig' : 'XGBoostTrainingConfig';
      expect(reads).toEqual(Array.from({ length: 6 }, () => `${id}:${cls}`));
    });
  });

  it('a task started with withWorkspaceContext that switches with setWorkspaceContext does not bleed into siblings or the caller (§10.3)', async () => {
    // setWorkspaceContext changes the *current* async execution context (AsyncLocalStorage.enterWith).
    // In the synchronous prefix of a plain async function that is the caller's, so the documented
    // way to give concurrent tasks their own context is withWorkspaceContext (README, "Context").
    const taskA = withWorkspaceContext(null, async () => {
      setWorkspaceContext('alice');
      await sleep(2);
      return [getWorkspaceContext(), getConfigClassName('XGBoostTraining')];
    });
    const taskB = (async () => {
      await sleep(1);
      return [getWorkspaceContext(), getConfigClassName('XGBoostTraining')];
    })();
    const [a, b] = await Promise.all([taskA, taskB]);
    expect(a).toEqual(['alice', 'AliceXGBoostTrainingConfig']);
    expect(b).toEqual([undefined, 'XGBoostTrainingConfig']);
    expect(getWorkspaceContext()).toBeUndefined();
  });
});

describe('workspace ids from untyped callers', () => {
  it('a non-string id is an InvalidWorkspaceIdError, not a TypeError', () => {
    expect(() => withWorkspaceContext(undefined as unknown as string, () => 1)).toThrow(/Invalid workspace id undefined: it is undefined, not a string/);
    expect(() => setWorkspaceContext(123 as unknown as string)).toThrow(/it is number, not a string/);
  });
});
