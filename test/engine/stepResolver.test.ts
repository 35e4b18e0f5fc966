import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AmbiguousStepError,
  resolveCandidates,
  type EffectiveResolutionContext,
  type StepDefinition,
} from '../../src/index.js';

function def(workspace: string | null, fields: Partial<StepDefinition> = {}): StepDefinition {
  return {
    name: 'ModelTraining',
    config_class: `${workspace ?? 'Core'}ModelTrainingConfig`,
    builder_step_name: `${workspace ?? 'Core'}ModelTrainingStepBuilder`,
    spec_type: 'ModelTraining',
    sagemaker_step_type: 'Training',
    description: 'training',
    registry_type: workspace === null ? 'core' : 'workspace',
    workspace_id: workspace,
    priority: 100,
    framework: null,
    environment_tags: [],
    compatibility_tags: [],
    conflict_resolution_strategy: 'workspace_priority',
    job_types: [],
    framework_version: null,
    override_source: null,
    metadata: {},
    source: { file: `/ws/${workspace ?? 'core'}.yaml`, line: 1 },
    ...fields,
  };
}

function ctx(overrides: Partial<EffectiveResolutionContext> = {}): EffectiveResolutionContext {
  return {
    workspace_id: null,
    preferred_frameworks: [],
    frameworks_from: null,
    environment_tags: [],
    environment_from: null,
    resolution_mode: 'automatic',
    ...overrides,
  };
}

const resolve = (cands: StepDefinition[], c: Partial<EffectiveResolutionContext> = {}) =>
  resolveCandidates('ModelTraining', cands, ctx(c), () => ['ModelTrainer']);

