import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { requestLines, withCheckedHarness } from '../helpers/harness.js';

import type { SandboxLayout } from '../../src/sandbox/session.js';
import type { Harness } from '../helpers/harness.js';

// Comments on both flavors: footer and inline threads, new comments, replies, and (Cloud) inline comments.

const FLAVORS = [
  { name: 'Cloud', layout: 'cloud-confluence', cloud: true },
  { name: 'Server/DC', layout: 'cloud-jira', cloud: false },
] as const;

const withSite = (layout: SandboxLayout, test: (h: Harness) => Promise<void>, env: Record<string, string> = {}) =>
  withCheckedHarness(layout, test, env, 'confluence');

type Comments = { comments: { id: string; location: string; parent_id?: string; author?: string; selection?: string; body: string }[] };

for (const flavor of FLAVORS) {
  describe(`Confluence comments, ${flavor.name}`, () => {
    it('confluence_get_comments shows footer threads with replies indented, bodies as Markdown', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_get_comments', { page_id: '98304' });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /\[untrusted content [0-9a-f]{8} begins: comments on page 98304/);
      assert.match(result.text, /Footer comments \(3\):\n- \[196609\] Carol Jensen · 2026-10-19 09:00: Should the checklist name the \*\*#inc-bridge\*\* channel\?\n {2}- \[196610\] Bob Okafor · 2026-10-19 10:00: Yes, adding it this week\.\n- \[196611\] Dan Moreau · 2026-10-20 08:00: Rollback commands verified on staging\./);
      const data = result.structuredContent as Comments;
      assert.deepEqual(data.comments.map((c) => [c.id, c.parent_id]), [['196609', undefined], ['196610', '196609'], ['196611', undefined]]);
      if (!flavor.cloud) assert.deepEqual(requestLines(h.sandbox), ['GET /rest/api/content/98304/child/comment']);
    }));

    it('inline comments show the text they highlight and whether they are resolved', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_get_comments', { page_id: '98302', location: 'inline' });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /Inline comments \(2\):\n- \[196612\] Carol Jensen · 2026-10-26 09:00 on "three services": Four, now that search is separate\?\n {2}- \[196613\] Alice Nguyen · 2026-10-26 11:00: Search is part of the gateway for now\./);
      const footer = await h.call('confluence_get_comments', { page_id: '98302', location: 'footer' });
      assert.equal(footer.text, 'No footer comments on page 98302.');
    }));

    it('confluence_add_comment writes Markdown as storage and the comment joins the page\'s threads', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_add_comment', { page_id: '98304', body: 'Rollback verified on **staging**.' });
      assert.equal(result.isError, undefined, result.text);
      const { id } = result.structuredContent as { id: string };
      assert.match(result.text, new RegExp(`^Added comment ${id} to page 98304\\.\\nURL: .*/Incident\\+Response\\?focusedCommentId=${id}`));
      const write = h.sandbox.requests.find((r) => r.method === 'POST' && !r.path.endsWith('users-bulk'))!;
      assert.deepEqual(write.body, flavor.cloud
        ? { pageId: '98304', body: { representation: 'storage', value: '<p>Rollback verified on <strong>staging</strong>.</p>' } }
        : { type: 'comment', container: { id: '98304', type: 'page' }, body: { storage: { value: '<p>Rollback verified on <strong>staging</strong>.</p>', representation: 'storage' } } });
      const list = await h.call('confluence_get_comments', { page_id: '98304' });
      assert.match(list.text, new RegExp(`- \\[${id}\\] Alice Nguyen · [0-9: -]+: Rollback verified on \\*\\*staging\\*\\*\\.`));
      const raw = await h.call('confluence_add_comment', { page_id: '98304', body: '<p>raw <em>xhtml</em></p>', content_format: 'storage' });
      assert.equal(raw.isError, undefined, raw.text);
    }));

    it('confluence_reply_to_comment answers footer and inline threads alike', () => withSite(flavor.layout, async (h) => {
      const footer = await h.call('confluence_reply_to_comment', { comment_id: '196609', body: 'Done: the checklist names #inc-bridge.' });
      assert.equal(footer.isError, undefined, footer.text);
      assert.match(footer.text, /^Added reply \d+ to footer comment 196609 on page 98304\.\nURL: /);
      const inline = await h.call('confluence_reply_to_comment', { comment_id: '196612', body: 'Agreed.' });
      assert.equal(inline.isError, undefined, inline.text);
      assert.equal((inline.structuredContent as { location: string }).location, 'inline');
      const threads = await h.call('confluence_get_comments', { page_id: '98302', location: 'inline' });
      assert.match(threads.text, /- \[196612\] .*\n {2}- \[196613\] .*\n {2}- \[\d+\] Alice Nguyen · [0-9: -]+: Agreed\./);
      const writes = h.sandbox.requests.filter((r) => r.method === 'POST' && !r.path.endsWith('users-bulk')).map((r) => r.path);
      assert.deepEqual(writes, flavor.cloud ? ['/wiki/api/v2/footer-comments', '/wiki/api/v2/inline-comments'] : ['/rest/api/content', '/rest/api/content']);
      const missing = await h.call('confluence_reply_to_comment', { comment_id: '999', body: 'x' });
      assert.equal(missing.isError, true);
      assert.match(missing.text, /comment 999 not found \(HTTP 404\)/);
      const notComment = await h.call('confluence_reply_to_comment', { comment_id: '98302', body: 'x' });
      assert.equal(notComment.isError, true);
    }));

    if (flavor.cloud) {
      it('confluence_add_inline_comment highlights the chosen occurrence of the words', () => withSite(flavor.layout, async (h) => {
        const result = await h.call('confluence_add_inline_comment', { page_id: '98302', body: 'Which **version**?', text_selection: 'one gateway' });
        assert.equal(result.isError, undefined, result.text);
        assert.match(result.text, /^Added inline comment \d+ on "one gateway" in page 98302\.\nURL: /);
        const write = h.sandbox.requests.find((r) => r.path === '/wiki/api/v2/inline-comments')!;
        assert.deepEqual((write.body as { inlineCommentProperties: unknown }).inlineCommentProperties,
          { textSelection: 'one gateway', textSelectionMatchCount: 1, textSelectionMatchIndex: 0 });
        const storage = await h.call('confluence_get_page', { page_id: '98302', format: 'storage' });
        assert.match((storage.structuredContent as { body: string }).body, /<ac:inline-comment-marker ac:ref="[0-9a-f-]+">one gateway<\/ac:inline-comment-marker>/);
        const threads = await h.call('confluence_get_comments', { page_id: '98302', location: 'inline' });
        assert.match(threads.text, /on "one gateway": Which \*\*version\*\*\?/);
        const second = await h.call('confluence_add_inline_comment', { page_id: '98306', body: 'Max?', text_selection: 'Page size, 1-100.', text_selection_match_index: 2 });
        assert.equal(second.isError, undefined, second.text);
        assert.equal((h.sandbox.requests.at(-1)!.body as { inlineCommentProperties: { textSelectionMatchCount: number } }).inlineCommentProperties.textSelectionMatchCount, 100);
        const absent = await h.call('confluence_add_inline_comment', { page_id: '98302', body: 'x', text_selection: 'not on the page' });
        assert.match(absent.text, /text_selection "not on the page" does not occur in page 98302/);
        const beyond = await h.call('confluence_add_inline_comment', { page_id: '98302', body: 'x', text_selection: 'gateway', text_selection_match_index: 9 });
        assert.match(beyond.text, /text_selection occurs \d+ time\(s\) in page 98302; give text_selection_match_index from 0 to \d+/);
      }));
    } else {
      it('confluence_add_inline_comment says it is a Cloud tool', () => withSite(flavor.layout, async (h) => {
        const result = await h.call('confluence_add_inline_comment', { page_id: '98302', body: 'x', text_selection: 'one gateway' });
        assert.equal(result.isError, true);
        assert.match(result.text, /confluence_add_inline_comment is available on Atlassian Cloud only; CONFLUENCE_URL=.* is Server\/Data Center/);
        assert.equal(h.sandbox.requests.length, 0);
      }));
    }

    it('CONFLUENCE_SPACES_FILTER refuses comments of pages elsewhere', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_get_comments', { page_id: '98304' });
      assert.match(result.text, /Page 98304 is in space DOC, outside the spaces this server may use/);
      const add = await h.call('confluence_add_comment', { page_id: '98304', body: 'x' });
      assert.match(add.text, /Page 98304 is in space DOC, outside/);
      const reply = await h.call('confluence_reply_to_comment', { comment_id: '196609', body: 'x' });
      assert.match(reply.text, /Page 98304 is in space DOC, outside/);
      assert.ok(h.sandbox.requests.every((r) => r.method === 'GET'), 'nothing was written');
    }, { CONFLUENCE_SPACES_FILTER: 'OPS' }));
  });
}
