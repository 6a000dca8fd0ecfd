import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import fc from 'fast-check';
import { z } from 'zod';

import { TOOL_DEFINITIONS } from '../../src/mcp/definitions.js';
import { DEMO_CALLS } from '../../src/sandbox/demo.js';
import { startHarness } from '../helpers/harness.js';

import type { Harness } from '../helpers/harness.js';

// Property-based fuzzing of every tool's arguments through the MCP client (in-process harness, real
// sandbox): arguments generated from each input schema, then broken (wrong types, missing required,
// huge strings, any Unicode, nested garbage, extra keys). Zero crashes, zero hangs, every result a
// success or an isError with text, and validation errors name the argument. FUZZ_RUNS (per tool) and
// FUZZ_SEED reproduce or widen a run.

const RUNS = Number(process.env.FUZZ_RUNS ?? 50);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const CALL_TIMEOUT_MS = 5000;

type JsonSchema = {
  type?: string | string[]; enum?: unknown[]; const?: unknown; format?: string;
  minimum?: number; maximum?: number; exclusiveMinimum?: number; minLength?: number; maxLength?: number;
  items?: JsonSchema; minItems?: number; maxItems?: number;
  properties?: Record<string, JsonSchema>; required?: string[]; additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; default?: unknown;
};

const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  // Shapes the tools parse: keys, ids, dates, JQL-ish and Markdown-ish text, path tricks.
  { weight: 3, arbitrary: fc.constantFrom('DEMO-2', 'OPS-1', '98302', 'att229377', '40001', 'DEMO', 'DOC', '2026-10-21', 'me',
    '../../etc/passwd', 'project = DEMO ORDER BY key', '# Title\n\n- [ ] task\n\n```js\nx\n```', '<p>storage</p>', '{color:red}x{color}',
    '', ' ', '\u0000', '\uD800', '😀👩‍👩‍👧', 'DROP TABLE issues;--', 'a'.repeat(300)) },
  { weight: 1, arbitrary: fc.constant('x'.repeat(120_000)) },
);

const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER), text,
  fc.array(fc.oneof(text, fc.integer()), { maxLength: 4 }),
  fc.jsonValue({ maxDepth: 4 }),
  // Deep nesting without a recursion limit of its own.
  fc.constant(JSON.parse('['.repeat(60) + ']'.repeat(60)) as unknown),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

/** Values that fit the schema's shape (types, enums, ranges), with free text wherever a string goes. */
function shaped(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 4) return garbage;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((part) => shaped(part, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return schema.format === 'uri' ? fc.oneof(fc.webUrl(), text) : text;
    case 'integer':
      return fc.oneof(fc.integer({ min: Math.ceil(schema.minimum ?? schema.exclusiveMinimum ?? -1e6), max: Math.floor(schema.maximum ?? 1e6) }), fc.integer());
    case 'number':
      return fc.oneof(fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true }), fc.double());
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(schema.items ? shaped(schema.items, depth + 1) : garbage, { maxLength: Math.min(schema.maxItems ?? 6, 6) });
    case 'object':
      if (schema.properties) return argumentsFor(schema, depth + 1);
      return fc.dictionary(fc.oneof(text, fc.constantFrom('Story Points', 'Severity', 'customfield_10016', 'labels')),
        typeof schema.additionalProperties === 'object' ? shaped(schema.additionalProperties, depth + 1) : garbage, { maxKeys: 3 });
    default:
      return garbage;
  }
}

