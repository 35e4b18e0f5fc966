/**
 * The package entry (`import … from 'cursus-registry'`): the public API of
 * index.ts, bound as the module builder modules import during discovery.
 */
import * as publicApi from './index.js';
import { bindPackageApi } from './integration/packageApiBinding.js';

export * from './index.js';

bindPackageApi(publicApi);
