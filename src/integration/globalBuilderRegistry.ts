/**
 * The process-wide builder registry, module-level registration and the
 * `@registerBuilder` class decorator.
 */
import { discoveringRegistry, StepBuilderRegistry } from './stepBuilderRegistry.js';
import type { AnyStepBuilderClass, RegisterBuilderOptions } from './stepBuilderTypes.js';
import { selectedWorkspace } from '../model/workspaceSelector.js';

let globalBuilderRegistry: StepBuilderRegistry | undefined;

/**
 * The process-wide builder registry (on the global step registry, which
 * `getGlobalRegistryManager()` returns). It starts empty: call
 * `discoverBuilders()` to import builder modules — discovery runs their code,
 * so it never happens implicitly.
 */
export function getGlobalBuilderRegistry(): StepBuilderRegistry {
  globalBuilderRegistry ??= new StepBuilderRegistry();
  return globalBuilderRegistry;
}

/** @deprecated Renamed {@link getGlobalBuilderRegistry}: it returns the builder registry, not the step registry. */
export const getGlobalRegistry: () => StepBuilderRegistry = getGlobalBuilderRegistry;

/** Forget the global builder registry and its registrations (for tests and long-running programs). */
export function resetGlobalBuilderRegistry(): void {
  globalBuilderRegistry = undefined;
}

/** The registry module-level registrations go to: the one discovering, else the global one. */
function registrationTarget(): StepBuilderRegistry {
  return discoveringRegistry() ?? getGlobalBuilderRegistry();
}

/**
 * Register a builder in the global registry (or, from a module being
 * discovered, in the discovering registry).
 *
 * @example
 * registerGlobalBuilder('XGBoostTraining', XGBoostTrainingStepBuilder);
 */
export function registerGlobalBuilder(stepName: string, builder: AnyStepBuilderClass, options: RegisterBuilderOptions = {}): void {
  registrationTarget().registerBuilder(stepName, builder, options);
}

/** Step types with a builder in the current context's workspace, plus legacy aliases, sorted. */
export function listGlobalStepTypes(): string[] {
  return getGlobalBuilderRegistry().listSupportedStepTypes();
}

/**
 * Class decorator form of {@link registerGlobalBuilder} (standard decorators;
 * the legacy `experimentalDecorators` form works too). Without a step name,
 * the step whose `builder_step_name` is the class name is used.
 *
 * @example
 * @registerBuilder('XGBoostTraining')
 * export class AliceXGBoostTrainingStepBuilder extends StepBuilderBase {
 *   createStep() { return { name: 'train' }; }
 * }
 */
export function registerBuilder(stepName?: string, options: RegisterBuilderOptions = {}) {
  return <T extends AnyStepBuilderClass>(value: T, context?: ClassDecoratorContext<T>): void => {
    if (context !== undefined && context.kind !== 'class') throw new TypeError('@registerBuilder decorates classes only');
    const target = registrationTarget();
    target.registerBuilder(stepName ?? target.stepNameForBuilder(value, selectedWorkspace(options)), value, options);
  };
}
