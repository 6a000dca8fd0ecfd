import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';

import { GENERATED_DOCS } from '../../scripts/docs.js';
import { configSchema } from '../../src/config/schema.js';
import { ALL_TOOLS } from '../../src/mcp/registry.js';
import { DEFAULT_TOOLS } from '../../src/mcp/toolsets.js';

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

it('the README lists every tool in its toolset row, default ones in bold', () => {
  const readme = readFileSync('README.md', 'utf8');
  for (const tool of ALL_TOOLS) {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${tool.toolset}\` |`));
    const listed = `\`${tool.name}\`${tool.kind === 'destructive' ? '*' : ''}`;
    assert.ok(row?.includes(DEFAULT_TOOLS.includes(tool.name) ? `**${listed}**` : `${listed}`), tool.name);
    if (!DEFAULT_TOOLS.includes(tool.name)) assert.ok(!row?.includes(`**${listed}**`), `${tool.name} is not a default tool`);
  }
});
