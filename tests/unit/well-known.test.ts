import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { z } from 'zod';

import { TOOL_DEFINITIONS } from '../../src/mcp/definitions.js';
import { ALL_TOOLS } from '../../src/mcp/registry.js';
import { WELL_KNOWN_ARGS, WELL_KNOWN_INSTRUCTIONS, isWellKnown } from '../../src/mcp/well-known.js';

type Properties = Record<string, { description?: string }>;
const listed = (name: string) => (ALL_TOOLS.find((tool) => tool.name === name)!.schemas.input as { properties: Properties }).properties;

describe('arguments described once, in the instructions (src/mcp/well-known.ts)', () => {
  it('each is left out of tools/list in several tools, so its text is the one the tools use', () => {
    for (const name of Object.keys(WELL_KNOWN_ARGS)) {
      const users = TOOL_DEFINITIONS.filter((tool) => {
        const property = (z.toJSONSchema(z.object(tool.input), { io: 'input' }) as { properties: Properties }).properties[name];
        return property !== undefined && isWellKnown(name, property.description);
      });
      assert.ok(users.length >= 2, `${name}: ${users.length} tools use the well-known description`);
      for (const tool of users) assert.equal(listed(tool.name)[name]!.description, undefined, `${tool.name}.${name} is listed with its description`);
    }
  });

  it('any other description of the same name is still listed', () => {
    const withTitle = listed('confluence_get_page').space_key;
    assert.ok(withTitle?.description, 'confluence_get_page.space_key says it goes with title');
    assert.equal(isWellKnown('limit', 'Issues to scan, 1-500'), false);
    assert.equal(isWellKnown('limit', 'Issues to return'), true);
  });

  it('the instructions explain every one of them', () => {
    for (const name of [...Object.keys(WELL_KNOWN_ARGS), 'limit']) assert.match(WELL_KNOWN_INSTRUCTIONS, new RegExp(`\\b${name}\\b`), name);
  });
});
