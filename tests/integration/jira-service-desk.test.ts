import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { collect } from '../../src/jira/api/service-desk.js';
import { specsDir, validateRequest } from '../helpers/contract.js';
import { requestLines, withCheckedHarness } from '../helpers/harness.js';

import type { Harness } from '../helpers/harness.js';
import type { SandboxLayout } from '../../src/sandbox/session.js';

// Jira Service Management on both flavors: the same /rest/servicedeskapi paths, user references by
// accountId on Cloud and by username on Server/DC. The sandbox's OPS project is a service desk (id 1).

const FLAVORS: { name: string; layout: SandboxLayout; bob: string }[] = [
  { name: 'Cloud', layout: 'cloud-jira', bob: '5f8a1c2e9b3d4a0071e4c002' },
  { name: 'Server/DC', layout: 'cloud-confluence', bob: 'bob' },
];

const keysOf = (result: { structuredContent?: unknown }) => (result.structuredContent as { issues: { key: string }[] }).issues.map((issue) => issue.key);
const posts = (h: Harness) => h.sandbox.requests.filter((request) => request.method === 'POST' && request.path === '/rest/servicedeskapi/request');

for (const flavor of FLAVORS) {
  describe(`Jira ${flavor.name}: service desk`, () => {
    it('service desks: the visible ones, one project\'s desk, and a project without one', () => withCheckedHarness(flavor.layout, async (h) => {
      const all = await h.call('jira_get_service_desks');
      // SEC has a desk too, but Alice cannot see the project.
      assert.equal(all.text, '- 1: OPS · Operations\n1 service desk returned; no more.');
      assert.deepEqual(all.structuredContent, { service_desks: [{ id: '1', project_key: 'OPS', name: 'Operations' }] });
      const ops = await h.call('jira_get_service_desks', { project_key: 'ops' });
      assert.deepEqual(ops.structuredContent, all.structuredContent);
      const demo = await h.call('jira_get_service_desks', { project_key: 'DEMO' });
      assert.equal(demo.isError, true);
      assert.match(demo.text, /^Project DEMO has no service desk this account can see: it is not a Jira Service Management project/);
      const bad = await h.call('jira_get_service_desks', { project_key: 'not a key' });
      assert.equal(bad.isError, true);
      assert.deepEqual(requestLines(h.sandbox).filter((line) => line.includes('servicedeskapi')),
        Array.from({ length: 3 }, () => 'GET /rest/servicedeskapi/servicedesk'));
      assert.deepEqual(h.sandbox.requests.at(-1)!.query, { start: '0', limit: '50' });
    }));

    it('queues with their counts, and a queue\'s requests page by page', () => withCheckedHarness(flavor.layout, async (h) => {
      const queues = await h.call('jira_get_service_desk_queues', { service_desk_id: '1' });
      assert.equal(queues.text, '- 1: All open · 9 requests\n- 2: Waiting for triage · 3 requests\n2 queues returned; no more.');
      assert.equal((queues.structuredContent as { queues: { jql: string }[] }).queues[1]!.jql, 'project = OPS AND status = "To Do" ORDER BY created ASC');
      assert.deepEqual(h.sandbox.requests.at(-1)!.query, { includeCount: 'true', start: '0', limit: '50' });

      const first = await h.call('jira_get_queue_issues', { service_desk_id: '1', queue_id: '1', limit: 5 });
      assert.deepEqual(keysOf(first), ['OPS-1', 'OPS-3', 'OPS-4', 'OPS-5', 'OPS-7']);
      assert.match(first.text, /\n- OPS-1 \[Task · In Review · Medium · Dan Moreau · 2026-10-05\] Rotate TLS certificates on edge node 1\n/);
      const { cursor } = first.structuredContent as { cursor: string };
      assert.match(first.text, /5 issues returned; more exist: pass cursor=/);
      const rest = await h.call('jira_get_queue_issues', { service_desk_id: '1', queue_id: '1', limit: 5, cursor });
      assert.deepEqual(keysOf(rest), ['OPS-8', 'OPS-9', 'OPS-11', 'OPS-12']);
      assert.match(rest.text, /4 issues returned; no more\.$/);
      assert.deepEqual(h.sandbox.requests.at(-1)!.query, { start: '5', limit: '5' });
      const otherQueue = await h.call('jira_get_queue_issues', { service_desk_id: '1', queue_id: '2', cursor });
      assert.equal(otherQueue.isError, true);
      assert.match(otherQueue.text, /cursor: it belongs to other arguments/);

      const missing = await h.call('jira_get_queue_issues', { service_desk_id: '1', queue_id: '7' });
      assert.equal(missing.isError, true);
      assert.match(missing.text, /queue 7 of service desk 1 not found \(HTTP 404\).*List the queues with jira_get_service_desk_queues\./);
      const noDesk = await h.call('jira_get_service_desk_queues', { service_desk_id: '9' });
      assert.match(noDesk.text, /service desk 9 not found \(HTTP 404\).*List service desks with jira_get_service_desks\./);
      assert.equal(/Data Center, queues need Jira Service Management 4\.0/.test(noDesk.text), flavor.name !== 'Cloud');
      const badId = await h.call('jira_get_service_desk_queues', { service_desk_id: '1/../2' });
      assert.equal(badId.isError, true);
      assert.match(badId.text, /a numeric service desk id/);
    }));

    it('request types, and a request type\'s fields with their valid values', () => withCheckedHarness(flavor.layout, async (h) => {
      const types = await h.call('jira_get_request_types', { service_desk_id: '1' });
      assert.match(types.text, /^\[untrusted content \w+ begins: Service desk 1 request types.*\n- 10: Get IT help — Ask the operations team for access, hardware or software\.\n- 11: Report an outage — Tell us that a system is down or degraded\.\n\[untrusted content \w+ ends\]\n2 request types returned; no more\.$/);
      const fields = await h.call('jira_get_request_type_fields', { service_desk_id: '1', request_type_id: '11' });
      assert.equal(fields.text, [
        '- summary: What is down? · required · string',
        '- description: What do you see? · required · string',
        '- customfield_10030: Severity · required · option, select · values: S1 - Critical (10200) | S2 - Major (10201) | S3 - Minor (10202)',
        '3 fields returned; no more.',
        'This account can raise requests on behalf of customers (on_behalf_of).',
      ].join('\n'));
      const help = await h.call('jira_get_request_type_fields', { service_desk_id: '1', request_type_id: '10' });
      const priority = (help.structuredContent as { fields: { id: string; required: boolean; values?: { value: string; label: string }[] }[] }).fields.find((f) => f.id === 'priority')!;
      assert.equal(priority.required, false);
      assert.deepEqual(priority.values?.slice(0, 2), [{ value: '1', label: 'Highest' }, { value: '2', label: 'High' }]);
      const missing = await h.call('jira_get_request_type_fields', { service_desk_id: '1', request_type_id: '99' });
      assert.equal(missing.isError, true);
      assert.match(missing.text, /request type 99 of service desk 1 not found \(HTTP 404\).*List the request types with jira_get_request_types\./);
    }));

    it('create a customer request: checked against the request type, Markdown as wiki markup, on behalf of a customer', () => withCheckedHarness(flavor.layout, async (h) => {
      const missing = await h.call('jira_create_customer_request', { service_desk_id: '1', request_type_id: '11', summary: 'VPN down' });
      assert.equal(missing.isError, true);
      assert.equal(missing.text, 'Request type 11 also needs: What do you see? (description, string); Severity (customfield_10030, option, select · values: ' +
        'S1 - Critical (10200) | S2 - Major (10201) | S3 - Minor (10202)). Pass them in fields, e.g. {"description": ...}.');
      const unknown = await h.call('jira_create_customer_request', { service_desk_id: '1', request_type_id: '10', summary: 'x', fields: { labels: ['vpn'] } });
      assert.match(unknown.text, /^Request type 10 has no field labels \(its fields: summary, description, priority\)/);
      const badValue = await h.call('jira_create_customer_request', { service_desk_id: '1', request_type_id: '11', summary: 'x', description: 'y', fields: { Severity: 'S9' } });
      assert.equal(badValue.text, 'Severity (customfield_10030) has no value \'S9\'; valid: S1 - Critical | S2 - Major | S3 - Minor.');
      assert.deepEqual(posts(h), [], 'nothing is sent until the fields are right');

      const created = await h.call('jira_create_customer_request', {
        service_desk_id: '1', request_type_id: '11', summary: 'VPN drops every 10 minutes', description: 'Since **09:00**, on the _office_ network.',
        fields: { Severity: 's2 - major' }, on_behalf_of: 'bob@example.com',
      });
      assert.equal(created.isError, undefined, created.text);
      assert.match(created.text, /^Created request OPS-13: VPN drops every 10 minutes\nURL: http:\/\/127\.0\.0\.1:\d+\/jira-\w+\/browse\/OPS-13\n/);
      assert.match(created.text, /\n- Severity: s2 - major\n- raised on behalf of bob@example.com\nCustomer portal: .*\/servicedesk\/customer\/portal\/1\/OPS-13$/);
      assert.equal((created.structuredContent as { key: string }).key, 'OPS-13');
      assert.deepEqual(posts(h).map((request) => request.body), [{
        serviceDeskId: '1', requestTypeId: '11',
        requestFieldValues: { customfield_10030: { id: '10201' }, summary: 'VPN drops every 10 minutes', description: 'Since *09:00*, on the _office_ network.' },
        raiseOnBehalfOf: flavor.bob,
      }]);
      // A request is an issue: it shows in the queues, and its SLA clocks have started.
      const triage = await h.call('jira_get_queue_issues', { service_desk_id: '1', queue_id: '2' });
      assert.deepEqual(keysOf(triage), ['OPS-3', 'OPS-7', 'OPS-11', 'OPS-13']);
      const sla = await h.call('jira_get_request_sla', { issue_key: 'ops-13' });
      assert.match(sla.text, /^- Time to first response: ongoing · within goal · remaining 1h of 1h · breaches \d{4}-\d\d-\d\d \d\d:\d\d\n- Time to resolution: ongoing · within goal · remaining 4h of 4h/);

      const priority = await h.call('jira_create_customer_request', { service_desk_id: '1', request_type_id: '10', summary: 'New laptop', fields: { priority: 'High' } });
      assert.equal(priority.isError, undefined, priority.text);
      assert.deepEqual(posts(h).at(-1)!.body, { serviceDeskId: '1', requestTypeId: '10', requestFieldValues: { priority: { id: '2' }, summary: 'New laptop' } });
      const issue = await h.call('jira_get_issue', { issue_key: 'OPS-14', fields: 'priority,reporter' });
      assert.match(issue.text, /^# OPS-14\nHigh · reporter Alice Nguyen\n/);

      const nobody = await h.call('jira_create_customer_request', { service_desk_id: '1', request_type_id: '10', summary: 'x', on_behalf_of: 'nobody@example.com' });
      assert.equal(nobody.isError, true);
      assert.match(nobody.text, /No Jira user matches 'nobody@example.com'/);
    }));

    it('SLAs: ongoing and completed cycles, breached or within the goal', () => withCheckedHarness(flavor.layout, async (h) => {
      const open = await h.call('jira_get_request_sla', { issue_key: 'OPS-3' });
      assert.equal(open.text, [
        '- Time to first response: ongoing · BREACHED · remaining -2h 15m of 1h · breached 2026-10-04 10:15',
        '- Time to resolution: ongoing · within goal · remaining 45m of 4h · breaches 2026-10-04 13:15',
        '2 SLAs returned; no more.',
      ].join('\n'));
      const first = (open.structuredContent as { slas: Record<string, unknown>[] }).slas[0]!;
      assert.deepEqual(first, {
        id: '1', name: 'Time to first response', state: 'ongoing', breached: true, goal: '1h', elapsed: '3h 15m', remaining: '-2h 15m',
        remaining_ms: -8_100_000, breach_time: '2026-10-04 10:15', completed_cycles: 0,
      });
      const done = await h.call('jira_get_request_sla', { issue_key: 'OPS-2' });
      assert.equal(done.text, [
        '- Time to first response: completed · met · took 1h of 4h · stopped 2026-10-03 10:15',
        '- Time to resolution: completed · BREACHED · took 20h of 16h · stopped 2026-10-04 05:15',
        '2 SLAs returned; no more.',
      ].join('\n'));
      const mixed = await h.call('jira_get_request_sla', { issue_key: 'OPS-1' });
      assert.match(mixed.text, /^- Time to first response: completed · met · took 30m of 4h.*\n- Time to resolution: ongoing · within goal · remaining 11h of 16h/);
      const notRequest = await h.call('jira_get_request_sla', { issue_key: 'DEMO-2' });
      assert.equal(notRequest.isError, true);
      assert.match(notRequest.text, /request DEMO-2 not found \(HTTP 404\).*Only issues of a service desk project \(customer requests\) have SLAs\./);
      assert.deepEqual(h.sandbox.requests.at(-1)!.query, { start: '0', limit: '50' });
    }));

    it('JIRA_PROJECTS_FILTER hides other projects\' desks and refuses their queues and requests', () => withCheckedHarness(flavor.layout, async (h) => {
      const desks = await h.call('jira_get_service_desks');
      assert.equal(desks.text, '0 service desks returned; no more.');
      const count = h.sandbox.requests.length;
      const refusedDesk = await h.call('jira_get_service_desks', { project_key: 'OPS' });
      assert.match(refusedDesk.text, /Project OPS is outside the projects this server may use \(JIRA_PROJECTS_FILTER=DEMO\)/);
      const refusedSla = await h.call('jira_get_request_sla', { issue_key: 'OPS-1' });
      assert.match(refusedSla.text, /OPS-1 is in project OPS, outside the projects/);
      assert.equal(h.sandbox.requests.length, count, 'refused before any request');
      // A desk is known by id only: its project is looked up first.
      for (const [name, args] of [
        ['jira_get_service_desk_queues', { service_desk_id: '1' }],
        ['jira_get_queue_issues', { service_desk_id: '1', queue_id: '1' }],
        ['jira_get_request_types', { service_desk_id: '1' }],
        ['jira_create_customer_request', { service_desk_id: '1', request_type_id: '10', summary: 'x' }],
      ] as const) {
        const refused = await h.call(name, args);
        assert.equal(refused.isError, true, name);
        assert.match(refused.text, /Project OPS is outside the projects/, name);
      }
      assert.deepEqual([...new Set(requestLines(h.sandbox).slice(count))], ['GET /rest/servicedeskapi/servicedesk/1']);
    }, { JIRA_PROJECTS_FILTER: 'DEMO' }));
  });
}

describe('collect: small JSM lists read whole', () => {
  it('reads page after page until the last, and stops at the cap saying more exist', async () => {
    const items = Array.from({ length: 120 }, (_, index) => index);
    const starts: number[] = [];
    const page = async (start: number, limit: number) => {
      starts.push(start);
      return { values: items.slice(start, start + limit), isLastPage: start + limit >= items.length };
    };
    assert.deepEqual(await collect(page), { items, more: false });
    assert.deepEqual(starts, [0, 50, 100]);
    assert.deepEqual(await collect(page, 100), { items: items.slice(0, 100), more: true });
    // An answer without isLastPage is taken as the whole list.
    assert.deepEqual(await collect(async () => ({ values: [1, 2] })), { items: [1, 2], more: false });
  });
});

describe('JSM requests are checked against the Jira Service Management document on both flavors', () => {
  it('accepts what the tools send and rejects what JSM does not take', async (t) => {
    if (!specsDir()) return t.skip('Atlassian OpenAPI specs not found');
    for (const site of ['jira-cloud', 'jira-dc'] as const) {
      const ok = await validateRequest(site, { method: 'GET', path: '/rest/servicedeskapi/servicedesk/1/queue', query: { includeCount: 'true', start: '0', limit: '50' } });
      assert.deepEqual(ok, { ok: true, spec: 'jira-service-management-cloud', operationId: 'getQueues', errors: [] }, site);
      const unknown = await validateRequest(site, { method: 'GET', path: '/rest/servicedeskapi/servicedesk', query: { maxResults: '50' } });
      assert.equal(unknown.ok, false, site);
      assert.match(unknown.errors[0]!, /unknown query parameter 'maxResults' \(known: limit, start\)/);
      const body = await validateRequest(site, { method: 'POST', path: '/rest/servicedeskapi/request', query: {}, body: { serviceDeskId: 1, requestTypeId: '10' } });
      assert.match(body.errors.join('\n'), /body: \/serviceDeskId must be string/);
    }
  });
});
