import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';

import { requestLines, startHarness } from '../helpers/harness.js';

import type { AddressInfo } from 'node:net';
import type { SandboxLayout } from '../../src/sandbox/session.js';

// confluence_search and confluence_get_page on both flavors, through the real protocol path.

const FLAVORS: { name: string; layout: SandboxLayout; cloud: boolean }[] = [
  { name: 'Cloud', layout: 'cloud-confluence', cloud: true },
  { name: 'Server/DC', layout: 'cloud-jira', cloud: false },
];

for (const flavor of FLAVORS) {
  const v1 = flavor.cloud ? '/wiki/rest/api' : '/rest/api';

  describe(`Confluence ${flavor.name}`, () => {
    it('confluence_search turns a phrase into a text search and lists one line per result', async () => {
      const h = await startHarness({ layout: flavor.layout });
      try {
        const result = await h.call('confluence_search', { query: 'rollback' });
        assert.equal(result.isError, undefined, result.text);
        assert.match(result.text, /- Incident Response \(id 98304 · Engineering Docs · 2026-10-18\) — /);
        assert.doesNotMatch(result.text, /@@@hl@@@/, 'highlight markers are stripped');
        const data = result.structuredContent as { cql: string; results: { id: string }[] };
        assert.equal(data.cql, 'text ~ "rollback" AND type in (page, blogpost)');
        assert.deepEqual(data.results.map((r) => r.id), ['98304', '98308']);
        assert.deepEqual(requestLines(h.sandbox), [`GET ${v1}/search`]);
        assert.equal(h.sandbox.requests[0]!.query.cql, data.cql);
      } finally {
        await h.close();
      }
    });

    it('confluence_search runs CQL as given and pages with a cursor to the end', async () => {
      const h = await startHarness({ layout: flavor.layout });
      try {
        const ids: string[] = [];
        let cursor: string | undefined;
        let calls = 0;
        do {
          const result = await h.call('confluence_search', { query: 'type = page AND space = DOC ORDER BY title ASC', limit: 2, ...(cursor ? { cursor } : {}) });
          assert.equal(result.isError, undefined, result.text);
          const data = result.structuredContent as { results: { id: string }[]; cursor?: string };
          ids.push(...data.results.map((r) => r.id));
          cursor = data.cursor;
          calls += 1;
        } while (cursor && calls < 10);
        // Seven DOC pages are visible to the account (one is restricted).
        assert.equal(ids.length, 7);
        assert.equal(new Set(ids).size, 7);
        assert.equal(calls, 4);
        const pagingParam = flavor.cloud ? 'cursor' : 'start';
        assert.ok(h.sandbox.requests.slice(1).every((request) => request.query[pagingParam] !== undefined));
      } finally {
        await h.close();
      }
    });

    it('a CQL syntax error is an isError result with Confluence\'s message', async () => {
      const h = await startHarness({ layout: flavor.layout });
      try {
        const result = await h.call('confluence_search', { query: 'space = = DOC' });
        assert.equal(result.isError, true);
        assert.match(result.text, /HTTP 400/);
        assert.match(result.text, /Could not parse cql/);
      } finally {
        await h.close();
      }
    });

    it('confluence_get_page by id returns the storage body as Markdown with title, space, version and URL', async () => {
      const h = await startHarness({ layout: flavor.layout });
      try {
        const result = await h.call('confluence_get_page', { page_id: '98302' });
        assert.equal(result.isError, undefined, result.text);
        assert.match(result.text, /^\[untrusted content [0-9a-f]{8} begins: Confluence page 98302 title[^\n]*\nArchitecture Overview\n\[untrusted content [0-9a-f]{8} ends\]\nSpace DOC \(Engineering Docs\) · page 98302 · version 7 · updated 2026-10-25 12:00/);
        assert.match(result.text, /```yaml\ngateway:\n {2}listen: 0\.0\.0\.0:8443/);
        assert.match(result.text, /\| Service +\| Owner +\| Language +\|/);
        assert.match(result.text, /\[untrusted content [0-9a-f]{8} begins: Confluence page 98302 body/);
        const data = result.structuredContent as { url: string; version: number; space_key: string };
        assert.equal(data.version, 7);
        assert.equal(data.space_key, 'DOC');
        const expected = flavor.cloud
          ? `${h.env.CONFLUENCE_URL}/wiki/spaces/DOC/pages/98302/Architecture+Overview`
          : `${h.env.CONFLUENCE_URL}/display/DOC/Architecture+Overview`;
        assert.equal(data.url, expected);
        // Cloud names the mentioned user with one bulk lookup; this page's mention is a Cloud account id.
        assert.deepEqual(requestLines(h.sandbox), flavor.cloud
          ? ['GET /wiki/api/v2/pages/98302', 'GET /wiki/api/v2/spaces/65538', 'POST /wiki/api/v2/users-bulk']
          : ['GET /rest/api/content/98302']);
        if (flavor.cloud) assert.match(result.text, /\| gateway +\| \[@Alice Nguyen\]\(accountid:5f8a1c2e9b3d4a0071e4c001\) +\| Go +\|/);
      } finally {
        await h.close();
      }
    });

    it('mentions show display names, looked up once per user', async () => {
      const h = await startHarness({ layout: flavor.layout });
      try {
        // 98304 was written on Server/DC: its mention is a user key, which only Server/DC can resolve.
        const page = flavor.cloud ? '98302' : '98304';
        const first = await h.call('confluence_get_page', { page_id: page });
        assert.match(first.text, flavor.cloud ? /\[@Alice Nguyen\]\(accountid:5f8a1c2e9b3d4a0071e4c001\)/ : /\[@Bob Okafor\]\(userkey:8a7f808abob\)/);
        await h.call('confluence_get_page', { page_id: page });
        const lookups = requestLines(h.sandbox).filter((line) => line.endsWith('users-bulk') || line === 'GET /rest/api/user');
        assert.equal(lookups.length, 1, 'the second read used the cached name');
        if (!flavor.cloud) assert.deepEqual(h.sandbox.requests.find((r) => r.path === '/rest/api/user')!.query, { key: '8a7f808abob' });
      } finally {
        await h.close();
      }
    });

    it('confluence_get_page by space key and title', async () => {
      const h = await startHarness({ layout: flavor.layout });
      try {
        const result = await h.call('confluence_get_page', { space_key: 'OPS', title: 'On-call Handbook' });
        assert.equal(result.isError, undefined, result.text);
        assert.match(result.text, /\nOn-call Handbook\n\[untrusted content [0-9a-f]{8} ends\]\nSpace OPS/);
        assert.match(result.text, /Rotations change every Monday/);
        const missing = await h.call('confluence_get_page', { space_key: 'OPS', title: 'No Such Page' });
        assert.equal(missing.isError, true);
        assert.match(missing.text, /No page titled "No Such Page" in space OPS/);
      } finally {
        await h.close();
      }
    });

    it('argument mistakes and missing pages are clear isError results', async () => {
      const h = await startHarness({ layout: flavor.layout });
      try {
        const none = await h.call('confluence_get_page', {});
        assert.equal(none.isError, true);
        assert.match(none.text, /Give page_id, or space_key together with title/);
        const both = await h.call('confluence_get_page', { page_id: '1', title: 'x' });
        assert.match(both.text, /not both/);
        const bad = await h.call('confluence_get_page', { page_id: 'abc' });
        assert.equal(bad.isError, true);
        assert.match(bad.text, /page_id/);
        assert.equal(h.sandbox.requests.length, 0);
        const restricted = await h.call('confluence_get_page', { page_id: '98307' });
        assert.equal(restricted.isError, true);
        assert.match(restricted.text, /Confluence: page 98307 not found \(HTTP 404\)/);
      } finally {
        await h.close();
      }
    });

    it('CONFLUENCE_SPACES_FILTER scopes searches and refuses pages elsewhere', async () => {
      const h = await startHarness({ layout: flavor.layout, env: { CONFLUENCE_SPACES_FILTER: 'OPS' } });
      try {
        const result = await h.call('confluence_search', { query: 'type = page', limit: 50 });
        const data = result.structuredContent as { results: { id: string }[] };
        assert.deepEqual(data.results.map((r) => r.id).sort(), ['98401', '98402']);
        assert.equal(h.sandbox.requests[0]!.query.cql, 'space in ("OPS") AND (type = page)');
        const byId = await h.call('confluence_get_page', { page_id: '98302' });
        assert.equal(byId.isError, true);
        assert.match(byId.text, /Page 98302 is in space DOC, outside the spaces this server may use \(CONFLUENCE_SPACES_FILTER=OPS\)/);
        const before = h.sandbox.requests.length;
        const byTitle = await h.call('confluence_get_page', { space_key: 'DOC', title: 'Runbooks' });
        assert.equal(byTitle.isError, true);
        assert.equal(h.sandbox.requests.length, before, 'refused before any request');
      } finally {
        await h.close();
      }
    });
  });
}

describe('Confluence Cloud base URL', () => {
  it('works the same given with or without /wiki, and never doubles it', async () => {
    // A free port, so the configured URL can be written before the sandbox starts.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const h = await startHarness({ layout: 'cloud-confluence', sandbox: { port }, env: { CONFLUENCE_URL: `http://127.0.0.1:${port}/confluence-cloud/wiki` } });
    try {
      const result = await h.call('confluence_get_page', { page_id: '98301' });
      assert.equal(result.isError, undefined, result.text);
      assert.equal((result.structuredContent as { url: string }).url, `http://127.0.0.1:${port}/confluence-cloud/wiki/spaces/DOC/pages/98301/Engineering+Docs+Home`);
      assert.deepEqual(requestLines(h.sandbox).slice(0, 2), ['GET /wiki/api/v2/pages/98301', 'GET /wiki/api/v2/spaces/65538']);
    } finally {
      await h.close();
    }
  });
});
