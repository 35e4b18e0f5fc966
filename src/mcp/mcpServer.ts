/**
 * `cursus mcp`: the registry as a Model Context Protocol server. Tools come
 * from {@link CURSUS_TOOLS} (query layer underneath); resources are the views
 * as JSON. Read-only. This module imports the MCP SDK, so only `cursus mcp`
 * loads it — never the library or the other commands.
 */
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { HybridRegistryManager } from '../engine/hybridRegistryManager.js';
import { RegistryError } from '../model/errors.js';
import { findingToJson } from '../model/findingJson.js';
import { listStepRecords } from '../query/stepQueries.js';
import { CURSUS_TOOLS, type CursusTool } from './mcpTools.js';

/** URI of the core view resource. */
export const CORE_VIEW_URI = 'cursus://view/core';
/** URI template of a workspace view resource. */
export const WORKSPACE_VIEW_TEMPLATE = 'cursus://view/{workspace}';

/**
 * A failure as a tool error: the CLI's one-line message (`CODE: where: what.
 * Hint: … — did you mean …`) as text, the finding(s) as structured content.
 */
export function toolError(error: unknown): CallToolResult {
  if (error instanceof RegistryError) {
    return {
      isError: true,
      content: [{ type: 'text', text: `${error.code}: ${error.message}` }],
      structuredContent: { error: findingToJson(error.findings[0] ?? error.finding), findings: error.findings.map(findingToJson) },
    };
  }
  return { isError: true, content: [{ type: 'text', text: `internal error: ${error instanceof Error ? error.message : String(error)}` }] };
}

/** Run one tool: its answer as structured content + text, any failure as a tool error (the server never crashes on a call). */
export function callTool(tool: CursusTool, registry: HybridRegistryManager, args: Record<string, unknown>): CallToolResult {
  try {
    const answer = tool.run(registry, args);
    return { ...(answer.failed ? { isError: true } : {}), content: [{ type: 'text', text: answer.text }], structuredContent: answer.structured };
  } catch (error) {
    return toolError(error);
  }
}

function viewContents(registry: HybridRegistryManager, uri: string, workspace: string | null) {
  const steps = listStepRecords(registry, { workspace });
  return { contents: [{ uri, mimeType: 'application/json', text: `${JSON.stringify({ view: workspace, steps }, null, 2)}\n` }] };
}

/**
 * Build the MCP server over a loaded registry: the tools of {@link CURSUS_TOOLS},
 * the core view at {@link CORE_VIEW_URI}, and each workspace's view at
 * `cursus://view/<id>` (listed from the workspaces discovered now).
 */
export function createCursusMcpServer(registry: HybridRegistryManager, version: string): McpServer {
  const server = new McpServer(
    { name: 'cursus-registry', version },
    {
      capabilities: { resources: { listChanged: true }, tools: {} },
      instructions:
        'The cursus step registry: core step definitions plus each developer workspace (LOCAL_STEPS, STEP_OVERRIDES). Use get_step / list_steps with a workspace for what that workspace sees, resolve_step to see which definition wins and why, validate_registry for problems.',
    },
  );
  for (const tool of CURSUS_TOOLS) {
    server.registerTool(tool.name, { title: tool.title, description: tool.description, inputSchema: tool.input, annotations: { readOnlyHint: true, openWorldHint: false } }, (args: Record<string, unknown>) => callTool(tool, registry, args));
  }
  server.registerResource('core-view', CORE_VIEW_URI, { title: 'Core view', description: 'The core registry steps as JSON', mimeType: 'application/json' }, (uri) => viewContents(registry, uri.href, null));
  server.registerResource(
    'workspace-view',
    new ResourceTemplate(WORKSPACE_VIEW_TEMPLATE, {
      list: () => ({
        resources: registry.getWorkspaceIds().map((id) => ({ uri: `cursus://view/${encodeURIComponent(id)}`, name: `view of ${id}`, mimeType: 'application/json' })),
      }),
      complete: { workspace: (value) => registry.getWorkspaceIds().filter((id) => id.startsWith(value)) },
    }),
    { title: 'Workspace view', description: "A workspace's view (core + its local steps and overrides) as JSON", mimeType: 'application/json' },
    (uri, variables) => {
      const raw = variables.workspace;
      const id = decodeURIComponent(Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? ''));
      return viewContents(registry, uri.href, id);
    },
  );
  return server;
}
