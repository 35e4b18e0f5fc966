// Alice's builder for her XGBoostTraining override (see ../../registry/workspace_registry.yaml).
// `discoverBuilders()` imports every module in this directory; what a module
// registers serves alice's workspace only — everyone else keeps core's builder.
// `cursus-registry` here is the very package instance that discovers the module.
import { BasePipelineConfig, StepBuilderBase, registerBuilder } from 'cursus-registry';

/** Alice's config class for XGBoostTraining (the override's `config_class`). */
export class AliceXGBoostTrainingConfig extends BasePipelineConfig {
  num_round = 100;
  early_stopping_metric = 'custom_auc';
}

/** Alice's builder class for XGBoostTraining (the override's `builder_step_name`). */
@registerBuilder('XGBoostTraining')
export class AliceXGBoostTrainingStepBuilder extends StepBuilderBase<AliceXGBoostTrainingConfig> {
  createStep(): Record<string, unknown> {
    return {
      step: this.stepName,
      type: 'Training',
      num_round: this.config.num_round,
      early_stopping_metric: this.config.early_stopping_metric,
    };
  }
}
