import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';

import { GENERATED_DOCS } from '../../scripts/docs.js';
import { configSchema } from '../../src/config/schema.js';
import { ALL_TOOLS } from '../../src/mcp/registry.js';

it('docs/configuration.md and docs/tools.md match the schema and the registry (run `npm run docs`)', () => {
  for (const [path, render] of Object.entries(GENERATED_DOCS)) {
    assert.equal(readFileSync(path, 'utf8'), render(), `${path} is out of date: run npm run docs`);
  }
});

it('every configuration variable is documented with a description and an example', () => {
  const doc = readFileSync('docs/configuration.md', 'utf8');
  for (const [name, spec] of Object.entries(configSchema as Record<string, { desc?: string; example?: string }>)) {
    assert.ok(spec.desc && spec.desc.length > 20, `${name} needs a description`);
    assert.ok(spec.example, `${name} needs an example`);
    assert.match(doc, new RegExp(`\\| \`${name}\` \\|`), `${name} is missing from docs/configuration.md`);
  }
});

it('the README lists every tool in its toolset row', () => {
  const readme = readFileSync('README.md', 'utf8');
  for (const tool of ALL_TOOLS) {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${tool.toolset}\` |`));
    assert.ok(row?.includes(`\`${tool.name}\`${tool.kind === 'destructive' ? '*' : ''}`), tool.name);
  }
});
