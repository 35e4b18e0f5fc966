import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Finding } from '../live.js';
import { FindingLine } from '../shared.js';

/** A manifest node as `POST /api/v1/pipelines/build?format=json` answers it (fields used). */
interface ManifestNode {
  name: string;
  step: string;
  workspace_id: string | null;
  definition: { registry_type: string; workspace_id: string | null };
}
interface Manifest {
  pipeline: string | null;
  nodes: ManifestNode[];
  edges: { from: string; to: string }[];
}

const PALETTE = ['#f97316', '#10b981', '#8b5cf6', '#ec4899', '#0ea5e9', '#eab308', '#14b8a6', '#ef4444'];
const CORE_COLOUR = '#94a3b8';

/** Where a node's step comes from: its definition's workspace, or core. */
const originOf = (n: ManifestNode) => n.definition.workspace_id ?? 'core';
/** Mermaid label text: only characters that cannot break out of a quoted label. */
const label = (s: string) => s.replace(/[^A-Za-z0-9_.\- ()]/g, '?');

/** Colour of each origin: core grey, workspaces from the palette in id order. */
export function coloursOf(manifest: Manifest): Map<string, string> {
  const origins = [...new Set(manifest.nodes.map(originOf))].filter((o) => o !== 'core').sort();
  const colours = new Map<string, string>([['core', CORE_COLOUR]]);
  origins.forEach((o, i) => colours.set(o, PALETTE[i % PALETTE.length] as string));
  return colours;
}

/** A mermaid flowchart of the manifest with nodes coloured by the workspace their step comes from. */
export function manifestToMermaid(manifest: Manifest, colours: Map<string, string>): string {
  const ids = new Map(manifest.nodes.map((n, i) => [n.name, `n${i}`]));
  const classes = new Map([...colours.keys()].map((o, i) => [o, `c${i}`]));
  const lines = ['flowchart LR'];
  for (const n of manifest.nodes) {
    const origin = originOf(n);
    lines.push(`  ${ids.get(n.name)}["${label(n.name)}<br/>${label(n.step)}<br/>${label(origin === 'core' ? 'core' : `${origin} (${n.definition.registry_type})`)}"]:::${classes.get(origin)}`);
  }
  for (const e of manifest.edges) lines.push(`  ${ids.get(e.from)} --> ${ids.get(e.to)}`);
  for (const [origin, cls] of classes) lines.push(`  classDef ${cls} fill:${colours.get(origin)}33,stroke:${colours.get(origin)},stroke-width:2px`);
  return lines.join('\n');
}

let renders = 0;

/** Paste or upload a pipeline spec; the DAG is drawn with mermaid (loaded only on this page). */
export function PipelinePage() {
  const [spec, setSpec] = useState('');
  const [manifest, setManifest] = useState<Manifest | null>(null);
  const [findings, setFindings] = useState<Finding[]>([]);
  const [busy, setBusy] = useState(false);
  const graph = useRef<HTMLDivElement>(null);

  const build = async () => {
    setBusy(true);
    try {
      const res = await fetch('/api/v1/pipelines/build?format=json', { method: 'POST', body: spec, headers: { 'Content-Type': spec.trimStart().startsWith('{') ? 'application/json' : 'application/yaml' } });
      const body = (await res.json()) as Manifest & { error?: Finding; findings?: Finding[] };
      if (res.ok) {
        setManifest(body);
        setFindings([]);
      } else {
        setManifest(null);
        setFindings(body.findings ?? (body.error ? [body.error] : []));
      }
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    const target = graph.current;
    if (!manifest || !target) return;
    let cancelled = false;
    void import('mermaid').then(async ({ default: mermaid }) => {
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral', flowchart: { htmlLabels: false } });
      const { svg } = await mermaid.render(`pipeline-graph-${++renders}`, manifestToMermaid(manifest, coloursOf(manifest)));
      // mermaid's output is sanitised (securityLevel strict) and every label was reduced to safe characters.
      if (!cancelled) target.innerHTML = svg;
    });
    return () => {
      cancelled = true;
    };
  }, [manifest]);

  const upload = (e: Event) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) void file.text().then(setSpec);
  };
  const colours = manifest ? coloursOf(manifest) : new Map<string, string>();
  return html`<section>
    <h1>Pipeline</h1>
    <p class="muted">Paste or upload a pipeline spec (YAML or JSON, as for <code>cursus pipeline build</code>); each node's step is resolved in its workspace.</p>
    <div class="pipeline-input">
      <textarea data-testid="spec" aria-label="Pipeline spec" rows="14" value=${spec} onInput=${(e: Event) => setSpec((e.target as HTMLTextAreaElement).value)}></textarea>
      <div><label>Upload <input type="file" accept=".yaml,.yml,.json" onChange=${upload} /></label>
      <button data-testid="build" onClick=${build} disabled=${busy || !spec.trim()}>Build</button></div>
    </div>
    ${findings.length ? html`<ul class="findings" data-testid="pipeline-errors">${findings.map((f) => html`<${FindingLine} finding=${f} />`)}</ul>` : null}
    ${manifest
      ? html`<div data-testid="pipeline-result">
          <ul class="legend">${[...colours].map(([o, c]) => html`<li><span class="swatch" style=${{ background: c }}></span>${o}</li>`)}</ul>
          <div class="graph" ref=${graph} data-testid="pipeline-graph"></div>
        </div>`
      : null}
  </section>`;
}
