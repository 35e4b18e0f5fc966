/**
 * Templates of a new workspace registry file: `standard` (an example local
 * step, a commented-out override, full metadata) or `minimal`, in YAML, JSON
 * or TypeScript. A file rendered here loads with zero diagnostics.
 */
import { commentText } from '../interop/commentText.js';
import { workspaceIdOf, type WorkspaceIdOption } from './workspaceIdOption.js';

/** Template names of `init-workspace --template`. */
export const REGISTRY_TEMPLATES = ['standard', 'minimal'] as const;
/** A template name. */
export type RegistryTemplate = (typeof REGISTRY_TEMPLATES)[number];
/** File formats `init-workspace --format` writes. */
export const REGISTRY_FORMATS = ['yaml', 'json', 'ts'] as const;
/** A format `init-workspace` writes. */
export type RegistryFormat = (typeof REGISTRY_FORMATS)[number];

/** What a template needs to know: the workspace (`workspaceId`; `developerId` is its deprecated old name) and {@link TemplateSettings}. */
export type TemplateInput = TemplateSettings & WorkspaceIdOption;

/** A resolved template input: the workspace id is known. */
type ResolvedTemplateInput = TemplateSettings & { readonly workspaceId: string };

/** What a template needs to know besides the workspace id. */
export interface TemplateSettings {
  readonly template: RegistryTemplate;
  readonly format: RegistryFormat;
  /** The `$schema` reference, relative to the registry file (YAML/JSON). */
  readonly schemaRef: string;
}

/** `alice` → `Alice`, `dev-team.2` → `DevTeam2`, `42x` → `Dev42x`: a PascalCase prefix for example step names. */
export function stepPrefixFor(workspaceId: string): string {
  const pascal = workspaceId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
  return /^[A-Za-z]/.test(pascal) ? pascal : `Dev${pascal}`;
}

function exampleStep(workspaceId: string): Record<string, unknown> {
  const p = stepPrefixFor(workspaceId);
  return {
    config_class: `${p}CustomProcessingConfig`,
    builder_step_name: `${p}CustomProcessingStepBuilder`,
    spec_type: `${p}CustomProcessing`,
    sagemaker_step_type: 'Processing',
    description: `Custom processing step of workspace ${workspaceId}`,
    framework: 'pandas',
    environment_tags: ['development'],
    priority: 100,
  };
}

function metadata(input: ResolvedTemplateInput): Record<string, unknown> {
  if (input.template === 'minimal') return { developer_id: input.workspaceId };
  return {
    developer_id: input.workspaceId,
    version: '1.0.0',
    description: `Workspace of ${input.workspaceId}`,
    dependencies: [],
    default_resolution_strategy: 'workspace_priority',
    preferred_frameworks: [],
    environment_preferences: ['development'],
    conflict_tolerance: 'medium',
  };
}

const q = (v: unknown) => JSON.stringify(v);

function yamlMapping(record: Record<string, unknown>, indent: string): string {
  return Object.entries(record)
    .map(([k, v]) => `${indent}${k}: ${Array.isArray(v) ? `[${v.map(q).join(', ')}]` : q(v)}`)
    .join('\n');
}

/** The commented override example of the templates: one step, rendered in each format's own syntax. */
const OVERRIDE_EXAMPLE_FIELDS: readonly (readonly [string, string | number])[] = [
  ['config_class', 'MyXGBoostTrainingConfig'],
  ['builder_step_name', 'MyXGBoostTrainingStepBuilder'],
  ['spec_type', 'XGBoostTraining'],
  ['sagemaker_step_type', 'Training'],
  ['description', 'XGBoost training with my changes'],
  ['framework', 'xgboost'],
  ['priority', 80],
];

/** The override example as YAML lines. */
const OVERRIDE_EXAMPLE = ['XGBoostTraining:', ...OVERRIDE_EXAMPLE_FIELDS.map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)];

/** The override example as lines of a TS object literal entry (inside `STEP_OVERRIDES: { … }`). */
const OVERRIDE_EXAMPLE_TS = ['XGBoostTraining: {', ...OVERRIDE_EXAMPLE_FIELDS.map(([k, v]) => `  ${k}: ${typeof v === 'string' ? `'${v}'` : v},`), '},'];

function renderYaml(input: ResolvedTemplateInput): string {
  const head = [
    `# yaml-language-server: $schema=${commentText(input.schemaRef)}`,
    `# Workspace registry of "${commentText(input.workspaceId)}".`,
    '# LOCAL_STEPS adds steps only this workspace sees; STEP_OVERRIDES replaces core',
    '# steps for this workspace only. Check it with:',
    `#   cursus registry validate-registry --workspace ${commentText(input.workspaceId)}`,
    '',
  ];
  if (input.template === 'minimal') {
    return `${[...head, 'LOCAL_STEPS: {}', '', 'STEP_OVERRIDES: {}', '', 'WORKSPACE_METADATA:', yamlMapping(metadata(input), '  ')].join('\n')}\n`;
  }
  const name = `${stepPrefixFor(input.workspaceId)}CustomProcessing`;
  return `${[
    ...head,
    'LOCAL_STEPS:',
    '  # An example step: rename it, or replace it with your own.',
    `  ${name}:`,
    yamlMapping(exampleStep(input.workspaceId), '    '),
    '',
    'STEP_OVERRIDES:',
    '  # Uncomment to use your own XGBoost training in this workspace only:',
    ...OVERRIDE_EXAMPLE.map((l) => `  # ${l}`),
    '',
    'WORKSPACE_METADATA:',
    yamlMapping(metadata(input), '  '),
  ].join('\n')}\n`;
}

function registryData(input: ResolvedTemplateInput): Record<string, unknown> {
  const local = input.template === 'standard' ? { [`${stepPrefixFor(input.workspaceId)}CustomProcessing`]: exampleStep(input.workspaceId) } : {};
  return { LOCAL_STEPS: local, STEP_OVERRIDES: {}, WORKSPACE_METADATA: metadata(input) };
}

function renderTs(input: ResolvedTemplateInput): string {
  const body = JSON.stringify(registryData(input), null, 2)
    .replace(/"([A-Za-z_][A-Za-z0-9_]*)":/g, '$1:')
    .replace(/"/g, "'");
  const overrides =
    input.template === 'standard'
      ? `\n// To override a core step in this workspace only, add it to STEP_OVERRIDES, e.g.\n${OVERRIDE_EXAMPLE_TS.map((l) => `//   ${l}`).join('\n')}\n`
      : '';
  return `// Workspace registry of "${commentText(input.workspaceId)}". This file runs when the registry loads.\nimport { defineWorkspaceRegistry } from 'cursus-registry';\n${overrides}\nexport default defineWorkspaceRegistry(${body});\n`;
}

/** Render a new workspace registry file. */
export function renderRegistryTemplate(options: TemplateInput): string {
  const input: ResolvedTemplateInput = { template: options.template, format: options.format, schemaRef: options.schemaRef, workspaceId: workspaceIdOf(options) };
  switch (input.format) {
    case 'yaml':
      return renderYaml(input);
    case 'json':
      return `${JSON.stringify({ $schema: input.schemaRef, ...registryData(input) }, null, 2)}\n`;
    case 'ts':
      return renderTs(input);
  }
}
