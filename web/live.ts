import type { FindingJson } from '../src/model/findingJson.js';
import { useEffect, useState } from 'preact/hooks';

/** A finding as the API sends it (the library's JSON renderer of findings). */
export type Finding = FindingJson;

/** The registry change the server reported last: a broken edit keeps the data and shows a banner. */
export interface LiveState {
  /** Bumped on every `reload`: pages refetch. */
  generation: number;
  version: string | null;
  /** Open problems from `error` events, by workspace (`''` = core), until a reload says they are fixed. */
  problems: Map<string, { workspace_id: string | null; error: Finding | null }>;
  connected: boolean;
}

let state: LiveState = { generation: 0, version: null, problems: new Map(), connected: false };
const listeners = new Set<(s: LiveState) => void>();

function publish(next: LiveState): void {
  state = next;
  for (const l of listeners) l(state);
}

/** Connect to `/api/v1/events` once; EventSource reconnects by itself. */
export function connectLive(): void {
  const source = new EventSource('/api/v1/events');
  source.addEventListener('open', () => publish({ ...state, connected: true }));
  source.addEventListener('ready', (e) => {
    const { version } = JSON.parse((e as MessageEvent<string>).data) as { version: string };
    // Reconnected to a server that moved on: refetch.
    publish({ ...state, connected: true, version, generation: state.version !== null && state.version !== version ? state.generation + 1 : state.generation });
  });
  source.addEventListener('reload', (e) => {
    const event = JSON.parse((e as MessageEvent<string>).data) as { version: string; stale: { workspace_id: string; error: Finding | null }[]; changed: string[]; core_changed: boolean };
    const problems = new Map(state.problems);
    // A changed workspace that is not stale any more is fixed; stale ones keep (or get) their banner.
    for (const id of event.changed) problems.delete(id);
    if (event.core_changed) problems.delete('');
    for (const s of event.stale) problems.set(s.workspace_id, s);
    publish({ ...state, version: event.version, generation: state.generation + 1, problems });
  });
  // `error` is both the server's event (with data) and EventSource's own connection error (without).
  source.addEventListener('error', (e) => {
    const data = (e as MessageEvent<string>).data;
    if (typeof data !== 'string') return publish({ ...state, connected: false });
    const event = JSON.parse(data) as { version: string; workspace_id: string | null; error: Finding | null };
    const problems = new Map(state.problems);
    problems.set(event.workspace_id ?? '', { workspace_id: event.workspace_id, error: event.error });
    publish({ ...state, version: event.version, problems });
  });
}

/** The live state, re-rendering on change. */
export function useLive(): LiveState {
  const [s, set] = useState(state);
  useEffect(() => {
    listeners.add(set);
    set(state);
    return () => void listeners.delete(set);
  }, []);
  return s;
}

/** Result of {@link useApi}: the last good data stays while a refetch runs or fails. */
export interface ApiState<T> {
  data: T | null;
  error: Finding | null;
  loading: boolean;
}

/** GET `path` (JSON) and again on every registry reload; keeps the last good data on failure. */
export function useApi<T>(path: string | null): ApiState<T> {
  const { generation } = useLive();
  const [result, setResult] = useState<ApiState<T>>({ data: null, error: null, loading: path !== null });
  useEffect(() => {
    if (path === null) return;
    let cancelled = false;
    setResult((r) => ({ ...r, loading: true }));
    fetch(path, { headers: { Accept: 'application/json' } })
      .then(async (res) => {
        const body = (await res.json()) as unknown;
        if (cancelled) return;
        if (res.ok || res.status === 503) setResult({ data: body as T, error: null, loading: false });
        else setResult((r) => ({ data: r.data, error: (body as { error: Finding }).error, loading: false }));
      })
      .catch((error: unknown) => {
        if (!cancelled) setResult((r) => ({ ...r, loading: false, error: { code: 'NETWORK', severity: 'error', message: String(error), file: null, line: null, column: null, workspace_id: null, step: null, field: null, hint: null, suggestions: [] } }));
      });
    return () => {
      cancelled = true;
    };
  }, [path, generation]);
  return result;
}
