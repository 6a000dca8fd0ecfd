import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { requestLines, withCheckedHarness } from '../helpers/harness.js';

import type { SandboxLayout } from '../../src/sandbox/session.js';
import type { Harness } from '../helpers/harness.js';

// Labels on both flavors (Cloud reads with v2 and writes with v1), and finding pages by label.

const FLAVORS = [
  { name: 'Cloud', layout: 'cloud-confluence', cloud: true },
  { name: 'Server/DC', layout: 'cloud-jira', cloud: false },
] as const;

const withSite = (layout: SandboxLayout, test: (h: Harness) => Promise<void>, env: Record<string, string> = {}) =>
  withCheckedHarness(layout, test, env, 'confluence');

const labelsOf = (result: { structuredContent?: unknown }) => (result.structuredContent as { labels: string[] }).labels;

for (const flavor of FLAVORS) {
  const v1 = flavor.cloud ? '/wiki/rest/api' : '/rest/api';

  describe(`Confluence labels, ${flavor.name}`, () => {
    it('confluence_get_labels lists a page\'s labels on one line', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_get_labels', { page_id: '98302' });
      assert.equal(result.isError, undefined, result.text);
      assert.equal(result.text, 'Labels on page 98302: architecture, reviewed');
      assert.deepEqual(requestLines(h.sandbox), [flavor.cloud ? 'GET /wiki/api/v2/pages/98302/labels' : 'GET /rest/api/content/98302/label']);
      const none = await h.call('confluence_get_labels', { page_id: '98303' });
      assert.equal(none.text, 'Labels on page 98303: (none)');
    }));

    it('confluence_add_label and confluence_remove_label change one label and report the rest', () => withSite(flavor.layout, async (h) => {
      const added = await h.call('confluence_add_label', { page_id: '98302', name: 'Platform' });
      assert.equal(added.isError, undefined, added.text);
      assert.match(added.text, /^Added label "platform" to page 98302\.\nLabels on page 98302: architecture, reviewed, platform$/);
      const write = h.sandbox.requests.find((r) => r.method === 'POST')!;
      assert.equal(write.path, `${v1}/content/98302/label`);
      assert.deepEqual(write.body, { prefix: 'global', name: 'platform' });
      const again = await h.call('confluence_add_label', { page_id: '98302', name: 'platform' });
      assert.deepEqual(labelsOf(again), ['architecture', 'reviewed', 'platform'], 'adding twice changes nothing');
      const removed = await h.call('confluence_remove_label', { page_id: '98302', name: 'reviewed' });
      assert.deepEqual(labelsOf(removed), ['architecture', 'platform']);
      const remove = h.sandbox.requests.find((r) => r.method === 'DELETE')!;
      assert.deepEqual([remove.path, remove.query], [`${v1}/content/98302/label`, { name: 'reviewed' }]);
      const missing = await h.call('confluence_remove_label', { page_id: '98302', name: 'reviewed' });
      assert.equal(missing.isError, true);
      assert.match(missing.text, /HTTP 404/);
    }));

    it('label names with spaces are refused before any request', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_add_label', { page_id: '98302', name: 'two words' });
      assert.equal(result.isError, true);
      assert.match(result.text, /name: 'two words' is not a valid label; use one word without spaces/);
      assert.equal(h.sandbox.requests.length, 0);
    }));

    it('confluence_find_pages_by_label runs a scoped CQL search, newest first', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_find_pages_by_label', { label: 'oncall' });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /- Incident Response \(id 98304 · Engineering Docs · 2026-10-18\)\n- On-call Handbook \(id 98401 · Operations · 2026-10-02\)/);
      const data = result.structuredContent as { cql: string; pages: { id: string }[] };
      assert.equal(data.cql, 'type = page AND label = "oncall" ORDER BY lastmodified DESC');
      const scoped = await h.call('confluence_find_pages_by_label', { label: 'oncall', space_key: 'OPS', limit: 1 });
      assert.deepEqual((scoped.structuredContent as { pages: { id: string }[] }).pages.map((p) => p.id), ['98401']);
      assert.equal(h.sandbox.requests.at(-1)!.query.cql, 'type = page AND label = "oncall" AND space = "OPS" ORDER BY lastmodified DESC');
    }));

    it('CONFLUENCE_SPACES_FILTER keeps label reads and writes inside the allowed spaces', () => withSite(flavor.layout, async (h) => {
      const read = await h.call('confluence_get_labels', { page_id: '98302' });
      assert.match(read.text, /Page 98302 is in space DOC, outside the spaces this server may use/);
      const write = await h.call('confluence_add_label', { page_id: '98302', name: 'x' });
      assert.equal(write.isError, true);
      assert.ok(h.sandbox.requests.every((r) => r.method === 'GET'), 'nothing was written');
      const found = await h.call('confluence_find_pages_by_label', { label: 'oncall' });
      assert.deepEqual((found.structuredContent as { pages: { id: string }[] }).pages.map((p) => p.id), ['98401']);
      const other = await h.call('confluence_find_pages_by_label', { label: 'oncall', space_key: 'DOC' });
      assert.match(other.text, /Space DOC is outside the spaces this server may use/);
      const allowed = await h.call('confluence_add_label', { page_id: '98401', name: 'handbook' });
      assert.deepEqual(labelsOf(allowed), ['oncall', 'handbook']);
    }, { CONFLUENCE_SPACES_FILTER: 'OPS' }));
  });
}