/** An arguments object: each property usually shaped, sometimes garbage, sometimes missing; sometimes extra keys. */
function argumentsFor(schema: JsonSchema, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(schema.properties ?? {});
  const fields = Object.fromEntries(properties.map(([name, property]) => [name,
    fc.oneof({ weight: 6, arbitrary: shaped(property, depth) }, { weight: 1, arbitrary: garbage }, { weight: 2, arbitrary: fc.constant(undefined) })]));
  return fc.tuple(fc.record(fields), fc.option(fc.dictionary(fc.string({ maxLength: 12 }), garbage, { maxKeys: 3 }), { freq: 4 }))
    .map(([values, extra]) => {
      const out: Record<string, unknown> = { ...(extra ?? {}) };
      for (const [name, value] of Object.entries(values)) if (value !== undefined) out[name] = value;
      return out;
    });
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
let cases = 0;
after(() => {
  process.off('unhandledRejection', onUnhandled);
  // The figure for the issue's closing note.
  process.stdout.write(`# fuzz cases run: ${cases}\n`);
  assert.deepEqual(unhandled, [], 'no unhandled rejection');
});

async function callWithin(h: Harness, name: string, args: Record<string, unknown>) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not answer within ${CALL_TIMEOUT_MS} ms`)), CALL_TIMEOUT_MS);
  });
  try {
    return await Promise.race([h.call(name, args), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** What every answer must be: a success, or an isError with text that names what is wrong. */
function checkAnswer(tool: (typeof TOOL_DEFINITIONS)[number], result: Awaited<ReturnType<Harness['call']>>): void {
  assert.ok(Array.isArray(result.content) && result.content.length > 0, `${tool.name}: no content`);
  assert.ok(result.text.trim().length > 0, `${tool.name}: empty text`);
  assert.doesNotMatch(result.text, /failed unexpectedly|Output validation error|does not understand/, `${tool.name}: ${result.text.slice(0, 500)}`);
  if (result.isError && /^(MCP error -32602: )?Input validation error/.test(result.text)) {
    const named = [...result.text.matchAll(/ at ([a-z][a-z0-9_]*)/g)].map((match) => match[1]);
    assert.ok(named.length > 0 && named.every((name) => name! in tool.input), `${tool.name}: a validation error names the argument: ${result.text.slice(0, 300)}`);
  }
}

describe('fuzzing every tool\'s arguments through the MCP client', () => {
  // Half the runs against Jira Cloud + Confluence Data Center, half against the other two flavors.
  const harnesses: Harness[] = [];
  before(async () => {
    const env = { HTTP_MAX_RETRIES: '0', HTTP_TIMEOUT_MS: '3000' };
    harnesses.push(await startHarness({ layout: 'cloud-jira', env }), await startHarness({ layout: 'cloud-confluence', env }));
  });
  after(() => Promise.all(harnesses.map((h) => h.close())));

  for (const tool of TOOL_DEFINITIONS) {
    it(tool.name, async () => {
      const schema = z.toJSONSchema(z.object(tool.input), { io: 'input', unrepresentable: 'any' }) as JsonSchema;
      for (const h of harnesses) {
        await fc.assert(fc.asyncProperty(argumentsFor(schema), async (args) => {
          cases += 1;
          checkAnswer(tool, await callWithin(h, tool.name, args));
        }), { numRuns: Math.ceil(RUNS / 2), ...(SEED === undefined ? {} : { seed: SEED }), endOnFailure: true });
        // Still serving, and both sites still answer (with calls no fuzzed deletion can break).
        for (const name of ['jira_get_all_projects', 'confluence_list_spaces']) {
          const healthy = await callWithin(h, name, {});
          assert.notEqual(healthy.isError, true, healthy.text);
        }
      }
    });
  }
});

describe('oversized arguments', () => {
  it('a 5 MB value for every argument of every tool is refused at once, naming the argument', async () => {
    const h = await startHarness({ layout: 'cloud' });
    const huge = 'x'.repeat(5 * 1024 * 1024);
    // File content may legitimately be 5 MB: over ATTACHMENT_MAX_BYTES (10 MiB) it is oversized.
    const hugeFile = 'x'.repeat(15 * 1024 * 1024);
    try {
      for (const tool of TOOL_DEFINITIONS) {
        const schema = z.toJSONSchema(z.object(tool.input), { io: 'input', unrepresentable: 'any' }) as JsonSchema;
        for (const [name, property] of Object.entries(schema.properties ?? {})) {
          const type = Array.isArray(property.type) ? property.type[0] : property.type;
          const value = name.endsWith('_base64') ? hugeFile : type === 'array' ? [huge] : type === 'object' ? { field: huge } : huge;
          const before = h.sandbox.requests.length;
          const started = performance.now();
          // The other arguments valid (the demo call's), so the refusal is about this one.
          const result = await h.call(tool.name, { ...DEMO_CALLS[tool.name], [name]: value });
          cases += 1;
          assert.equal(result.isError, true, `${tool.name}.${name}`);
          assert.ok(result.text.includes(name), `${tool.name}.${name}: ${result.text.slice(0, 300)}`);
          assert.ok(result.text.length < 2000, 'the value is not echoed');
          assert.equal(h.sandbox.requests.length, before, `${tool.name}.${name}: nothing sent upstream`);
          assert.ok(performance.now() - started < 2000);
        }
      }
      const big = await h.call('jira_search', { jql: huge });
      assert.match(big.text, /^jql: 5,242,880 characters, over the 100,000 this server accepts \(MAX_ARGUMENT_CHARS\); shorten it, or raise MAX_ARGUMENT_CHARS/);
      const page = await h.call('confluence_create_page', { space_key: 'DOC', title: 'Big', content: huge });
      assert.match(page.text, /Too big: expected string to have <=2000000 characters at content/);
      // A lone surrogate cannot be put in a URL: refused by name instead of failing inside the HTTP client.
      const lone = await h.call('confluence_get_space', { space_key: 'DOC\uD800' });
      assert.match(lone.text, /^space_key: not valid Unicode text \(a lone UTF-16 surrogate\)/);
      const nested = await h.call('jira_batch_create_issues', { issues: [{ project_key: 'OPS', issue_type: 'Task', summary: 'ok' }, { project_key: 'OPS', issue_type: 'Task', summary: '\uDC00x' }] });
      assert.match(nested.text, /^issues\[1\]\.summary: not valid Unicode text/);
      const upload = await h.call('jira_upload_attachment', { issue_key: 'DEMO-3', filename: 'a.bin', content_base64: Buffer.alloc(11 * 1024 * 1024).toString('base64') });
      assert.match(upload.text, /^content_base64: 15,\d{3},\d{3} characters of base64, more than a file of ATTACHMENT_MAX_BYTES=10485760 bytes/);
    } finally {
      await h.close();
    }
  });
});
