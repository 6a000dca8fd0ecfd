import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { z } from 'zod';

import { annotationsFor } from '../../src/mcp/define-tool.js';
import { TOOL_DEFINITIONS } from '../../src/mcp/definitions.js';
import { listedAnnotations, listedTool } from '../../src/mcp/listing.js';
import { ALL_TOOLS, selectTools } from '../../src/mcp/registry.js';
import { DEFAULT_TOOLS, TOOLSETS } from '../../src/mcp/toolsets.js';
import { DEMO_CALLS } from '../../src/sandbox/demo.js';

import type { Config } from '../../src/config/index.js';

const BOTH = { jira: {}, confluence: {} } as unknown as Pick<Config, 'jira' | 'confluence'>;
const names = (selection: { name: string }[]) => selection.map((tool) => tool.name);
const select = (overrides: Partial<Config>, products = BOTH) =>
  names(selectTools({ toolsets: undefined, enabledTools: [], disabledTools: [], readOnly: false, ...products, ...overrides }));

describe('tool descriptors follow the conventions', () => {
  it('names are jira_<verb>_<noun> / confluence_<verb>_<noun>, unique, in a known toolset of their product', () => {
    const seen = new Set<string>();
    for (const tool of ALL_TOOLS) {
      assert.match(tool.name, new RegExp(`^${tool.product}_[a-z]+(_[a-z]+)*$`));
      assert.ok(!seen.has(tool.name), `duplicate ${tool.name}`);
      seen.add(tool.name);
      const toolset = TOOLSETS.find((t) => t.id === tool.toolset);
      assert.ok(toolset, `${tool.name}: unknown toolset ${tool.toolset}`);
      assert.equal(toolset.product, tool.product);
    }
  });

  it('every argument is snake_case with a description that gives an example; no top-level anyOf/oneOf/allOf', () => {
    for (const tool of TOOL_DEFINITIONS) {
      const schema = z.toJSONSchema(z.object(tool.input), { io: 'input' }) as Record<string, unknown> & { properties: Record<string, { description?: string }> };
      for (const key of ['anyOf', 'oneOf', 'allOf']) assert.equal(schema[key], undefined, `${tool.name} has top-level ${key}`);
      assert.equal(schema.type, 'object');
      for (const [arg, property] of Object.entries(schema.properties)) {
        assert.match(arg, /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, `${tool.name}.${arg} is not snake_case`);
        assert.ok(property.description, `${tool.name}.${arg} has no description`);
        if (arg !== 'cursor' && arg !== 'limit') assert.match(property.description, /e\.g\./, `${tool.name}.${arg} needs an example`);
      }
      assert.ok(tool.description.length >= 30 && tool.description.length <= 260, `${tool.name}: description length ${tool.description.length}`);
    }
  });

  it('annotations come from the kind', () => {
    assert.deepEqual(annotationsFor('read', 'T'), { title: 'T', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true });
    assert.deepEqual(annotationsFor('write', 'T'), { title: 'T', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true });
    assert.deepEqual(annotationsFor('destructive', 'T'), { title: 'T', readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true });
  });

  it('the listed annotations mean the same as the full ones under MCP\'s defaults, and are shorter', () => {
    const defaults = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };
    for (const kind of ['read', 'write', 'destructive'] as const) {
      const { title: _title, ...full } = annotationsFor(kind, 'T');
      const listed = { ...defaults, ...listedAnnotations(kind) };
      if (kind === 'read') Object.assign(full, { destructiveHint: listed.destructiveHint, idempotentHint: listed.idempotentHint });
      assert.deepEqual(listed, full, kind);
    }
  });

  it('tools/list entries carry no schema dialect, length bounds or repeated titles; output schemas only on request', () => {
    for (const tool of ALL_TOOLS) {
      const entry = listedTool(tool, false);
      const listed = JSON.stringify(entry);
      for (const noise of ['$schema', 'maxLength', 'minLength', 'outputSchema']) assert.ok(!listed.includes(noise), `${tool.name}: ${noise}`);
      assert.equal(entry.title, undefined);
      assert.equal(entry.annotations?.title, undefined);
      const withOutput = listedTool(tool, true) as { outputSchema?: { type?: string } };
      assert.equal(withOutput.outputSchema?.type, 'object');
    }
  });

  it('every toolset has tools', () => {
    for (const toolset of TOOLSETS) assert.ok(ALL_TOOLS.some((tool) => tool.toolset === toolset.id), `${toolset.id} has no tool`);
  });

  it('the sandbox demo has an example call for every tool', () => {
    assert.deepEqual(Object.keys(DEMO_CALLS).sort(), names([...ALL_TOOLS]).sort());
  });
});

describe('selection', () => {
  it('default, all, and explicit toolsets', () => {
    assert.deepEqual(select({}), names(ALL_TOOLS.filter((tool) => DEFAULT_TOOLS.includes(tool.name))));
    assert.deepEqual(select({ toolsets: ['default'] }), select({}));
    assert.equal(select({}).length, DEFAULT_TOOLS.length, 'every default tool exists');
    assert.deepEqual(select({ toolsets: ['all'] }), names([...ALL_TOOLS]));
    const searchTools = names(ALL_TOOLS.filter((tool) => tool.toolset === 'confluence_search'));
    assert.ok(searchTools.includes('confluence_search'));
    assert.deepEqual(select({ toolsets: ['confluence_search'] }), searchTools);
  });

  it('ENABLED_TOOLS alone exposes just those; with TOOLSETS it adds to them', () => {
    assert.deepEqual(select({ enabledTools: ['jira_get_issue'] }), ['jira_get_issue']);
    const searchTools = names(ALL_TOOLS.filter((tool) => tool.toolset === 'confluence_search'));
    assert.deepEqual(select({ toolsets: ['confluence_search'], enabledTools: ['jira_get_issue'] }), ['jira_get_issue', ...searchTools]);
  });

  it('exclusions win over inclusions; tools of unconfigured products are left out', () => {
    assert.deepEqual(select({ toolsets: ['all'], enabledTools: ['jira_search'], disabledTools: ['jira_search'] }),
      names([...ALL_TOOLS]).filter((name) => name !== 'jira_search'));
    assert.deepEqual(select({ toolsets: ['all'] }, { jira: {} } as never), names(ALL_TOOLS.filter((tool) => tool.product === 'jira')));
  });

  it('a toolset is marked default exactly when it holds a default tool', () => {
    for (const toolset of TOOLSETS) {
      const holds = ALL_TOOLS.some((tool) => tool.toolset === toolset.id && DEFAULT_TOOLS.includes(tool.name));
      assert.equal(toolset.isDefault, holds, toolset.id);
    }
  });

  it('destructive tools are never in the default selection, but come with an explicit toolset or all', () => {
    const destructive = ALL_TOOLS.filter((tool) => tool.kind === 'destructive');
    const defaults = selectTools({ toolsets: undefined, enabledTools: [], disabledTools: [], readOnly: false, ...BOTH });
    assert.deepEqual(defaults.filter((tool) => tool.kind === 'destructive'), []);
    const all = select({ toolsets: ['all'] });
    for (const tool of destructive) assert.ok(all.includes(tool.name));
    for (const tool of destructive) assert.ok(select({ toolsets: [tool.toolset] }).includes(tool.name));
  });

  it('read-only wins over everything', () => {
    const selected = selectTools({ toolsets: ['all'], enabledTools: names([...ALL_TOOLS]), disabledTools: [], readOnly: true, ...BOTH });
    assert.ok(selected.length > 0);
    assert.ok(selected.every((tool) => tool.kind === 'read'));
  });
});
