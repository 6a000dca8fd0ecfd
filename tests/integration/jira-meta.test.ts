import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { requestLines, withCheckedHarness } from '../helpers/harness.js';

import type { SandboxLayout } from '../../src/sandbox/session.js';

// Field metadata and project tools on both flavors, through the real protocol path; every request
// they send is checked against the official OpenAPI documents.

const FLAVORS: { name: string; layout: SandboxLayout; api: string }[] = [
  { name: 'Cloud', layout: 'cloud-jira', api: '/rest/api/3' },
  { name: 'Server/DC', layout: 'cloud-confluence', api: '/rest/api/2' },
];

for (const flavor of FLAVORS) {
  describe(`Jira ${flavor.name}: fields and projects`, () => {
    it('jira_search_fields ranks by fuzzy name, shows types, and allowed values for a create screen', () => withCheckedHarness(flavor.layout, async (h) => {
      const result = await h.call('jira_search_fields', { keyword: 'story pts' });
      assert.equal(result.isError, undefined, result.text);
      const typo = await h.call('jira_search_fields', { keyword: 'severty' });
      assert.match(typo.text, /- customfield_10030 · Severity \(option, select\)/);
      const points = await h.call('jira_search_fields', { keyword: 'Story Points' });
      assert.match(points.text.split('\n')[0]!, /^- customfield_10016 · Story Points \(number, float\)$/);
      const withValues = await h.call('jira_search_fields', { keyword: 'severity', project_key: 'DEMO', issue_type: 'Bug' });
      assert.match(withValues.text, /- customfield_10030 · Severity \(option, select\): S1 - Critical \| S2 - Major \| S3 - Minor/);
      const data = withValues.structuredContent as { fields: { id: string; allowed?: string[] }[] };
      assert.deepEqual(data.fields[0]!.allowed, ['S1 - Critical', 'S2 - Major', 'S3 - Minor']);
      // The field list is cached: four calls, one GET /field.
      assert.equal(requestLines(h.sandbox).filter((line) => line === `GET ${flavor.api}/field`).length, 1);
      const pair = await h.call('jira_search_fields', { keyword: 'x', project_key: 'DEMO' });
      assert.equal(pair.isError, true);
      assert.match(pair.text, /project_key and issue_type go together/);
    }));

    it('jira_get_field_options lists a select field\'s options by name or id, cascading children with their parent', () => withCheckedHarness(flavor.layout, async (h) => {
      const severity = await h.call('jira_get_field_options', { field_id: 'Severity' });
      assert.equal(severity.isError, undefined, severity.text);
      assert.match(severity.text, /^Severity \(customfield_10030, option, select\)\n- 10200: S1 - Critical\n- 10201: S2 - Major\n- 10202: S3 - Minor\n3 options returned; no more\.$/);
      const region = await h.call('jira_get_field_options', { field_id: 'customfield_10037', contains: 'frank' });
      assert.deepEqual((region.structuredContent as { options: unknown[] }).options, [{ id: '10231', value: 'Frankfurt', parent: 'EU' }]);
      const screen = await h.call('jira_get_field_options', { field_id: 'priority', project_key: 'DEMO', issue_type: 'Task' });
      assert.match(screen.text, /- 1: Highest\n- 2: High/);
      const none = await h.call('jira_get_field_options', { field_id: 'Story Points' });
      assert.equal(none.isError, true);
      assert.match(none.text, /has no option list of its own; pass project_key and issue_type/);
      const ambiguous = await h.call('jira_get_field_options', { field_id: 'Team' });
      assert.equal(ambiguous.isError, true);
      assert.match(ambiguous.text, /Field name 'Team' is ambiguous: customfield_10035 \(option, select\), customfield_10036 \(string, textfield\)\. Use the id instead\./);
      const unknown = await h.call('jira_get_field_options', { field_id: 'Severty level' });
      assert.equal(unknown.isError, true);
      assert.match(unknown.text, /No field named 'Severty level'.*jira_search_fields/);
      if (flavor.name === 'Cloud') {
        assert.ok(requestLines(h.sandbox).includes('GET /rest/api/3/field/customfield_10030/context/10130/option'));
      } else {
        assert.ok(requestLines(h.sandbox).includes('GET /rest/api/2/customFields/10030/options'));
      }
    }));

    it('jira_get_create_fields shows required fields first with allowed values; unknown types name the valid ones', () => withCheckedHarness(flavor.layout, async (h) => {
      const bug = await h.call('jira_get_create_fields', { project_key: 'demo', issue_type: 'bug' });
      assert.equal(bug.isError, undefined, bug.text);
      assert.match(bug.text, /^# DEMO bug: 5 required, \d+ optional\n## Required\n/);
      assert.match(bug.text, /## Required\n(- .*\n){5}## Optional/);
      assert.match(bug.text, /- customfield_10030 · Severity \(option, select\): S1 - Critical \| S2 - Major \| S3 - Minor\n## Optional/);
      assert.match(bug.text, /- components · Components \(array of component\): Billing \| Web \| API/);
      const epic = await h.call('jira_get_create_fields', { project_key: 'DEMO', issue_type: 'Epic' });
      if (flavor.name === 'Cloud') assert.doesNotMatch(epic.text, /Epic Name/);
      else assert.match(epic.text, /## Required\n(- .*\n)*- customfield_10011 · Epic Name/);
      const wrong = await h.call('jira_get_create_fields', { project_key: 'DEMO', issue_type: 'Incident' });
      assert.equal(wrong.isError, true);
      assert.match(wrong.text, /issue_type: 'Incident' is not an issue type of DEMO; valid: Epic, Story, Task, Bug, Sub-task\./);
      const hidden = await h.call('jira_get_create_fields', { project_key: 'SEC', issue_type: 'Bug' });
      assert.equal(hidden.isError, true);
      assert.match(hidden.text, /project SEC not found \(HTTP 404\)/);
      // Metadata is cached: the DEMO issue types were fetched once.
      assert.equal(requestLines(h.sandbox).filter((line) => line === `GET ${flavor.api}/issue/createmeta/DEMO/issuetypes`).length, 1);
    }));

    it('jira_get_priorities and jira_get_statuses', () => withCheckedHarness(flavor.layout, async (h) => {
      const priorities = await h.call('jira_get_priorities', { project_key: 'DEMO' });
      assert.equal(priorities.text, '- 1: Highest\n- 2: High\n- 3: Medium\n- 4: Low\n- 5: Lowest\n5 priorities returned; no more.');
      const statuses = await h.call('jira_get_statuses', {});
      assert.equal(statuses.text, '- 10001: To Do (To Do)\n- 10002: In Progress (In Progress)\n- 10003: In Review (In Progress)\n- 10004: Done (Done)\n4 statuses returned; no more.');
      const project = await h.call('jira_get_statuses', { project_key: 'OPS' });
      assert.equal((project.structuredContent as { statuses: { issue_types: string[] }[] }).statuses[0]!.issue_types.length, 5);
      assert.match(project.text, /^- 10001: To Do \(To Do\)$/m);
    }));

    it('project tools: list with paging and a query, issue types, components, versions', () => withCheckedHarness(flavor.layout, async (h) => {
      const first = await h.call('jira_get_all_projects', { limit: 1 });
      assert.match(first.text, /^- DEMO: Demo Platform\n1 of 2 projects returned; more exist: pass cursor="/);
      const second = await h.call('jira_get_all_projects', { limit: 1, cursor: (first.structuredContent as { cursor: string }).cursor });
      assert.match(second.text, /^- OPS: Operations\n1 of 2 projects returned; no more\.$/);
      const query = await h.call('jira_get_all_projects', { query: 'oper' });
      assert.deepEqual((query.structuredContent as { projects: { key: string }[] }).projects.map((p) => p.key), ['OPS']);
      const types = await h.call('jira_get_project_issue_types', { project_key: 'DEMO' });
      assert.match(types.text, /- 10004: Sub-task \(sub-task: needs a parent\)/);
      const components = await h.call('jira_get_project_components', { project_key: 'DEMO' });
      assert.match(components.text, /- 10500: Billing · lead Carol Jensen — Invoices, payments and plans/);
      const versions = await h.call('jira_get_project_versions', { project_key: 'DEMO', unreleased_only: true });
      assert.equal((versions.structuredContent as { versions: { name: string }[] }).versions.map((v) => v.name).join(','), '2.4,2.4.1');
      assert.match(versions.text, /- 10601: 2\.4 · unreleased · 2026-09-16 → 2026-11-30 — Self-service billing/);
    }));

    it('jira_create_version creates a version the project then lists', () => withCheckedHarness(flavor.layout, async (h) => {
      const created = await h.call('jira_create_version', { project_key: 'OPS', name: 'Q1 maintenance', start_date: '2027-01-04', release_date: '2027-03-31', description: 'Certificates and kernels' });
      assert.equal(created.isError, undefined, created.text);
      const data = created.structuredContent as { key: string; id: string; url: string; changed: string[] };
      assert.equal(data.key, 'OPS');
      assert.match(created.text, /^Created version Q1 maintenance \(\d+\) in OPS\.\nURL: .*\/projects\/OPS\/versions\/\d+\n- created version Q1 maintenance in OPS\n- release date 2027-03-31/);
      const versions = await h.call('jira_get_project_versions', { project_key: 'OPS' });
      assert.match(versions.text, new RegExp(`- ${data.id}: Q1 maintenance · unreleased · 2027-01-04 → 2027-03-31 — Certificates and kernels`));
      const duplicate = await h.call('jira_create_version', { project_key: 'OPS', name: 'Q1 maintenance' });
      assert.equal(duplicate.isError, true);
      assert.match(duplicate.text, /name: A version with this name already exists in this project/);
      const backwards = await h.call('jira_create_version', { project_key: 'OPS', name: 'x', start_date: '2027-02-01', release_date: '2027-01-01' });
      assert.match(backwards.text, /start_date is after release_date/);
    }));

    it('JIRA_PROJECTS_FILTER limits project lists and refuses other projects before asking Jira', () => withCheckedHarness(flavor.layout, async (h) => {
      const list = await h.call('jira_get_all_projects', {});
      assert.deepEqual((list.structuredContent as { projects: { key: string }[] }).projects.map((p) => p.key), ['OPS']);
      const before = h.sandbox.requests.length;
      for (const [tool, args] of [['jira_get_project_versions', { project_key: 'DEMO' }], ['jira_get_create_fields', { project_key: 'DEMO', issue_type: 'Bug' }],
        ['jira_create_version', { project_key: 'DEMO', name: 'x' }], ['jira_get_project_issues', { project_key: 'DEMO' }]] as const) {
        const refused = await h.call(tool, args);
        assert.equal(refused.isError, true, tool);
        assert.match(refused.text, /Project DEMO is outside the projects this server may use \(JIRA_PROJECTS_FILTER=OPS\)/);
      }
      assert.equal(h.sandbox.requests.length, before, 'refused calls never reached Jira');
    }, { JIRA_PROJECTS_FILTER: 'OPS' }));
  });
}
