import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The example workspaces root shipped in examples/. */
export const EXAMPLES_ROOT = join(REPO_ROOT, 'examples', 'workspaces');
/** The real 64-step core registry of the Python project. */
export const CORE_64 = resolve(REPO_ROOT, 'test', 'fixtures', 'python-cursus', 'cursus_core_64.json');
/** The built CLI launcher. */
export const CLI = join(REPO_ROOT, 'bin', 'cursus.js');

/** A temporary directory, removed by `cleanup()`. */
export interface TempDir {
  readonly dir: string;
  /** Write a file (creating parent dirs) relative to `dir`; returns its absolute path. */
  write(relativePath: string, content: string | Buffer): string;
  cleanup(): void;
}

/** Create a temporary directory for one test. */
export function makeTempDir(prefix = 'cursus-test-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write(relativePath, content) {
      const file = join(dir, relativePath);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Path of a workspace's registry file relative to the workspaces root. */
export function registryPath(workspaceId: string, ext = 'yaml'): string {
  return join(workspaceId, 'src', 'cursus_dev', 'registry', `workspace_registry.${ext}`);
}

/** A valid step definition as YAML lines (indented for LOCAL_STEPS), with overrides of fields. */
export function stepYaml(name: string, fields: Record<string, unknown> = {}, indent = '  '): string {
  const base: Record<string, unknown> = {
    config_class: `${name}Config`,
    builder_step_name: `${name}StepBuilder`,
    spec_type: name,
    sagemaker_step_type: 'Processing',
    description: `${name} step`,
    ...fields,
  };
  const lines = [`${indent}${name}:`];
  for (const [k, v] of Object.entries(base)) if (v !== undefined) lines.push(`${indent}  ${k}: ${JSON.stringify(v)}`);
  return `${lines.join('\n')}\n`;
}
