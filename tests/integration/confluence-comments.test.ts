import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { specsDir, validateRequest } from '../helpers/contract.js';
import { requestLines, startHarness } from '../helpers/harness.js';

import type { Harness } from '../helpers/harness.js';

// Comments on both flavors: footer and inline threads, new comments, replies, and (Cloud) inline comments.

const FLAVORS = [
  { name: 'Cloud', layout: 'cloud-confluence', cloud: true },
  { name: 'Server/DC', layout: 'cloud-jira', cloud: false },
] as const;

async function withSite(layout: (typeof FLAVORS)[number]['layout'], test: (h: Harness) => Promise<void>, env: Record<string, string> = {}): Promise<void> {
  const h = await startHarness({ layout, env });
  try {
    await test(h);
    if (!specsDir()) {
      if (process.env.CI === 'true') throw new Error('Atlassian OpenAPI specs not found (CI=true)');
      return;
    }
    for (const request of h.sandbox.requests.filter((r) => r.site.startsWith('confluence'))) {
      assert.deepEqual((await validateRequest(request.site, request)).errors, [], `${request.method} ${request.path}`);
    }
  } finally {
    await h.close();
  }
}

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

    it('CONFLUENCE_SPACES_FILTER refuses comments of pages elsewhere', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_get_comments', { page_id: '98304' });
      assert.match(result.text, /Page 98304 is in space DOC, outside the spaces this server may use/);
    }, { CONFLUENCE_SPACES_FILTER: 'OPS' }));
  });
}
