import { workspaceRegistryJsonSchema } from '../../model/jsonSchema.js';
import type { CliIO } from '../output.js';

/** `cursus registry schema`: the JSON Schema of the workspace registry file, as shipped. */
export async function runSchema(io: CliIO): Promise<number> {
  io.stdout(`${JSON.stringify(workspaceRegistryJsonSchema(), null, 2)}\n`);
  return 0;
}
