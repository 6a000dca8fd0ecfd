// The request validator must be strict (typos, wrong types, deprecated endpoints fail) and correct (the
// requests our clients really send pass), or the contract tests built on it prove nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { specsDir, specsOrSkip, validateRequest } from '../helpers/contract.js';

import type { TestContext } from 'node:test';
import type { ContractResult, RecordedRequest, SiteKind } from '../helpers/contract.js';

function request(method: string, path: string, query: RecordedRequest['query'] = {}, body?: unknown): RecordedRequest {
  return body === undefined ? { method, path, query } : { method, path, query, body };
}

async function assertAccepted(site: SiteKind, req: RecordedRequest): Promise<ContractResult> {
  const result = await validateRequest(site, req);
  assert.deepEqual(result.errors, [], `${site} ${req.method} ${req.path} should be accepted`);
  assert.equal(result.ok, true);
  return result;
}

async function assertRejected(
  site: SiteKind,
  req: RecordedRequest,
  expected: string | RegExp,
): Promise<ContractResult> {
  const result = await validateRequest(site, req);
  assert.equal(result.ok, false, `${site} ${req.method} ${req.path} should be rejected`);
  const matches = (error: string) => (typeof expected === 'string' ? error === expected : expected.test(error));
  assert.ok(result.errors.some(matches), `expected an error ${String(expected)}, got ${JSON.stringify(result.errors)}`);
  return result;
}

// First, so that it measures a cold load of the biggest document (2.4 MB).
test('jira-cloud: the largest spec loads and validates a first request quickly', async (t) => {
  if (!specsOrSkip(t)) return;
  const started = performance.now();
  await assertAccepted('jira-cloud', request('GET', '/rest/api/3/myself'));
  const elapsed = performance.now() - started;
  t.diagnostic(`jira-cloud-platform-v3: load + first validation ${elapsed.toFixed(0)} ms`);
  assert.ok(elapsed < 3000, `took ${elapsed.toFixed(0)} ms`);
});

