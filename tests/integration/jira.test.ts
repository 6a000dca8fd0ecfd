import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { requestLines, startHarness } from '../helpers/harness.js';

import type { SandboxLayout } from '../../src/sandbox/session.js';

// jira_search and jira_get_issue on both flavors, through the real protocol path.

const FLAVORS: { name: string; layout: SandboxLayout; api: string }[] = [
  { name: 'Cloud', layout: 'cloud-jira', api: '/rest/api/3' },
  { name: 'Server/DC', layout: 'cloud-confluence', api: '/rest/api/2' },
];

for (const flavor of FLAVORS) {
  describe(`Jira ${flavor.name}`, () => {
    it('jira_search returns one line per issue, honours limit, and pages with an opaque cursor to the end', async () => {
      const h = await startHarness({ layout: flavor.layout });
      try {
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const result = await h.call('jira_search', { jql: 'project = OPS ORDER BY key ASC', limit: 5, ...(cursor ? { cursor } : {}) });
          assert.equal(result.isError, undefined, result.text);
          const data = result.structuredContent as { issues: { key: string }[]; returned: number; cursor?: string };
          assert.ok(data.returned <= 5);
          assert.equal(data.issues.length, data.returned);
          seen.push(...data.issues.map((issue) => issue.key));
          cursor = data.cursor;
          pages += 1;
          if (cursor) assert.match(result.text, /more exist: pass cursor="/);
          else assert.match(result.text, /no more\.$/);
        } while (cursor && pages < 10);
        assert.equal(pages, 3);
        assert.deepEqual(seen, Array.from({ length: 12 }, (_, i) => `OPS-${i + 1}`));
        const first = (await h.call('jira_search', { jql: 'key = DEMO-2' })).text;
        assert.match(first, /- DEMO-2 \[Bug · In Progress · Highest · Alice Nguyen · 2026-10-22\] Login redirect loops for SSO users on Safari/);
        if (flavor.name === 'Cloud') {
          assert.ok(requestLines(h.sandbox).every((line) => line === `POST ${flavor.api}/search/jql`));
        } else {
          assert.ok(requestLines(h.sandbox).every((line) => line === `GET ${flavor.api}/search`));
        }
      } finally {
        await h.close();
      }
    });

    it('jira_search limit above one upstream page is met by asking again', async () => {
      const h = await startHarness({ layout: flavor.layout });
      try {
        const result = await h.call('jira_search', { jql: 'project = DEMO', limit: 50 });
        assert.equal((result.structuredContent as { returned: number }).returned, 50);
        assert.equal(result.text.split('\n').filter((line) => line.startsWith('- DEMO-')).length, 50);
      } finally {
        await h.close();
      }
    });

    it('jira_search shows requested fields, custom fields by name', async () => {
      const h = await startHarness({ layout: flavor.layout });
      try {
        const result = await h.call('jira_search', { jql: 'key = DEMO-3', fields: 'labels,customfield_10016,fixVersions' });
        assert.match(result.text, /- DEMO-3 Export invoices as CSV — Labels: billing; Story Points: 3; Fix Version\/s: 2\.4\n/);
        const issue = (result.structuredContent as { issues: { fields: Record<string, string> }[] }).issues[0]!;
        assert.deepEqual(issue.fields, { Labels: 'billing', 'Story Points': '3', 'Fix Version/s': '2.4' });
        // Two fields share the name "Team": each keeps its id, so neither hides the other.
        const teams = await h.call('jira_search', { jql: 'key = DEMO-3', fields: 'customfield_10035,customfield_10036,comment' });
        assert.match(teams.text, /— Team \(customfield_10035\): —; Team \(customfield_10036\): —; Comment: 2 \(include 'comments', or jira_get_comments\)/);
      } finally {
        await h.close();
      }
    });

    it('a cursor from another query or a forged cursor is refused with a clear message', async () => {
      const h = await startHarness({ layout: flavor.layout });
      try {
        const first = await h.call('jira_search', { jql: 'project = DEMO', limit: 2 });
        const { cursor } = first.structuredContent as { cursor: string };
        const other = await h.call('jira_search', { jql: 'project = OPS', cursor });
        assert.equal(other.isError, true);
        assert.match(other.text, /cursor: it belongs to other arguments of jira_search/);
        const forged = await h.call('jira_search', { jql: 'project = DEMO', cursor: 'bm90IGEgY3Vyc29y' });
        assert.equal(forged.isError, true);
        assert.match(forged.text, /cursor: not a cursor that jira_search issued/);
      } finally {
        await h.close();
      }
    });

    it('a JQL error arrives as an isError result with Jira\'s own message', async () => {
      const h = await startHarness({ layout: flavor.layout });
      try {
        const result = await h.call('jira_search', { jql: 'project = NOPE' });
        assert.equal(result.isError, true);
        assert.match(result.text, /HTTP 400/);
        assert.match(result.text, /The value 'NOPE' does not exist for the field 'project'/);
        assert.match(result.text, /check the arguments/);
      } finally {
        await h.close();
      }
    });

    it('jira_get_issue renders the description as Markdown inside an untrusted block', async () => {
      const h = await startHarness({ layout: flavor.layout });
      try {
        const result = await h.call('jira_get_issue', { issue_key: 'demo-2' });
        assert.equal(result.isError, undefined, result.text);
        assert.match(result.text, /^# DEMO-2\nBug · In Progress · Highest · assignee Alice Nguyen · reporter Bob Okafor\n[^]*\nSummary: Login redirect loops for SSO users on Safari\n/);
        assert.match(result.text, /Due: 2026-11-30/);
        assert.match(result.text, /\[untrusted content [0-9a-f]{8} begins: Jira DEMO-2 description/);
        assert.match(result.text, /## Steps to reproduce\n\n1\. Open the login page in Safari 17\n2\. Sign in with an account that has \*\*SSO\*\* enabled/);
        assert.match(result.text, /```text\nGET \/login\?next=%2Fdashboard 302/);
        assert.match(result.text, /\[incident runbook\]\(https:\/\/wiki\.example\.com\/runbooks\/login\)/);
        const data = result.structuredContent as { key: string; url: string; description: string };
        assert.equal(data.key, 'DEMO-2');
        assert.equal(data.url, `${h.env.JIRA_URL}/browse/DEMO-2`);
        assert.ok(data.description.startsWith('## Steps to reproduce'));
        assert.deepEqual(requestLines(h.sandbox), [`GET ${flavor.api}/issue/DEMO-2`]);
      } finally {
        await h.close();
      }
    });

    it('jira_get_issue with fields shows the parent and custom fields by name', async () => {
      const h = await startHarness({ layout: flavor.layout });
      try {
        const result = await h.call('jira_get_issue', { issue_key: 'DEMO-3', fields: 'summary,parent,customfield_10016' });
        assert.match(result.text, /^# DEMO-3\n[^]*\nSummary: Export invoices as CSV\n/);
        // Cloud shows the epic as the parent; Server/DC keeps it in the Epic Link field.
        if (flavor.name === 'Cloud') assert.match(result.text, /Parent: DEMO-1 \(Self-service billing\)/);
        else assert.doesNotMatch(result.text, /Parent:/);
        assert.match(result.text, /Story Points: 3/);
        assert.doesNotMatch(result.text, /## Description/);
      } finally {
        await h.close();
      }
    });

    it('a missing or hidden issue is an actionable isError result', async () => {
      const h = await startHarness({ layout: flavor.layout });
      try {
        for (const key of ['DEMO-999', 'SEC-1']) {
          const result = await h.call('jira_get_issue', { issue_key: key });
          assert.equal(result.isError, true);
          assert.match(result.text, new RegExp(`Jira: issue ${key} not found \\(HTTP 404\\)`));
          assert.match(result.text, /Issue does not exist or you do not have permission to see it/);
          assert.match(result.text, new RegExp(`Check that issue ${key} exists`));
        }
      } finally {
        await h.close();
      }
    });

    it('a malformed key is refused by the input schema, naming the argument', async () => {
      const h = await startHarness({ layout: flavor.layout });
      try {
        const result = await h.call('jira_get_issue', { issue_key: 'not a key' });
        assert.equal(result.isError, true);
        assert.match(result.text, /issue_key/);
        assert.equal(h.sandbox.requests.length, 0);
      } finally {
        await h.close();
      }
    });

    it('JIRA_PROJECTS_FILTER scopes searches and refuses issues elsewhere', async () => {
      const h = await startHarness({ layout: flavor.layout, env: { JIRA_PROJECTS_FILTER: 'ops' } });
      try {
        const result = await h.call('jira_search', { jql: 'status = Done OR status = "To Do" ORDER BY key DESC', limit: 50 });
        const keys = (result.structuredContent as { issues: { key: string }[] }).issues.map((issue) => issue.key);
        assert.ok(keys.length > 0);
        assert.ok(keys.every((key) => key.startsWith('OPS-')), keys.join(','));
        const sent = h.sandbox.requests[0]!;
        const jql = flavor.name === 'Cloud' ? (sent.body as { jql: string }).jql : sent.query.jql;
        assert.equal(jql, 'project in ("OPS") AND (status = Done OR status = "To Do") ORDER BY key DESC');
        const refused = await h.call('jira_get_issue', { issue_key: 'DEMO-2' });
        assert.equal(refused.isError, true);
        assert.match(refused.text, /DEMO-2 is in project DEMO, outside the projects this server may use \(JIRA_PROJECTS_FILTER=OPS\)/);
        assert.equal(h.sandbox.requests.length, 1, 'the refused read never reached Jira');
      } finally {
        await h.close();
      }
    });
  });
}
