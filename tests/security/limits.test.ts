import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Throttle } from '../../src/atlassian/rate-limit.js';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { capResult } from '../../src/mcp/limits.js';
import { TOOL_DEFINITIONS } from '../../src/mcp/definitions.js';
import { untrusted } from '../../src/mcp/result.js';
import { DEMO_CALLS, supportsFlavor } from '../../src/sandbox/demo.js';
import { startHarness } from '../helpers/harness.js';

import type { ToolDefinition } from '../../src/mcp/define-tool.js';

// The bounds every call passes: the per-product concurrency cap and rate limit on the way out, and the
// result cap (MAX_RESULT_CHARS) on the way back, enforced once in the tool wrapper.

const tool = (name: string) => TOOL_DEFINITIONS.find((candidate) => candidate.name === name)!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Throttle', () => {
  it('never lets more than `concurrency` run at once', async () => {
    const throttle = new Throttle({ concurrency: 2, perSecond: 0 });
    let active = 0;
    let peak = 0;
    await Promise.all(Array.from({ length: 10 }, async () => {
      const release = await throttle.acquire();
      active += 1;
      peak = Math.max(peak, active);
      await sleep(5);
      active -= 1;
      release();
    }));
    assert.equal(peak, 2);
  });

  it('starts a burst of one second\'s worth at once, then paces the rest', async () => {
    const throttle = new Throttle({ concurrency: 100, perSecond: 20 });
    const started = performance.now();
    const times: number[] = [];
    await Promise.all(Array.from({ length: 30 }, async () => {
      const release = await throttle.acquire();
      times.push(performance.now() - started);
      release();
    }));
    times.sort((a, b) => a - b);
    assert.ok(times[19]! < 100, `the first 20 start at once (${times[19]} ms)`);
    assert.ok(times[29]! >= 450, `the last of 10 more waits about 0.5 s (${times[29]} ms)`);
    assert.ok(times[29]! < 2000);
  });

  it('an aborted caller leaves the queue with the abort reason and frees nothing it did not take', async () => {
    const throttle = new Throttle({ concurrency: 1, perSecond: 0 });
    const first = await throttle.acquire();
    const controller = new AbortController();
    const waiting = throttle.acquire(controller.signal);
    assert.equal(throttle.waiting, 1);
    controller.abort(new Error('cancelled by the client'));
    await assert.rejects(waiting, /cancelled by the client/);
    assert.equal(throttle.waiting, 0);
    first();
    first(); // a second release is ignored
    const again = await throttle.acquire();
    again();
  });
});

