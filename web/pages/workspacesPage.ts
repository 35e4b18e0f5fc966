import { html } from 'htm/preact';
import { useApi, type Finding } from '../live.js';
import { href } from '../router.js';
import { ErrorBox, FindingLine } from '../shared.js';

/** A workspace as `GET /api/v1/workspaces/{id}` answers it (fields shown). */
interface WorkspaceRecord {
  id: string;
  status: string;
  registry_file?: string | null;
  metadata?: Record<string, unknown> | null;
  local_steps?: string[];
  step_overrides?: string[];
  findings?: Finding[];
  error?: string | null;
  stale?: string | null;
}

const names = (list: string[] | undefined, workspace: string) =>
  (list ?? []).length ? (list ?? []).map((n, i) => html`${i ? ', ' : ''}<a href=${href(`/steps/${encodeURIComponent(n)}`, { workspace })}>${n}</a>`) : html`<span class="muted">none</span>`;

function WorkspaceCard({ id }: { id: string }) {
  const ws = useApi<WorkspaceRecord>(`/api/v1/workspaces/${encodeURIComponent(id)}`);
  const w = ws.data;
  return html`<article class="card" data-workspace=${id}>
    <h2><a href=${`/workspaces/${encodeURIComponent(id)}`}>${id}</a> <span class=${`badge badge-status-${w?.status ?? 'loading'}`}>${w?.status ?? '…'}</span>
      ${w?.stale ? html` <span class="badge badge-warn">serving last good version</span>` : null}</h2>
    <${ErrorBox} error=${ws.error} />
    ${w
      ? html`
          ${w.error ? html`<p class="warn">${w.error}</p>` : null}
          <dl class="meta">${Object.entries(w.metadata ?? {}).map(([k, v]) => html`<dt>${k}</dt><dd>${Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}</dd>`)}</dl>
          <p><strong>Local steps:</strong> ${names(w.local_steps, id)}</p>
          <p><strong>Overrides:</strong> ${names(w.step_overrides, id)}</p>
          ${(w.findings ?? []).length ? html`<h3>Findings</h3><ul class="findings">${(w.findings ?? []).map((f) => html`<${FindingLine} finding=${f} />`)}</ul>` : html`<p class="muted">No findings.</p>`}`
      : null}
  </article>`;
}

/** Every workspace (or one): metadata, local steps, overrides, health and findings. */
export function WorkspacesPage({ selected }: { selected: string | null }) {
  const list = useApi<{ id: string }[]>('/api/v1/workspaces');
  const ids = selected ? [selected] : (list.data ?? []).map((w) => w.id);
  return html`<section>
    <h1>Workspaces ${selected ? html`<small><a href="/workspaces">all</a></small>` : null}</h1>
    <${ErrorBox} error=${list.error} />
    <div class="cards">${ids.map((id) => html`<${WorkspaceCard} key=${id} id=${id} />`)}</div>
  </section>`;
}
