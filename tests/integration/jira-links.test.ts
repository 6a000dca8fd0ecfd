import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { requestLines, withCheckedHarness } from '../helpers/harness.js';

import type { SandboxLayout } from '../../src/sandbox/session.js';

// Issue links, remote links and worklogs on both flavors.

const FLAVORS: { name: string; layout: SandboxLayout; api: string }[] = [
  { name: 'Cloud', layout: 'cloud-jira', api: '/rest/api/3' },
  { name: 'Server/DC', layout: 'cloud-confluence', api: '/rest/api/2' },
];

for (const flavor of FLAVORS) {
  describe(`Jira ${flavor.name}: links and worklogs`, () => {
    it('link types; create a link both issues then show; remove it by id', () => withCheckedHarness(flavor.layout, async (h) => {
      const types = await h.call('jira_get_link_types', {});
      assert.equal(types.text, '- Blocks: A blocks B / B is blocked by A\n- Cloners: A clones B / B is cloned by A\n- Duplicate: A duplicates B / B is duplicated by A\n- Relates: A relates to B / B relates to A\n4 link types returned; no more.');
      const created = await h.call('jira_create_issue_link', { link_type: 'blocks', outward_issue_key: 'DEMO-5', inward_issue_key: 'DEMO-6', comment: 'Found while **testing**.' });
      assert.equal(created.isError, undefined, created.text);
      const linkId = (created.structuredContent as { id: string }).id;
      assert.match(created.text, new RegExp(`^Linked: DEMO-5 blocks DEMO-6 \\(link ${linkId}\\)\\.\\nURL: .*/browse/DEMO-5\\n- DEMO-5 blocks DEMO-6\\n- comment added to DEMO-5$`));
      const post = h.sandbox.requests.find((request) => request.method === 'POST')!;
      assert.deepEqual({ ...(post.body as object), comment: undefined }, { type: { name: 'Blocks' }, inwardIssue: { key: 'DEMO-6' }, outwardIssue: { key: 'DEMO-5' }, comment: undefined });
      const five = await h.call('jira_get_issue', { issue_key: 'DEMO-5', include: ['links', 'comments'] });
      assert.match(five.text, new RegExp(`- ${linkId}: blocks DEMO-6 \\[In Review\\] Improve billing performance \\(6\\)`));
      assert.match(five.text, /Found while \*\*testing\*\*\./);
      const six = await h.call('jira_get_issue', { issue_key: 'DEMO-6', include: ['links'] });
      assert.match(six.text, new RegExp(`- ${linkId}: is blocked by DEMO-5 \\[In Progress\\]`));
      const removed = await h.call('jira_remove_issue_link', { link_id: linkId });
      assert.match(removed.text, new RegExp(`^Removed link ${linkId}\\.\\nURL: .*\\n- removed: DEMO-5 blocks DEMO-6$`));
      assert.ok(requestLines(h.sandbox).includes(`DELETE ${flavor.api}/issueLink/${linkId}`));
      const again = await h.call('jira_remove_issue_link', { link_id: linkId });
      assert.match(again.text, /issue link \d+ not found \(HTTP 404\)/);
      const badType = await h.call('jira_create_issue_link', { link_type: 'Causes', outward_issue_key: 'DEMO-5', inward_issue_key: 'DEMO-6' });
      assert.match(badType.text, /link_type: no type 'Causes'; types: Blocks \(blocks\), Cloners \(clones\), Duplicate \(duplicates\), Relates \(relates to\)\./);
    }));

    it('remote links: add a URL, the same URL again updates it, list them', () => withCheckedHarness(flavor.layout, async (h) => {
      const added = await h.call('jira_create_remote_issue_link', { issue_key: 'DEMO-3', url: 'https://github.com/acme/billing/pull/42', title: 'PR #42', relationship: 'implemented by' });
      assert.equal(added.isError, undefined, added.text);
      const again = await h.call('jira_create_remote_issue_link', { issue_key: 'DEMO-3', url: 'https://github.com/acme/billing/pull/42', title: 'PR #42: CSV export (merged)', summary: 'Merged into main' });
      assert.equal((again.structuredContent as { id: string }).id, (added.structuredContent as { id: string }).id);
      const list = await h.call('jira_get_issue', { issue_key: 'DEMO-3', include: ['remote_links'] });
      assert.match(list.text, /\n## Remote links\n\[untrusted content [0-9a-f]{8} begins: Jira DEMO-3 remote_links[^\n]*\n- \d+: \[PR #42: CSV export \(merged\)\]\(https:\/\/github\.com\/acme\/billing\/pull\/42\) — Merged into main\n\[untrusted content [0-9a-f]{8} ends\]$/);
      assert.equal((list.structuredContent as { parts: { remote_links: string[] } }).parts.remote_links.length, 1);
      const none = await h.call('jira_get_issue', { issue_key: 'DEMO-4', include: ['remote_links'] });
      assert.match(none.text, /\n## Remote links\n\(none\)$/);
    }));

    it('worklogs: log time with a Markdown comment and a new estimate, read them paged, delete one', () => withCheckedHarness(flavor.layout, async (h) => {
      const logged = await h.call('jira_add_worklog', { issue_key: 'DEMO-2', time_spent: '1h 30m', started: '2026-10-21T09:30:00+02:00', comment: 'Pairing on the **SSO** fix.', remaining_estimate: '2h' });
      assert.equal(logged.isError, undefined, logged.text);
      const id = (logged.structuredContent as { id: string }).id;
      assert.match(logged.text, new RegExp(`^Logged 1h 30m on DEMO-2\\.\\nURL: .*focusedWorklogId=${id}\\n- logged 1h 30m \\(worklog ${id}\\) starting 2026-10-21T07:30:00\\.000\\+0000\\n- remaining estimate: 2h$`));
      const post = h.sandbox.requests.find((request) => request.method === 'POST')!;
      assert.deepEqual(post.query, { adjustEstimate: 'new', newEstimate: '2h' });
      assert.equal((post.body as { started: string }).started, '2026-10-21T07:30:00.000+0000');
      const first = await h.call('jira_get_worklog', { issue_key: 'DEMO-2', limit: 2 });
      assert.match(first.text, /- 30000 · Alice Nguyen · 1h 30m · started 2026-10-05 10:15: Reproduced with a HAR capture\.\n- 30001 · Bob Okafor · 2h · started 2026-10-06 14:15\n/);
      assert.match(first.text, /2 of 3 worklogs returned; more exist: pass cursor=".*" for the next page\. Time on this page: 3\.50h\./);
      const second = await h.call('jira_get_worklog', { issue_key: 'DEMO-2', limit: 2, cursor: (first.structuredContent as { cursor: string }).cursor });
      assert.match(second.text, new RegExp(`- ${id} · Alice Nguyen · 1h 30m · started 2026-10-21 07:30: Pairing on the \\*\\*SSO\\*\\* fix\\.`));
      assert.match(second.text, /1 of 3 worklogs returned; no more\./);
      const deleted = await h.call('jira_delete_worklog', { issue_key: 'DEMO-2', worklog_id: id });
      assert.match(deleted.text, new RegExp(`- deleted worklog ${id}$`));
      const notMine = await h.call('jira_delete_worklog', { issue_key: 'DEMO-2', worklog_id: '30001' });
      assert.match(notMine.text, /HTTP 403/);
      const badDuration = await h.call('jira_add_worklog', { issue_key: 'DEMO-2', time_spent: 'ninety minutes' });
      assert.equal(badDuration.isError, true);
      assert.match(badDuration.text, /time_spent/);
      const badStart = await h.call('jira_add_worklog', { issue_key: 'DEMO-2', time_spent: '1h', started: 'yesterday' });
      assert.match(badStart.text, /started: 'yesterday' is not a date-time/);
    }));

    it('JIRA_PROJECTS_FILTER applies to links and worklogs', () => withCheckedHarness(flavor.layout, async (h) => {
      for (const [tool, args] of [['jira_create_issue_link', { link_type: 'Blocks', outward_issue_key: 'OPS-1', inward_issue_key: 'DEMO-2' }],
        ['jira_remove_issue_link', { link_id: '10701' }], ['jira_get_issue', { issue_key: 'DEMO-2', include: ['remote_links'] }],
        ['jira_add_worklog', { issue_key: 'DEMO-2', time_spent: '1h' }], ['jira_get_worklog', { issue_key: 'DEMO-2' }]] as const) {
        const result = await h.call(tool, args);
        assert.equal(result.isError, true, tool);
        assert.match(result.text, /DEMO-2 is in project DEMO, outside the projects/, tool);
      }
      assert.ok(!requestLines(h.sandbox).some((line) => !line.startsWith('GET')), 'nothing was written');
    }, { JIRA_PROJECTS_FILTER: 'OPS' }));
  });
}
