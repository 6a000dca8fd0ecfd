import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';

import { Ajv } from 'ajv';
import formatsPlugin from 'ajv-formats';

import { specsDir, validateRequest } from '../helpers/contract.js';
import { requestLines, startHarness } from '../helpers/harness.js';

import type { Harness } from '../helpers/harness.js';
import type { SandboxLayout } from '../../src/sandbox/session.js';

// Creating and changing issues on both flavors: Markdown goes out as ADF (Cloud, checked against the
// official ADF schema) or wiki markup (Server/DC), comes back as the same Markdown; custom fields by
// name get values of their type; writes report what changed.

const FLAVORS: { name: string; layout: SandboxLayout; api: string }[] = [
  { name: 'Cloud', layout: 'cloud-jira', api: '/rest/api/3' },
  { name: 'Server/DC', layout: 'cloud-confluence', api: '/rest/api/2' },
];

const require = createRequire(import.meta.url);
const ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false, logger: false });
formatsPlugin.default(ajv);
const validAdf = ajv.compile(JSON.parse(readFileSync(require.resolve('@atlaskit/adf-schema/json-schema/v1/full.json'), 'utf8')) as object);

/** Every ADF document in a request body (descriptions, comments, rich custom fields). */
function adfDocs(value: unknown): unknown[] {
  if (!value || typeof value !== 'object') return [];
  if ((value as { type?: unknown }).type === 'doc') return [value];
  return Object.values(value as Record<string, unknown>).flatMap(adfDocs);
}

async function withHarness(layout: SandboxLayout, run: (h: Harness) => Promise<void>, env: Record<string, string> = {}): Promise<void> {
  const h = await startHarness({ layout, env });
  try {
    await run(h);
    const failures: string[] = [];
    for (const request of h.sandbox.requests) {
      if (specsDir()) failures.push(...(await validateRequest(request.site, request)).errors);
      for (const doc of adfDocs(request.body)) if (!validAdf(doc)) failures.push(`${request.path}: ADF schema: ${JSON.stringify(validAdf.errors?.[0])}`);
      if (request.site === 'jira-dc') assert.equal(adfDocs(request.body).length, 0, 'Server/DC gets wiki markup, never ADF');
    }
    assert.deepEqual(failures, []);
  } finally {
    await h.close();
  }
}

const MARKDOWN = '## Steps\n\n1. Open the invoices page on iOS\n2. Tap **Export**\n\nSee [the spec](https://wiki.example.com/export).\n\n```js\nexport(\'csv\');\n```';

