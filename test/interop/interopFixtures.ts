import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../helpers/tempRegistry.js';

/** Real registries of the Python project, copied into the fixtures (read-only). */
export const SHARED_DATA = resolve(REPO_ROOT, 'test', 'fixtures', 'python-cursus');
/** The Python workspace registry sample of the shared data. */
export const PY_SAMPLE = join(SHARED_DATA, 'python_workspace_registry_sample.py');
/** The 61 interface files of the Python project. */
export const INTERFACES_DIR = join(SHARED_DATA, 'cursus_step_interfaces');
/** This folder's fixtures. */
export const INTEROP_FIXTURES = join(REPO_ROOT, 'test', 'interop', 'fixtures');
/** Base, Processing and HyperparameterPrep: the rows of cursus_core_64.json with no interface file. */
export const EXTRA_ROWS = join(INTEROP_FIXTURES, 'core_extra_rows.json');

/** The values of the shared Python sample, as Python's `ast.literal_eval` gives them. */
export const SAMPLE_VALUES = {
  LOCAL_STEPS: {
    LightGBMRankerTraining: {
      config_class: 'LightGBMRankerTrainingConfig',
      builder_step_name: 'LightGBMRankerTrainingStepBuilder',
      spec_type: 'LightGBMRankerTraining',
      sagemaker_step_type: 'Training',
      description: 'Learning-to-rank training with "lambdarank" objective',
      framework: 'lightgbm',
      environment_tags: ['development', 'gpu'],
      priority: 90,
    },
    FeatureDriftCheck: {
      config_class: 'FeatureDriftCheckConfig',
      builder_step_name: 'FeatureDriftCheckStepBuilder',
      spec_type: 'FeatureDriftCheck',
      sagemaker_step_type: 'Processing',
      description: 'Compares feature distributions between training and serving data',
      compatibility_tags: ['monitoring'],
      framework: null,
    },
  },
  STEP_OVERRIDES: {
    XGBoostTraining: {
      config_class: 'MariaXGBoostTrainingConfig',
      builder_step_name: 'MariaXGBoostTrainingStepBuilder',
      spec_type: 'XGBoostTraining',
      sagemaker_step_type: 'Training',
      description: 'XGBoost training with\nearly stopping on a custom metric',
      framework: 'xgboost',
      conflict_resolution_strategy: 'framework_match',
    },
  },
  WORKSPACE_METADATA: {
    developer_id: 'maria',
    version: '1.2.0',
    description: 'Ranking experiments',
    preferred_frameworks: ['lightgbm', 'xgboost'],
    environment_preferences: ['development'],
    conflict_tolerance: 'low',
    dependencies: [],
  },
};
