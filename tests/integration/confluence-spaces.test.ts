import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { requestLines, withCheckedHarness } from '../helpers/harness.js';

import type { SandboxLayout } from '../../src/sandbox/session.js';
import type { Harness } from '../helpers/harness.js';

// Spaces and people on both flavors.

const FLAVORS = [
  { name: 'Cloud', layout: 'cloud-confluence', cloud: true },
  { name: 'Server/DC', layout: 'cloud-jira', cloud: false },
] as const;

const withSite = (layout: SandboxLayout, test: (h: Harness) => Promise<void>, env: Record<string, string> = {}) =>
  withCheckedHarness(layout, test, env, 'confluence');

for (const flavor of FLAVORS) {
  describe(`Confluence spaces and people, ${flavor.name}`, () => {
    it('confluence_list_spaces lists every visible space, one line each, with a cursor', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_list_spaces', {});
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /- DOC: Engineering Docs\n- OPS: Operations/);
      assert.match(result.text, /2 spaces returned; no more\./);
      const first = await h.call('confluence_list_spaces', { limit: 1 });
      const { cursor } = first.structuredContent as { cursor: string };
      const second = await h.call('confluence_list_spaces', { limit: 1, cursor });
      assert.deepEqual((second.structuredContent as { spaces: { key: string }[] }).spaces.map((s) => s.key), ['OPS']);
    }));

    it('confluence_get_space gives description, home page and URL', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_get_space', { space_key: 'OPS' });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /^# Operations\nSpace OPS · global · current\nURL: .*\nHome page: On-call Handbook \(id 98401\)/);
      assert.match(result.text, /On-call, rotations and incident history\./);
      const data = result.structuredContent as { url: string; homepage_id: string };
      assert.equal(data.url, `${h.env.CONFLUENCE_URL}${flavor.cloud ? '/wiki/spaces/OPS' : '/display/OPS'}`);
      assert.equal(data.homepage_id, '98401');
      const missing = await h.call('confluence_get_space', { space_key: 'NOPE' });
      assert.equal(missing.isError, true);
      assert.match(missing.text, flavor.cloud ? /Space NOPE not found/ : /space NOPE not found \(HTTP 404\)/);
    }));

    it('CONFLUENCE_SPACES_FILTER narrows the list and refuses other spaces by key', () => withSite(flavor.layout, async (h) => {
      const list = await h.call('confluence_list_spaces', {});
      assert.deepEqual((list.structuredContent as { spaces: { key: string }[] }).spaces.map((s) => s.key), ['OPS']);
      const other = await h.call('confluence_get_space', { space_key: 'DOC' });
      assert.match(other.text, /Space DOC is outside the spaces this server may use \(CONFLUENCE_SPACES_FILTER=OPS,GONE\)/);
    }, { CONFLUENCE_SPACES_FILTER: 'OPS,GONE' }));

    it('confluence_search_user finds people by part of their name', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_search_user', { query: 'okafor' });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, flavor.cloud ? /^- Bob Okafor \(accountId 5f8a1c2e9b3d4a0071e4c002 · bob@example\.com\)/ : /^- Bob Okafor \(username bob\)/);
      assert.deepEqual(requestLines(h.sandbox), [flavor.cloud ? 'GET /wiki/rest/api/search/user' : 'GET /rest/api/group/confluence-users/member']);
      if (flavor.cloud) assert.equal(h.sandbox.requests[0]!.query.cql, 'user.fullname ~ "okafor"');
      const none = await h.call('confluence_search_user', { query: 'zed' });
      assert.equal(none.text, 'No users match "zed".');
      if (!flavor.cloud) {
        const admins = await h.call('confluence_search_user', { query: 'a', group_name: 'confluence-administrators' });
        assert.deepEqual((admins.structuredContent as { users: { username: string }[] }).users.map((u) => u.username), ['alice']);
        const unknown = await h.call('confluence_search_user', { query: 'a', group_name: 'nobody' });
        assert.match(unknown.text, /group nobody not found \(HTTP 404\)/);
      }
    }));
  });
}
