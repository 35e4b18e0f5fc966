import { resolve } from 'node:path';
import type { PipelineManifest } from '../../integration/pipelineManifest.js';
import { assemblePipeline, pipelineRecordOf, pipelineValidationRecord } from '../../query/pipelineQuery.js';
import { RegistryError, type RegistryErrorCode } from '../../model/errors.js';
import { findingMessage } from '../../model/findingText.js';
import { EXIT_CHECK_FAILED, reportError } from '../exitCodes.js';
import { displayPath, stableJson, type CliIO } from '../output.js';
import { loadRegistry, reportFailedWorkspaces, type GlobalOptions } from '../registryLoader.js';

/** Options of `pipeline build`. */
export interface PipelineBuildOptions extends GlobalOptions {
  format: 'json' | 'mermaid';
}

/** Options of `pipeline validate`. */
export interface PipelineValidateOptions extends GlobalOptions {
  format: 'text' | 'json';
}

/** Problems with what the spec says (exit 1); reading/parsing the file or a registry is a load error (exit 2). */
const SPEC_PROBLEMS: ReadonlySet<RegistryErrorCode> = new Set(['PIPELINE_INVALID', 'UNKNOWN_STEP', 'UNKNOWN_WORKSPACE', 'AMBIGUOUS_STEP']);

/** Read, validate and assemble the spec; errors are printed as one line and mapped to an exit code. */
function assemble(io: CliIO, opts: GlobalOptions, specFile: string): PipelineManifest | number {
  const registry = loadRegistry(opts, io);
  try {
    const manifest = assemblePipeline(registry, { file: resolve(io.cwd, specFile) });
    reportFailedWorkspaces(registry, io);
    // Warnings go to stderr: `build` keeps stdout for the manifest.
    for (const w of manifest.warnings) io.stderr(`cursus: ${io.colors.yellow('warning')} ${w.code}: ${findingMessage(w, { showPath: (f) => displayPath(f, io.cwd) })}\n`);
    return manifest;
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    const code = reportError(io, error);
    return SPEC_PROBLEMS.has(error.code) ? EXIT_CHECK_FAILED : code;
  }
}

/** `cursus pipeline build <spec>`: the manifest as JSON (sorted keys) or a mermaid flowchart. */
export async function runPipelineBuild(io: CliIO, opts: PipelineBuildOptions, specFile: string): Promise<number> {
  const manifest = assemble(io, opts, specFile);
  if (typeof manifest === 'number') return manifest;
  const record = pipelineRecordOf(manifest, opts.format);
  io.stdout(record.format === 'mermaid' ? record.mermaid : stableJson(record.manifest));
  return 0;
}

/**
 * `cursus pipeline validate <spec>`: exit 0 when the pipeline builds, 1 when the
 * spec is wrong, 2 when a file cannot be loaded. `--format json`: a
 * {@link pipelineValidationRecord} on success, `{"error": finding}` on failure
 * (same exit codes).
 */
export async function runPipelineValidate(io: CliIO, opts: PipelineValidateOptions, specFile: string): Promise<number> {
  const manifest = assemble(io, opts, specFile);
  if (typeof manifest === 'number') return manifest;
  const record = pipelineValidationRecord(manifest, displayPath(resolve(io.cwd, specFile), io.cwd));
  if (opts.format === 'json') {
    io.stdout(stableJson(record));
    return 0;
  }
  const c = io.colors;
  const name = record.name === null ? '' : ` '${record.name}'`;
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  io.stdout(
    `${c.green('✓ valid')}: pipeline${name} (${record.file}) — ${count(record.nodes, 'node')}, ${count(record.edges, 'edge')}, workspaces: ${record.workspaces.length ? record.workspaces.join(', ') : 'none (core only)'}\n`,
  );
  io.stdout(`  order: ${record.order.join(' → ')}\n`);
  return 0;
}
