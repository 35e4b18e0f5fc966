/**
 * Pipeline query: assemble a pipeline spec (a file, or YAML/JSON text) against
 * the registry and return the manifest record or a mermaid flowchart.
 */
import type { HybridRegistryManager } from '../engine/hybridRegistryManager.js';
import { pipelineToMermaid } from '../integration/mermaid.js';
import { pipelineManifestToJSON, type PipelineManifest } from '../integration/pipelineManifest.js';
import { buildPipelineSpec, parsePipelineSpec, readPipelineSpec } from '../integration/pipelineSpec.js';
import { findingToJson, type FindingJson } from '../model/findingJson.js';

/** Where the spec comes from: a file path, or text (YAML, which includes JSON) labelled for error positions. */
export type PipelineSpecSource = { readonly file: string } | { readonly text: string; readonly label?: string };

/** Read, validate and assemble a spec: every node resolved in its own workspace. */
export function assemblePipeline(registry: HybridRegistryManager, source: PipelineSpecSource): PipelineManifest {
  const spec = 'file' in source ? readPipelineSpec(source.file) : parsePipelineSpec(source.text, source.label);
  return buildPipelineSpec(spec, { registry });
}

/** The built pipeline: the manifest as JSON data, or mermaid flowchart text. */
export type PipelineRecord = { readonly format: 'json'; readonly manifest: Record<string, unknown> } | { readonly format: 'mermaid'; readonly mermaid: string };

/**
 * Build a pipeline and render it.
 *
 * @throws RegistryLoadError (unreadable or unparsable spec), PipelineInvalidError, UnknownStepError, UnknownWorkspaceError, AmbiguousStepError.
 * @example
 * buildPipelineRecord(registry, { file: 'examples/pipelines/multi_developer_pipeline.yaml' }, 'mermaid');
 */
export function buildPipelineRecord(registry: HybridRegistryManager, source: PipelineSpecSource, format: 'json' | 'mermaid' = 'json'): PipelineRecord {
  return pipelineRecordOf(assemblePipeline(registry, source), format);
}

/** Render an assembled manifest as a {@link PipelineRecord}. */
export function pipelineRecordOf(manifest: PipelineManifest, format: 'json' | 'mermaid'): PipelineRecord {
  return format === 'mermaid' ? { format, mermaid: pipelineToMermaid(manifest) } : { format, manifest: pipelineManifestToJSON(manifest) };
}

/** What `pipeline validate` reports about a spec that builds (its JSON output). */
export interface PipelineValidationRecord {
  readonly ok: true;
  /** The pipeline's `name`, or null. */
  readonly name: string | null;
  /** The spec file, as the caller names it. */
  readonly file: string;
  readonly nodes: number;
  readonly edges: number;
  /** Node names in run (topological) order. */
  readonly order: readonly string[];
  /** Workspaces the nodes resolve in, sorted (core-only nodes add none). */
  readonly workspaces: readonly string[];
  readonly warnings: readonly FindingJson[];
}

/** Summarize an assembled manifest as a {@link PipelineValidationRecord}. */
export function pipelineValidationRecord(manifest: PipelineManifest, file: string): PipelineValidationRecord {
  const workspaces = [...new Set(manifest.nodes.map((n) => n.workspace_id).filter((id): id is string => id !== null))].sort();
  return {
    ok: true,
    name: manifest.name,
    file,
    nodes: manifest.nodes.length,
    edges: manifest.edges.length,
    order: [...manifest.order],
    workspaces,
    warnings: manifest.warnings.map(findingToJson),
  };
}
