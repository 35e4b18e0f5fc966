/**
 * Assemble a pipeline from steps of core and of several developer workspaces
 * (the plan's example 4), each resolved in its own workspace's isolated view.
 */
import { getGlobalRegistryManager } from '../compat/globalRegistry.js';
import type { HybridRegistryManager } from '../engine/hybridRegistryManager.js';
import { closestMatch, closestMatches } from '../model/closestMatch.js';
import { PipelineInvalidError, UnknownStepError, UnknownWorkspaceError, type RegistryErrorDetails } from '../model/errors.js';
import type { Finding } from '../model/finding.js';
import { STEP_NAME_PATTERN } from '../model/stepDefinition.js';
import { undeclaredJobType } from './nodeJobType.js';
import type { PipelineEdge, PipelineManifest, PipelineManifestNode, PipelineNodeSource, PipelineStepConfig } from './pipelineManifest.js';
import { selectWorkspace } from './workspaceSelection.js';
import { compareCodeUnits } from '../model/codeUnitOrder.js';

/** Node names: identifiers, so they are safe as ids in mermaid and other graph formats. */
export const NODE_NAME_PATTERN: RegExp = STEP_NAME_PATTERN;

/** Options of {@link PipelineAssembler.addStep} (SPEC §8). */
export interface AddStepOptions {
  /** The step's config; its `workspace_id`, if set, chooses the workspace when `workspace` is not given. */
  readonly config: PipelineStepConfig;
  /**
   * The workspace whose view resolves the step; null pins the core view.
   * Default (undefined): `config.workspace_id` > async context > `CURSUS_WORKSPACE_ID` > core.
   */
  readonly workspace?: string | null;
  /** Names of the nodes this node runs after. */
  readonly dependsOn?: readonly string[];
  /** Node name, unique in the pipeline (default: the step name). */
  readonly node?: string;
  /** Where the node was declared (the spec-file loader sets it), for file:line in errors. */
  readonly source?: PipelineNodeSource;
}

/** Options of {@link PipelineAssembler}. */
export interface PipelineAssemblerOptions {
  /** The registry to resolve steps in (default: the global one). */
  readonly registry?: HybridRegistryManager;
  /** Pipeline name, for the manifest. */
  readonly name?: string;
}

function at(source: PipelineNodeSource | null | undefined): RegistryErrorDetails {
  return source ? { file: source.file, line: source.line, column: source.column } : {};
}

/**
 * Collects steps, then builds a manifest: nodes with resolved definitions
 * and provenance, edges, and a deterministic topological order.
 *
 * A node resolves its step in one workspace's isolated view (core + that
 * workspace's steps): the explicit `workspace`, else the config's
 * `workspace_id`, else the context, else `CURSUS_WORKSPACE_ID`, else core.
 * It never picks among other workspaces (no cross-workspace `resolveStep`):
 * what a node runs depends on the workspace it names, not on who else
 * defines the step.
 *
 * Errors come as early as they can be known: `addStep` rejects an invalid
 * or duplicate node name, an unknown workspace and an unknown step; `build`
 * rejects unknown dependencies and cycles.
 *
 * @example
 * const pipeline = new PipelineAssembler({ name: 'fraud-model' })
 *   .addStep('TabularPreprocessing', { config: {}, node: 'preprocess' })
 *   .addStep('XGBoostTraining', { config: {}, node: 'train', workspace: 'alice', dependsOn: ['preprocess'] })
 *   .build();
 * pipeline.order; // ['preprocess', 'train']
 */
export class PipelineAssembler {
  readonly #registry: HybridRegistryManager | undefined;
  readonly #name: string | null;
  readonly #nodes = new Map<string, PipelineManifestNode>();

  constructor(options: PipelineAssemblerOptions = {}) {
    this.#registry = options.registry;
    this.#name = options.name ?? null;
  }

  /** Names of the nodes added so far, in order. */
  get nodeNames(): readonly string[] {
    return [...this.#nodes.keys()];
  }

  /**
   * Add a node running `stepName`, resolved now in the node's workspace.
   *
   * @throws PipelineInvalidError for an invalid or duplicate node name or a repeated dependency;
   *   UnknownWorkspaceError; the workspace's load error; UnknownStepError with the closest names.
   */
  addStep(stepName: string, options: AddStepOptions): this {
    const manager = this.#registry ?? getGlobalRegistryManager();
    const node = options.node ?? stepName;
    const where = at(options.source);
    if (!NODE_NAME_PATTERN.test(node)) {
      throw new PipelineInvalidError(`invalid node name ${JSON.stringify(node)}`, { ...where, hint: 'node names match ^[A-Za-z][A-Za-z0-9_]*$' });
    }
    const existing = this.#nodes.get(node);
    if (existing) {
      const first = existing.source?.line !== undefined ? ` (first at line ${existing.source.line})` : '';
      throw new PipelineInvalidError(`duplicate node '${node}'${first}`, { ...where, step: stepName, hint: 'give each node its own name (option `node`)' });
    }
    const dependsOn = [...(options.dependsOn ?? [])];
    const repeated = dependsOn.find((dep, i) => dependsOn.indexOf(dep) !== i);
    if (repeated !== undefined) {
      throw new PipelineInvalidError(`node '${node}' lists '${repeated}' twice in depends_on`, { ...where, hint: 'list each dependency once' });
    }

    const workspaceId = selectWorkspace(manager, options.workspace, options.config);
    if (workspaceId !== null) {
      const known = manager.getWorkspaceIds();
      if (!known.includes(workspaceId)) throw new UnknownWorkspaceError(workspaceId, known, closestMatch(workspaceId, known), where);
    }
    const view = manager.getView(workspaceId);
    const definition = view.definitions.get(stepName);
    if (!definition) {
      const owners = this.#otherOwners(manager, stepName, workspaceId);
      // The name is right when other workspaces define it: no "did you mean" then.
      throw new UnknownStepError(stepName, owners.length ? [] : closestMatches(stepName, view.definitions.keys()), {
        ...where,
        what: `Unknown step name: ${stepName}${node === stepName ? '' : ` (node '${node}')`}`,
        workspaceId: workspaceId ?? undefined,
        hint: owners.length
          ? `'${stepName}' is defined in workspace ${owners.join(', ')}: set the node's workspace`
          : 'run `cursus registry list-steps --workspace <id>` to see the names a view knows',
      });
    }
    this.#nodes.set(
      node,
      Object.freeze({
        name: node,
        step: stepName,
        workspace_id: workspaceId,
        depends_on: Object.freeze(dependsOn),
        config: options.config,
        definition,
        source: options.source ? Object.freeze({ ...options.source }) : null,
      }),
    );
    return this;
  }

