// Prints a real session with `cursus mcp` through the MCP SDK's own client
// (the README's "Assistants (MCP)" transcript): node scripts/mcp-transcript.mjs
// Run from the repository root after `npm run build`; uses examples/workspaces.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const transport = new StdioClientTransport({ command: process.execPath, args: ['bin/cursus.js', '--workspaces-root', 'examples/workspaces', 'mcp'] });
const client = new Client({ name: 'transcript', version: '1.0.0' });
await client.connect(transport);
const show = (label, value) => console.log(`${label}\n${value}\n`);
const { tools } = await client.listTools();
show('> tools/list', tools.map((t) => `${t.name}(${Object.keys(t.inputSchema.properties ?? {}).join(', ')})`).join('\n'));
for (const [name, args] of [
  ['get_step', { name: 'XGBoostTraining', workspace: 'alice' }],
  ['resolve_step', { name: 'ModelTraining', framework: 'tensorflow' }],
  ['list_conflicts', {}],
  ['validate_registry', {}],
  ['get_step', { name: 'XGBoostTraining', workspace: 'alicee' }],
]) {
  const result = await client.callTool({ name, arguments: args });
  const text = result.content.map((c) => c.text).join('\n');
  show(`> tools/call ${name} ${JSON.stringify(args)}${result.isError ? '  (isError)' : ''}`, text);
}
const step = await client.callTool({ name: 'get_step', arguments: { name: 'XGBoostTraining', workspace: 'alice' } });
const d = step.structuredContent.definition;
show('> structuredContent.definition (get_step XGBoostTraining, alice), some fields', JSON.stringify({ config_class: d.config_class, registry_type: d.registry_type, workspace_id: d.workspace_id, source: { ...d.source, file: d.source.file.replace(process.cwd() + '/', '') } }, null, 2));
const { resources } = await client.listResources();
show('> resources/list', resources.map((r) => r.uri).join('\n'));
await client.close();
