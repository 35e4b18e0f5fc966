/**
 * The hyperparameter registry of the Python project (`hyperparameter_registry.py`):
 * hyperparameter class name → where it lives and which model type it serves.
 * `module_path` names the Python module of the class, as the plan does.
 */

/** One entry of {@link HYPERPARAMETER_REGISTRY}. */
export interface HyperparameterClassInfo {
  readonly class_name: string;
  /** Python module that defines the class. */
  readonly module_path: string;
  /** The model type it serves, or null for the base class. */
  readonly model_type: string | null;
  readonly description: string;
}

function entry(info: HyperparameterClassInfo): HyperparameterClassInfo {
  return Object.freeze({ ...info });
}

/**
 * Hyperparameter classes by class name (frozen, null-prototype): the base
 * class, XGBoost, and the BSM PyTorch class — the entries of the Python project.
 */
export const HYPERPARAMETER_REGISTRY: Readonly<Record<string, HyperparameterClassInfo>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, HyperparameterClassInfo>, {
    ModelHyperparameters: entry({
      class_name: 'ModelHyperparameters',
      module_path: 'cursus.core.base.hyperparameters_base',
      model_type: null,
      description: 'Base class for all model hyperparameters',
    }),
    XGBoostHyperparameters: entry({
      class_name: 'XGBoostHyperparameters',
      module_path: 'cursus.steps.hyperparams.xgboost_hyperparameters',
      model_type: 'xgboost',
      description: 'Hyperparameters for XGBoost models',
    }),
    BSMModelHyperparameters: entry({
      class_name: 'BSMModelHyperparameters',
      module_path: 'cursus.steps.hyperparams.pytorch_hyperparameters',
      model_type: 'pytorch',
      description: 'Hyperparameters for BSM PyTorch models',
    }),
  }),
);

function has(className: string): boolean {
  return Object.hasOwn(HYPERPARAMETER_REGISTRY, className);
}

/** Every registered hyperparameter class name, in registry order. */
export function getAllHyperparameterClasses(): string[] {
  return Object.keys(HYPERPARAMETER_REGISTRY);
}

/**
 * The first hyperparameter class serving a model type, or `undefined`.
 * `null` finds the base class (whose model type is null), as in Python.
 *
 * @example getHyperparameterClassByModelType('xgboost') // 'XGBoostHyperparameters'
 */
export function getHyperparameterClassByModelType(modelType: string | null): string | undefined {
  for (const className of Object.keys(HYPERPARAMETER_REGISTRY)) {
    if (HYPERPARAMETER_REGISTRY[className]?.model_type === modelType) return className;
  }
  return undefined;
}

/** The module path of a hyperparameter class, or `undefined` when it is not registered. */
export function getModulePath(className: string): string | undefined {
  return has(className) ? HYPERPARAMETER_REGISTRY[className]?.module_path : undefined;
}

/** A copy of the whole registry (a plain object; the entries themselves are frozen). */
export function getAllHyperparameterInfo(): Record<string, HyperparameterClassInfo> {
  return { ...HYPERPARAMETER_REGISTRY };
}

/** Whether a hyperparameter class is registered. */
export function validateHyperparameterClass(className: string): boolean {
  return has(className);
}
