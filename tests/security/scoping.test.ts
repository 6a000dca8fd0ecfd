import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';

import { z } from 'zod';

import { TOOL_DEFINITIONS } from '../../src/mcp/definitions.js';
import { startHarness } from '../helpers/harness.js';

import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Harness } from '../helpers/harness.js';

// Credentials go to the configured origin only. URLs taken from API responses (attachment content and
// download links, paging links) are followed with credentials only on that origin; a redirect elsewhere
// drops them; and no tool argument is a URL the server would fetch.

interface Foreign {
  url: string;
  seen: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** Another host: records what it receives and answers with a small file. */
async function foreignHost(): Promise<Foreign> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('from elsewhere\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // 'localhost' is another origin than the sandbox's 127.0.0.1, on the same machine.
  return { url: `http://localhost:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** What the sandbox answers to a request made with the harness's own credentials (to tamper with it). */
async function upstreamJson(h: Harness, url: string): Promise<Record<string, unknown>> {
  const cloud = url.includes('-cloud/');
  const authorization = cloud
    ? `Basic ${Buffer.from(`${h.sandbox.credentials.cloudEmail}:${h.sandbox.credentials.cloudToken}`).toString('base64')}`
    : `Bearer ${h.sandbox.credentials.dcPat}`;
  const response = await fetch(url, { headers: { authorization, accept: 'application/json' } });
  assert.equal(response.status, 200);
  return await response.json() as Record<string, unknown>;
}

const json = (body: unknown) => ({ status: 200, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describe('URLs from API responses', () => {
  it('Jira Server/DC: an attachment whose content URL is on another host is fetched from the configured site', async () => {
    const foreign = await foreignHost();
    const h = await startHarness({ layout: 'dc' });
    try {
      const issue = await upstreamJson(h, `${h.sandbox.urls['jira-dc']}/rest/api/2/issue/DEMO-2?fields=attachment,project`);
      const attachments = (issue.fields as { attachment: { id: string; content: string }[] }).attachment;
      for (const attachment of attachments) attachment.content = `${foreign.url}/secure/attachment/${attachment.id}/stolen.txt`;
      h.sandbox.injectFault({ site: 'jira-dc', method: 'GET', path: '/issue/DEMO-2', ...json(issue) });
      const before = h.sandbox.requests.length;
      const result = await h.call('jira_download_attachment', { issue_key: 'DEMO-2', attachment_id: '40001' });
      assert.equal(result.isError, undefined, result.text);
      assert.equal(foreign.seen.length, 0, 'nothing was sent to the other host');
      assert.deepEqual(h.sandbox.requests.slice(before).map((request) => `${request.method} ${request.path}`),
        ['GET /rest/api/2/issue/DEMO-2', 'GET /secure/attachment/40001/redirect-trace.txt']);
    } finally {
      await h.close();
      await foreign.close();
    }
  });

  it('Confluence Server/DC: a download link naming another host is read as a path on the configured site', async () => {
    const foreign = await foreignHost();
    const h = await startHarness({ layout: 'dc' });
    try {
      const attachment = await upstreamJson(h, `${h.sandbox.urls['confluence-dc']}/rest/api/content/att229377?expand=container.space,version`);
      const links = attachment._links as { download: string };
      const original = new URL(links.download, 'http://link.invalid');
      links.download = `${foreign.url}${original.pathname}${original.search}`;
      h.sandbox.injectFault({ site: 'confluence-dc', method: 'GET', path: '/content/att229377', ...json(attachment) });
      const before = h.sandbox.requests.length;
      const result = await h.call('confluence_download_attachment', { attachment_id: 'att229377' });
      assert.equal(result.isError, undefined, result.text);
      assert.equal(foreign.seen.length, 0);
      const download = h.sandbox.requests.slice(before).find((request) => request.path.startsWith('/download/'));
      assert.equal(download?.path, original.pathname);
      assert.equal(download?.authorization, `Bearer ${h.sandbox.credentials.dcPat}`);
    } finally {
      await h.close();
      await foreign.close();
    }
  });

  it('Jira Cloud: attachment content redirected to another host (as to Atlassian\'s media host) is fetched without credentials', async () => {
    const foreign = await foreignHost();
    const h = await startHarness({ layout: 'cloud' });
    try {
      h.sandbox.injectFault({ site: 'jira-cloud', path: '/attachment/content/40001', status: 302, headers: { location: `${foreign.url}/file/40001` }, body: '' });
      const result = await h.call('jira_download_attachment', { issue_key: 'DEMO-2', attachment_id: '40001' });
      assert.equal(result.isError, undefined, result.text);
      assert.equal(foreign.seen.length, 1, 'the redirect was followed');
      assert.equal(foreign.seen[0]!.authorization, undefined, 'without the Authorization header');
      assert.match(JSON.stringify(result.content), /from elsewhere/);
      const first = h.sandbox.requests.find((request) => request.path === '/rest/api/3/attachment/content/40001');
      assert.ok(first?.authorization?.startsWith('Basic '), 'the configured site got the credentials');
    } finally {
      await h.close();
      await foreign.close();
    }
  });

  it('Confluence Cloud: a paging link naming another host gives only its cursor; the next page comes from the configured site', async () => {
    const foreign = await foreignHost();
    const h = await startHarness({ layout: 'cloud' });
    try {
      const list = await upstreamJson(h, `${h.sandbox.urls['confluence-cloud']}/wiki/api/v2/pages/98305/attachments?limit=1`);
      const next = new URL((list._links as { next: string }).next, 'http://link.invalid');
      (list._links as { next: string }).next = `${foreign.url}${next.pathname}${next.search}`;
      h.sandbox.injectFault({ site: 'confluence-cloud', method: 'GET', path: '/pages/98305/attachments', ...json(list) });
      const first = await h.call('confluence_get_attachments', { content_id: '98305', limit: 1 });
      assert.equal(first.isError, undefined, first.text);
      const cursor = (first.structuredContent as { cursor?: string }).cursor;
      assert.ok(cursor, first.text);
      const before = h.sandbox.requests.length;
      const second = await h.call('confluence_get_attachments', { content_id: '98305', limit: 1, cursor });
      assert.equal(second.isError, undefined, second.text);
      assert.equal(foreign.seen.length, 0);
      const request = h.sandbox.requests.slice(before).find((candidate) => candidate.path === '/wiki/api/v2/pages/98305/attachments');
      assert.equal(request?.query.cursor, next.searchParams.get('cursor'));
    } finally {
      await h.close();
      await foreign.close();
    }
  });
});

describe('no tool fetches a URL it is given', () => {
  /** Arguments that take a URL: named so, of format uri, or described with a URL example. */
  function urlArguments(): string[] {
    const found: string[] = [];
    for (const tool of TOOL_DEFINITIONS) {
      const schema = z.toJSONSchema(z.object(tool.input), { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { description?: string; format?: string }> };
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        const urlLike = /(^|_)(url|uri|href|link)$/i.test(name) || property.format === 'uri' || /e\.g\. '?https?:\/\//.test(property.description ?? '');
        if (urlLike) found.push(`${tool.name}.${name}`);
      }
    }
    return found.sort();
  }

  it('the only URL arguments are a remote link\'s address and icon, which Jira stores and nobody fetches', async () => {
    assert.deepEqual(urlArguments(), ['jira_create_remote_issue_link.icon_url', 'jira_create_remote_issue_link.url']);
    const foreign = await foreignHost();
    const h = await startHarness({ layout: 'cloud' });
    try {
      const result = await h.call('jira_create_remote_issue_link', { issue_key: 'DEMO-3', url: `${foreign.url}/pr/42`, title: 'PR 42', icon_url: `${foreign.url}/icon.png` });
      assert.equal(result.isError, undefined, result.text);
      const links = await h.call('jira_get_issue', { issue_key: 'DEMO-3', include: ['remote_links'] });
      assert.match(links.text, new RegExp(`${foreign.url}/pr/42`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
      assert.equal(foreign.seen.length, 0, 'the URL was stored, never fetched');
      assert.ok(h.sandbox.requests.every((request) => request.authorization !== undefined), 'every request went to the sandbox, with credentials');
    } finally {
      await h.close();
      await foreign.close();
    }
  });
});
