import type { Finding } from '../model/finding.js';
import { definitionToJSON, type StepDefinition } from '../model/stepDefinition.js';
import type { BasePipelineConfig } from './basePipelineConfig.js';

/** A step's config: a {@link BasePipelineConfig} (or subclass) instance, or plain values. */
export type PipelineStepConfig = BasePipelineConfig | Readonly<Record<string, unknown>>;

/** Where a pipeline node was declared (set by the spec-file loader), so errors can point at it. */
export interface PipelineNodeSource {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

/** One node of a built pipeline. */
export interface PipelineManifestNode {
  /** Node name, unique in the pipeline. */
  readonly name: string;
  /** The registry step the node runs. */
  readonly step: string;
  /** The workspace whose view the step was resolved in (null = core view). */
  readonly workspace_id: string | null;
  /** Node names this node depends on, as given. */
  readonly depends_on: readonly string[];
  readonly config: PipelineStepConfig;
  /** The resolved definition; its `source`, `registry_type` and `workspace_id` say where it comes from. */
  readonly definition: StepDefinition;
  /** Where the node was declared, when it came from a spec file. */
  readonly source: PipelineNodeSource | null;
}

/** A dependency edge: `from` runs before `to`. */
export interface PipelineEdge {
  readonly from: string;
  readonly to: string;
}

/** What {@link PipelineAssembler.build} returns. */
export interface PipelineManifest {
  readonly name: string | null;
  /** Nodes in the order they were added. */
  readonly nodes: readonly PipelineManifestNode[];
  /** One edge per `depends_on` entry, in node order, then `depends_on` order. */
  readonly edges: readonly PipelineEdge[];
  /** Topological order; ties go to the node name first in code-unit order. */
  readonly order: readonly string[];
  /** What builds but looks wrong: a node whose job type its step does not declare (`UNDECLARED_JOB_TYPE`). */
  readonly warnings: readonly Finding[];
}

/** A config as JSON values: a class instance's own enumerable fields, functions dropped. */
function configToJSON(config: PipelineStepConfig): unknown {
  return JSON.parse(JSON.stringify(config) ?? '{}') as unknown;
}

/**
 * A manifest as plain JSON data (snake_case, like the registry files):
 * `{ pipeline, nodes: [{ name, step, workspace_id, depends_on, config, config_class, definition }], edges, order }`.
 * `config_class` is the config's class name, or null for a plain object.
 */
export function pipelineManifestToJSON(manifest: PipelineManifest): Record<string, unknown> {
  return {
    pipeline: manifest.name,
    nodes: manifest.nodes.map((node) => {
      const proto: unknown = Object.getPrototypeOf(node.config);
      return {
        name: node.name,
        step: node.step,
        workspace_id: node.workspace_id,
        depends_on: [...node.depends_on],
        config: configToJSON(node.config),
        config_class: proto === Object.prototype || proto === null ? null : node.config.constructor.name,
        definition: definitionToJSON(node.definition),
      };
    }),
    edges: manifest.edges.map((edge) => ({ from: edge.from, to: edge.to })),
    order: [...manifest.order],
  };
}
