import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { requestLines, withCheckedHarness } from '../helpers/harness.js';

import type { SandboxLayout } from '../../src/sandbox/session.js';

// jira_get_issue's include, jira_get_project_issues and jira_get_changelog on both flavors.

const FLAVORS: { name: string; layout: SandboxLayout; api: string }[] = [
  { name: 'Cloud', layout: 'cloud-jira', api: '/rest/api/3' },
  { name: 'Server/DC', layout: 'cloud-confluence', api: '/rest/api/2' },
];

for (const flavor of FLAVORS) {
  describe(`Jira ${flavor.name}: issue reads`, () => {
    it('jira_get_issue shows custom fields by name and adds every included part in one call', () => withCheckedHarness(flavor.layout, async (h) => {
      const result = await h.call('jira_get_issue', {
        issue_key: 'DEMO-2', include: ['comments', 'transitions', 'changelog', 'links', 'remote_links', 'worklogs', 'attachments', 'watchers'],
      });
      assert.equal(result.isError, undefined, result.text);
      const text = result.text;
      for (const line of ['Story Points: 5', 'Sprint: DEMO Sprint 2', 'Severity: S1 - Critical', 'Affected platforms: Web', 'Reviewer: Carol Jensen',
        'Customer region: EU / Frankfurt', 'Sub-tasks: DEMO-61 [To Do] Add SameSite=None; Secure to the session cookie']) {
        assert.ok(text.includes(`\n${line}\n`), line);
      }
      assert.match(text, /## Comments\n\[untrusted content \w+ begins: Jira DEMO-2 comments.*\n\(latest 10 of 20; jira_get_comments for all\)\n\n\*\*Comment 20010\*\* · Alice Nguyen · 2026-10-11 08:15\n/);
      assert.match(text, /\*\*Comment 20019\*\* · Alice Nguyen · 2026-10-11 17:15\nChecked the logs for attempt 20/);
      assert.match(text, /## Transitions\n- 11: Back to To Do → To Do\n- 31: Request review → In Review\n- 41: Done → Done/);
      if (flavor.name === 'Cloud') assert.match(text, /- 41: Done → Done \(requires Resolution\)/);
      assert.match(text, /## Changelog\n.*\n- 2026-10-07 09:15 Alice Nguyen: status: To Do → In Progress\n- 2026-10-08 11:15 Bob Okafor: priority: High → Highest; labels: auth → auth customer-reported\n/);
      assert.match(text, /## Links\n.*\n- 10700: blocks DEMO-3 \[To Do\] Export invoices as CSV\n- 10701: relates to OPS-3 \[To Do\] Rotate TLS certificates on edge node 3\n- 10702: is duplicated by DEMO-7 \[Done\]/);
      assert.match(text, /## Remote links\n.*\n- 10000: \[Login incident runbook\]\(https:\/\/wiki\.example\.com\/runbooks\/login\) \(mentioned in\)\n/);
      assert.match(text, /## Worklogs\n.*\n- 30000 · Alice Nguyen · 1h 30m · started 2026-10-05 10:15: Reproduced with a HAR capture\.\n- 30001 · Bob Okafor · 2h · started 2026-10-06 14:15\n/);
      assert.match(text, /## Attachments\n\[untrusted content [0-9a-f]{8} begins: Jira DEMO-2 attachments[^\n]*\n- 40000 login-loop\.png \(image\/png, 68 B\) · Bob Okafor · 2026-10-04\n- 40001 redirect-trace\.txt \(text\/plain, 121 B\)/);
      assert.match(text, /## Watchers\n- Alice Nguyen \(alice@example\.com, (5f8a1c2e9b3d4a0071e4c001|alice)\)\n- Bob Okafor/);
      const data = result.structuredContent as { parts: Record<string, string[]>; fields: Record<string, string> };
      assert.deepEqual(Object.keys(data.parts).sort(), ['attachments', 'changelog', 'comments', 'links', 'remote_links', 'transitions', 'watchers', 'worklogs']);
      assert.equal(data.fields['Story Points'], '5');
      const lines = requestLines(h.sandbox).sort();
      assert.deepEqual(lines, [`GET ${flavor.api}/issue/DEMO-2`, `GET ${flavor.api}/issue/DEMO-2/comment`, `GET ${flavor.api}/issue/DEMO-2/remotelink`,
        `GET ${flavor.api}/issue/DEMO-2/transitions`, `GET ${flavor.api}/issue/DEMO-2/watchers`, `GET ${flavor.api}/issue/DEMO-2/worklog`]);
      const get = h.sandbox.requests.find((request) => request.path === `${flavor.api}/issue/DEMO-2`)!;
      assert.deepEqual(get.query, { fields: '*navigable,issuelinks,attachment', expand: 'names,schema,changelog' });
    }));

    it('jira_get_issue with *all names every field and counts the parts it does not inline', () => withCheckedHarness(flavor.layout, async (h) => {
      const result = await h.call('jira_get_issue', { issue_key: 'DEMO-2', fields: '*all' });
      for (const line of ['Creator: Bob Okafor', 'Linked Issues: 3 (include \'links\')', 'Comment: 20 (include \'comments\', or jira_get_comments)',
        'Log Work: 2 (include \'worklogs\', or jira_get_worklog)', 'Attachment: 2 (include \'attachments\')', 'Watchers: 2 (include \'watchers\')',
        'Time tracking: spent 3h 30m', 'Story Points: 5']) {
        assert.ok(result.text.includes(`\n${line}\n`), line);
      }
      assert.doesNotMatch(result.text, /\{"/, 'no raw JSON');
    }));

    it('jira_get_issue shows the epic the way each flavor stores it', () => withCheckedHarness(flavor.layout, async (h) => {
      const result = await h.call('jira_get_issue', { issue_key: 'DEMO-4' });
      if (flavor.name === 'Cloud') assert.match(result.text, /\nParent: DEMO-1 \(Self-service billing\)\n/);
      else assert.match(result.text, /\nEpic Link: DEMO-1\n/);
    }));

    it('jira_get_project_issues lists newest first and pages', () => withCheckedHarness(flavor.layout, async (h) => {
      const first = await h.call('jira_get_project_issues', { project_key: 'ops', limit: 10 });
      const data = first.structuredContent as { issues: { key: string }[]; cursor: string };
      assert.equal(data.issues[0]!.key, 'OPS-12');
      const rest = await h.call('jira_get_project_issues', { project_key: 'OPS', limit: 10, cursor: data.cursor });
      assert.deepEqual((rest.structuredContent as { issues: { key: string }[] }).issues.map((issue) => issue.key), ['OPS-2', 'OPS-1']);
      assert.match(rest.text, /2 (of 12 )?issues returned; no more\./);
      const sent = h.sandbox.requests[0]!;
      const jql = flavor.name === 'Cloud' ? (sent.body as { jql: string }).jql : sent.query.jql;
      assert.equal(jql, 'project = "OPS" ORDER BY created DESC');
      const wrong = await h.call('jira_get_project_issues', { project_key: 'OPS', cursor: (await h.call('jira_search', { jql: 'project = OPS', limit: 1 })).structuredContent!.cursor });
      assert.equal(wrong.isError, true);
      assert.match(wrong.text, /cursor: not a cursor that jira_get_project_issues issued/);
    }));

    it('jira_get_changelog reads one or several issues, filters by field, pages', () => withCheckedHarness(flavor.layout, async (h) => {
      const one = await h.call('jira_get_changelog', { issue_key: 'DEMO-2', fields: 'priority' });
      assert.equal(one.isError, undefined, one.text);
      assert.match(one.text, /- 2026-10-08 11:15 Bob Okafor: priority: High → Highest\n/);
      assert.doesNotMatch(one.text, /status:/);
      const both = await h.call('jira_get_changelog', { issue_key: 'DEMO-2,DEMO-3', limit: 1 });
      const data = both.structuredContent as { changes: { issue: string }[]; cursor?: string };
      assert.equal(data.changes.length, 1);
      assert.ok(data.cursor, both.text);
      const next = await h.call('jira_get_changelog', { issue_key: 'DEMO-2,DEMO-3', limit: 1, cursor: data.cursor });
      assert.match(next.text, /- DEMO-2 2026-10-08 11:15 Bob Okafor: priority/);
      if (flavor.name === 'Cloud') {
        const bulk = h.sandbox.requests.filter((request) => request.path === '/rest/api/3/changelog/bulkfetch');
        assert.equal(bulk.length, 3);
        assert.deepEqual(bulk[0]!.body, { issueIdsOrKeys: ['DEMO-2'], maxResults: 50, fieldIds: ['priority'] });
      } else {
        assert.ok(requestLines(h.sandbox).every((line) => line.startsWith('GET /rest/api/2/issue/DEMO-')));
      }
      const bad = await h.call('jira_get_changelog', { issue_key: 'DEMO-2,not a key' });
      assert.match(bad.text, /issue_key: 'NOT A KEY' is not an issue key/);
    }));

    it('reads of issues outside JIRA_PROJECTS_FILTER are refused before any request', () => withCheckedHarness(flavor.layout, async (h) => {
      for (const [tool, args] of [['jira_get_issue', { issue_key: 'DEMO-2', include: ['comments'] }], ['jira_get_changelog', { issue_key: 'OPS-1,DEMO-2' }]] as const) {
        const result = await h.call(tool, args);
        assert.equal(result.isError, true, tool);
        assert.match(result.text, /DEMO-2 is in project DEMO, outside the projects this server may use \(JIRA_PROJECTS_FILTER=OPS\)/);
      }
      assert.equal(h.sandbox.requests.length, 0);
      // A numeric id names no project: it is looked up first, and refused before anything else is asked.
      for (const [tool, args] of [['jira_get_comments', { issue_key: '10101' }], ['jira_get_issue', { issue_key: '10101', include: ['transitions'] }],
        ['jira_add_issues_to_sprint', { sprint_id: 3, issue_keys: ['10101'] }], ['jira_create_issue', { project_key: 'OPS', issue_type: 'Sub-task', summary: 'x', parent: '10101' }]] as const) {
        const result = await h.call(tool, args);
        assert.equal(result.isError, true, tool);
        assert.match(result.text, /DEMO-2 is in project DEMO, outside the projects this server may use/, tool);
      }
      assert.ok(requestLines(h.sandbox).every((line) => line === `GET ${flavor.api}/issue/10101` || line.startsWith(`GET ${flavor.api}/issue/createmeta/OPS`)),
        requestLines(h.sandbox).join('\n'));
    }, { JIRA_PROJECTS_FILTER: 'OPS' }));
  });
}
