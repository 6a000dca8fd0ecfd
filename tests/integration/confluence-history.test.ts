import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { withCheckedHarness } from '../helpers/harness.js';

import type { SandboxLayout } from '../../src/sandbox/session.js';
import type { Harness } from '../helpers/harness.js';

// Page history on both flavors: the version list (Cloud v2; DC reads each version as historical content),
// one version's body, and the diff between two versions.

const FLAVORS = [
  { name: 'Cloud', layout: 'cloud-confluence', cloud: true },
  { name: 'Server/DC', layout: 'cloud-jira', cloud: false },
] as const;

const withSite = (layout: SandboxLayout, test: (h: Harness) => Promise<void>, env: Record<string, string> = {}) =>
  withCheckedHarness(layout, test, env, 'confluence');

type History = { versions: { number: number; by?: string; message: string }[]; current: number; cursor?: string };

for (const flavor of FLAVORS) {
  describe(`Confluence history, ${flavor.name}`, () => {
    it('confluence_get_page_history lists versions newest first with authors and messages, then pages on', () => withSite(flavor.layout, async (h) => {
      const first = await h.call('confluence_get_page_history', { page_id: '98302', limit: 3 });
      assert.equal(first.isError, undefined, first.text);
      assert.match(first.text, /^Page 98302, current version 7:\n\[untrusted content [0-9a-f]{8} begins: history of page 98302[^\n]*\n# Architecture Overview\n/);
      assert.match(first.text, /- v7 · 2026-10-25 12:00 · Alice Nguyen — Add configuration section\n- v6 · 2026-10-01 07:00 · Bob Okafor\n- v5 · 2026-10-01 06:00 · Alice Nguyen/);
      const data = first.structuredContent as History;
      assert.deepEqual(data.versions.map((v) => v.number), [7, 6, 5]);
      const numbers: number[] = data.versions.map((v) => v.number);
      let cursor = data.cursor;
      while (cursor) {
        const next = (await h.call('confluence_get_page_history', { page_id: '98302', limit: 3, cursor })).structuredContent as History;
        numbers.push(...next.versions.map((v) => v.number));
        cursor = next.cursor;
      }
      assert.deepEqual(numbers, [7, 6, 5, 4, 3, 2, 1]);
      const oldest = await h.call('confluence_get_page_history', { page_id: '98303' });
      assert.match(oldest.text, /- v1 · 2026-10-02 12:00 · Bob Okafor\n/);
    }));

    it('confluence_get_page_version returns the body of an older version', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_get_page_version', { page_id: '98302', version: 6 });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /^\[untrusted content [0-9a-f]{8} begins: Confluence page 98302 version 6 title[^\n]*\nArchitecture Overview\n\[untrusted content [0-9a-f]{8} ends\]\nSpace DOC \(Engineering Docs\) · page 98302 · version 6 · updated 2026-10-01 07:00/);
      assert.match(result.text, /\| billing +\| Team Ledger +\| Kotlin +\|/);
      assert.doesNotMatch(result.text, /config\.yaml/, 'the configuration section came in version 7');
      const storage = await h.call('confluence_get_page_version', { page_id: '98302', version: 6, format: 'storage' });
      assert.match((storage.structuredContent as { body: string }).body, /<td><p>Kotlin<\/p><\/td>/);
      const missing = await h.call('confluence_get_page_version', { page_id: '98302', version: 40 });
      assert.equal(missing.isError, true);
      assert.match(missing.text, /version 40 of page 98302 not found \(HTTP 404\)/);
    }));

    it('confluence_get_page_diff shows what changed as a unified diff of the Markdown', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_get_page_diff', { page_id: '98302', from_version: 6 });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /^Page 98302, version 6 -> 7:\n\[untrusted content [0-9a-f]{8} begins: diff of page 98302[^\n]*\nTitle: "Architecture Overview"\n/);
      const { diff, changed, to_version } = result.structuredContent as { diff: string; changed: boolean; to_version: number };
      assert.equal(to_version, 7);
      assert.equal(changed, true);
      assert.match(diff, /^--- version 6\n\+\+\+ version 7\n@@ /);
      assert.match(diff, /\n-\| billing +\| Team Ledger +\| Kotlin +\|\n/);
      assert.match(diff, /\n\+\| billing +\| Team Ledger +\| TypeScript +\|\n/);
      assert.match(diff, /\n\+## Configuration\n/);
      assert.match(diff, /\n \| Service +\| Owner +\| Language +\|\n/, 'unchanged lines are context');
      const same = await h.call('confluence_get_page_diff', { page_id: '98302', from_version: 1, to_version: 2 });
      assert.match(same.text, /The bodies are identical\./);
      assert.equal((same.structuredContent as { changed: boolean }).changed, false);
      const backwards = await h.call('confluence_get_page_diff', { page_id: '98302', from_version: 7, to_version: 6 });
      assert.match(backwards.text, /from_version \(7\) must be older than to_version \(6\)/);
    }));

    it('CONFLUENCE_SPACES_FILTER refuses the history of pages elsewhere', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_get_page_history', { page_id: '98302' });
      assert.match(result.text, /Page 98302 is in space DOC, outside the spaces this server may use/);
      const version = await h.call('confluence_get_page_version', { page_id: '98302', version: 6 });
      assert.equal(version.isError, true);
    }, { CONFLUENCE_SPACES_FILTER: 'OPS' }));
  });
}
