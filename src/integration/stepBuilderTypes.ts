/**
 * Types of the builder registry: builder classes, registrations, options and
 * the discovery report.
 */
import type { HybridRegistryManager } from '../engine/hybridRegistryManager.js';
import type { BasePipelineConfig } from './basePipelineConfig.js';
import type { StepBuilderBase, StepBuilderOptions } from './stepBuilderBase.js';
import type { WorkspaceSelector } from '../model/workspaceSelector.js';

/** A concrete builder class constructible from configs of type `C` (what lookups return). */
export type StepBuilderClass<C extends BasePipelineConfig = BasePipelineConfig> = new (config: C, options?: StepBuilderOptions) => StepBuilderBase<C>;

/** Any concrete builder class, whatever config class its constructor takes (what registration accepts). */
export type AnyStepBuilderClass = new (config: never, options?: StepBuilderOptions) => StepBuilderBase;

/** Options of {@link StepBuilderRegistry.registerBuilder}. */
export interface RegisterBuilderOptions extends WorkspaceSelector {
  /**
   * The workspace the builder serves (null = core, every workspace that has no
   * builder of its own). Default: core — or, inside a workspace's builder
   * module during discovery, that workspace.
   */
  readonly workspaceId?: string | null;
}

/** One registered builder. */
export interface BuilderRegistration {
  /** Canonical step name (legacy aliases are resolved). */
  readonly step: string;
  /** The workspace it serves, or null for core. */
  readonly workspace_id: string | null;
  readonly builder: AnyStepBuilderClass;
  /** The module that registered it during discovery, or null for a registration from code. */
  readonly source: string | null;
}

/** Options of {@link StepBuilderRegistry.discoverBuilders}. */
export interface DiscoverBuildersOptions {
  /** Directory of core builder modules (default: the registry's `coreBuildersDir`, else none). */
  readonly coreBuildersDir?: string;
  /** Discover only these workspaces (default: every workspace). */
  readonly workspaces?: readonly string[];
}

/** What a discovery loaded. */
export interface BuilderDiscoveryReport {
  /** Every module executed, in load order (core first, then workspaces by id, files by name). */
  readonly modules: readonly string[];
  /** The registrations those modules made, in load order. */
  readonly registrations: readonly BuilderRegistration[];
  /** A builder class whose name differs from the view's `builder_step_name` for its step (one line each). */
  readonly warnings: readonly string[];
}

/** Options of {@link StepBuilderRegistry}. */
export interface StepBuilderRegistryOptions {
  /** The registry whose views name the steps (default: the global one, read at each call). */
  readonly registry?: HybridRegistryManager;
  /** Directory of core builder modules for {@link StepBuilderRegistry.discoverBuilders}. */
  readonly coreBuildersDir?: string;
}
