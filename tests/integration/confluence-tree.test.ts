import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { requestLines, withCheckedHarness } from '../helpers/harness.js';

import type { SandboxLayout } from '../../src/sandbox/session.js';
import type { Harness } from '../helpers/harness.js';

// The page tree on both flavors: children, ancestors, a space's outline, move, copy and delete. Every
// request a test makes is also checked against the product's OpenAPI document.

const FLAVORS = [
  { name: 'Cloud', layout: 'cloud-confluence', cloud: true },
  { name: 'Server/DC', layout: 'cloud-jira', cloud: false },
] as const;

const withSite = (layout: SandboxLayout, test: (h: Harness) => Promise<void>, env: Record<string, string> = {}) =>
  withCheckedHarness(layout, test, env, 'confluence');

const data = <T>(result: { structuredContent?: unknown }) => result.structuredContent as T;

for (const flavor of FLAVORS) {
  describe(`Confluence page tree, ${flavor.name}`, () => {
    it('confluence_get_page_children lists children in order and pages with a cursor', () => withSite(flavor.layout, async (h) => {
      const first = await h.call('confluence_get_page_children', { parent_id: '98301', limit: 2 });
      assert.equal(first.isError, undefined, first.text);
      assert.match(first.text, /- Architecture Overview \(id 98302[^)]*\)\n- Runbooks \(id 98303/);
      const { children, cursor } = data<{ children: { id: string }[]; cursor: string }>(first);
      assert.deepEqual(children.map((c) => c.id), ['98302', '98303']);
      assert.match(first.text, /2 child pages returned; more exist: pass cursor=/);
      const second = await h.call('confluence_get_page_children', { parent_id: '98301', limit: 2, cursor });
      assert.deepEqual(data<{ children: { id: string }[] }>(second).children.map((c) => c.id), ['98305', '98306'], 'the restricted page is not listed');
      const wrong = await h.call('confluence_get_page_children', { parent_id: '98303', limit: 2, cursor });
      assert.equal(wrong.isError, true);
      assert.match(wrong.text, /cursor: it belongs to a different confluence_get_page_children call/);
    }));

    it('confluence_get_page_ancestors gives the chain from the top, titles included', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_get_page_ancestors', { page_id: '98304' });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /- Engineering Docs Home \(id 98301\)\n {2}- Runbooks \(id 98303\)\n {4}- Incident Response \(id 98304\)/);
      assert.deepEqual(data<{ ancestors: { title: string }[] }>(result).ancestors.map((a) => a.title), ['Engineering Docs Home', 'Runbooks']);
      assert.deepEqual(requestLines(h.sandbox), flavor.cloud
        ? ['GET /wiki/api/v2/pages/98304', 'GET /wiki/api/v2/spaces/65538', 'GET /wiki/api/v2/pages/98304/ancestors', 'GET /wiki/api/v2/pages']
        : ['GET /rest/api/content/98304']);
      const top = await h.call('confluence_get_page_ancestors', { page_id: '98401' });
      assert.match(top.text, /A top-level page: no ancestors/);
    }));

    it('confluence_get_space_page_tree outlines a space to the asked depth', () => withSite(flavor.layout, async (h) => {
      const deep = await h.call('confluence_get_space_page_tree', { space_key: 'DOC', depth: 3 });
      assert.equal(deep.isError, undefined, deep.text);
      assert.match(deep.text, /- Engineering Docs Home \(98301\)\n {2}- Architecture Overview \(98302\)\n {2}- Runbooks \(98303\)\n {4}- Incident Response \(98304\)\n {4}- Postmortem 2026-10-03 \(98308\)\n {2}- Release Notes 2\.4 \(98305\)/);
      assert.doesNotMatch(deep.text, /Salary Bands/, 'restricted pages stay hidden');
      const pages = data<{ pages: { id: string; depth: number; parent_id?: string }[] }>(deep).pages;
      assert.equal(pages.length, 7);
      assert.deepEqual(pages.find((p) => p.id === '98304'), { id: '98304', title: 'Incident Response', depth: 3, parent_id: '98303' });
      const shallow = await h.call('confluence_get_space_page_tree', { space_key: 'DOC', depth: 2, limit: 3 });
      assert.deepEqual(data<{ pages: { id: string }[]; truncated: boolean }>(shallow).pages.map((p) => p.id), ['98301', '98302', '98303']);
      assert.equal(data<{ truncated: boolean }>(shallow).truncated, true);
      assert.match(shallow.text, /3 pages shown; more exist/);
    }));

    it('confluence_move_page moves a page with its children, across spaces too', () => withSite(flavor.layout, async (h) => {
      const moved = await h.call('confluence_move_page', { page_id: '98303', target_space_key: 'OPS' });
      assert.equal(moved.isError, undefined, moved.text);
      assert.match(moved.text, /Moved page 98303 "Runbooks" from under page 98301 to under "On-call Handbook" \(98401\) in space OPS/);
      const tree = await h.call('confluence_get_space_page_tree', { space_key: 'OPS', depth: 3 });
      assert.match(tree.text, /- On-call Handbook \(98401\)\n {2}- Rotation 2026 \(98402\)\n {2}- Runbooks \(98303\)\n {4}- Incident Response \(98304\)/);
      const back = await h.call('confluence_move_page', { page_id: '98303', target_parent_id: '98302' });
      assert.equal(data<{ parent_id: string; space_key: string }>(back).parent_id, '98302');
      assert.equal(data<{ space_key: string }>(back).space_key, 'DOC');
      const loop = await h.call('confluence_move_page', { page_id: '98302', target_parent_id: '98304' });
      assert.equal(loop.isError, true);
      assert.match(loop.text, /HTTP 400.*descendant of itself/);
      const none = await h.call('confluence_move_page', { page_id: '98302' });
      assert.match(none.text, /Give target_parent_id, target_space_key, or both/);
    }));

    it('confluence_copy_page copies body, labels and attachments under a new title', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_copy_page', { source_page_id: '98305', destination_parent_id: '98303' });
      assert.equal(result.isError, undefined, result.text);
      const copy = data<{ id: string; title: string; attachments: number; labels: number }>(result);
      assert.equal(copy.title, 'Copy of Release Notes 2.4');
      assert.equal(copy.attachments, 2);
      assert.equal(copy.labels, 1);
      const page = await h.call('confluence_get_page', { page_id: copy.id });
      assert.match(page.text, /CSV export of invoices/);
      const labels = await h.call('confluence_get_labels', { page_id: copy.id });
      assert.deepEqual(data<{ labels: string[] }>(labels).labels, ['release']);
      const files = await h.call('confluence_get_attachments', { content_id: copy.id });
      assert.deepEqual(data<{ attachments: { title: string }[] }>(files).attachments.map((a) => a.title).sort(), ['checklist.txt', 'dashboard.png']);
      const bare = await h.call('confluence_copy_page', { source_page_id: '98304', destination_space_key: 'OPS', copy_attachments: false });
      assert.equal(data<{ title: string; space_key: string }>(bare).title, 'Incident Response', 'another space keeps the title');
      assert.equal(data<{ space_key: string }>(bare).space_key, 'OPS');
      const clash = await h.call('confluence_copy_page', { source_page_id: '98304', destination_space_key: 'OPS' });
      assert.equal(clash.isError, true);
      assert.match(clash.text, /A page with this title already exists/);
    }));

    it('confluence_delete_page trashes a page; its children move up', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_delete_page', { page_id: '98303' });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /Deleted page 98303 "Runbooks" \(version 1\) from space DOC; it is in the space trash/);
      const gone = await h.call('confluence_get_page', { page_id: '98303' });
      assert.match(gone.text, /page 98303 not found \(HTTP 404\)/);
      const children = await h.call('confluence_get_page_children', { parent_id: '98301', limit: 10 });
      assert.ok(data<{ children: { id: string }[] }>(children).children.some((c) => c.id === '98304'), 'Incident Response moved up');
    }));

    it('CONFLUENCE_SPACES_FILTER refuses the tree, moves and copies outside the allowed spaces', () => withSite(flavor.layout, async (h) => {
      const children = await h.call('confluence_get_page_children', { parent_id: '98301' });
      assert.match(children.text, /Page 98301 is in space DOC, outside the spaces this server may use \(CONFLUENCE_SPACES_FILTER=OPS\)/);
      const tree = await h.call('confluence_get_space_page_tree', { space_key: 'DOC' });
      assert.match(tree.text, /Space DOC is outside/);
      const move = await h.call('confluence_move_page', { page_id: '98402', target_parent_id: '98303' });
      assert.match(move.text, /Page 98303 is in space DOC, outside/);
      const copy = await h.call('confluence_copy_page', { source_page_id: '98304', destination_space_key: 'OPS' });
      assert.match(copy.text, /Page 98304 is in space DOC, outside/);
      const remove = await h.call('confluence_delete_page', { page_id: '98302' });
      assert.equal(remove.isError, true);
      assert.ok(h.sandbox.requests.every((r) => r.method === 'GET'), 'nothing was written');
      const ok = await h.call('confluence_get_page_ancestors', { page_id: '98402' });
      assert.equal(ok.isError, undefined, ok.text);
    }, { CONFLUENCE_SPACES_FILTER: 'OPS' }));
  });
}
