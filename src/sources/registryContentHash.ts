// node:crypto loads on first use (process.getBuiltinModule): importing the package never pays for it.
import { readRegularFileBytes } from './regularFileReader.js';

/** One file that makes up a registry: a stable key (not an absolute path) and where it is. */
export interface HashedRegistryFile {
  /** What the file is, the same on every machine: `core`, or `workspace:<id>`. */
  readonly key: string;
  readonly file: string;
}

/**
 * A content hash (SHA-256, hex) of registry files: each file's key and bytes,
 * in key order. It depends on what the files say, never on where they are,
 * when they were written or how often they were read, so two processes serving
 * the same commit compute the same value (an HTTP ETag replicas agree on).
 * A file that cannot be read hashes as its key and the word `unreadable`.
 *
 * @example
 * hashRegistryFiles([{ key: 'core', file: 'core/step_names.yaml' }]); // '3f1c…'
 */
export function hashRegistryFiles(files: readonly HashedRegistryFile[]): string {
  const hash = process.getBuiltinModule('node:crypto').createHash('sha256');
  for (const { key, file } of [...files].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    let bytes: Buffer | null = null;
    try {
      bytes = readRegularFileBytes(file);
    } catch {
      bytes = null;
    }
    hash.update(`${key}\0${bytes === null ? 'unreadable' : bytes.length}\0`);
    if (bytes) hash.update(bytes);
  }
  return hash.digest('hex');
}
