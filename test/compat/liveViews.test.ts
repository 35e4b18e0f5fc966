import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BUILDER_STEP_NAMES,
  clearWorkspaceContext,
  CONFIG_STEP_REGISTRY,
  configureRegistry,
  getBuilderStepNames,
  getConfigStepRegistry,
  getSpecStepTypes,
  getStepNames,
  resetRegistry,
  setWorkspaceContext,
  SPEC_STEP_TYPES,
  STEP_NAMES,
  withWorkspaceContext,
} from '../../src/index.js';
import { CORE_64, EXAMPLES_ROOT, makeTempDir, stepYaml, type TempDir } from '../helpers/tempRegistry.js';
import { useGlobalExampleRegistry } from '../helpers/globalExampleRegistry.js';

const VIEWS = [
  ['STEP_NAMES', STEP_NAMES, getStepNames],
  ['BUILDER_STEP_NAMES', BUILDER_STEP_NAMES, getBuilderStepNames],
  ['CONFIG_STEP_REGISTRY', CONFIG_STEP_REGISTRY, getConfigStepRegistry],
  ['SPEC_STEP_TYPES', SPEC_STEP_TYPES, getSpecStepTypes],
] as const;

const currentTmp = useGlobalExampleRegistry('cursus-live-');

describe('live views follow the context', () => {
  it('STEP_NAMES.XGBoostTraining.config_class differs in alice vs core', () => {
    expect(STEP_NAMES.XGBoostTraining?.config_class).toBe('XGBoostTrainingConfig');
    expect(withWorkspaceContext('alice', () => STEP_NAMES.XGBoostTraining?.config_class)).toBe('AliceXGBoostTrainingConfig');
    expect(withWorkspaceContext('alice', () => 'FeatureDriftCheck' in STEP_NAMES)).toBe(true);
    expect('FeatureDriftCheck' in STEP_NAMES).toBe(false);
    expect(withWorkspaceContext('bob', () => STEP_NAMES.TabularPreprocessing?.config_class)).toBe('BobTabularPreprocessingConfig');
    expect(withWorkspaceContext('carol', () => STEP_NAMES.PyTorchTraining?.config_class)).toBe('CarolPyTorchTrainingConfig');
    // Back in core afterwards.
    expect(STEP_NAMES.XGBoostTraining?.config_class).toBe('XGBoostTrainingConfig');
    expect(STEP_NAMES.TabularPreprocessing?.config_class).toBe('TabularPreprocessingConfig');
  });

  it('the other three views follow the context too', () => {
    expect(BUILDER_STEP_NAMES.XGBoostTraining).toBe('XGBoostTrainingStepBuilder');
    expect(CONFIG_STEP_REGISTRY.XGBoostTrainingConfig).toBe('XGBoostTraining');
    expect(SPEC_STEP_TYPES.FeatureDriftCheck).toBeUndefined();
    setWorkspaceContext('alice');
    expect(BUILDER_STEP_NAMES.XGBoostTraining).toBe('AliceXGBoostTrainingStepBuilder');
    expect(CONFIG_STEP_REGISTRY.AliceXGBoostTrainingConfig).toBe('XGBoostTraining');
    expect('XGBoostTrainingConfig' in CONFIG_STEP_REGISTRY).toBe(false);
    expect(SPEC_STEP_TYPES.FeatureDriftCheck).toBe('FeatureDriftCheck');
    expect(Object.keys(STEP_NAMES)).toContain('FeatureDriftCheck');
    clearWorkspaceContext();
    expect(Object.keys(STEP_NAMES)).not.toContain('FeatureDriftCheck');
  });

  it('the context of an async task is followed across awaits', async () => {
    const [a, b] = await Promise.all([
      withWorkspaceContext('alice', async () => {
        await new Promise((r) => setTimeout(r, 5));
        return STEP_NAMES.XGBoostTraining?.config_class;
      }),
      withWorkspaceContext('bob', async () => {
        await new Promise((r) => setTimeout(r, 1));
        return STEP_NAMES.XGBoostTraining?.config_class;
      }),
    ]);
    expect(a).toBe('AliceXGBoostTrainingConfig');
    expect(b).toBe('XGBoostTrainingConfig');
  });
});

