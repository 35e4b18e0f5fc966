import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { RegistryLoadError } from '../model/errors.js';
import { WORKSPACE_REGISTRY_DIR } from '../sources/workspaceDiscovery.js';

/**
 * What `cursus registry import <source>` was pointed at:
 * - `python-registry`: one `.py` registry file;
 * - `workspace`: a workspace directory (it has `src/cursus_dev/registry/`, where its `workspace_registry.py` is);
 * - `workspaces-root`: a directory of workspaces (each Python one is converted);
 * - `step-interfaces`: a directory of `*.step.yaml` interface files (→ a core registry).
 */
export type ImportSourceKind = 'python-registry' | 'workspace' | 'workspaces-root' | 'step-interfaces';

/** A classified import source. */
export interface ImportSource {
  readonly kind: ImportSourceKind;
  /** Absolute path of the source. */
  readonly path: string;
}

/** Suffix of a step interface file. */
export const STEP_INTERFACE_SUFFIX = '.step.yaml';

const SOURCE_HINT = 'give a workspace_registry.py, a workspace directory, a workspaces root, or a directory of *.step.yaml interface files';

/** Classify an import source. Throws a `RegistryLoadError` for a missing path or an unsupported file. */
export function detectImportSource(source: string, cwd = process.cwd()): ImportSource {
  const path = resolve(cwd, source);
  if (!existsSync(path)) throw new RegistryLoadError('import source not found', { file: path, hint: SOURCE_HINT });
  if (!statSync(path).isDirectory()) {
    if (extname(path).toLowerCase() === '.py') return { kind: 'python-registry', path };
    throw new RegistryLoadError(`cannot import a '${extname(path) || '(no extension)'}' file`, { file: path, hint: SOURCE_HINT });
  }
  if (readdirSync(path).some((name) => name.endsWith(STEP_INTERFACE_SUFFIX))) return { kind: 'step-interfaces', path };
  // A directory with the registry folder of the layout is one workspace (its .py may be missing: that is reported).
  if (existsSync(join(path, WORKSPACE_REGISTRY_DIR))) return { kind: 'workspace', path };
  return { kind: 'workspaces-root', path };
}
