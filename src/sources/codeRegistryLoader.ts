import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { createJiti as CreateJiti, Jiti } from 'jiti';
import { RegistryLoadError } from '../model/errors.js';
import { codeRegistriesAllowedByEnv } from './featureFlags.js';
import { originalPositionInTranspiled } from './transpiledPosition.js';

/** The module a workspace file gets when it imports `cursus-registry`: only `defineWorkspaceRegistry`, no runtime deps. */
function defineModulePath(): string {
  const js = fileURLToPath(new URL('../model/defineWorkspaceRegistry.js', import.meta.url));
  return existsSync(js) ? js : js.replace(/\.js$/, '.ts');
}

let jitiFactory: typeof CreateJiti | undefined;

/** jiti's factory, loaded on first use only: YAML/JSON-only registries never pay for it. */
export function loadJiti(): typeof CreateJiti {
  jitiFactory ??= (createRequire(import.meta.url)('jiti') as { createJiti: typeof CreateJiti }).createJiti;
  return jitiFactory;
}

function isThenable(value: unknown): boolean {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Where in the registry file an import failed, in the user's own source: a
 * parser's `loc` (Babel parses the original text; 0-based column), else the
 * first `file:line[:col]` frame of the stack (V8 columns are 1-based; a syntax
 * error in native ESM gives the line only). A frame in code jiti transpiled
 * points into Babel's output; given the `runner` that ran the file, it is
 * mapped back through the transpilation's source map (see
 * {@link originalPositionInTranspiled}).
 */
export function positionOfError(error: unknown, file: string, runner?: Jiti): { line?: number; column?: number } {
  const loc = (error as { loc?: { line?: unknown; column?: unknown } } | null)?.loc;
  if (loc && typeof loc.line === 'number') return { line: loc.line, column: typeof loc.column === 'number' ? loc.column + 1 : undefined };
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const at = stack.indexOf(`${file}:`);
  if (at < 0) return {};
  const m = /^:(\d+)(?::(\d+))?/.exec(stack.slice(at + file.length));
  if (!m) return {};
  // jiti reports transpile (Babel) parse errors with a 0-based column, in the original source.
  if (/^(Error: )?ParseError:/.test(stack)) return { line: Number(m[1]), column: m[2] === undefined ? undefined : Number(m[2]) + 1 };
  const line = Number(m[1]);
  const column = m[2] === undefined ? undefined : Number(m[2]);
  if (runner && column !== undefined) {
    const mapper = loadJiti()(import.meta.url, { ...runner.options, sourceMaps: true });
    const original = originalPositionInTranspiled(runner, mapper, file, line, column);
    if (original) return original;
  }
  return { line, column };
}

/**
 * Refuse to run `file` when code registries are disabled: `allowed` (a flag
 * resolved by the caller), else the environment (`CURSUS_ALLOW_CODE_REGISTRIES`).
 * Every path that would execute a workspace's code passes here first.
 *
 * @throws RegistryLoadError naming the switch (exit 2 in the CLI).
 */
export function assertCodeAllowed(file: string, allowed: boolean | undefined, workspaceId?: string, what = 'registry'): void {
  if (allowed ?? codeRegistriesAllowedByEnv()) return;
  throw new RegistryLoadError(`code registries are disabled (CURSUS_ALLOW_CODE_REGISTRIES=false / allowCodeRegistries: false): this ${what} file would run code when loaded, so it was not loaded`, {
    file,
    workspaceId,
    hint: 'convert it to workspace_registry.yaml, or allow code registries (CURSUS_ALLOW_CODE_REGISTRIES=true / allowCodeRegistries: true in cursus.config)',
  });
}

/**
 * Import a TypeScript/JavaScript workspace registry synchronously (jiti, no
 * module cache so a reload sees edits) and return its exports object.
 * Executes the file's code — unless code registries are disabled
 * (`allowCodeRegistries`, else the environment): see {@link assertCodeAllowed}.
 * Any failure is a {@link RegistryLoadError}.
 */
export function importCodeRegistry(file: string, workspaceId: string, allowCodeRegistries?: boolean): Record<string, unknown> {
  assertCodeAllowed(file, allowCodeRegistries, workspaceId);
  const jiti = loadJiti()(import.meta.url, {
    moduleCache: false,
    alias: { 'cursus-registry': defineModulePath() },
  });
  let mod: unknown;
  try {
    mod = jiti(file);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RegistryLoadError(`failed to import the registry module: ${message.split('\n')[0]}`, {
      file,
      ...positionOfError(error, file, jiti),
      workspaceId,
      hint: /top-level await|async/i.test(message)
        ? 'registry modules are loaded synchronously: no top-level await'
        : 'fix the error the module throws when imported (run it with `npx tsx <file>` to see the stack)',
      cause: error,
    });
  }
  if (isThenable(mod) || (mod !== null && typeof mod === 'object' && isThenable((mod as { default?: unknown }).default))) {
    throw new RegistryLoadError('the registry module exports a Promise', {
      file,
      workspaceId,
      hint: 'export plain objects (LOCAL_STEPS, STEP_OVERRIDES, WORKSPACE_METADATA); registries are loaded synchronously',
    });
  }
  if (mod === null || typeof mod !== 'object') {
    throw new RegistryLoadError(`the registry module exports ${typeof mod}, not an object`, {
      file,
      workspaceId,
      hint: 'export LOCAL_STEPS / STEP_OVERRIDES / WORKSPACE_METADATA by name or as a default object',
    });
  }
  return mod as Record<string, unknown>;
}
