/**
 * The job type of a pipeline node, and the warning when its step does not
 * declare it. A node's job type is its config's `job_type`, else the suffix of
 * a node named like the Python project's DAG nodes (`TabularPreprocessing_calibration`,
 * or any name ending in a known job type such as `_training`).
 */
import { JOB_TYPE_SUFFIXES } from '../compat/fileNameMapping.js';
import { makeFinding, type Finding } from '../model/finding.js';
import type { PipelineManifestNode } from './pipelineManifest.js';

/** Code of the warning about a node whose job type its step does not declare. */
export const UNDECLARED_JOB_TYPE = 'UNDECLARED_JOB_TYPE';

const SUFFIXED = /^([A-Za-z][A-Za-z0-9]*)_([a-z]+)$/;

/**
 * The job type a node runs its step with, or undefined when it does not say.
 *
 * @example
 * nodeJobType('calibrate', 'XGBoostTraining', { job_type: 'calibration' }); // 'calibration'
 * nodeJobType('XGBoostTraining_training', 'XGBoostTraining', {});            // 'training'
 * nodeJobType('load_data', 'CradleDataLoading', {});                         // undefined ('data' is not a job type)
 */
export function nodeJobType(nodeName: string, stepName: string, config: unknown): string | undefined {
  const own = config !== null && typeof config === 'object' ? (config as { job_type?: unknown }).job_type : undefined;
  if (typeof own === 'string' && own.trim()) return own.trim();
  const m = SUFFIXED.exec(nodeName);
  if (!m) return undefined;
  const [, base, suffix] = m as unknown as [string, string, string];
  return base === stepName || JOB_TYPE_SUFFIXES.includes(suffix) ? suffix : undefined;
}

/** A warning when the node's job type is not among its step's declared, non-empty `job_types`; undefined otherwise. */
export function undeclaredJobType(node: PipelineManifestNode): Finding | undefined {
  const declared = node.definition.job_types;
  const jobType = nodeJobType(node.name, node.step, node.config);
  if (jobType === undefined || declared.length === 0 || declared.includes(jobType)) return undefined;
  const owner = node.workspace_id === null ? 'core' : `workspace '${node.workspace_id}'`;
  return makeFinding({
    severity: 'warning',
    code: UNDECLARED_JOB_TYPE,
    message: `node '${node.name}': job type '${jobType}' is not among the job_types of step '${node.step}' (${owner}: ${declared.join(', ')})`,
    file: node.source?.file,
    line: node.source?.line,
    column: node.source?.column,
    workspace_id: node.workspace_id,
    step: node.step,
    field: 'job_type',
    hint: `use one of ${declared.join(', ')}, or add '${jobType}' to the step's job_types`,
  });
}
