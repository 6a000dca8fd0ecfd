import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { requestLines, withCheckedHarness } from '../helpers/harness.js';

import type { SandboxLayout } from '../../src/sandbox/session.js';

// Boards, sprints and epics on both flavors (the agile API is the same path on both).

const FLAVORS: { name: string; layout: SandboxLayout; api: string }[] = [
  { name: 'Cloud', layout: 'cloud-jira', api: '/rest/api/3' },
  { name: 'Server/DC', layout: 'cloud-confluence', api: '/rest/api/2' },
];

const keysOf = (result: { structuredContent?: unknown }) => (result.structuredContent as { issues: { key: string }[] }).issues.map((issue) => issue.key);

for (const flavor of FLAVORS) {
  describe(`Jira ${flavor.name}: agile`, () => {
    it('boards: by project, type and name; board issues with JQL and paging', () => withCheckedHarness(flavor.layout, async (h) => {
      const all = await h.call('jira_get_agile_boards', {});
      assert.equal(all.text, '- 1: DEMO board · scrum · DEMO\n- 2: OPS kanban · kanban · OPS\n2 boards returned; no more.');
      const kanban = await h.call('jira_get_agile_boards', { board_type: 'kanban', board_name: 'ops' });
      assert.deepEqual((kanban.structuredContent as { boards: { id: number }[] }).boards.map((b) => b.id), [2]);
      const first = await h.call('jira_get_board_issues', { board_id: 2, jql: 'status = Done', limit: 2 });
      assert.deepEqual(keysOf(first), ['OPS-10', 'OPS-6']);
      const rest = await h.call('jira_get_board_issues', { board_id: 2, jql: 'status = Done', limit: 2, cursor: (first.structuredContent as { cursor: string }).cursor });
      assert.deepEqual(keysOf(rest), ['OPS-2']);
      assert.match(rest.text, /1 of 3 issues returned; no more\./);
      const missing = await h.call('jira_get_board_issues', { board_id: 99 });
      assert.equal(missing.isError, true);
      assert.match(missing.text, /board 99 not found \(HTTP 404\).*Board with id 99 does not exist/);
    }));

    it('sprints: list by state, issues of a sprint, create, update with what changed, start and complete', () => withCheckedHarness(flavor.layout, async (h) => {
      const active = await h.call('jira_get_sprints_from_board', { board_id: 1, state: 'active' });
      assert.match(active.text, /^\[untrusted content \w+ begins: Jira board 1 sprints.*\n- 2: DEMO Sprint 2 · active · 2026-10-05 → 2026-10-19 · goal: Fix SSO login\n\[untrusted content \w+ ends\]\n1 sprint returned; no more\.$/);
      const issues = await h.call('jira_get_sprint_issues', { sprint_id: 2, limit: 50 });
      assert.equal((issues.structuredContent as { returned: number }).returned, 10);
      const kanban = await h.call('jira_get_sprints_from_board', { board_id: 2 });
      assert.equal(kanban.isError, true);
      assert.match(kanban.text, /The board does not support sprints/);

      const created = await h.call('jira_create_sprint', { board_id: 1, sprint_name: 'DEMO Sprint 4', start_date: '2026-11-02', end_date: '2026-11-16', goal: 'Invoice exports' });
      assert.equal(created.isError, undefined, created.text);
      const sprintId = Number((created.structuredContent as { id: string }).id);
      assert.match(created.text, new RegExp(`^Created sprint ${sprintId}\\.\\n${sprintId}: DEMO Sprint 4 · future · 2026-11-02 → 2026-11-16 · goal: Invoice exports\\nURL: .*rapidView=1&sprint=${sprintId}`));
      const body = h.sandbox.requests.find((request) => request.method === 'POST' && request.path === '/rest/agile/1.0/sprint')!.body;
      assert.deepEqual(body, { name: 'DEMO Sprint 4', originBoardId: 1, startDate: '2026-11-02T00:00:00.000Z', endDate: '2026-11-16T00:00:00.000Z', goal: 'Invoice exports' });

      const renamed = await h.call('jira_update_sprint', { sprint_id: sprintId, sprint_name: 'DEMO Sprint 4b', goal: 'Exports and imports' });
      assert.deepEqual((renamed.structuredContent as { changed: string[] }).changed, ['name: DEMO Sprint 4 → DEMO Sprint 4b', 'goal: Invoice exports → Exports and imports']);
      const twoActive = await h.call('jira_update_sprint', { sprint_id: sprintId, state: 'active' });
      assert.equal(twoActive.isError, true);
      assert.match(twoActive.text, /Another sprint is already active on this board/);
      const closed = await h.call('jira_update_sprint', { sprint_id: 2, state: 'closed' });
      assert.match(closed.text, /- state: active → closed/);
      const started = await h.call('jira_update_sprint', { sprint_id: sprintId, state: 'active' });
      assert.match(started.text, /- state: future → active/);
      const nothing = await h.call('jira_update_sprint', { sprint_id: sprintId });
      assert.match(nothing.text, /Nothing to change/);
      const badDate = await h.call('jira_create_sprint', { board_id: 1, sprint_name: 'x', start_date: 'next monday' });
      assert.match(badDate.text, /start_date: 'next monday' is not a date/);
    }));

    it('add issues to a sprint and move them back to the backlog', () => withCheckedHarness(flavor.layout, async (h) => {
      const added = await h.call('jira_add_issues_to_sprint', { sprint_id: 3, issue_keys: ['demo-20', 'DEMO-21'] });
      assert.equal(added.isError, undefined, added.text);
      assert.match(added.text, /^Moved 2 issue\(s\) into sprint 3 \(DEMO Sprint 3\)\.\nURL: .*\n- DEMO-20 → sprint DEMO Sprint 3\n- DEMO-21 → sprint DEMO Sprint 3$/);
      assert.deepEqual(keysOf(await h.call('jira_get_sprint_issues', { sprint_id: 3, limit: 50 })).filter((key) => ['DEMO-20', 'DEMO-21'].includes(key)).sort(), ['DEMO-20', 'DEMO-21']);
      const back = await h.call('jira_move_issues_to_backlog', { issue_keys: ['DEMO-21'] });
      assert.match(back.text, /- DEMO-21 → backlog/);
      assert.ok(!keysOf(await h.call('jira_get_sprint_issues', { sprint_id: 3, limit: 50 })).includes('DEMO-21'));
      const closed = await h.call('jira_add_issues_to_sprint', { sprint_id: 1, issue_keys: ['DEMO-20'] });
      assert.equal(closed.isError, true);
      assert.match(closed.text, /Issues cannot be moved to a closed sprint/);
      const sent = h.sandbox.requests.find((request) => request.path === '/rest/agile/1.0/sprint/3/issue' && request.method === 'POST')!;
      assert.deepEqual(sent.body, { issues: ['DEMO-20', 'DEMO-21'] });
    }));

    it('epics: list an epic\'s issues and link another issue, the way the flavor models epics', () => withCheckedHarness(flavor.layout, async (h) => {
      const before = keysOf(await h.call('jira_get_epic_issues', { epic_key: 'DEMO-1', limit: 50 }));
      assert.deepEqual([...before].sort(), ['DEMO-3', 'DEMO-4', 'DEMO-5', 'DEMO-6', 'DEMO-7', 'DEMO-8']);
      const linked = await h.call('jira_link_to_epic', { issue_key: 'DEMO-30', epic_key: 'DEMO-1' });
      assert.equal(linked.isError, undefined, linked.text);
      const put = h.sandbox.requests.find((request) => request.method === 'PUT')!;
      if (flavor.name === 'Cloud') {
        assert.match(linked.text, /- parent → DEMO-1 \(Self-service billing\)/);
        assert.deepEqual(put.body, { fields: { parent: { key: 'DEMO-1' } } });
      } else {
        assert.match(linked.text, /- Epic Link → DEMO-1 \(Self-service billing\)/);
        assert.deepEqual(put.body, { fields: { customfield_10014: 'DEMO-1' } });
      }
      assert.ok(keysOf(await h.call('jira_get_epic_issues', { epic_key: 'DEMO-1', limit: 50 })).includes('DEMO-30'));
      const notEpic = await h.call('jira_link_to_epic', { issue_key: 'DEMO-30', epic_key: 'DEMO-2' });
      assert.equal(notEpic.isError, true);
      assert.match(notEpic.text, /DEMO-2 is a Bug, not an epic/);
      const jql = h.sandbox.requests.find((request) => request.path.includes('search'))!;
      const sentJql = flavor.name === 'Cloud' ? (jql.body as { jql: string }).jql : jql.query.jql;
      assert.equal(sentJql, flavor.name === 'Cloud' ? 'parent = "DEMO-1" ORDER BY created ASC' : '"Epic Link" = "DEMO-1" ORDER BY created ASC');
    }));

    it('JIRA_PROJECTS_FILTER scopes board and sprint issues through JQL and refuses other projects\' issues', () => withCheckedHarness(flavor.layout, async (h) => {
      const boards = await h.call('jira_get_agile_boards', {});
      assert.deepEqual((boards.structuredContent as { boards: { id: number }[] }).boards.map((b) => b.id), [2]);
      const sprint = await h.call('jira_get_sprint_issues', { sprint_id: 2 });
      assert.equal((sprint.structuredContent as { returned: number }).returned, 0);
      const sent = h.sandbox.requests.find((request) => request.path === '/rest/agile/1.0/sprint/2/issue')!;
      assert.equal(sent.query.jql, 'project in ("OPS")');
      const scoped = await h.call('jira_get_board_issues', { board_id: 2, jql: 'status = Done' });
      assert.equal(h.sandbox.requests.at(-1)!.query.jql, 'project in ("OPS") AND (status = Done)');
      assert.equal((scoped.structuredContent as { returned: number }).returned, 3);
      const count = h.sandbox.requests.length;
      const refused = await h.call('jira_add_issues_to_sprint', { sprint_id: 3, issue_keys: ['OPS-1', 'DEMO-2'] });
      assert.equal(refused.isError, true);
      assert.match(refused.text, /DEMO-2 is in project DEMO, outside the projects/);
      assert.equal(h.sandbox.requests.length, count);
      assert.ok(!requestLines(h.sandbox).some((line) => line.includes('/sprint/3/issue')));
    }, { JIRA_PROJECTS_FILTER: 'OPS' }));
  });
}
