import { z } from 'zod';

import { isWellKnown } from './well-known.js';

import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ToolDefinition, ToolKind } from './define-tool.js';
import type { ToolEntry } from './registry.js';

// tools/list is paid for in every model context, so it says each thing once: no JSON-Schema dialect
// line, no length bounds the server checks anyway, annotations only where they differ from MCP's
// defaults, no title that repeats the name. Output schemas are declared in the registry (and
// docs/tools.md) and enforced on every result; they are listed only with OUTPUT_SCHEMAS=true.
// Each tool's entry is built once per process and shared by every session. The JSON Schemas are
// computed from zod by `npm run docs` into the manifest (manifest.generated.ts; a test checks it is
// current), so start-up converts nothing and does not even load the tool modules.

/** MCP's defaults: readOnlyHint false, destructiveHint true, idempotentHint false, openWorldHint true. */
export function listedAnnotations(kind: ToolKind): Tool['annotations'] {
  switch (kind) {
    case 'read': return { readOnlyHint: true };
    case 'write': return { destructiveHint: false };
    case 'destructive': return { idempotentHint: true };
  }
}

type JsonSchema = Record<string, unknown>;

/** Drops what the model does not need from a JSON Schema, recursively. */
function compact(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    // Length bounds and id patterns are checked by the server, whose message says what is expected.
    if (key === '$schema' || key === 'minLength' || key === 'maxLength' || key === 'maxItems' || key === 'pattern') continue;
    // z.int()'s safe-integer bounds say nothing a model needs; nor does "at least 1" on a count, id or
    // version (exclusiveMinimum 0 on an integer says the same); the server still checks both.
    if ((key === 'maximum' && value === Number.MAX_SAFE_INTEGER) || (key === 'minimum' && value === Number.MIN_SAFE_INTEGER)) continue;
    if (schema.type === 'integer' && ((key === 'minimum' && value === 1) || (key === 'exclusiveMinimum' && value === 0))) continue;
    if (key === 'additionalProperties' && value === false) continue;
    // z.record's "keys are strings" and "values may be anything" are JSON's defaults already.
    if (key === 'propertyNames' && JSON.stringify(value) === '{"type":"string"}') continue;
    if (key === 'additionalProperties' && value && typeof value === 'object' && Object.keys(value).length === 0) continue;
    if (key === 'properties' && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([name, child]) => {
        // Described once, in the server's instructions (well-known.ts).
        const { description, ...rest } = child;
        return [name, compact(isWellKnown(name, description) ? rest : child)];
      }));
    } else if ((key === 'items' || key === 'additionalProperties') && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = compact(value as JsonSchema);
    } else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((child) => compact(child as JsonSchema));
    } else {
      out[key] = value;
    }
  }
  return out;
}

export interface ListedSchemas {
  input: JsonSchema;
  output: JsonSchema;
}

/** A tool's compact input and output JSON Schemas, computed from its zod shapes. */
export function computeListedSchemas(tool: Pick<ToolDefinition, 'input' | 'output'>): ListedSchemas {
  return {
    input: compact(z.toJSONSchema(z.object(tool.input), { io: 'input' }) as JsonSchema),
    output: compact(z.toJSONSchema(z.object(tool.output), { io: 'output' }) as JsonSchema),
  };
}

const cache = new Map<string, Tool>();

export function listedTool(tool: ToolEntry, outputSchemas: boolean): Tool {
  const key = `${tool.name}:${outputSchemas}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = {
      name: tool.name,
      description: tool.description,
      inputSchema: tool.schemas.input as Tool['inputSchema'],
      annotations: listedAnnotations(tool.kind),
      ...(outputSchemas ? { outputSchema: tool.schemas.output as Tool['outputSchema'] } : {}),
    };
    cache.set(key, entry);
  }
  return entry;
}
