import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { DEFAULT_CREDENTIALS } from '../../src/sandbox/server.js';
import { startHarness } from '../helpers/harness.js';

import type { AddressInfo } from 'node:net';

// How the HTTP client meets upstream trouble: retries, Retry-After, rotation of a token file,
// credentials kept to their origin, and bodies that are not JSON.

describe('upstream failures become actionable results', () => {
  it('retries 503 for a GET and succeeds; the sandbox saw every attempt', async () => {
    const h = await startHarness({ layout: 'cloud-confluence' });
    try {
      h.sandbox.injectFault({ site: 'jira-dc', path: '/issue/', status: 503, times: 2 });
      const result = await h.call('jira_get_issue', { issue_key: 'DEMO-2' });
      assert.equal(result.isError, undefined, result.text);
      assert.deepEqual(h.sandbox.requests.map((r) => r.status), [503, 503, 200]);
    } finally {
      await h.close();
    }
  });

  it('retries the read-only POST search on Cloud, honouring Retry-After in seconds', async () => {
    const h = await startHarness({ layout: 'cloud-jira' });
    try {
      h.sandbox.injectFault({ path: '/search/jql', status: 429, headers: { 'retry-after': '1' } });
      const started = Date.now();
      const result = await h.call('jira_search', { jql: 'project = OPS', limit: 1 });
      assert.equal(result.isError, undefined, result.text);
      assert.ok(Date.now() - started >= 950, 'waited for Retry-After');
      assert.deepEqual(h.sandbox.requests.map((r) => r.status), [429, 200]);
    } finally {
      await h.close();
    }
  });

  it('gives up after HTTP_MAX_RETRIES and says what happened and what to do', async () => {
    const h = await startHarness({ layout: 'cloud-jira', env: { HTTP_MAX_RETRIES: '2' } });
    try {
      h.sandbox.injectFault({ status: 502, times: 10 });
      const result = await h.call('jira_get_issue', { issue_key: 'DEMO-2' });
      assert.equal(result.isError, true);
      assert.match(result.text, /Jira refused the request for issue DEMO-2 \(HTTP 502\)/);
      assert.match(result.text, /Jira had a server error \(retried 2 times\): try again later/);
      assert.equal(h.sandbox.requests.length, 3);
      h.sandbox.clearFaults();
      const next = await h.call('jira_get_issue', { issue_key: 'DEMO-2' });
      assert.equal(next.isError, undefined, 'the server keeps serving');
    } finally {
      await h.close();
    }
  });

  it('a 429 whose Retry-After is too long is not waited for', async () => {
    const h = await startHarness({ layout: 'cloud-jira' });
    try {
      h.sandbox.injectFault({ status: 429, headers: { 'retry-after': '3600' } });
      const result = await h.call('jira_get_issue', { issue_key: 'DEMO-2' });
      assert.equal(result.isError, true);
      assert.match(result.text, /HTTP 429/);
      assert.match(result.text, /Rate limited by Jira: wait a minute and try again/);
      assert.equal(h.sandbox.requests.length, 1);
    } finally {
      await h.close();
    }
  });

  it('an HTML page from a proxy and a truncated JSON body are named as such', async () => {
    const h = await startHarness({ layout: 'cloud-jira', env: { HTTP_MAX_RETRIES: '0' } });
    try {
      h.sandbox.injectFault({ kind: 'html', status: 200 });
      const html = await h.call('jira_get_issue', { issue_key: 'DEMO-2' });
      assert.equal(html.isError, true);
      assert.match(html.text, /Jira answered with an HTML page instead of JSON \(HTTP 200\)/);
      assert.match(html.text, /A proxy, login or maintenance page is in the way: check JIRA_URL=/);
      h.sandbox.injectFault({ kind: 'malformed' });
      const malformed = await h.call('jira_get_issue', { issue_key: 'DEMO-2' });
      assert.equal(malformed.isError, true);
      assert.match(malformed.text, /a body that is not valid JSON/);
    } finally {
      await h.close();
    }
  });

  it('a slow upstream ends in a timeout message naming HTTP_TIMEOUT_MS', async () => {
    const h = await startHarness({ layout: 'cloud-jira', env: { HTTP_TIMEOUT_MS: '200', HTTP_MAX_RETRIES: '0' } });
    try {
      h.sandbox.injectFault({ delayMs: 600, status: 200, body: '{}' });
      const result = await h.call('jira_get_issue', { issue_key: 'DEMO-2' });
      assert.equal(result.isError, true);
      assert.match(result.text, /No answer from 127\.0\.0\.1:\d+ within 200 ms/);
      assert.match(result.text, /raise HTTP_TIMEOUT_MS/);
    } finally {
      await h.close();
    }
  });

  it('a connection reset mid-body is reported, and the next call works', async () => {
    const h = await startHarness({ layout: 'cloud-jira', env: { HTTP_MAX_RETRIES: '0' } });
    try {
      h.sandbox.injectFault({ kind: 'reset' });
      const result = await h.call('jira_get_issue', { issue_key: 'DEMO-2' });
      assert.equal(result.isError, true);
      assert.match(result.text, /reset|failed/i);
      const next = await h.call('jira_get_issue', { issue_key: 'DEMO-2' });
      assert.equal(next.isError, undefined);
    } finally {
      await h.close();
    }
  });
});

