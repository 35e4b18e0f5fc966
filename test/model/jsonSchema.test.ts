import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { WORKSPACE_REGISTRY_SCHEMA_PATH, workspaceRegistryJsonSchema } from '../../src/index.js';
import { EXAMPLES_ROOT, REPO_ROOT, registryPath } from '../helpers/tempRegistry.js';

describe('shipped JSON Schema', () => {
  it('is up to date with the zod model (run `npm run schema` when this fails)', () => {
    const shipped = JSON.parse(readFileSync(join(REPO_ROOT, WORKSPACE_REGISTRY_SCHEMA_PATH), 'utf8')) as unknown;
    expect(shipped).toEqual(workspaceRegistryJsonSchema());
  });

  it('knows every step field and rejects unknown ones', () => {
    const schema = workspaceRegistryJsonSchema() as { properties: { LOCAL_STEPS: { additionalProperties: { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean } } } };
    const step = schema.properties.LOCAL_STEPS.additionalProperties;
    expect(Object.keys(step.properties)).toContain('conflict_resolution_strategy');
    expect(step.required).toEqual(['config_class', 'builder_step_name', 'spec_type', 'sagemaker_step_type', 'description']);
    expect(step.additionalProperties).toBe(false);
  });

  it('the example YAML and JSON workspaces point at the shipped schema file', () => {
    for (const [ws, ext, pattern] of [
      ['alice', 'yaml', /^# yaml-language-server: \$schema=(\S+)$/m],
      ['bob', 'json', /"\$schema": "([^"]+)"/],
    ] as const) {
      const file = join(EXAMPLES_ROOT, registryPath(ws, ext));
      const ref = pattern.exec(readFileSync(file, 'utf8'))?.[1];
      expect(ref).toBeDefined();
      expect(resolve(dirname(file), ref ?? '')).toBe(join(REPO_ROOT, WORKSPACE_REGISTRY_SCHEMA_PATH));
      expect(existsSync(resolve(dirname(file), ref ?? ''))).toBe(true);
    }
  });
});