describe('live views behave like plain objects', () => {
  for (const [label, view, getter] of VIEWS) {
    it(`${label}: Object.keys / in / JSON.stringify / spread / entries equal the getter, in every context`, () => {
      for (const ws of [null, 'alice', 'bob', 'carol']) {
        withWorkspaceContext(ws, () => {
          const dict = getter();
          expect(Object.keys(view), `${label} in ${ws}`).toEqual(Object.keys(dict));
          expect(JSON.stringify(view)).toBe(JSON.stringify(dict));
          expect({ ...view }).toEqual({ ...dict });
          expect(Object.entries(view)).toEqual(Object.entries(dict));
          expect(Object.getOwnPropertyNames(view)).toEqual(Object.keys(dict));
          const forIn: string[] = [];
          for (const key in view) forIn.push(key);
          expect(forIn).toEqual(Object.keys(dict));
          for (const key of Object.keys(dict)) {
            expect(key in view).toBe(true);
            expect(Object.prototype.hasOwnProperty.call(view, key)).toBe(true);
            expect(view[key]).toEqual(dict[key]);
          }
        });
      }
    });

    it(`${label}: no Object.prototype members show through`, () => {
      for (const key of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
        expect(key in view, key).toBe(false);
        expect((view as Record<string, unknown>)[key], key).toBeUndefined();
      }
    });

    it(`${label}: writes, deletes, defineProperty and setPrototypeOf throw TypeError`, () => {
      const anyView = view as Record<string, unknown>;
      const before = JSON.stringify(view);
      const existing = Object.keys(view)[0] ?? 'XGBoostTraining';
      expect(() => {
        anyView.NewStep = 'x';
      }).toThrow(TypeError);
      expect(() => {
        anyView[existing] = 'x';
      }).toThrow(TypeError);
      expect(() => {
        delete anyView[existing];
      }).toThrow(TypeError);
      expect(() => Object.defineProperty(view, 'NewStep', { value: 'x', enumerable: true })).toThrow(TypeError);
      expect(() => Object.defineProperty(view, existing, { value: 'x' })).toThrow(TypeError);
      expect(() => Object.assign(view, { NewStep: 'x' })).toThrow(TypeError);
      expect(() => Object.setPrototypeOf(view, {})).toThrow(TypeError);
      expect(() => Reflect.set(view, 'NewStep', 'x')).toThrow(TypeError);
      // Nothing changed.
      expect(JSON.stringify(view)).toBe(before);
      expect('NewStep' in view).toBe(false);
      expect(existing in view).toBe(true);
    });
  }

  it('nested STEP_NAMES records are frozen', () => {
    const record = STEP_NAMES.XGBoostTraining as { config_class: string };
    expect(Object.isFrozen(record)).toBe(true);
    expect(() => {
      record.config_class = 'Hacked';
    }).toThrow(TypeError);
    expect(STEP_NAMES.XGBoostTraining?.config_class).toBe('XGBoostTrainingConfig');
    const aliceRecord = withWorkspaceContext('alice', () => STEP_NAMES.XGBoostTraining);
    expect(Object.isFrozen(aliceRecord)).toBe(true);
    for (const step of Object.keys(STEP_NAMES)) expect(Object.isFrozen(STEP_NAMES[step]), step).toBe(true);
  });

  it("'toString' in STEP_NAMES is false", () => {
    expect('toString' in STEP_NAMES).toBe(false);
  });

  it('util.inspect (console.log) shows the current contents', () => {
    expect(inspect(STEP_NAMES)).toContain('XGBoostTrainingConfig');
    expect(withWorkspaceContext('alice', () => inspect(STEP_NAMES))).toContain('AliceXGBoostTrainingConfig');
  });
});

describe('live views follow the configured registry (SPEC §10.2 absent)', () => {
  it('show a newly configured core, not an import-time snapshot', () => {
    // References taken before reconfiguring (as module-level imports are).
    const stepNames = STEP_NAMES;
    const builders = BUILDER_STEP_NAMES;
    expect(Object.keys(stepNames)).toHaveLength(17);

    const empty = makeTempDir('cursus-live-empty-');
    try {
      configureRegistry({ coreRegistry: CORE_64, workspacesRoot: empty.dir, cwd: currentTmp().dir, env: {} });
      expect(Object.keys(stepNames)).toHaveLength(64);
      expect('ActiveSampleSelection' in stepNames).toBe(true);
      expect(builders.ActiveSampleSelection).toBe('ActiveSampleSelectionStepBuilder');
      expect(CONFIG_STEP_REGISTRY.ActiveSampleSelectionConfig).toBe('ActiveSampleSelection');
      expect(SPEC_STEP_TYPES.ActiveSampleSelection).toBe('ActiveSampleSelection');

      const coreFile = currentTmp().write('tiny_core.yaml', `${stepYaml('OnlyStep', {}, '')}`);
      configureRegistry({ coreRegistry: coreFile, workspacesRoot: empty.dir, cwd: currentTmp().dir, env: {} });
      expect(Object.keys(stepNames)).toEqual(['OnlyStep']);
      expect(JSON.stringify(stepNames)).toBe(
        JSON.stringify({
          OnlyStep: {
            config_class: 'OnlyStepConfig',
            builder_step_name: 'OnlyStepStepBuilder',
            spec_type: 'OnlyStep',
            sagemaker_step_type: 'Processing',
            description: 'OnlyStep step',
          },
        }),
      );
      expect(Object.keys(CONFIG_STEP_REGISTRY)).toEqual(['OnlyStepConfig']);
      expect('XGBoostTraining' in stepNames).toBe(false);

      resetRegistry();
      configureRegistry({ workspacesRoot: EXAMPLES_ROOT, cwd: currentTmp().dir, env: {} });
      expect(Object.keys(stepNames)).toHaveLength(17);
      expect(stepNames.XGBoostTraining?.config_class).toBe('XGBoostTrainingConfig');
    } finally {
      empty.cleanup();
    }
  });
});