describe('credentials', () => {
  it('401 names the URL and the secret source; a rotated token file is re-read once, without a restart', async () => {
    const h = await startHarness({ layout: 'cloud-jira' });
    try {
      h.sandbox.setCredentials({ cloudToken: 'rotated-token-2' });
      const rejected = await h.call('jira_get_issue', { issue_key: 'DEMO-2' });
      assert.equal(rejected.isError, true);
      assert.match(rejected.text, new RegExp(`Token rejected for JIRA_URL=${h.env.JIRA_URL}: check JIRA_USERNAME and the token in file ${h.env.JIRA_TOKEN_FILE} \\(JIRA_TOKEN_FILE\\)`));
      assert.doesNotMatch(rejected.text, /sandbox-cloud-api-token|rotated-token-2/);
      writeFileSync(h.env.JIRA_TOKEN_FILE!, 'rotated-token-2\n');
      const before = h.sandbox.requests.length;
      const accepted = await h.call('jira_get_issue', { issue_key: 'DEMO-2' });
      assert.equal(accepted.isError, undefined, accepted.text);
      const attempts = h.sandbox.requests.slice(before);
      assert.deepEqual(attempts.map((r) => r.status), [401, 200]);
      assert.equal(attempts[1]!.authorization, `Basic ${Buffer.from('alice@example.com:rotated-token-2').toString('base64')}`);
    } finally {
      await h.close();
    }
  });

  it('an account without product access gets 403 with the product\'s words and a permission hint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlassian-mcp-403-'));
    const token = join(dir, 'token');
    const pat = join(dir, 'pat');
    writeFileSync(token, DEFAULT_CREDENTIALS.unlicensedToken, { mode: 0o600 });
    writeFileSync(pat, DEFAULT_CREDENTIALS.unlicensedPat, { mode: 0o600 });
    const h = await startHarness({
      layout: 'cloud-jira',
      env: { JIRA_USERNAME: DEFAULT_CREDENTIALS.unlicensedEmail, JIRA_TOKEN_FILE: token, CONFLUENCE_PAT_FILE: pat },
    });
    try {
      const issue = await h.call('jira_get_issue', { issue_key: 'DEMO-2' });
      assert.equal(issue.isError, true);
      assert.match(issue.text, /Jira refused the request for issue DEMO-2 \(HTTP 403\)\. Jira said: You do not have access to this product/);
      const page = await h.call('confluence_get_page', { page_id: '98302' });
      assert.equal(page.isError, true);
      assert.match(page.text, /Confluence refused the request for page 98302 \(HTTP 403\)\. Confluence said: User is not permitted to use Confluence\./);
      assert.match(page.text, /authenticated but lacks permission/);
    } finally {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a redirect to another origin does not carry the Authorization header', async () => {
    const seen: (string | undefined)[] = [];
    const foreign = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: '1', key: 'DEMO-2', fields: { summary: 'elsewhere' } }));
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    const port = (foreign.address() as AddressInfo).port;
    const h = await startHarness({ layout: 'cloud-jira' });
    try {
      h.sandbox.injectFault({ status: 302, headers: { location: `http://127.0.0.1:${port}/steal` }, body: '' });
      const result = await h.call('jira_get_issue', { issue_key: 'DEMO-2' });
      assert.equal(seen.length, 1, result.text);
      assert.equal(seen[0], undefined, 'no credentials sent to the redirect target');
      assert.ok(h.sandbox.requests[0]!.authorization?.startsWith('Basic '));
    } finally {
      await h.close();
      await new Promise((resolve) => foreign.close(resolve));
    }
  });
});
