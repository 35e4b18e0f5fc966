import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { RegistryLoadError } from '../model/errors.js';

/** Largest input file read, in bytes (a registry of 1000 long steps is well under 1 MB). */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

/** What kind of file system object `stats` describes, for "is a FIFO, not a regular file" messages. */
export function describeFileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function openError(file: string, error: unknown, what: string): RegistryLoadError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' && isSymbolicLink(file)) {
    return new RegistryLoadError('dangling symbolic link: its target does not exist', { file, hint: 'make the symbolic link point at a real file, or replace it with the file', cause: error });
  }
  const reason =
    code === 'ENOENT'
      ? 'file not found'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'is a directory, not a regular file'
          : code === 'ELOOP'
            ? 'symbolic link loop (too many levels of symbolic links)'
            : code === 'ENOTDIR'
              ? 'a component of the path is not a directory'
              : `cannot read file (${code ?? (error as Error).message})`;
  const hint =
    code === 'ENOENT'
      ? 'check the path (relative paths are resolved against the working directory)'
      : code === 'ELOOP'
        ? 'make the symbolic link point at a real file'
        : code === 'EISDIR'
          ? `point at the ${what} file inside the directory`
          : 'check the file permissions';
  return new RegistryLoadError(reason, { file, hint, cause: error });
}

function isSymbolicLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Options of {@link readRegularFileBytes}. */
export interface RegularFileReadOptions {
  /** Largest number of bytes read; the limit is enforced while reading (default 10 MB). */
  readonly maxBytes?: number;
  /** What the file is, for hints ("core registry", "pipeline spec", …). */
  readonly what?: string;
}

/**
 * Read a file's bytes, refusing anything but a regular file. The file is opened
 * non-blocking (opening a FIFO must not wait for a writer) and checked with
 * `fstat` on the opened descriptor — not `stat` on the path, which a rename
 * could change in between. The size limit is enforced while reading, so a
 * device or a file that grows while being read cannot exhaust memory.
 */
export function readRegularFileBytes(file: string, options: RegularFileReadOptions = {}): Buffer {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const what = options.what ?? 'registry';
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw openError(file, error, what);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      throw new RegistryLoadError(`is ${describeFileKind(stats)}, not a regular file`, {
        file,
        hint: `the ${what} must be a regular file`,
      });
    }
    const tooBig = (size: number) =>
      new RegistryLoadError(`file is ${size === stats.size ? `${size} bytes` : `over ${maxBytes} bytes (still growing while read)`}, more than the limit of ${maxBytes}`, {
        file,
        hint: `${what} files are small; split it or raise the limit (maxFileBytes)`,
      });
    if (stats.size > maxBytes) throw tooBig(stats.size);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(stats.size - total, 0) + 1, maxBytes - total + 1, 1 << 20) || 1);
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        throw openError(file, error, what);
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooBig(total);
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** Byte offset of the first invalid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return Math.max(0, bytes.length - 1);
}

/**
 * Read an input file (registry, config, pipeline spec, …) as UTF-8 text: only
 * regular files, bounded size, and a clear error for binary, UTF-16 and
 * non-UTF-8 content. A leading byte-order mark is dropped.
 */
export function readRegistryText(file: string, maxBytes: number = DEFAULT_MAX_FILE_BYTES, what = 'registry'): string {
  const bytes = readRegularFileBytes(file, { maxBytes, what });
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new RegistryLoadError('file is UTF-16 encoded (binary to a UTF-8 reader: it contains NUL bytes)', { file, line: 1, hint: 're-save the file as UTF-8' });
  }
  if (bytes.includes(0)) {
    throw new RegistryLoadError('file is binary (contains NUL bytes), not a text file', { file, hint: `${what} files are UTF-8 YAML, JSON or code` });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const offset = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
    const column = offset - bytes.lastIndexOf(10, offset - 1);
    throw new RegistryLoadError(`file is not valid UTF-8 (byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')})`, { file, line, column, hint: 're-save the file as UTF-8', cause: error });
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
