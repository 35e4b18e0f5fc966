import { RegistryError } from '../../src/model/errors.js';

/** The `RegistryError` that `fn` throws; fails the test when it returns or throws anything else. */
export function registryErrorOf(fn: () => unknown): RegistryError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error('expected a RegistryError');
}
