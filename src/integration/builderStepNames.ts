/**
 * Step names as builders see them: legacy aliases, job-type suffixes of node
 * names, and the Python fallback from a config class name.
 */
import type { FrozenDict } from '../engine/registryView.js';

/** Legacy step names and their canonical names (as the Python `StepBuilderRegistry.LEGACY_ALIASES`). */
export const LEGACY_ALIASES: FrozenDict<string> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, string>, {
    MIMSPackaging: 'Package',
    MIMSPayload: 'Payload',
    ModelRegistration: 'Registration',
    PytorchTraining: 'PyTorchTraining',
    PytorchModel: 'PyTorchModel',
  }),
);

/** Node names like `CradleDataLoading_training`: base name and job type (the Python pattern). */
const JOB_TYPE_NODE = /^([A-Za-z]+[A-Za-z0-9]*)_([a-z]+)$/;

/** Split a node name into its base step name and job type (`CradleDataLoading_training` → `['CradleDataLoading', 'training']`). */
export function extractJobType(nodeName: string): [base: string, jobType: string | undefined] {
  const m = JOB_TYPE_NODE.exec(nodeName);
  return m ? [m[1] ?? nodeName, m[2]] : [nodeName, undefined];
}

/** The Python fallback for a config class no view knows: strip `Config`, then `Step` (`CradleDataLoadConfig` → `CradleDataLoading`). */
export function fallbackStepType(configClassName: string): string {
  let name = configClassName.endsWith('Config') ? configClassName.slice(0, -6) : configClassName;
  if (name.endsWith('Step')) name = name.slice(0, -4);
  return name === 'CradleDataLoad' ? 'CradleDataLoading' : name;
}
