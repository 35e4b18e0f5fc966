import { describe, expect, it } from 'vitest';
import {
  getAllHyperparameterClasses,
  getAllHyperparameterInfo,
  getHyperparameterClassByModelType,
  getModulePath,
  HYPERPARAMETER_REGISTRY,
  validateHyperparameterClass,
} from '../../src/index.js';

describe('hyperparameter registry (SPEC §8: the Python project’s entries)', () => {
  const EXPECTED = {
    ModelHyperparameters: {
      class_name: 'ModelHyperparameters',
      module_path: 'cursus.core.base.hyperparameters_base',
      model_type: null,
      description: 'Base class for all model hyperparameters',
    },
    XGBoostHyperparameters: {
      class_name: 'XGBoostHyperparameters',
      module_path: 'cursus.steps.hyperparams.xgboost_hyperparameters',
      model_type: 'xgboost',
      description: 'Hyperparameters for XGBoost models',
    },
    BSMModelHyperparameters: {
      class_name: 'BSMModelHyperparameters',
      module_path: 'cursus.steps.hyperparams.pytorch_hyperparameters',
      model_type: 'pytorch',
      description: 'Hyperparameters for BSM PyTorch models',
    },
  };

  it('HYPERPARAMETER_REGISTRY holds exactly the base, XGBoost and BSM PyTorch entries, frozen', () => {
    expect({ ...HYPERPARAMETER_REGISTRY }).toEqual(EXPECTED);
    expect(Object.isFrozen(HYPERPARAMETER_REGISTRY)).toBe(true);
    expect(Object.isFrozen(HYPERPARAMETER_REGISTRY.XGBoostHyperparameters)).toBe(true);
    expect(Object.getPrototypeOf(HYPERPARAMETER_REGISTRY)).toBeNull();
  });

  it('getAllHyperparameterClasses lists the class names in registry order', () => {
    expect(getAllHyperparameterClasses()).toEqual(['ModelHyperparameters', 'XGBoostHyperparameters', 'BSMModelHyperparameters']);
  });

  it('getHyperparameterClassByModelType: xgboost, pytorch, null for the base class, undefined otherwise', () => {
    expect(getHyperparameterClassByModelType('xgboost')).toBe('XGBoostHyperparameters');
    expect(getHyperparameterClassByModelType('pytorch')).toBe('BSMModelHyperparameters');
    expect(getHyperparameterClassByModelType(null)).toBe('ModelHyperparameters');
    expect(getHyperparameterClassByModelType('tensorflow')).toBeUndefined();
    expect(getHyperparameterClassByModelType('XGBoost')).toBeUndefined();
  });

  it('getModulePath and validateHyperparameterClass know registered names only (no prototype keys)', () => {
    expect(getModulePath('XGBoostHyperparameters')).toBe('cursus.steps.hyperparams.xgboost_hyperparameters');
    expect(getModulePath('BSMModelHyperparameters')).toBe('cursus.steps.hyperparams.pytorch_hyperparameters');
    expect(getModulePath('ModelHyperparameters')).toBe('cursus.core.base.hyperparameters_base');
    expect(getModulePath('LightGBMModelHyperparameters')).toBeUndefined();
    expect(getModulePath('constructor')).toBeUndefined();
    expect(validateHyperparameterClass('BSMModelHyperparameters')).toBe(true);
    expect(validateHyperparameterClass('bsmmodelhyperparameters')).toBe(false);
    expect(validateHyperparameterClass('toString')).toBe(false);
  });

  it('getAllHyperparameterInfo returns a copy: changing it leaves the registry alone', () => {
    const info = getAllHyperparameterInfo();
    expect(info).toEqual(EXPECTED);
    delete info.XGBoostHyperparameters;
    expect(getAllHyperparameterClasses()).toHaveLength(3);
    expect(() => {
      (info.ModelHyperparameters as { model_type: string | null }).model_type = 'x';
    }).toThrow(TypeError);
  });
});
