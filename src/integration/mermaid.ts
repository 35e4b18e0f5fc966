import type { PipelineManifest, PipelineManifestNode } from './pipelineManifest.js';

/** Words a mermaid flowchart parses as keywords: a node with such a name gets another id. */
const RESERVED_IDS = new Set(['end', 'graph', 'flowchart', 'subgraph', 'style', 'class', 'classdef', 'click', 'linkstyle', 'direction', 'default']);

/** Where a node's step comes from: `core`, `alice (override)`, `bob (local)`; plus the view when it differs. */
function originOf(node: PipelineManifestNode): string {
  const def = node.definition;
  const origin = def.workspace_id === null ? 'core' : `${def.workspace_id} (${def.registry_type === 'override' ? 'override' : 'local'})`;
  return node.workspace_id !== null && def.workspace_id === null ? `core, in view ${node.workspace_id}` : origin;
}

/** Mermaid class of a node: core, override or local — one colour each. */
function classOf(node: PipelineManifestNode): 'core' | 'override' | 'local' {
  const def = node.definition;
  return def.workspace_id === null ? 'core' : def.registry_type === 'override' ? 'override' : 'local';
}

/**
 * A mermaid flowchart of a manifest: one box per node showing the node name,
 * its step and where the step comes from (core or a workspace), one arrow
 * per dependency, and colours for core / workspace override / workspace-local steps.
 *
 * @example
 * pipelineToMermaid(manifest);
 * // flowchart TD
 * //   train["train<br/>XGBoostTraining<br/>alice (override)"]:::override
 * //   preprocess --> train
 */
export function pipelineToMermaid(manifest: PipelineManifest): string {
  const ids = new Map<string, string>();
  const taken = new Set(manifest.nodes.map((n) => n.name));
  for (const node of manifest.nodes) {
    let id = node.name;
    if (RESERVED_IDS.has(id.toLowerCase())) {
      id = `${node.name}_node`;
      for (let n = 2; taken.has(id); n++) id = `${node.name}_node${n}`;
      taken.add(id);
    }
    ids.set(node.name, id);
  }
  const byName = new Map(manifest.nodes.map((n) => [n.name, n]));
  const lines = ['flowchart TD'];
  for (const name of manifest.order) {
    const node = byName.get(name);
    if (node) lines.push(`  ${ids.get(name)}["${node.name}<br/>${node.step}<br/>${originOf(node)}"]:::${classOf(node)}`);
  }
  for (const edge of manifest.edges) lines.push(`  ${ids.get(edge.from)} --> ${ids.get(edge.to)}`);
  const used = new Set(manifest.nodes.map(classOf));
  if (used.has('core')) lines.push('  classDef core fill:#eef2ff,stroke:#6366f1');
  if (used.has('override')) lines.push('  classDef override fill:#fff7ed,stroke:#f97316');
  if (used.has('local')) lines.push('  classDef local fill:#ecfdf5,stroke:#10b981');
  return `${lines.join('\n')}\n`;
}
