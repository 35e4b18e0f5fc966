import { html } from 'htm/preact';
import { useApi } from '../live.js';
import { href, navigate } from '../router.js';
import { Badge, ErrorBox, FileLine, type StepRecord, type WorkspaceSummaryRecord } from '../shared.js';

const FILTERS = ['workspace', 'q', 'type', 'framework', 'origin'] as const;

/** The view picker: core or one workspace. */
export function ViewPicker({ value, onChange, label = 'View' }: { value: string; onChange: (v: string) => void; label?: string }) {
  const workspaces = useApi<WorkspaceSummaryRecord[]>('/api/v1/workspaces');
  return html`<label>${label}
    <select data-testid="view-picker" value=${value} onChange=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}>
      <option value="">core</option>
      ${(workspaces.data ?? []).map((w) => html`<option value=${w.id}>${w.id}${w.status === 'failed' ? ' (failed)' : ''}</option>`)}
    </select></label>`;
}

/** Steps of a view with search and filters; every filter lives in the URL. */
export function StepsPage({ query }: { query: URLSearchParams }) {
  const workspace = query.get('workspace') ?? '';
  const q = query.get('q') ?? '';
  const type = query.get('type') ?? '';
  const framework = query.get('framework') ?? '';
  const origin = query.get('origin') ?? '';
  const steps = useApi<Record<string, StepRecord>>(href('/api/v1/steps', { workspace }));
  const set = (key: (typeof FILTERS)[number], value: string) => {
    const next: Record<string, string> = {};
    for (const k of FILTERS) next[k] = k === key ? value : (query.get(k) ?? '');
    navigate(href('/', next), key === 'q');
  };
  const all = Object.entries(steps.data ?? {});
  const types = [...new Set(all.map(([, d]) => d.sagemaker_step_type))].sort();
  const frameworks = [...new Set(all.map(([, d]) => d.framework ?? '').filter(Boolean))].sort();
  const needle = q.toLowerCase();
  const rows = all.filter(
    ([name, d]) =>
      (!needle || `${name} ${d.config_class} ${d.builder_step_name} ${d.description}`.toLowerCase().includes(needle)) &&
      (!type || d.sagemaker_step_type === type) &&
      (!framework || (d.framework ?? '') === framework) &&
      (!origin || d.registry_type === origin),
  );
  const select = (key: 'type' | 'framework' | 'origin', label: string, value: string, options: string[]) =>
    html`<label>${label}<select data-testid=${`filter-${key}`} value=${value} onChange=${(e: Event) => set(key, (e.target as HTMLSelectElement).value)}>
      <option value="">any</option>${options.map((o) => html`<option value=${o}>${o}</option>`)}</select></label>`;
  return html`<section>
    <h1>Steps <small class="muted">${workspace ? `view of workspace ${workspace}` : 'core view'}</small></h1>
    <div class="filters">
      <${ViewPicker} value=${workspace} onChange=${(v: string) => set('workspace', v)} />
      <label>Search<input type="search" data-testid="search" placeholder="name, class, description" value=${q} onInput=${(e: Event) => set('q', (e.target as HTMLInputElement).value)} /></label>
      ${select('type', 'SageMaker type', type, types)}
      ${select('framework', 'Framework', framework, frameworks)}
      ${select('origin', 'Origin', origin, ['core', 'workspace', 'override'])}
    </div>
    <${ErrorBox} error=${steps.error} />
    <p class="muted" data-testid="step-count">${rows.length} of ${all.length} steps</p>
    <table class="steps" data-testid="steps-table">
      <thead><tr><th>Step</th><th>Config class</th><th>Builder</th><th>SageMaker type</th><th>Framework</th><th>Origin</th><th>File</th></tr></thead>
      <tbody>
        ${rows.map(
          ([name, d]) => html`<tr data-step=${name}>
            <td><a href=${href(`/steps/${encodeURIComponent(name)}`, { workspace })}>${name}</a></td>
            <td>${d.config_class}</td><td>${d.builder_step_name}</td><td>${d.sagemaker_step_type}</td><td>${d.framework ?? ''}</td>
            <td><${Badge} def=${d} /></td><td><${FileLine} source=${d.source} /></td>
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
