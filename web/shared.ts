import { html } from 'htm/preact';
import type { Finding } from './live.js';

/** A step definition as the API sends it (fields the pages use). */
export interface StepRecord {
  name?: string;
  config_class: string;
  builder_step_name: string;
  spec_type: string;
  sagemaker_step_type: string;
  description: string;
  registry_type: 'core' | 'workspace' | 'override';
  workspace_id: string | null;
  framework?: string | null;
  priority?: number;
  environment_tags?: string[];
  source?: { file: string | null; line: number | null } | null;
}

/** The origin of a definition: core, workspace (local) or override. */
export function originOf(def: Pick<StepRecord, 'registry_type'>): 'core' | 'workspace' | 'override' {
  return def.registry_type;
}

/** An origin badge: `core`, `workspace (alice)`, `override (alice)`. */
export function Badge({ def }: { def: Pick<StepRecord, 'registry_type' | 'workspace_id'> }) {
  const kind = originOf(def);
  return html`<span class=${`badge badge-${kind}`} data-origin=${kind}>${kind}${def.workspace_id ? ` · ${def.workspace_id}` : ''}</span>`;
}

/** `file:line`, shortened to the part after the last `/examples/`, `/developers/` or the last 3 segments. */
export function FileLine({ source }: { source?: { file: string | null; line: number | null; column?: number | null } | null }) {
  if (!source?.file) return html`<span class="muted">—</span>`;
  const parts = source.file.split('/');
  const short = parts.length > 4 ? `…/${parts.slice(-4).join('/')}` : source.file;
  return html`<code class="fileline" title=${source.file}>${short}${source.line ? `:${source.line}` : ''}${source.line && source.column ? `:${source.column}` : ''}</code>`;
}

/** A finding as one line with its place and hint. */
export function FindingLine({ finding }: { finding: Finding }) {
  return html`<li class=${`finding finding-${finding.severity}`}>
    <strong>${finding.code}</strong> ${finding.message}
    ${finding.file ? html` <${FileLine} source=${{ file: finding.file, line: finding.line, column: finding.column }} />` : null}
    ${finding.hint ? html`<div class="hint">${finding.hint}</div>` : null}
  </li>`;
}

/** An API error box (keeps the page's last good data around it). */
export function ErrorBox({ error }: { error: Finding | null }) {
  if (!error) return null;
  return html`<div class="error-box" role="alert"><strong>${error.code}</strong>: ${error.message}
    ${error.suggestions?.length ? html`<div>Did you mean: ${error.suggestions.join(', ')}?</div>` : null}
    ${error.hint ? html`<div class="hint">${error.hint}</div>` : null}</div>`;
}

/** Workspace ids for pickers. */
export interface WorkspaceSummaryRecord {
  id: string;
  status: string;
}