describe('configuration of the limits', () => {
  it('has sensible defaults and refuses nonsense, naming the variable', () => {
    const base = { JIRA_URL: 'https://jira.example.com', JIRA_PERSONAL_TOKEN: 'x' };
    const config = loadConfig(base);
    assert.equal(config.httpMaxConcurrency, 8);
    assert.equal(config.httpRateLimitPerSecond, 10);
    assert.equal(config.httpMaxResponseBytes, 8 * 1024 * 1024);
    assert.equal(config.maxResultChars, 60_000);
    assert.equal(config.maxArgumentChars, 100_000);
    assert.throws(() => loadConfig({ ...base, HTTP_MAX_CONCURRENCY: '0', HTTP_RATE_LIMIT_PER_SECOND: '-1', HTTP_MAX_RESPONSE_BYTES: '10',
      MAX_RESULT_CHARS: '5', MAX_ARGUMENT_CHARS: '5' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      for (const name of ['HTTP_MAX_CONCURRENCY', 'HTTP_RATE_LIMIT_PER_SECOND', 'HTTP_MAX_RESPONSE_BYTES', 'MAX_RESULT_CHARS', 'MAX_ARGUMENT_CHARS']) {
        assert.ok(error.problems.some((problem) => problem.startsWith(name)), name);
      }
      return true;
    });
  });
});

describe('client-side concurrency cap and rate limit, through the real path', () => {
  it('HTTP_MAX_CONCURRENCY=2: eight slow reads at once take four rounds', async () => {
    const h = await startHarness({ layout: 'cloud-jira', env: { HTTP_MAX_CONCURRENCY: '2' } });
    try {
      h.sandbox.injectFault({ site: 'jira-cloud', delayMs: 150, times: 8 });
      const started = performance.now();
      const results = await Promise.all(Array.from({ length: 8 }, () => h.call('jira_get_issue', { issue_key: 'DEMO-2' })));
      const elapsed = performance.now() - started;
      assert.ok(results.every((result) => !result.isError), results.map((result) => result.text).join('\n'));
      assert.ok(elapsed >= 4 * 150 - 20, `two at a time: ${Math.round(elapsed)} ms`);
      assert.equal(h.sandbox.requests.length, 8);
    } finally {
      await h.close();
    }
  });

  it('with the cap at 8, the same eight reads overlap', async () => {
    const h = await startHarness({ layout: 'cloud-jira', env: { HTTP_MAX_CONCURRENCY: '8' } });
    try {
      h.sandbox.injectFault({ site: 'jira-cloud', delayMs: 150, times: 8 });
      const started = performance.now();
      await Promise.all(Array.from({ length: 8 }, () => h.call('jira_get_issue', { issue_key: 'DEMO-2' })));
      assert.ok(performance.now() - started < 4 * 150, 'not serialised');
    } finally {
      await h.close();
    }
  });

  it('HTTP_RATE_LIMIT_PER_SECOND=5: twelve calls take more than a second, each product has its own budget', async () => {
    const h = await startHarness({ layout: 'cloud-jira', env: { HTTP_RATE_LIMIT_PER_SECOND: '5' } });
    try {
      const started = performance.now();
      const results = await Promise.all(Array.from({ length: 12 }, () => h.call('jira_get_issue', { issue_key: 'DEMO-2' })));
      const elapsed = performance.now() - started;
      assert.ok(results.every((result) => !result.isError));
      // 5 at once, then 7 more at 5 a second.
      assert.ok(elapsed >= 1300, `paced: ${Math.round(elapsed)} ms`);
      assert.ok(elapsed < 4000);
      const confluenceStarted = performance.now();
      const page = await h.call('confluence_get_page', { page_id: '98302' });
      assert.equal(page.isError, undefined, page.text);
      assert.ok(performance.now() - confluenceStarted < 500, 'Confluence was not held up by Jira\'s budget');
    } finally {
      await h.close();
    }
  });
});

describe('result cap (MAX_RESULT_CHARS)', () => {
  it('a long page is cut, says so and how to read on; its untrusted block is closed before the notice', async () => {
    const h = await startHarness({ layout: 'cloud', env: { MAX_RESULT_CHARS: '5000', OUTPUT_SCHEMAS: 'true' } });
    try {
      await h.client.listTools(); // the SDK client then validates structuredContent against the listed schema
      const result = await h.call('confluence_get_page', { page_id: '98306' });
      assert.equal(result.isError, undefined, result.text);
      assert.ok(result.text.length <= 5000, `${result.text.length} characters`);
      assert.match(result.text, /\[Result cut at MAX_RESULT_CHARS: 5,000 of \d{2},\d{3} characters shown\. Read it in pieces: call again with format=markdown and max_chars \(e\.g\. 20000\), following the cursor, or read one section\.\]$/);
      const notice = result.text.lastIndexOf('[Result cut');
      const lastEnd = result.text.lastIndexOf('ends]');
      assert.ok(lastEnd > 0 && lastEnd < notice, 'the untrusted block ends before the notice');
      const data = result.structuredContent as { body: string; id: string; version: number };
      assert.equal(data.id, '98306');
      assert.ok(JSON.stringify(data).length <= 5000);
      assert.match(data.body, / … \[cut\]$/);
      const pieces = await h.call('confluence_get_page', { page_id: '98306', max_chars: 3000 });
      assert.doesNotMatch(pieces.text, /Result cut/, 'the advice works: a piece fits');
      assert.match(pieces.text, /pass cursor="/);
    } finally {
      await h.close();
    }
  });

  it('every tool\'s demo result stays within a 1,000-character cap and valid against its output schema', async () => {
    for (const layout of ['cloud', 'dc'] as const) {
      const h = await startHarness({ layout, env: { MAX_RESULT_CHARS: '1000' } });
      try {
        const cut: string[] = [];
        for (const [name, args] of Object.entries(DEMO_CALLS)) {
          if (!supportsFlavor(name, h.config)) continue;
          const result = await h.call(name, args);
          assert.notEqual(result.isError, true, `${layout} ${name}: ${result.text}`);
          const textParts = result.content.map((part) => (part.type === 'text' ? part.text : part.type === 'resource' && 'text' in part.resource ? part.resource.text : ''));
          assert.ok(textParts.join('').length <= 1000, `${name}: ${textParts.join('').length}`);
          assert.ok(JSON.stringify(result.structuredContent).length <= 1000, `${name} structured: ${JSON.stringify(result.structuredContent).length}`);
          if (/\[Result cut at MAX_RESULT_CHARS/.test(result.text)) cut.push(name);
        }
        assert.ok(cut.includes('jira_get_issue') && cut.includes('jira_get_create_fields'), `long demo results were cut: ${cut.join(', ')}`);
      } finally {
        await h.close();
      }
    }
  });

  it('cuts at a line break, closes nested untrusted blocks, and cuts a list\'s items when strings alone do not fit', () => {
    const definition = tool('jira_search') as ToolDefinition;
    const text = `Header\n${untrusted('outer', `line\n${untrusted('inner', 'x'.repeat(5000))}`)}\nclosing line`;
    const { content } = capResult(definition, [{ type: 'text', text }], {}, { maxResultChars: 1200, maxArgumentChars: 1000, attachmentMaxBytes: 1 });
    const capped = (content[0] as { text: string }).text;
    assert.ok(capped.length <= 1200);
    assert.equal(capped.match(/begins: /g)?.length, capped.match(/ ends\]/g)?.length, 'every block that begins also ends');
    assert.match(capped, /Ask for less with limit or fields\.\]$/);
    const rows = Array.from({ length: 200 }, (_, index) => ({ key: `DEMO-${index}`, summary: 'short', type: 'Bug', status: 'Open', priority: 'High',
      assignee: 'Alice', updated: '2026-10-01' }));
    const { data } = capResult(definition, [{ type: 'text', text: 'x' }], { issues: rows, returned: 200, cursor: 'abc' },
      { maxResultChars: 2000, maxArgumentChars: 1000, attachmentMaxBytes: 1 });
    assert.ok(JSON.stringify(data).length <= 2000);
    assert.ok((data.issues as unknown[]).length < 200 && (data.issues as unknown[]).length > 10);
    assert.equal(data.cursor, 'abc');
  });
});
