import { html } from 'htm/preact';
import { useApi } from '../live.js';
import { href } from '../router.js';
import { Badge, ErrorBox, FileLine, type StepRecord } from '../shared.js';

function Resolved({ name }: { name: string }) {
  const r = useApi<{ selected_definition: StepRecord | null; resolution_strategy: string | null; ambiguous: boolean }>(`/api/v1/resolve/${encodeURIComponent(name)}`);
  if (!r.data) return html`<span class="muted">…</span>`;
  const d = r.data.selected_definition;
  return html`<span>${d ? html`<${Badge} def=${d} />` : 'unresolved'} <span class="strategy">${r.data.resolution_strategy ?? ''}</span>${r.data.ambiguous ? html` <span class="badge badge-warn">ambiguous</span>` : null}</span>`;
}

/** Every name defined by two or more workspaces, its candidates and how it resolves without a context. */
export function ConflictsPage() {
  const conflicts = useApi<Record<string, StepRecord[]>>('/api/v1/conflicts');
  const entries = Object.entries(conflicts.data ?? {});
  return html`<section>
    <h1>Conflicts</h1>
    <${ErrorBox} error=${conflicts.error} />
    ${conflicts.data && entries.length === 0 ? html`<p>No step is defined by more than one workspace.</p>` : null}
    ${entries.map(
      ([name, defs]) => html`<article class="card" data-conflict=${name}>
        <h2><a href=${href(`/steps/${encodeURIComponent(name)}`)}>${name}</a> <small>resolves to <${Resolved} name=${name} /></small></h2>
        <table><thead><tr><th>Origin</th><th>Config class</th><th>Priority</th><th>Framework</th><th>Environment</th><th>File</th></tr></thead>
          <tbody>${defs.map((d) => html`<tr><td><${Badge} def=${d} /></td><td>${d.config_class}</td><td>${d.priority ?? ''}</td><td>${d.framework ?? '—'}</td><td>${(d.environment_tags ?? []).join(', ') || '—'}</td><td><${FileLine} source=${d.source} /></td></tr>`)}</tbody></table>
      </article>`,
    )}
  </section>`;
}
