import { afterEach, beforeEach } from 'vitest';
import { clearWorkspaceContext, configureRegistry, resetRegistry } from '../../src/index.js';
import { EXAMPLES_ROOT, makeTempDir, type TempDir } from './tempRegistry.js';

/**
 * For the tests of the enclosing suite: the legacy global registry set to the
 * example workspaces (cwd a fresh temp dir, empty env), no context; both reset
 * afterwards. Returns a getter for the temp dir of the running test.
 */
export function useGlobalExampleRegistry(prefix = 'cursus-global-'): () => TempDir {
  let tmp: TempDir | undefined;
  beforeEach(() => {
    tmp = makeTempDir(prefix);
    clearWorkspaceContext();
    configureRegistry({ workspacesRoot: EXAMPLES_ROOT, cwd: tmp.dir, env: {} });
  });
  afterEach(() => {
    resetRegistry();
    clearWorkspaceContext();
    tmp?.cleanup();
  });
  return () => tmp as TempDir;
}