test('specs: a missing directory skips locally and fails on CI', () => {
  const saved = { specs: process.env.ATLASSIAN_API_SPECS, ci: process.env.CI };
  const skipped: string[] = [];
  const fakeContext = { skip: (message: string) => skipped.push(message) } as unknown as TestContext;
  try {
    process.env.ATLASSIAN_API_SPECS = '/nonexistent/atlassian-api/specs';
    assert.equal(specsDir(), undefined);
    delete process.env.CI;
    assert.equal(specsOrSkip(fakeContext), undefined);
    assert.deepEqual(skipped, ['Atlassian OpenAPI specs not found: set ATLASSIAN_API_SPECS']);
    process.env.CI = 'true';
    assert.throws(() => specsOrSkip(fakeContext), /specs not found.*CI=true/);
  } finally {
    for (const [name, value] of [['ATLASSIAN_API_SPECS', saved.specs], ['CI', saved.ci]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
});

test('jira-cloud: the requests our client sends are accepted', async (t) => {
  if (!specsOrSkip(t)) return;
  const search = await assertAccepted(
    'jira-cloud',
    request('POST', '/rest/api/3/search/jql', {}, {
      jql: 'project = DEMO',
      fields: ['summary', 'status'],
      maxResults: 50,
      nextPageToken: 'abc',
    }),
  );
  assert.equal(search.spec, 'jira-cloud-platform-v3');
  assert.equal(search.operationId, 'searchAndReconsileIssuesUsingJqlPost');
  const issue = await assertAccepted(
    'jira-cloud',
    request('GET', '/rest/api/3/issue/DEMO-1', { fields: 'summary,description' }),
  );
  assert.equal(issue.operationId, 'getIssue');
  // Lists may also be sent as repeated parameters.
  await assertAccepted(
    'jira-cloud',
    request('GET', '/rest/api/3/issue/DEMO-1', { fields: ['summary', 'description'] }),
  );
  await assertAccepted(
    'jira-cloud',
    request('GET', '/rest/api/3/search/jql', { jql: 'project = DEMO', maxResults: '50', nextPageToken: 'abc' }),
  );
  await assertAccepted('jira-cloud', request('GET', '/rest/api/3/myself'));
});

test('jira-cloud: agile paths are checked against the Jira Software spec', async (t) => {
  if (!specsOrSkip(t)) return;
  const boards = await assertAccepted(
    'jira-cloud',
    request('GET', '/rest/agile/1.0/board', { type: 'scrum,kanban', startAt: '0', maxResults: '50' }),
  );
  assert.equal(boards.spec, 'jira-software-cloud-agile');
  await assertRejected(
    'jira-cloud',
    request('GET', '/rest/agile/1.0/board', { startAt: 'first' }),
    /startAt'?: must be integer/,
  );
});

test('jira-cloud: deprecated operations are errors', async (t) => {
  if (!specsOrSkip(t)) return;
  await assertRejected(
    'jira-cloud',
    request('GET', '/rest/api/3/search', { jql: 'project = DEMO' }),
    'GET /rest/api/3/search: deprecated operation',
  );
  await assertRejected(
    'jira-cloud',
    request('POST', '/rest/api/3/search', {}, { jql: 'project = DEMO' }),
    /deprecated operation/,
  );
  // The literal path wins over /rest/api/3/issue/{issueIdOrKey}, so this is the deprecated createmeta.
  const createmeta = await assertRejected(
    'jira-cloud',
    request('GET', '/rest/api/3/issue/createmeta'),
    /deprecated operation/,
  );
  assert.equal(createmeta.operationId, 'getCreateIssueMeta');
});

test('jira-cloud: wrong names and types are errors', async (t) => {
  if (!specsOrSkip(t)) return;
  await assertRejected(
    'jira-cloud',
    request('GET', '/rest/api/3/serch'),
    'GET /rest/api/3/serch: no such operation in jira-cloud-platform-v3',
  );
  await assertRejected(
    'jira-cloud',
    request('PATCH', '/rest/api/3/myself'),
    /method not allowed \(the path takes GET\)/,
  );
  await assertRejected(
    'jira-cloud',
    request('GET', '/rest/api/3/issue/DEMO-1', { feilds: 'summary' }),
    /unknown query parameter 'feilds' \(known: .*fields/,
  );
  await assertRejected(
    'jira-cloud',
    request('GET', '/rest/api/3/search/jql', { maxResults: 'ten' }),
    /query parameter 'maxResults': must be integer/,
  );
  await assertRejected(
    'jira-cloud',
    request('GET', '/rest/api/3/search/jql', { maxResults: ['10', '20'] }),
    /'maxResults': must be integer/,
  );
  await assertRejected(
    'jira-cloud',
    request('GET', '/rest/api/3/issue/DEMO-1', { fieldsByKeys: 'yes' }),
    /'fieldsByKeys': must be boolean/,
  );
});

test('jira-cloud: request bodies are checked against their schema', async (t) => {
  if (!specsOrSkip(t)) return;
  await assertRejected(
    'jira-cloud',
    request('POST', '/rest/api/3/search/jql', {}, { jql: 'project = DEMO', maxResults: 'x' }),
    'POST /rest/api/3/search/jql body: /maxResults must be integer',
  );
  // The enhanced search paginates by token only; offset paging belonged to the removed /search.
  await assertRejected(
    'jira-cloud',
    request('POST', '/rest/api/3/search/jql', {}, { jql: 'project = DEMO', startAt: 50 }),
    /body: must NOT have additional properties \('startAt'\)/,
  );
  await assertRejected(
    'jira-cloud',
    request('POST', '/rest/api/3/search/jql'),
    'POST /rest/api/3/search/jql: missing required request body',
  );
  await assertRejected(
    'jira-cloud',
    request('GET', '/rest/api/3/myself', {}, { unexpected: true }),
    /takes no request body/,
  );
});

test('jira-dc: the requests our client sends are accepted', async (t) => {
  if (!specsOrSkip(t)) return;
  const search = await assertAccepted(
    'jira-dc',
    request('GET', '/rest/api/2/search', { jql: 'project = DEMO', startAt: '0', maxResults: '50', fields: 'summary' }),
  );
  assert.equal(search.spec, 'jira-software-dc-10.3.24');
  await assertAccepted('jira-dc', request('GET', '/rest/api/2/myself'));
  await assertAccepted('jira-dc', request('GET', '/rest/api/2/issue/DEMO-1'));
  await assertAccepted(
    'jira-dc',
    request('GET', '/rest/agile/1.0/board', { type: 'scrum', startAt: '0', maxResults: '50' }),
  );
});

test('jira-dc: Cloud-only endpoints and bad values are errors', async (t) => {
  if (!specsOrSkip(t)) return;
  await assertRejected(
    'jira-dc',
    request('POST', '/rest/api/2/search/jql', {}, { jql: 'x' }),
    'POST /rest/api/2/search/jql: no such operation in jira-software-dc-10.3.24',
  );
  await assertRejected('jira-dc', request('GET', '/rest/api/3/myself'), /no such operation/);
  await assertRejected('jira-dc', request('GET', '/rest/api/2/search', { startAt: 'x' }), /'startAt': must be integer/);
  await assertRejected(
    'jira-dc',
    request('GET', '/rest/api/2/search', { nextPageToken: 'abc' }),
    /unknown query parameter 'nextPageToken'/,
  );
});

test('confluence-cloud: the requests our client sends are accepted', async (t) => {
  if (!specsOrSkip(t)) return;
  const search = await assertAccepted(
    'confluence-cloud',
    request('GET', '/wiki/rest/api/search', { cql: 'type = page AND text ~ "deploy"', limit: '25' }),
  );
  assert.equal(search.spec, 'confluence-cloud-v1');
  await assertAccepted(
    'confluence-cloud',
    request('GET', '/wiki/rest/api/search', { cql: 'type = page', limit: '25', cursor: 'raNDoMsTRiNg' }),
  );
  const page = await assertAccepted(
    'confluence-cloud',
    request('GET', '/wiki/api/v2/pages/123', { 'body-format': 'storage' }),
  );
  assert.equal(page.spec, 'confluence-cloud-v2');
  assert.equal(page.operationId, 'getPageById');
  await assertAccepted('confluence-cloud', request('GET', '/wiki/api/v2/spaces', { keys: 'DOC' }));
  await assertAccepted('confluence-cloud', request('GET', '/wiki/rest/api/user/current'));
});

test('confluence-cloud: wrong values, missing parameters and deprecated endpoints are errors', async (t) => {
  if (!specsOrSkip(t)) return;
  await assertRejected(
    'confluence-cloud',
    request('GET', '/wiki/api/v2/pages/123', { 'body-format': 'markdown' }),
    /'body-format': must be equal to one of the allowed values: "storage"/,
  );
  await assertRejected(
    'confluence-cloud',
    request('GET', '/wiki/api/v2/pages/abc'),
    /path parameter 'id': must be integer/,
  );
  await assertRejected(
    'confluence-cloud',
    request('GET', '/wiki/api/v2/pages/123', { expand: 'body.storage' }),
    /unknown query parameter 'expand'/,
  );
  await assertRejected(
    'confluence-cloud',
    request('GET', '/wiki/rest/api/search', { limit: '25' }),
    "GET /wiki/rest/api/search: missing required query parameter 'cql'",
  );
  await assertRejected('confluence-cloud', request('GET', '/wiki/api/v2/pages/123/children'), /deprecated operation/);
  await assertRejected(
    'confluence-cloud',
    request('GET', '/rest/api/search', { cql: 'type = page' }),
    /no such operation in confluence-cloud-v1/,
  );
});

test('confluence-dc: the requests our client sends are accepted', async (t) => {
  if (!specsOrSkip(t)) return;
  const search = await assertAccepted(
    'confluence-dc',
    request('GET', '/rest/api/search', { cql: 'type = page', limit: '25', start: '0' }),
  );
  assert.equal(search.spec, 'confluence-dc-10.0.3');
  await assertAccepted(
    'confluence-dc',
    request('GET', '/rest/api/content/123', { expand: 'body.storage,version,space' }),
  );
  await assertAccepted(
    'confluence-dc',
    request('GET', '/rest/api/content', { spaceKey: 'DOC', title: 'Home', expand: 'body.storage,version,space' }),
  );
  await assertAccepted('confluence-dc', request('GET', '/rest/api/user/current'));
});

test('confluence-dc: bad values and Cloud paths are errors', async (t) => {
  if (!specsOrSkip(t)) return;
  // The DC spec declares most parameters twice (untyped, then typed); the typed one must still apply.
  await assertRejected(
    'confluence-dc',
    request('GET', '/rest/api/search', { cql: 'type = page', limit: 'all' }),
    /'limit': must be integer/,
  );
  await assertRejected(
    'confluence-dc',
    request('GET', '/rest/api/search', { cql: 'type = page', cursor: 'abc' }),
    /unknown query parameter 'cursor'/,
  );
  await assertRejected(
    'confluence-dc',
    request('GET', '/wiki/rest/api/search', { cql: 'type = page' }),
    'GET /wiki/rest/api/search: no such operation in confluence-dc-10.0.3',
  );
});
