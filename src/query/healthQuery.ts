/**
 * Health query: the registry's health report (`registry health --format json`),
 * and the report for a core that cannot be loaded at all.
 */
import type { HybridRegistryManager } from '../engine/hybridRegistryManager.js';
import type { RegistryError } from '../model/errors.js';
import type { FindingJson } from '../model/findingJson.js';
import { RegistryHealthMonitor, type HealthReport } from '../ops/registryHealthMonitor.js';

/** The health report of a loaded registry (reads every workspace of a lazy manager). */
export function registryHealthRecord(registry: HybridRegistryManager): HealthReport {
  return new RegistryHealthMonitor(registry).checkRegistryHealth();
}

/** The health record when the core registry cannot be loaded: nothing can be served, the unhealthiest state. */
export interface CoreFailureHealthRecord {
  readonly status: 'unhealthy';
  readonly core: { readonly status: 'failed'; readonly error: FindingJson };
  readonly problems: readonly string[];
}

/** The health record of a registry whose core failed to load with `error`. */
export function coreFailureHealthRecord(error: RegistryError): CoreFailureHealthRecord {
  return { status: 'unhealthy', core: { status: 'failed', error: error.toJSON() }, problems: [error.message] };
}
