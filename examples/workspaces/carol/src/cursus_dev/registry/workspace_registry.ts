// Workspace registry of developer "carol" (TypeScript). See the repository README (Quick start).
import { defineWorkspaceRegistry } from 'cursus-registry';

export default defineWorkspaceRegistry({
  LOCAL_STEPS: {
    // Also defined by alice and bob; carol's priority (70) wins when nothing else decides.
    ModelTraining: {
      config_class: 'CarolModelTrainingConfig',
      builder_step_name: 'CarolModelTrainingStepBuilder',
      spec_type: 'ModelTraining',
      sagemaker_step_type: 'Training',
      description: 'Generic model training on XGBoost, CPU only',
      framework: 'xgboost',
      priority: 70,
    },
    // Also defined by bob: bob's for production, carol's for development.
    DataValidation: {
      config_class: 'RelaxedDataValidationConfig',
      builder_step_name: 'RelaxedDataValidationStepBuilder',
      spec_type: 'DataValidation',
      sagemaker_step_type: 'Processing',
      description: 'Relaxed data validation for development',
      environment_tags: ['development'],
      priority: 50,
      conflict_resolution_strategy: 'environment_match',
    },
  },
  STEP_OVERRIDES: {
    PyTorchTraining: {
      config_class: 'CarolPyTorchTrainingConfig',
      builder_step_name: 'CarolPyTorchTrainingStepBuilder',
      spec_type: 'PyTorchTraining',
      sagemaker_step_type: 'Training',
      description: 'PyTorch training with mixed precision',
      framework: 'pytorch',
    },
  },
  WORKSPACE_METADATA: {
    developer_id: 'carol',
    version: '0.3.0',
    description: 'Gradient-boosting experiments',
    preferred_frameworks: ['xgboost'],
    environment_preferences: ['development'],
  },
});
