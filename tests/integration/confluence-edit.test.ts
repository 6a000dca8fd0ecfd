import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DomUtils, parseDocument } from 'htmlparser2';

import { withCheckedHarness } from '../helpers/harness.js';

import type { SandboxLayout } from '../../src/sandbox/session.js';
import type { Harness } from '../helpers/harness.js';

// Creating and editing pages on both flavors: Markdown written as storage, edits merged losslessly
// (macros and untouched blocks byte-identical), and optimistic concurrency: a stale edit is refused
// with the current version named, and nothing is overwritten.

const FLAVORS = [
  { name: 'Cloud', layout: 'cloud-confluence', cloud: true },
  { name: 'Server/DC', layout: 'cloud-jira', cloud: false },
] as const;

const withSite = (layout: SandboxLayout, test: (h: Harness) => Promise<void>, env: Record<string, string> = {}) =>
  withCheckedHarness(layout, test, env, 'confluence');

type PageData = { id: string; title: string; version: number; body: string; space_key: string };
const page = (result: { structuredContent?: unknown }) => result.structuredContent as PageData;

async function storageOf(h: Harness, pageId: string): Promise<PageData> {
  const result = await h.call('confluence_get_page', { page_id: pageId, format: 'storage' });
  assert.equal(result.isError, undefined, result.text);
  return page(result);
}

/** Every macro of a storage body, as its exact source: a lost or altered macro changes this list. */
function macros(storage: string): string[] {
  const document = parseDocument(storage, { xmlMode: true, withStartIndices: true, withEndIndices: true });
  return DomUtils.findAll((element) => element.name === 'ac:structured-macro', document.children)
    .map((element) => storage.slice(element.startIndex!, element.endIndex! + 1));
}