describe('resolveCandidates (SPEC §4.2)', () => {
  it('no candidate: unresolved, reason names suggestions', () => {
    const r = resolve([]);
    expect(r.resolved).toBe(false);
    expect(r.selected_definition).toBeNull();
    expect(r.resolution_strategy).toBeNull();
    expect(r.reason).toBe("Step 'ModelTraining' is not defined in core or any workspace — did you mean 'ModelTrainer'?");
    expect(r.suggestions).toEqual(['ModelTrainer']);
  });

  it('one candidate: no_conflict', () => {
    const only = def('alice');
    const r = resolve([only]);
    expect(r.selected_definition).toBe(only);
    expect(r.resolution_strategy).toBe('no_conflict');
    expect(r.ambiguous).toBe(false);
  });

  it("the context workspace's own definition wins: workspace_priority, losers explained", () => {
    const a = def('alice', { priority: 500 });
    const b = def('bob', { priority: 1 });
    const r = resolve([a, b], { workspace_id: 'alice' });
    expect(r.selected_definition).toBe(a);
    expect(r.resolution_strategy).toBe('workspace_priority');
    expect(r.explanation).toContain("workspace 'bob' (LOCAL_STEPS) lost: the context workspace 'alice' has its own definition");
  });

  it('framework narrowing to one: framework_match', () => {
    const a = def('alice', { framework: 'pytorch' });
    const b = def('bob', { framework: 'tensorflow' });
    const r = resolve([a, b], { preferred_frameworks: ['tensorflow'], frameworks_from: 'caller' });
    expect(r.selected_definition).toBe(b);
    expect(r.resolution_strategy).toBe('framework_match');
    expect(r.explanation).toContain("workspace 'alice' (LOCAL_STEPS) lost: framework pytorch is not tensorflow");
  });

  it('framework filter that keeps two still narrows, then environment decides (SPEC §10.4 absent)', () => {
    const a = def('alice', { framework: 'xgboost', environment_tags: ['production'] });
    const b = def('bob', { framework: 'xgboost', environment_tags: ['development'] });
    const c = def('carol', { framework: 'pytorch', environment_tags: ['development'], priority: 1 });
    const r = resolve([a, b, c], { preferred_frameworks: ['xgboost'], frameworks_from: 'caller', environment_tags: ['development'], environment_from: 'caller' });
    // carol has the best priority but lost on framework; bob is the only xgboost one for development.
    expect(r.selected_definition).toBe(b);
    expect(r.resolution_strategy).toBe('environment_match');
  });

  it('framework filter keeping several then priority decides among the kept ones only', () => {
    const a = def('alice', { framework: 'xgboost', priority: 90 });
    const b = def('bob', { framework: 'xgboost', priority: 80 });
    const c = def('carol', { framework: 'pytorch', priority: 1 });
    const r = resolve([a, b, c], { preferred_frameworks: ['xgboost'], frameworks_from: 'caller' });
    expect(r.selected_definition).toBe(b);
    expect(r.resolution_strategy).toBe('priority_based');
  });

  it('a filter that matches nothing is not applied', () => {
    const a = def('alice', { framework: 'xgboost', priority: 90 });
    const b = def('bob', { framework: 'pytorch', priority: 80 });
    const r = resolve([a, b], { preferred_frameworks: ['jax'], frameworks_from: 'caller', environment_tags: ['nowhere'], environment_from: 'caller' });
    expect(r.selected_definition).toBe(b);
    expect(r.resolution_strategy).toBe('priority_based');
    expect(r.explanation).toContain('framework filter [jax] matched no candidate: not applied');
  });

  it('preferred frameworks are tried in order', () => {
    const a = def('alice', { framework: 'xgboost' });
    const b = def('bob', { framework: 'pytorch' });
    const r = resolve([a, b], { preferred_frameworks: ['lightgbm', 'pytorch', 'xgboost'], frameworks_from: 'workspace_metadata', workspace_id: 'zed' });
    expect(r.selected_definition).toBe(b);
    expect(r.reason).toBe("Selected by framework 'pytorch' (from zed's preferred_frameworks)");
  });

  it('environment: untagged definitions match every environment', () => {
    const a = def('alice', { environment_tags: ['production'] });
    const b = def('bob', { environment_tags: [] });
    const c = def('carol', { environment_tags: ['gpu'] });
    const r = resolve([a, b, c], { environment_tags: ['gpu'], environment_from: 'caller' });
    // bob (untagged) and carol (gpu) both match; priority tie between workspaces → carol? no: bob sorts first.
    expect(r.selected_definition).toBe(b);
    expect(r.ambiguous).toBe(true);
    expect(r.explanation).toContain("workspace 'alice' (LOCAL_STEPS) lost: environment tags [production] do not meet [gpu]");
  });

  it('environment narrowing to one: environment_match', () => {
    const a = def('alice', { environment_tags: ['production'] });
    const b = def('bob', { environment_tags: ['development'] });
    const r = resolve([a, b], { environment_tags: ['development'], environment_from: 'caller' });
    expect(r.selected_definition).toBe(b);
    expect(r.resolution_strategy).toBe('environment_match');
  });

  it('lowest priority wins', () => {
    const core = def(null);
    const a = def('alice', { priority: 80 });
    const r = resolve([core, a]);
    expect(r.selected_definition).toBe(a);
    expect(r.resolution_strategy).toBe('priority_based');
    expect(r.explanation).toContain('core lost: priority 100 > 80');
  });

  it('a tie with core goes to core and is not ambiguous', () => {
    const core = def(null);
    const a = def('alice');
    const r = resolve([a, core]);
    expect(r.selected_definition).toBe(core);
    expect(r.ambiguous).toBe(false);
    expect(r.explanation).toContain("workspace 'alice' (LOCAL_STEPS) lost: tie at priority 100, core wins ties");
  });

  it('a tie between workspaces goes to the smaller id in code-unit order, ambiguous (SPEC §10.5 absent)', () => {
    // 'Zed' < 'alice' in code-unit order (uppercase first), whatever the locale says.
    const lower = def('alice', { priority: 50 });
    const upper = def('Zed', { priority: 50 });
    const r = resolve([lower, upper]);
    expect(r.selected_definition).toBe(upper);
    expect(r.ambiguous).toBe(true);
    expect(r.reason).toBe("Ambiguous: Zed, alice tie at priority 50; chose 'Zed' by workspace id order");
  });

  it('strict mode turns a workspace tie into AmbiguousStepError listing the tied candidates', () => {
    const a = def('alice', { priority: 50 });
    const b = def('bob', { priority: 50 });
    let error: unknown;
    try {
      resolve([b, a], { resolution_mode: 'strict' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AmbiguousStepError);
    expect((error as AmbiguousStepError).code).toBe('AMBIGUOUS_STEP');
    expect((error as AmbiguousStepError).candidates).toEqual(['alice', 'bob']);
    expect((error as Error).message).toContain("Step 'ModelTraining' is ambiguous: workspaces alice, bob tie at priority 50");
  });

  it('interactive mode behaves as automatic in the library', () => {
    const a = def('alice', { priority: 50 });
    const b = def('bob', { priority: 50 });
    const r = resolve([a, b], { resolution_mode: 'interactive' });
    expect(r.selected_definition).toBe(a);
    expect(r.ambiguous).toBe(true);
  });

  it('property: the result does not depend on the order candidates are given in', () => {
    const candidate = fc.record({
      ws: fc.constantFrom(null, 'alice', 'bob', 'Carol', 'dave', 'eve_2', 'x.y'),
      priority: fc.integer({ min: 0, max: 3 }),
      framework: fc.constantFrom(null, 'xgboost', 'pytorch'),
      env: fc.subarray(['dev', 'prod', 'gpu']),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(candidate, { selector: (c) => c.ws, minLength: 1, maxLength: 6 }),
        fc.constantFrom(null, 'alice', 'bob', 'nobody'),
        fc.constantFrom([], ['xgboost'], ['pytorch', 'xgboost']),
        fc.constantFrom([], ['dev'], ['prod', 'gpu']),
        fc.integer(),
        (specs, ws, frameworks, env, seed) => {
          const cands = specs.map((s) => def(s.ws, { priority: s.priority, framework: s.framework, environment_tags: s.env }));
          const shuffled = [...cands].sort((a, b) => ((seed ^ a.config_class.length * 7919) % 5) - ((seed ^ b.config_class.length * 7919) % 5) || (a.workspace_id ?? '').localeCompare(b.workspace_id ?? '') * (seed % 2 ? 1 : -1));
          const c = ctx({ workspace_id: ws, preferred_frameworks: frameworks, environment_tags: env });
          const x = resolveCandidates('S', cands, c, () => []);
          const y = resolveCandidates('S', shuffled, c, () => []);
          expect(y.selected_definition?.workspace_id).toBe(x.selected_definition?.workspace_id);
          expect(y.resolution_strategy).toBe(x.resolution_strategy);
          expect(y.ambiguous).toBe(x.ambiguous);
        },
      ),
      { numRuns: 500 },
    );
  });
});