for (const flavor of FLAVORS) {
  describe(`Jira ${flavor.name}: create, update, assign, delete`, () => {
    it('jira_create_issue sends Markdown in the flavor\'s format, custom fields by name with typed values, and reads back', () => withHarness(flavor.layout, async (h) => {
      const result = await h.call('jira_create_issue', {
        project_key: 'demo', issue_type: 'bug', summary: 'Export button missing on mobile', description: MARKDOWN, assignee: 'bob@example.com',
        priority: 'High', labels: ['mobile'], components: ['Web'], fix_versions: ['2.4.1'], due_date: '2026-12-01', parent: 'DEMO-1',
        additional_fields: { Severity: 'S2 - Major', 'Story Points': '2', 'Affected platforms': 'iOS, Android', 'Customer region': 'US / Oregon', 'Reviewer': 'carol@example.com', 'Target start': '2026-11-02' },
      });
      assert.equal(result.isError, undefined, result.text);
      const data = result.structuredContent as { key: string; id: string; url: string; changed: string[] };
      assert.equal(data.key, 'DEMO-62');
      assert.equal(data.url, `${h.env.JIRA_URL}/browse/DEMO-62`);
      assert.match(result.text, /^Created DEMO-62 \(id \d+\): Export button missing on mobile\nURL: .*\n- type: Bug\n- description: \d+ characters of Markdown\n- assignee: bob@example\.com\n- priority: High\n/);
      const post = h.sandbox.requests.find((request) => request.method === 'POST' && request.path === `${flavor.api}/issue`)!;
      const fields = (post.body as { fields: Record<string, unknown> }).fields;
      assert.deepEqual(fields.project, { key: 'DEMO' });
      assert.deepEqual(fields.issuetype, { id: '10003' });
      assert.deepEqual(fields.priority, { name: 'High' });
      assert.deepEqual(fields.components, [{ name: 'Web' }]);
      assert.equal(fields.customfield_10016, 2);
      assert.deepEqual(fields.customfield_10030, { value: 'S2 - Major' });
      assert.deepEqual(fields.customfield_10031, [{ value: 'iOS' }, { value: 'Android' }]);
      assert.deepEqual(fields.customfield_10037, { value: 'US', child: { value: 'Oregon' } });
      if (flavor.name === 'Cloud') {
        assert.deepEqual(fields.assignee, { accountId: '5f8a1c2e9b3d4a0071e4c002' });
        assert.deepEqual(fields.parent, { key: 'DEMO-1' });
        assert.equal((fields.description as { type: string }).type, 'doc');
      } else {
        assert.deepEqual(fields.assignee, { name: 'bob' });
        assert.equal(fields.customfield_10014, 'DEMO-1');
        assert.equal(typeof fields.description, 'string');
        assert.match(fields.description as string, /^h2\. Steps\n/);
      }
      const read = await h.call('jira_get_issue', { issue_key: 'DEMO-62' });
      const description = (read.structuredContent as { description: string }).description;
      assert.match(description, /^## Steps\n\n1\. Open the invoices page on iOS\n2\. Tap \*\*Export\*\*\n\nSee \[the spec\]\(https:\/\/wiki\.example\.com\/export\)\./);
      assert.match(description, /```js\nexport\('csv'\);\n```/);
      for (const line of ['Severity: S2 - Major', 'Story Points: 2', 'Affected platforms: iOS, Android', 'Customer region: US / Oregon', 'Reviewer: Carol Jensen', 'Target start: 2026-11-02']) {
        assert.ok(read.text.includes(`\n${line}\n`), line);
      }
      assert.match(read.text, flavor.name === 'Cloud' ? /\nParent: DEMO-1 \(Self-service billing\)\n/ : /\nEpic Link: DEMO-1\n/);
    }));

    it('jira_create_issue names missing required fields, ambiguous and mistyped values before sending anything', () => withHarness(flavor.layout, async (h) => {
      const missing = await h.call('jira_create_issue', { project_key: 'DEMO', issue_type: 'Bug', summary: 'x' });
      assert.equal(missing.isError, true);
      assert.match(missing.text, /A Bug in DEMO also needs: Severity \(customfield_10030, option, select: S1 - Critical \| S2 - Major \| S3 - Minor\)\. Pass them in additional_fields, e\.g\. \{"Severity": \.\.\.\}\./);
      const ambiguous = await h.call('jira_create_issue', { project_key: 'DEMO', issue_type: 'Task', summary: 'x', additional_fields: { Team: 'Payments' } });
      assert.match(ambiguous.text, /Field name 'Team' is ambiguous: customfield_10035 \(option, select\), customfield_10036 \(string, textfield\)/);
      const number = await h.call('jira_create_issue', { project_key: 'DEMO', issue_type: 'Task', summary: 'x', additional_fields: { 'Story Points': 'lots' } });
      assert.match(number.text, /additional_fields\.Story Points: Story Points \(customfield_10016\) takes a number; got "lots"/);
      const spaces = await h.call('jira_create_issue', { project_key: 'DEMO', issue_type: 'Task', summary: 'x', labels: ['two words'] });
      assert.match(spaces.text, /labels: 'two words' contains spaces; Jira labels are single words, e\.g\. 'two-words'/);
      const type = await h.call('jira_create_issue', { project_key: 'DEMO', issue_type: 'Incident', summary: 'x' });
      assert.match(type.text, /issue_type: 'Incident' is not an issue type of DEMO; valid: Epic, Story, Task, Bug, Sub-task\./);
      assert.ok(!requestLines(h.sandbox).some((line) => line.startsWith('POST')), 'nothing was created');
      const upstream = await h.call('jira_create_issue', { project_key: 'DEMO', issue_type: 'Task', summary: 'x', components: ['Mobile'] });
      assert.equal(upstream.isError, true);
      assert.match(upstream.text, /HTTP 400\)\. Jira said: components: Component name 'Mobile' is not valid\./);
    }));

    it('jira_create_issue of a sub-task sets its parent on both flavors', () => withHarness(flavor.layout, async (h) => {
      const result = await h.call('jira_create_issue', { project_key: 'OPS', issue_type: 'Sub-task', summary: 'Drain node 3', parent: 'ops-3' });
      assert.equal(result.isError, undefined, result.text);
      const post = h.sandbox.requests.find((request) => request.method === 'POST')!;
      assert.deepEqual((post.body as { fields: { parent: unknown } }).fields.parent, { key: 'OPS-3' });
      const parent = await h.call('jira_get_issue', { issue_key: 'OPS-3' });
      assert.match(parent.text, /\nSub-tasks: OPS-13 \[To Do\] Drain node 3\n/);
    }));

    it('jira_batch_create_issues creates many with progress, validating every item first', () => withHarness(flavor.layout, async (h) => {
      const issues = Array.from({ length: 55 }, (_, index) => ({ project_key: 'OPS', issue_type: 'Task', summary: `Patch host ${index + 1}`, labels: ['patching'] }));
      const progress: number[] = [];
      const result = await h.client.callTool({ name: 'jira_batch_create_issues', arguments: { issues } }, undefined, {
        onprogress: (update) => { progress.push(update.progress); },
      });
      assert.equal(result.isError, undefined, JSON.stringify(result.content));
      const data = result.structuredContent as { created: { index: number; key: string }[]; failed: unknown[] };
      assert.equal(data.created.length, 55);
      assert.deepEqual(data.created.slice(0, 2).map((issue) => [issue.index, issue.key]), [[0, 'OPS-13'], [1, 'OPS-14']]);
      assert.deepEqual(data.failed, []);
      assert.deepEqual(progress, [0, 50, 55]);
      assert.equal(requestLines(h.sandbox).filter((line) => line === `POST ${flavor.api}/issue/bulk`).length, 2);
      const before = h.sandbox.requests.length;
      const invalid = await h.call('jira_batch_create_issues', { issues: [{ project_key: 'OPS', issue_type: 'Task', summary: 'ok' }, { project_key: 'OPS', summary: 'no type' }, { project_key: 'DEMO', issue_type: 'Bug', summary: 'no severity' }] });
      assert.equal(invalid.isError, true);
      assert.match(invalid.text, /^Nothing was created\. issues\[1\]\.issue_type: /);
      const required = await h.call('jira_batch_create_issues', { issues: [{ project_key: 'OPS', issue_type: 'Task', summary: 'ok' }, { project_key: 'DEMO', issue_type: 'Bug', summary: 'no severity' }] });
      assert.match(required.text, /^Nothing was created\. issues\[1\]: A Bug in DEMO also needs: Severity/);
      assert.ok(!h.sandbox.requests.slice(before).some((request) => request.method === 'POST'));
    }));

    it('jira_update_issue changes fields, adds and removes labels, reports before → after read back from Jira', () => withHarness(flavor.layout, async (h) => {
      const result = await h.call('jira_update_issue', {
        issue_key: 'DEMO-3', summary: 'Export invoices as CSV and XLSX', priority: 'High', add_labels: ['finance'], remove_labels: ['billing'],
        due_date: '2026-12-15', description: 'Now with **XLSX** too.', additional_fields: { 'Story Points': 8, 'Acceptance criteria': '- [ ] XLSX opens in Excel' },
      });
      assert.equal(result.isError, undefined, result.text);
      const changed = (result.structuredContent as { changed: string[] }).changed;
      assert.ok(changed.includes('Summary: Export invoices as CSV → Export invoices as CSV and XLSX'), changed.join('\n'));
      assert.ok(changed.includes('Priority: Medium → High'));
      assert.ok(changed.includes('Due date: ∅ → 2026-12-15'));
      assert.ok(changed.includes('Story Points: 3 → 8'));
      assert.ok(changed.includes('Labels: billing → finance'));
      assert.ok(changed.some((line) => /^Description: updated \(\d+ → \d+ characters\)$/.test(line)));
      assert.ok(changed.some((line) => line.startsWith('Acceptance criteria')));
      const put = h.sandbox.requests.find((request) => request.method === 'PUT')!;
      assert.deepEqual((put.body as { update: unknown }).update, { labels: [{ add: 'finance' }, { remove: 'billing' }] });
      const read = await h.call('jira_get_issue', { issue_key: 'DEMO-3' });
      assert.match((read.structuredContent as { description: string }).description, /^Now with \*\*XLSX\*\* too\.$/);
      assert.match(read.text, /\nAcceptance criteria: - \[ \] XLSX opens in Excel\n/);
      const same = await h.call('jira_update_issue', { issue_key: 'DEMO-3', priority: 'High' });
      assert.match(same.text, /^Updated DEMO-3 \(no field changed\)\./);
      const both = await h.call('jira_update_issue', { issue_key: 'DEMO-3', labels: ['a'], add_labels: ['b'] });
      assert.match(both.text, /Give labels \(replace all\) or add_labels \/ remove_labels, not both/);
      const nothing = await h.call('jira_update_issue', { issue_key: 'DEMO-3' });
      assert.match(nothing.text, /Nothing to change/);
      const status = await h.call('jira_update_issue', { issue_key: 'DEMO-3', additional_fields: { status: 'Done' } });
      assert.equal(status.isError, true);
      assert.match(status.text, /status: Field 'status' cannot be set/);
    }));

    it('jira_assign_issue assigns by email or me, unassigns with an empty string', () => withHarness(flavor.layout, async (h) => {
      const assigned = await h.call('jira_assign_issue', { issue_key: 'DEMO-3', assignee: 'carol@example.com' });
      assert.match(assigned.text, /- assignee: Bob Okafor → Carol Jensen/);
      const put = h.sandbox.requests.find((request) => request.method === 'PUT')!;
      assert.equal(put.path, `${flavor.api}/issue/DEMO-3/assignee`);
      assert.deepEqual(put.body, flavor.name === 'Cloud' ? { accountId: '5f8a1c2e9b3d4a0071e4c003' } : { name: 'carol' });
      const me = await h.call('jira_assign_issue', { issue_key: 'DEMO-3', assignee: 'me' });
      assert.match(me.text, /- assignee: Carol Jensen → Alice Nguyen/);
      const none = await h.call('jira_assign_issue', { issue_key: 'DEMO-3', assignee: '' });
      assert.match(none.text, /- assignee: Alice Nguyen → unassigned/);
      const changelog = await h.call('jira_get_changelog', { issue_key: 'DEMO-3', fields: 'assignee' });
      assert.equal((changelog.structuredContent as { returned: number }).returned, 3);
    }));

    it('jira_delete_issue refuses an issue with sub-tasks unless asked, then deletes it', () => withHarness(flavor.layout, async (h) => {
      const refused = await h.call('jira_delete_issue', { issue_key: 'DEMO-2' });
      assert.equal(refused.isError, true);
      assert.match(refused.text, /The issue has subtasks/);
      const deleted = await h.call('jira_delete_issue', { issue_key: 'DEMO-2', delete_subtasks: true });
      assert.match(deleted.text, /^Deleted DEMO-2\.\nURL: .*\n- deleted DEMO-2: Login redirect loops for SSO users on Safari \(with its sub-tasks\)$/);
      for (const key of ['DEMO-2', 'DEMO-61']) assert.equal((await h.call('jira_get_issue', { issue_key: key })).isError, true);
    }));

    it('writes outside JIRA_PROJECTS_FILTER are refused before any request', () => withHarness(flavor.layout, async (h) => {
      const calls: [string, Record<string, unknown>][] = [
        ['jira_create_issue', { project_key: 'DEMO', issue_type: 'Task', summary: 'x' }],
        ['jira_update_issue', { issue_key: 'DEMO-3', priority: 'Low' }],
        ['jira_assign_issue', { issue_key: 'DEMO-3', assignee: 'me' }],
        ['jira_delete_issue', { issue_key: 'DEMO-3' }],
        ['jira_batch_create_issues', { issues: [{ project_key: 'DEMO', issue_type: 'Task', summary: 'x' }] }],
        ['jira_create_issue', { project_key: 'OPS', issue_type: 'Sub-task', summary: 'x', parent: 'DEMO-3' }],
      ];
      for (const [tool, args] of calls) {
        const result = await h.call(tool, args);
        assert.equal(result.isError, true, tool);
        assert.match(result.text, /DEMO(-3)? is (in project DEMO, )?outside the projects this server may use/, tool);
      }
      assert.ok(!requestLines(h.sandbox).some((line) => !line.startsWith('GET')), 'nothing was written');
    }, { JIRA_PROJECTS_FILTER: 'OPS' }));
  });
}
