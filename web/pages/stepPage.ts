import { html } from 'htm/preact';
import { useApi } from '../live.js';
import { href, navigate } from '../router.js';
import { Badge, ErrorBox, FileLine, type StepRecord } from '../shared.js';
import { ViewPicker } from './stepsPage.js';

/** What `GET /api/v1/resolve/{name}` answers (the fields shown). */
interface Resolution {
  resolved: boolean;
  resolution_strategy: string | null;
  reason: string | null;
  explanation: string[];
  ambiguous: boolean;
  selected_definition: StepRecord | null;
  conflicting_definitions: StepRecord[];
  skipped_workspaces?: { workspace_id: string; reason: string }[];
}

const FIELDS = ['config_class', 'builder_step_name', 'spec_type', 'sagemaker_step_type', 'description', 'framework', 'priority', 'environment_tags'] as const;
const show = (v: unknown) => (Array.isArray(v) ? v.join(', ') : v === null || v === undefined ? '—' : String(v));

/** One step: its definition in every view side by side with core (differences marked), and its resolution for a chosen context. */
export function StepPage({ name, query }: { name: string; query: URLSearchParams }) {
  const ctx = { workspace: query.get('workspace') ?? '', framework: query.get('framework') ?? '', environment: query.get('environment') ?? '', mode: query.get('mode') ?? '' };
  const all = useApi<Resolution>(href(`/api/v1/resolve/${encodeURIComponent(name)}`));
  const chosen = useApi<Resolution>(href(`/api/v1/resolve/${encodeURIComponent(name)}`, ctx));
  const set = (key: keyof typeof ctx, value: string) => navigate(href(`/steps/${encodeURIComponent(name)}`, { ...ctx, [key]: value }), true);
  const defs = all.data?.conflicting_definitions ?? [];
  const core = defs.find((d) => d.registry_type === 'core');
  const r = chosen.data;
  return html`<section>
    <h1>${name}</h1>
    <${ErrorBox} error=${all.error} />
    <h2>Definitions</h2>
    <div class="compare" data-testid="definitions">
      <table>
        <thead><tr><th></th>${defs.map((d) => html`<th><${Badge} def=${d} /></th>`)}</tr></thead>
        <tbody>
          ${FIELDS.map(
            (f) => html`<tr><th scope="row">${f}</th>
              ${defs.map((d) => {
                const differs = core !== undefined && d !== core && show(d[f]) !== show(core[f]);
                return html`<td class=${differs ? 'differs' : ''} title=${differs ? `core: ${show(core[f])}` : ''}>${show(d[f])}</td>`;
              })}</tr>`,
          )}
          <tr><th scope="row">file</th>${defs.map((d) => html`<td><${FileLine} source=${d.source} /></td>`)}</tr>
        </tbody>
      </table>
    </div>
    <h2>Resolution</h2>
    <div class="filters">
      <${ViewPicker} label="Workspace asking" value=${ctx.workspace} onChange=${(v: string) => set('workspace', v)} />
      <label>Framework<input data-testid="framework" value=${ctx.framework} onChange=${(e: Event) => set('framework', (e.target as HTMLInputElement).value)} /></label>
      <label>Environment<input data-testid="environment" placeholder="a,b" value=${ctx.environment} onChange=${(e: Event) => set('environment', (e.target as HTMLInputElement).value)} /></label>
      <label>Mode<select value=${ctx.mode} onChange=${(e: Event) => set('mode', (e.target as HTMLSelectElement).value)}>
        <option value="">automatic</option><option value="strict">strict</option></select></label>
    </div>
    <${ErrorBox} error=${chosen.error} />
    ${r
      ? html`<div class="resolution" data-testid="resolution">
          <p>${r.selected_definition ? html`Chose <${Badge} def=${r.selected_definition} /> — <code>${r.selected_definition.config_class}</code>` : 'Not resolved'}
            ${r.resolution_strategy ? html` <span class="strategy">${r.resolution_strategy}</span>` : null}
            ${r.ambiguous ? html` <span class="badge badge-warn">ambiguous</span>` : null}</p>
          <ol class="explanation" data-testid="explanation">${r.explanation.map((line) => html`<li>${line}</li>`)}</ol>
          ${(r.skipped_workspaces ?? []).length ? html`<p class="warn">Skipped (failed to load): ${(r.skipped_workspaces ?? []).map((s) => s.workspace_id).join(', ')}</p>` : null}
          <h3>Candidates</h3>
          <table><thead><tr><th>Origin</th><th>Config class</th><th>Priority</th><th>Framework</th><th>Environment</th><th>File</th></tr></thead>
            <tbody>${r.conflicting_definitions.map(
              (d) => html`<tr class=${r.selected_definition && d.workspace_id === r.selected_definition.workspace_id && d.registry_type === r.selected_definition.registry_type ? 'chosen' : ''}>
                <td><${Badge} def=${d} /></td><td>${d.config_class}</td><td>${show(d.priority)}</td><td>${show(d.framework)}</td><td>${show(d.environment_tags)}</td><td><${FileLine} source=${d.source} /></td></tr>`,
            )}</tbody></table>
        </div>`
      : null}
  </section>`;
}
