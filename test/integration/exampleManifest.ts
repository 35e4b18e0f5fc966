import { join } from 'node:path';
import { EXAMPLES_ROOT, REPO_ROOT } from '../helpers/tempRegistry.js';

// The example pipeline and what building it must give, shared by the library and CLI tests.

export const CORE_FILE = join(REPO_ROOT, 'core', 'step_names.yaml');
export const ALICE_FILE = join(EXAMPLES_ROOT, 'alice', 'src', 'cursus_dev', 'registry', 'workspace_registry.yaml');
export const BOB_FILE = join(EXAMPLES_ROOT, 'bob', 'src', 'cursus_dev', 'registry', 'workspace_registry.json');
export const EXAMPLE_SPEC = join(REPO_ROOT, 'examples', 'pipelines', 'multi_developer_pipeline.yaml');

const coreDef = (fields: Record<string, unknown>) => ({
  compatibility_tags: [],
  conflict_resolution_strategy: 'workspace_priority',
  environment_tags: [],
  framework: null,
  priority: 100,
  registry_type: 'core',
  workspace_id: null,
  ...fields,
});

/** The manifest of examples/pipelines/multi_developer_pipeline.yaml, exactly. */
export const EXAMPLE_MANIFEST = {
  pipeline: 'multi-developer-xgboost',
  nodes: [
    {
      name: 'load_data',
      step: 'CradleDataLoading',
      workspace_id: null,
      depends_on: [],
      config: { job_type: 'training' },
      config_class: null,
      definition: coreDef({
        name: 'CradleDataLoading',
        config_class: 'CradleDataLoadingConfig',
        builder_step_name: 'CradleDataLoadingStepBuilder',
        spec_type: 'CradleDataLoading',
        sagemaker_step_type: 'CradleDataLoading',
        description: 'Cradle data loading step',
        source: { file: CORE_FILE, line: 13 },
      }),
    },
    {
      name: 'preprocess',
      step: 'TabularPreprocessing',
      workspace_id: null,
      depends_on: ['load_data'],
      config: { label_name: 'is_fraud' },
      config_class: null,
      definition: coreDef({
        name: 'TabularPreprocessing',
        config_class: 'TabularPreprocessingConfig',
        builder_step_name: 'TabularPreprocessingStepBuilder',
        spec_type: 'TabularPreprocessing',
        sagemaker_step_type: 'Processing',
        description: 'Tabular data preprocessing step',
        source: { file: CORE_FILE, line: 20 },
      }),
    },
    {
      name: 'train',
      step: 'XGBoostTraining',
      workspace_id: 'alice',
      depends_on: ['preprocess'],
      config: { num_round: 300, max_depth: 6 },
      config_class: null,
      definition: {
        name: 'XGBoostTraining',
        config_class: 'AliceXGBoostTrainingConfig',
        builder_step_name: 'AliceXGBoostTrainingStepBuilder',
        spec_type: 'XGBoostTraining',
        sagemaker_step_type: 'Training',
        description: 'XGBoost training with early stopping on a custom metric',
        registry_type: 'override',
        workspace_id: 'alice',
        priority: 80,
        framework: 'xgboost',
        environment_tags: ['development'],
        compatibility_tags: [],
        conflict_resolution_strategy: 'workspace_priority',
        source: { file: ALICE_FILE, line: 40 },
      },
    },
    {
      name: 'evaluate',
      step: 'ModelEvaluation',
      workspace_id: 'bob',
      depends_on: ['train', 'preprocess'],
      config: { metrics: ['auc', 'precision_at_recall'] },
      config_class: null,
      definition: {
        name: 'ModelEvaluation',
        config_class: 'BobModelEvaluationConfig',
        builder_step_name: 'BobModelEvaluationStepBuilder',
        spec_type: 'ModelEvaluation',
        sagemaker_step_type: 'Processing',
        description: 'Model evaluation with business metrics',
        registry_type: 'workspace',
        workspace_id: 'bob',
        priority: 80,
        framework: 'tensorflow',
        environment_tags: [],
        compatibility_tags: [],
        conflict_resolution_strategy: 'workspace_priority',
        source: { file: BOB_FILE, line: 24 },
      },
    },
    {
      name: 'register',
      step: 'Registration',
      workspace_id: null,
      depends_on: ['train', 'evaluate'],
      config: {},
      config_class: null,
      definition: coreDef({
        name: 'Registration',
        config_class: 'RegistrationConfig',
        builder_step_name: 'RegistrationStepBuilder',
        spec_type: 'Registration',
        sagemaker_step_type: 'MimsModelRegistrationProcessing',
        description: 'Model registration step',
        source: { file: CORE_FILE, line: 111 },
      }),
    },
  ],
  edges: [
    { from: 'load_data', to: 'preprocess' },
    { from: 'preprocess', to: 'train' },
    { from: 'train', to: 'evaluate' },
    { from: 'preprocess', to: 'evaluate' },
    { from: 'train', to: 'register' },
    { from: 'evaluate', to: 'register' },
  ],
  order: ['load_data', 'preprocess', 'train', 'evaluate', 'register'],
};

/** `cursus pipeline build examples/pipelines/multi_developer_pipeline.yaml --format mermaid`, exactly. */
export const EXAMPLE_MERMAID = [
  'flowchart TD',
  '  load_data["load_data<br/>CradleDataLoading<br/>core"]:::core',
  '  preprocess["preprocess<br/>TabularPreprocessing<br/>core"]:::core',
  '  train["train<br/>XGBoostTraining<br/>alice (override)"]:::override',
  '  evaluate["evaluate<br/>ModelEvaluation<br/>bob (local)"]:::local',
  '  register["register<br/>Registration<br/>core"]:::core',
  '  load_data --> preprocess',
  '  preprocess --> train',
  '  train --> evaluate',
  '  preprocess --> evaluate',
  '  train --> register',
  '  evaluate --> register',
  '  classDef core fill:#eef2ff,stroke:#6366f1',
  '  classDef override fill:#fff7ed,stroke:#f97316',
  '  classDef local fill:#ecfdf5,stroke:#10b981',
  '',
].join('\n');
