import { AsyncLocalStorage } from 'node:async_hooks';
import { assertWorkspaceId } from '../model/workspaceId.js';

/** What the async store holds for one context. */
export interface ContextFrame {
  /** A workspace id, or null for "explicitly no workspace" (the core view). */
  readonly workspaceId: string | null;
  /**
   * A memo for the registry: the view this frame resolved to, and for which
   * load (`owner`). Lets a lookup in context skip the id → view map read.
   */
  memo: { owner: unknown; value: unknown } | undefined;
}

// One store for the process. Each async task sees the frame of the call that
// started it, so concurrent tasks in different workspaces never see each other's.
const storage = new AsyncLocalStorage<ContextFrame | undefined>();
const CORE_FRAME: ContextFrame = { workspaceId: null, memo: undefined };

let switches = 0;

function frameFor(workspaceId: string | null): ContextFrame {
  if (workspaceId === null) return CORE_FRAME;
  assertWorkspaceId(workspaceId);
  return { workspaceId, memo: undefined };
}

/**
 * Set the workspace context for the rest of the current async execution
 * (this call's continuation and tasks it starts). `null` pins the core view.
 *
 * @throws InvalidWorkspaceIdError when `workspaceId` is not a valid id.
 */
export function setWorkspaceContext(workspaceId: string | null): void {
  const frame = frameFor(workspaceId);
  switches++;
  storage.enterWith(frame);
}

/**
 * The workspace context set by {@link setWorkspaceContext} or
 * {@link withWorkspaceContext}: an id, `null` for an explicit "no workspace",
 * or `undefined` when none is set (lookups then fall back to `CURSUS_WORKSPACE_ID`).
 */
export function getWorkspaceContext(): string | null | undefined {
  return storage.getStore()?.workspaceId;
}

/** The current context frame itself (for the registry's per-frame memo), or undefined. */
export function getWorkspaceFrame(): ContextFrame | undefined {
  return storage.getStore();
}

/** Remove the workspace context of the current async execution. */
export function clearWorkspaceContext(): void {
  switches++;
  storage.enterWith(undefined);
}

/**
 * Run `fn` with `workspaceId` as the context and return its result (a Promise
 * for an async `fn`). The outer context is restored afterwards — also when
 * `fn` throws — and is never visible to, or changed by, `fn`'s tasks.
 *
 * @example
 * const cls = await withWorkspaceContext('alice', async () => getConfigClassName('XGBoostTraining'));
 */
export function withWorkspaceContext<T>(workspaceId: string | null, fn: () => T): T {
  const frame = frameFor(workspaceId);
  switches++;
  return storage.run(frame, fn);
}

/** How many times a context was set, cleared or entered (a health metric). */
export function getWorkspaceContextSwitchCount(): number {
  return switches;
}
