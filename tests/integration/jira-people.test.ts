import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { withCheckedHarness } from '../helpers/harness.js';

import type { SandboxLayout } from '../../src/sandbox/session.js';

// Users and watchers on both flavors: Cloud names people by accountId, Server/DC by username.

const FLAVORS: { name: string; layout: SandboxLayout; api: string; bob: string }[] = [
  { name: 'Cloud', layout: 'cloud-jira', api: '/rest/api/3', bob: '5f8a1c2e9b3d4a0071e4c002' },
  { name: 'Server/DC', layout: 'cloud-confluence', api: '/rest/api/2', bob: 'bob' },
];

for (const flavor of FLAVORS) {
  describe(`Jira ${flavor.name}: users and watchers`, () => {
    it('jira_get_user_profile finds a user by me, email, display name or the flavor\'s id', () => withCheckedHarness(flavor.layout, async (h) => {
      for (const identifier of ['bob@example.com', 'Bob Okafor', flavor.bob]) {
        const result = await h.call('jira_get_user_profile', { user_identifier: identifier });
        assert.equal(result.isError, undefined, result.text);
        assert.equal(result.text, `Bob Okafor\nid: ${flavor.bob}\nemail: bob@example.com\ntime zone: Europe/London`, identifier);
      }
      const me = await h.call('jira_get_user_profile', { user_identifier: 'me' });
      assert.deepEqual(me.structuredContent, { name: 'Alice Nguyen', id: flavor.name === 'Cloud' ? '5f8a1c2e9b3d4a0071e4c001' : 'alice', email: 'alice@example.com', active: true, time_zone: 'Europe/Berlin' });
      const many = await h.call('jira_get_user_profile', { user_identifier: 'example' });
      assert.equal(many.isError, true);
      assert.match(many.text, /'example' matches several users: Alice Nguyen \(alice@example\.com, .*\); Bob Okafor .*Give the (accountId|username) instead\./);
      const none = await h.call('jira_get_user_profile', { user_identifier: 'zed@example.com' });
      assert.match(none.text, /No Jira user matches 'zed@example\.com'\. Search with jira_search_users/);
      // Server/DC looks a bare word up as a username first, then searches.
      const unknown = await h.call('jira_get_user_profile', { user_identifier: 'zed' });
      assert.match(unknown.text, /No Jira user matches 'zed'/);
    }));

    it('jira_search_users and jira_search_assignable_users', () => withCheckedHarness(flavor.layout, async (h) => {
      const users = await h.call('jira_search_users', { query: 'car' });
      assert.deepEqual((users.structuredContent as { users: unknown[] }).users, [{ name: 'Carol Jensen', id: flavor.name === 'Cloud' ? '5f8a1c2e9b3d4a0071e4c003' : 'carol', email: 'carol@example.com' }]);
      const assignable = await h.call('jira_search_assignable_users', { project_key: 'DEMO' });
      assert.equal((assignable.structuredContent as { returned: number }).returned, 3, 'Dan has no licence');
      const byIssue = await h.call('jira_search_assignable_users', { issue_key: 'DEMO-2', query: 'bo' });
      assert.match(byIssue.text, /^- Bob Okafor \(bob@example\.com, [^)]+\)\n1 user returned; no more\.$/);
      const sent = h.sandbox.requests.at(-1)!;
      assert.deepEqual(sent.query, flavor.name === 'Cloud' ? { query: 'bo', issueKey: 'DEMO-2', maxResults: '20' } : { username: 'bo', issueKey: 'DEMO-2', maxResults: '20' });
      const neither = await h.call('jira_search_assignable_users', {});
      assert.match(neither.text, /Give project_key or issue_key/);
    }));

    it('watchers: list, add by email, remove by the flavor\'s id', () => withCheckedHarness(flavor.layout, async (h) => {
      const watchers = (key: string) => h.call('jira_get_issue', { issue_key: key, include: ['watchers'] });
      const before = await watchers('DEMO-3');
      assert.ok(before.text.endsWith('\n## Watchers\n(you are not watching)'), before.text);
      const added = await h.call('jira_add_watcher', { issue_key: 'DEMO-3', user_identifier: 'bob@example.com' });
      assert.equal(added.isError, undefined, added.text);
      assert.match(added.text, /^Added Bob Okafor to the watchers of DEMO-3\.\nURL: .*\/browse\/DEMO-3\n- added watcher Bob Okafor$/);
      const post = h.sandbox.requests.find((request) => request.method === 'POST')!;
      assert.equal(post.body, flavor.bob, 'the user goes as a JSON string');
      await h.call('jira_add_watcher', { issue_key: 'DEMO-3', user_identifier: 'me' });
      const during = await watchers('DEMO-3');
      assert.match(during.text, /\n## Watchers\n- Bob Okafor .*\n- Alice Nguyen .*\n\(you are watching\)$/);
      const removed = await h.call('jira_remove_watcher', { issue_key: 'DEMO-3', user_identifier: flavor.bob });
      assert.match(removed.text, /Removed Bob Okafor from the watchers of DEMO-3/);
      const del = h.sandbox.requests.find((request) => request.method === 'DELETE')!;
      assert.deepEqual(del.query, flavor.name === 'Cloud' ? { accountId: flavor.bob } : { username: 'bob' });
      const after = (await watchers('DEMO-3')).structuredContent as { parts: { watchers: string[] } };
      assert.equal(after.parts.watchers.length, 2);
      assert.match(after.parts.watchers[0]!, /^- Alice Nguyen /);
      assert.equal(after.parts.watchers[1], '(you are watching)');
    }));

    it('JIRA_PROJECTS_FILTER refuses watcher changes elsewhere before any request', () => withCheckedHarness(flavor.layout, async (h) => {
      for (const [tool, args] of [['jira_add_watcher', { issue_key: 'DEMO-3', user_identifier: 'me' }], ['jira_get_issue', { issue_key: 'DEMO-3', include: ['watchers'] }],
        ['jira_search_assignable_users', { project_key: 'DEMO' }]] as const) {
        const result = await h.call(tool, args);
        assert.equal(result.isError, true, tool);
        assert.match(result.text, /outside the projects this server may use/);
      }
      assert.equal(h.sandbox.requests.length, 0);
    }, { JIRA_PROJECTS_FILTER: 'OPS' }));
  });
}