  /** The workspaces (other than the node's) that define the step, when its view does not. */
  #otherOwners(manager: HybridRegistryManager, stepName: string, workspaceId: string | null): string[] {
    try {
      const ids = manager
        .resolveStep(stepName, { workspace_id: null })
        .conflicting_definitions.map((d) => d.workspace_id)
        .filter((id): id is string => id !== null && id !== workspaceId);
      return [...new Set(ids)];
    } catch {
      return []; // Only a hint: a registry that cannot resolve leaves it out.
    }
  }

  /**
   * The manifest: nodes (with resolved definitions), edges, a topological
   * order where ties go to the node name first in code-unit order, and
   * warnings (a node's job type that its step's non-empty `job_types` lacks).
   *
   * @throws PipelineInvalidError for a dependency on an unknown node or a cycle (naming its path, `a → b → a`).
   */
  build(): PipelineManifest {
    const nodes = [...this.#nodes.values()];
    const edges: PipelineEdge[] = [];
    for (const node of nodes) {
      for (const dep of node.depends_on) {
        if (!this.#nodes.has(dep)) {
          const guess = closestMatch(dep, this.#nodes.keys());
          throw new PipelineInvalidError(`node '${node.name}' depends on unknown node '${dep}'${guess ? ` — did you mean '${guess}'?` : ''}`, {
            ...at(node.source),
            step: node.step,
            hint: `depends_on lists node names of this pipeline: ${[...this.#nodes.keys()].join(', ')}`,
          });
        }
        edges.push(Object.freeze({ from: dep, to: node.name }));
      }
    }
    const order = Object.freeze(this.#order());
    const warnings = nodes.map(undeclaredJobType).filter((w): w is Finding => w !== undefined);
    return Object.freeze({ name: this.#name, nodes: Object.freeze(nodes), edges: Object.freeze(edges), order, warnings: Object.freeze(warnings) });
  }

  /** Kahn's algorithm, always taking the ready node first in code-unit order. */
  #order(): string[] {
    const waiting = new Map<string, number>();
    const next = new Map<string, string[]>();
    for (const node of this.#nodes.values()) {
      waiting.set(node.name, node.depends_on.length);
      for (const dep of node.depends_on) {
        const list = next.get(dep);
        if (list) list.push(node.name);
        else next.set(dep, [node.name]);
      }
    }
    const ready = [...waiting].filter(([, n]) => n === 0).map(([name]) => name);
    const order: string[] = [];
    while (ready.length) {
      ready.sort(compareCodeUnits);
      const name = ready.shift() as string;
      order.push(name);
      for (const after of next.get(name) ?? []) {
        const left = (waiting.get(after) ?? 0) - 1;
        waiting.set(after, left);
        if (left === 0) ready.push(after);
      }
    }
    if (order.length < this.#nodes.size) this.#throwCycle(new Set(order));
    return order;
  }

  /**
   * Every node Kahn left behind has a dependency that was also left behind, so
   * walking dependencies from any of them must come back to a node already
   * seen: that loop is a cycle. Reported in run order, from its smallest name.
   */
  #throwCycle(done: ReadonlySet<string>): never {
    const left = [...this.#nodes.keys()].filter((name) => !done.has(name)).sort(compareCodeUnits);
    const walk: string[] = [];
    const seen = new Map<string, number>();
    let current = left[0] as string;
    while (!seen.has(current)) {
      seen.set(current, walk.length);
      walk.push(current);
      const deps = (this.#nodes.get(current)?.depends_on ?? []).filter((dep) => !done.has(dep)).sort(compareCodeUnits);
      current = deps[0] as string;
    }
    const loop = walk.slice(seen.get(current)).reverse();
    const start = loop.indexOf([...loop].sort(compareCodeUnits)[0] as string);
    const path = [...loop.slice(start), ...loop.slice(0, start)];
    const first = this.#nodes.get(path[0] as string);
    throw new PipelineInvalidError(`the pipeline has a cycle: ${[...path, path[0]].join(' → ')}`, {
      ...at(first?.source),
      hint: 'remove one of these depends_on entries',
    });
  }
}