for (const flavor of FLAVORS) {
  describe(`Confluence page edits, ${flavor.name}`, () => {
    it('confluence_create_page writes Markdown as storage: code macro, panel, task list, table', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_create_page', {
        space_key: 'DOC', parent_id: '98303', title: 'Database Failover',
        content: '## When\n\nIf the primary is down for **5 minutes**.\n\n```bash\npg_ctl promote\n```\n\n> [!WARNING]\n> Tell #inc-bridge first.\n\n' +
          '- [ ] Promote the replica\n\n| Step | Owner |\n|---|---|\n| DNS | Bob |\n',
      });
      assert.equal(result.isError, undefined, result.text);
      const created = page(result);
      assert.match(result.text, new RegExp(`^Created page ${created.id} "Database Failover" in space DOC, version 1\\.\\nURL: `));
      const { body } = await storageOf(h, created.id);
      assert.match(body, /<h2>When<\/h2>/);
      assert.match(body, /<ac:structured-macro ac:name="code"[^>]*><ac:parameter ac:name="language">bash<\/ac:parameter><ac:plain-text-body><!\[CDATA\[pg_ctl promote\]\]>/);
      assert.match(body, /<ac:structured-macro ac:name="warning"/);
      assert.match(body, /<ac:task-list>.*<ac:task-status>incomplete<\/ac:task-status>/s);
      assert.match(body, /<table>.*<th>.*Step.*<td>.*Bob/s);
      const tree = await h.call('confluence_get_page_children', { parent_id: '98303' });
      assert.match(tree.text, /Database Failover/);
    }));

    it('confluence_create_page under the space home page, from storage; refuses a duplicate title', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_create_page', { space_key: 'OPS', title: 'Escalation', content: '<p>Call <strong>Dan</strong>.</p>', content_format: 'storage' });
      assert.equal(result.isError, undefined, result.text);
      const ancestors = await h.call('confluence_get_page_ancestors', { page_id: page(result).id });
      assert.deepEqual((ancestors.structuredContent as { ancestors: { id: string }[] }).ancestors.map((a) => a.id), ['98401']);
      const duplicate = await h.call('confluence_create_page', { space_key: 'OPS', title: 'Escalation', content: 'again' });
      assert.equal(duplicate.isError, true);
      assert.match(duplicate.text, /HTTP 400.*A page with this title already exists/);
      const mismatch = await h.call('confluence_create_page', { space_key: 'OPS', parent_id: '98303', title: 'X', content: 'x' });
      assert.match(mismatch.text, /parent_id 98303 is in space DOC, not OPS/);
      const broken = await h.call('confluence_create_page', { space_key: 'OPS', title: 'Broken', content: '<p>open <strong>bold</p>', content_format: 'storage' });
      assert.match(broken.text, /HTTP 400.*Error parsing xhtml/);
      const neither = await h.call('confluence_create_page', { title: 'Y', content: 'y' });
      assert.match(neither.text, /Give space_key, parent_id, or both/);
    }));

    it('an edit through Markdown changes one paragraph and keeps every macro and untouched block byte-identical', () => withSite(flavor.layout, async (h) => {
      const original = await storageOf(h, '98302');
      const read = page(await h.call('confluence_get_page', { page_id: '98302' }));
      assert.match(read.body, /```yaml\n/);
      assert.match(read.body, /\[Approved\]\(status:green\)/);
      const edited = read.body.replace('Each service reads `config.yaml` at start:', 'Each service reads `config.yaml` when it starts:');
      assert.notEqual(edited, read.body);
      const result = await h.call('confluence_update_page', { page_id: '98302', version: 7, content: edited, version_comment: 'Wording' });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /^Updated page 98302 "Architecture Overview": version 7 -> 8\. \d+ block\(s\) kept byte-identical, 1 changed, 0 removed\./);
      const after = await storageOf(h, '98302');
      assert.equal(after.version, 8);
      assert.deepEqual(macros(after.body), macros(original.body), 'no macro lost or altered');
      assert.equal(after.body, original.body.replace('<code>config.yaml</code> at start:', '<code>config.yaml</code> when it starts:'));
      const history = await h.call('confluence_get_page_history', { page_id: '98302', limit: 1 });
      assert.match(history.text, /- v8 · .* — Wording/);
    }));

    it('an unchanged Markdown round trip leaves every sandbox page byte-identical', () => withSite(flavor.layout, async (h) => {
      for (const pageId of ['98301', '98302', '98303', '98304', '98305', '98306', '98308', '98401']) {
        const before = await storageOf(h, pageId);
        const read = page(await h.call('confluence_get_page', { page_id: pageId }));
        const result = await h.call('confluence_update_page', { page_id: pageId, version: read.version, content: read.body });
        assert.equal(result.isError, undefined, result.text);
        assert.match(result.text, / 0 changed, 0 removed\./, pageId);
        assert.equal((await storageOf(h, pageId)).body, before.body, pageId);
      }
    }));

    it('a marker the edit drops is reported, and its macro is gone', () => withSite(flavor.layout, async (h) => {
      const read = page(await h.call('confluence_get_page', { page_id: '98305' }));
      const drawio = read.body.split('\n').find((line) => line.includes('confluence:macro:drawio'));
      assert.ok(drawio, read.body);
      const result = await h.call('confluence_update_page', { page_id: '98305', version: read.version, content: read.body.replace(drawio, '') });
      assert.match(result.text, /Removed with their markers: macro:drawio #\d+ "release-flow"/);
      assert.doesNotMatch((await storageOf(h, '98305')).body, /ac:name="drawio"/);
    }));

    it('a stale version is refused with the current one named, and nothing is lost', () => withSite(flavor.layout, async (h) => {
      const agentA = page(await h.call('confluence_get_page', { page_id: '98303' }));
      const agentB = page(await h.call('confluence_get_page', { page_id: '98303' }));
      assert.equal(agentA.version, 1);
      const first = await h.call('confluence_update_page', { page_id: '98303', version: agentA.version, content: `${agentA.body}\n\nEdited by A.` });
      assert.equal(first.isError, undefined, first.text);
      const writes = h.sandbox.requests.filter((r) => r.method === 'PUT').length;
      const stale = await h.call('confluence_update_page', { page_id: '98303', version: agentB.version, content: `${agentB.body}\n\nEdited by B.` });
      assert.equal(stale.isError, true);
      assert.match(stale.text, /^Page 98303 is at version 2, not 1: it was changed after you read it, so nothing was saved\. Read it again with confluence_get_page, re-apply your edit, and pass version=2\./);
      assert.equal(h.sandbox.requests.filter((r) => r.method === 'PUT').length, writes, 'the stale edit sent no write');
      const now = page(await h.call('confluence_get_page', { page_id: '98303' }));
      assert.match(now.body, /Edited by A\./);
      const retry = await h.call('confluence_update_page', { page_id: '98303', version: now.version, content: `${now.body}\n\nEdited by B.` });
      assert.equal(retry.isError, undefined, retry.text);
      const both = page(await h.call('confluence_get_page', { page_id: '98303' }));
      assert.equal(both.version, 3);
      assert.match(both.body, /Edited by A\.\n\nEdited by B\./);
    }));

    it('an edit racing another writer is refused by Confluence (409) and reported with the winning version', () => withSite(flavor.layout, async (h) => {
      const read = page(await h.call('confluence_get_page', { page_id: '98401' }));
      // Hold agent A's write long enough for agent B to read and save in between.
      h.sandbox.injectFault({ method: 'PUT', path: '98401', delayMs: 400 });
      const slow = h.call('confluence_update_page', { page_id: '98401', version: read.version, content: 'A wins?' });
      for (let i = 0; i < 100 && !h.sandbox.requests.some((r) => r.method === 'PUT'); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      const fast = await h.call('confluence_update_page', { page_id: '98401', version: read.version, content: `${read.body}\n\nB saved first.` });
      assert.equal(fast.isError, undefined, fast.text);
      const lost = await slow;
      assert.equal(lost.isError, true);
      assert.match(lost.text, /^Page 98401 is at version 2, not 1: it was changed after you read it, so nothing was saved/);
      assert.ok(h.sandbox.requests.some((r) => r.method === 'PUT' && r.status === 409), 'Confluence refused the racing write');
      const now = page(await h.call('confluence_get_page', { page_id: '98401' }));
      assert.equal(now.version, 2);
      assert.match(now.body, /B saved first\./);
    }));

    it('confluence_update_page_section replaces one section and leaves the rest byte-identical', () => withSite(flavor.layout, async (h) => {
      const before = await storageOf(h, '98306');
      const result = await h.call('confluence_update_page_section', {
        page_id: '98306', version: 12, heading: 'Resource 3: /v1/items-3', content: 'At most **10 requests per second**.', version_comment: 'Rate limit',
      });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /^Updated section "Resource 3: \/v1\/items-3" of page 98306 "API Reference": version 12 -> 13\./);
      const after = await storageOf(h, '98306');
      const start = before.body.indexOf('<h2>Resource 3: /v1/items-3</h2>') + '<h2>Resource 3: /v1/items-3</h2>'.length;
      const end = before.body.indexOf('<h2>Resource 4: /v1/items-4</h2>');
      assert.equal(after.body.slice(0, start), before.body.slice(0, start), 'everything before the section is byte-identical');
      assert.equal(after.body.slice(after.body.indexOf('<h2>Resource 4: /v1/items-4</h2>')), before.body.slice(end), 'everything after it too');
      assert.match(after.body.slice(start, after.body.indexOf('<h2>Resource 4')), /<p>At most <strong>10 requests per second<\/strong>\.<\/p>/);
      const stale = await h.call('confluence_update_page_section', { page_id: '98306', version: 12, heading: 'Resource 5: /v1/items-5', content: 'x' });
      assert.match(stale.text, /Page 98306 is at version 13, not 12/);
      const missing = await h.call('confluence_update_page_section', { page_id: '98306', version: 13, heading: 'Nope', content: 'x' });
      assert.equal(missing.isError, true);
      assert.match(missing.text, /section: No heading 'Nope' on this page\. Its headings: 'Resource 1: \/v1\/items-1' \(h2\)/);
      assert.equal((await storageOf(h, '98306')).version, 13, 'nothing was written for the missing heading');
      // The whole 63,000-character storage body is compared, above the default MAX_RESULT_CHARS.
    }, { MAX_RESULT_CHARS: '200000' }));

    it('a heading that is not unique is refused until its occurrence is given', () => withSite(flavor.layout, async (h) => {
      const created = page(await h.call('confluence_create_page', {
        space_key: 'OPS', title: 'Two Steps', content: '## Step\n\nfirst\n\n## Step\n\nsecond\n',
      }));
      const ambiguous = await h.call('confluence_update_page_section', { page_id: created.id, version: 1, heading: 'Step', content: 'x' });
      assert.match(ambiguous.text, /section: Heading 'Step' appears 2 times/);
      const second = await h.call('confluence_update_page_section', { page_id: created.id, version: 1, heading: 'Step', occurrence: 2, content: 'changed' });
      assert.equal(second.isError, undefined, second.text);
      const read = page(await h.call('confluence_get_page', { page_id: created.id, section: 'Step', occurrence: 2 }));
      assert.equal(read.body, '## Step\n\nchanged');
    }));

    it('confluence_get_page reads a large page in pieces on block boundaries, or one section', () => withSite(flavor.layout, async (h) => {
      const whole = page(await h.call('confluence_get_page', { page_id: '98306' })).body;
      const pieces: string[] = [];
      let cursor: string | undefined;
      let calls = 0;
      do {
        const result = await h.call('confluence_get_page', cursor ? { cursor } : { page_id: '98306', max_chars: 2000 });
        assert.equal(result.isError, undefined, result.text);
        const data = result.structuredContent as { body: string; cursor?: string };
        assert.ok(data.body.length <= 2000, `piece ${calls} has ${data.body.length} characters`);
        if (data.cursor) assert.match(result.text, /Characters \d+-\d+ of \d+\.\nMore follows: pass cursor="/);
        pieces.push(data.body);
        cursor = data.cursor;
        calls += 1;
      } while (cursor && calls < 50);
      assert.ok(calls > 5, `${calls} pieces`);
      assert.equal(pieces.join('\n\n'), whole, 'the pieces are the whole page, cut between blocks');
      const section = await h.call('confluence_get_page', { page_id: '98306', section: 'Resource 12: /v1/items-12' });
      const body = (section.structuredContent as { body: string }).body;
      assert.match(body, /^## Resource 12: \/v1\/items-12\n\nReturns the items of collection 12\./);
      assert.doesNotMatch(body, /Resource 13/);
      assert.match(section.text, /Section 'Resource 12: \/v1\/items-12' \(h2\) only\./);
      const storagePiece = await h.call('confluence_get_page', { page_id: '98306', format: 'storage', max_chars: 1000 });
      assert.match(storagePiece.text, /section and max_chars work with format=markdown/);
    }));

    it('a continuation cursor notices that the page changed between pieces', () => withSite(flavor.layout, async (h) => {
      const first = await h.call('confluence_get_page', { page_id: '98306', max_chars: 2000 });
      const { cursor } = first.structuredContent as { cursor: string };
      const read = page(await h.call('confluence_get_page', { page_id: '98306' }));
      await h.call('confluence_update_page', { page_id: '98306', version: read.version, content: `${read.body}\n\nAppendix.` });
      const next = await h.call('confluence_get_page', { cursor });
      assert.equal(next.isError, true);
      assert.match(next.text, /Page 98306 changed \(version 12 -> 13\) while you were reading it; start again without cursor/);
    }));

    it('confluence_update_page can rename, takes storage as is, and checks the space filter first', () => withSite(flavor.layout, async (h) => {
      const renamed = await h.call('confluence_update_page', { page_id: '98402', version: 1, title: 'Rotation 2027', content: '<p>Weekly.</p>', content_format: 'storage' });
      assert.equal(renamed.isError, undefined, renamed.text);
      assert.match(renamed.text, /version 1 -> 2, title "Rotation 2026" -> "Rotation 2027"\./);
      assert.equal((await storageOf(h, '98402')).body, '<p>Weekly.</p>');
      const outside = await h.call('confluence_update_page', { page_id: '98302', version: 7, content: 'x' });
      assert.match(outside.text, /Page 98302 is in space DOC, outside the spaces this server may use/);
      const create = await h.call('confluence_create_page', { space_key: 'DOC', title: 'X', content: 'x' });
      assert.match(create.text, /Space DOC is outside the spaces this server may use/);
      assert.equal(h.sandbox.requests.filter((r) => r.method !== 'GET').length, 1, 'only the allowed edit was written');
    }, { CONFLUENCE_SPACES_FILTER: 'OPS' }));
  });
}
