import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { listedAnnotations } from '../../src/mcp/listing.js';
import { ALL_TOOLS } from '../../src/mcp/registry.js';
import { startSandboxSession } from '../../src/sandbox/session.js';
import { INITIALIZE, connect, raw, secretFile, waitFor } from './http-harness.js';

import type { SandboxLayout, SandboxSession } from '../../src/sandbox/session.js';
import type { StartServer } from './http-harness.js';

// The behaviour of the HTTP transport, run twice: in process (tests/integration/http.test.ts, for
// coverage) and against the built bundle (tests/e2e/http.test.ts).

export const TOKEN = 'mcp-bearer-canary-3c9d2e7f4a1b8c6d';
const CLOUD_TOKEN = 'canary-cloud-token-http-91f2';
const AUTH = { Authorization: `Bearer ${TOKEN}` };
export const basic = (user: string, token: string) => `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;

/** A sandbox, and a server in front of it with the bearer token; both stopped by the returned function. */
async function serve(start: StartServer, env: Record<string, string> = {}, layout: SandboxLayout = 'cloud-jira') {
  const session = await startSandboxSession(layout, { credentials: { cloudToken: CLOUD_TOKEN } });
  const server = await start({ ...session.env, MCP_AUTH_TOKEN_FILE: secretFile(TOKEN), ...env });
  const stop = async () => {
    const code = await server.stop();
    await session.close();
    assert.deepEqual(session.sandbox.unmatched, [], 'requests to routes the sandbox does not know');
    return code;
  };
  return { session, server, stop };
}

export function httpSuite(label: string, start: StartServer): void {
  describe(`HTTP transport (${label})`, () => {
    it('sessions: initialize opens one, calls work, tools keep their annotations, DELETE ends it (then 404)', async () => {
      const { server, stop } = await serve(start);
      try {
        const first = await connect(server.url, AUTH);
        const second = await connect(server.url, AUTH);
        assert.match(first.transport.sessionId ?? '', /^[0-9a-f-]{36}$/);
        assert.notEqual(first.transport.sessionId, second.transport.sessionId);
        const { tools } = await first.client.listTools();
        for (const tool of tools) {
          const definition = ALL_TOOLS.find((candidate) => candidate.name === tool.name)!;
          assert.deepEqual(tool.annotations, listedAnnotations(definition.kind), tool.name);
        }
        const issue = await first.call('jira_get_issue', { issue_key: 'DEMO-1' });
        assert.equal(issue.isError, undefined, issue.text);
        assert.equal((issue.structuredContent as { key: string }).key, 'DEMO-1');
        const ended = first.transport.sessionId!;
        await first.transport.terminateSession();
        const gone = await raw(server.url, { method: 'POST', headers: { ...AUTH, 'mcp-session-id': ended }, body: { jsonrpc: '2.0', id: 2, method: 'tools/list' } });
        assert.equal(gone.status, 404);
        assert.equal((JSON.parse(gone.body) as { error: { code: number } }).error.code, -32001);
        const stillThere = await second.call('jira_search', { jql: 'project = DEMO', limit: 2 });
        assert.equal(stillThere.isError, undefined, 'the other session is untouched');
        const noSession = await raw(server.url, { method: 'POST', headers: AUTH, body: { jsonrpc: '2.0', id: 3, method: 'tools/list' } });
        assert.equal(noSession.status, 400, 'anything but initialize needs a session');
        await first.close();
        await second.close();
      } finally {
        await stop();
      }
    });

    it('an idle session expires after MCP_SESSION_TTL_MS; one in use does not', async () => {
      const { server, stop } = await serve(start, { MCP_SESSION_TTL_MS: '400' });
      try {
        const idle = await connect(server.url, AUTH);
        const busy = await connect(server.url, AUTH);
        const idleId = idle.transport.sessionId!;
        for (let i = 0; i < 8; i += 1) {
          await new Promise((resolve) => setTimeout(resolve, 150));
          assert.equal((await busy.call('jira_get_issue', { issue_key: 'DEMO-2' })).isError, undefined);
        }
        const expired = await raw(server.url, { method: 'POST', headers: { ...AUTH, 'mcp-session-id': idleId }, body: { jsonrpc: '2.0', id: 9, method: 'tools/list' } });
        assert.equal(expired.status, 404, 'the idle session was closed');
        await assert.rejects(idle.client.listTools(), /404|Session not found/);
        await busy.close();
        await idle.close();
      } finally {
        await stop();
      }
    });

    it('stateless: no session id, every POST answered by a fresh server, GET and DELETE refused', async () => {
      const { server, stop } = await serve(start, { MCP_STATELESS: 'true' });
      try {
        const client = await connect(server.url, AUTH);
        assert.equal(client.transport.sessionId, undefined);
        assert.equal((await client.call('jira_get_issue', { issue_key: 'DEMO-1' })).isError, undefined);
        assert.equal((await client.call('confluence_get_page', { page_id: '98305' })).isError, undefined);
        for (const method of ['GET', 'DELETE']) {
          const refused = await raw(server.url, { method, headers: { ...AUTH, accept: 'text/event-stream' } });
          assert.equal(refused.status, 405, method);
          assert.equal(refused.headers.allow, 'POST');
        }
        await client.close();
      } finally {
        await stop();
      }
    });

    it('bearer token: 401 without it or with a wrong one; a rotated token file is picked up', async () => {
      const session = await startSandboxSession('cloud-jira');
      const tokenFile = secretFile(TOKEN);
      const server = await start({ ...session.env, MCP_AUTH_TOKEN_FILE: tokenFile });
      try {
        for (const headers of [{}, { Authorization: 'Bearer wrong-token' }, { Authorization: `Basic ${TOKEN}` }, { Authorization: 'Bearer' }] as Record<string, string>[]) {
          const refused = await raw(server.url, { method: 'POST', headers, body: INITIALIZE });
          assert.equal(refused.status, 401, JSON.stringify(headers));
          assert.equal(refused.headers['www-authenticate'], 'Bearer realm="atlassian-mcp"');
          assert.doesNotMatch(refused.body, new RegExp(TOKEN));
        }
        assert.equal((await raw(server.url, { path: '/readyz' })).status, 401, '/readyz needs the token too');
        await assert.rejects(connect(server.url, { Authorization: 'Bearer wrong-token' }), /unauthorized/);
        const client = await connect(server.url, AUTH);
        writeFileSync(tokenFile, 'rotated-token-0123456789abcdef\n');
        const rotated = await raw(server.url, { method: 'POST', headers: { Authorization: 'Bearer rotated-token-0123456789abcdef' }, body: INITIALIZE });
        assert.equal(rotated.status, 200, 'the new token works without a restart');
        assert.equal((await raw(server.url, { method: 'POST', headers: AUTH, body: INITIALIZE })).status, 401, 'the old one no longer does');
        await client.close();
        assert.doesNotMatch(server.logs(), new RegExp(`${TOKEN}|rotated-token|wrong-token`), 'tokens never logged');
      } finally {
        await server.stop();
        await session.close();
      }
    });

    it('DNS rebinding: a foreign Host or Origin gets 403; loopback and configured names pass; CORS preflight', async () => {
      const { server, stop } = await serve(start, { MCP_ALLOWED_HOSTS: 'mcp.internal', MCP_ALLOWED_ORIGINS: 'https://app.example.com' });
      try {
        const port = new URL(server.url).port;
        const post = (headers: Record<string, string>) => raw(server.url, { method: 'POST', headers: { ...AUTH, ...headers }, body: INITIALIZE });
        assert.equal((await post({ host: `evil.example:${port}` })).status, 403);
        assert.equal((await post({ host: `attacker.127.0.0.1.nip.io:${port}` })).status, 403);
        assert.equal((await post({ origin: 'http://evil.example' })).status, 403);
        assert.equal((await post({ origin: 'null' })).status, 403);
        const foreign = await post({ origin: 'https://evil.example', host: `evil.example:${port}` });
        assert.match(foreign.body, /MCP_ALLOWED_HOSTS/);
        assert.equal((await post({ host: `localhost:${port}` })).status, 200);
        assert.equal((await post({ host: `mcp.internal:${port}` })).status, 200);
        assert.equal((await post({ origin: 'http://localhost:5173' })).status, 200);
        const allowed = await post({ origin: 'https://app.example.com' });
        assert.equal(allowed.status, 200);
        assert.equal(allowed.headers['access-control-allow-origin'], 'https://app.example.com');
        const preflight = await raw(server.url, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
        assert.equal(preflight.status, 204, 'a preflight carries no token and is answered');
        assert.match(String(preflight.headers['access-control-allow-headers']), /mcp-session-id/);
        assert.equal((await raw(server.url, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } })).status, 403);
      } finally {
        await stop();
      }
    });

    it('/healthz answers anyone with liveness only; /readyz reports each product\'s who-am-I', async () => {
      const { server, session, stop } = await serve(start);
      try {
        const health = await raw(server.url, { path: '/healthz', headers: { host: 'anything.example' } });
        assert.equal(health.status, 200);
        assert.deepEqual(JSON.parse(health.body), { status: 'ok' });
        const ready = await raw(server.url, { path: '/readyz', headers: AUTH });
        assert.equal(ready.status, 200);
        const body = JSON.parse(ready.body) as { ready: boolean; products: Record<string, { ok: boolean; status: number }> };
        assert.equal(body.ready, true);
        assert.deepEqual(Object.keys(body.products).sort(), ['confluence', 'jira']);
        assert.ok(body.products.jira!.ok && body.products.confluence!.ok);
        assert.ok(session.sandbox.requests.some((request) => request.path === '/rest/api/3/myself'), 'Jira was asked who-am-I');
        assert.equal((await raw(server.url, { path: '/nowhere', headers: AUTH })).status, 404);
      } finally {
        await stop();
      }
      const failing = await serve(start);
      try {
        failing.session.sandbox.setCredentials({ cloudToken: 'revoked' });
        const ready = await raw(failing.server.url, { path: '/readyz', headers: AUTH });
        assert.equal(ready.status, 503);
        const body = JSON.parse(ready.body) as { ready: boolean; products: Record<string, { ok: boolean; status?: number; error?: string }> };
        assert.equal(body.ready, false);
        assert.equal(body.products.jira!.status, 401);
        assert.match(body.products.jira!.error!, /JIRA_URL=.*JIRA_USERNAME/);
        assert.equal(body.products.confluence!.ok, true, 'Confluence (a PAT) still answers');
        assert.doesNotMatch(ready.body, new RegExp(CLOUD_TOKEN));
      } finally {
        await failing.stop();
      }
    });

    it('resources: jira://issue/{key} and confluence://page/{id} read as the tools render them', async () => {
      const { server, stop } = await serve(start);
      try {
        const client = await connect(server.url, AUTH);
        const { resourceTemplates } = await client.client.listResourceTemplates();
        assert.deepEqual(resourceTemplates.map((template) => template.uriTemplate).sort(), ['confluence://page/{id}', 'jira://issue/{key}']);
        const issue = await client.client.readResource({ uri: 'jira://issue/DEMO-1' });
        assert.deepEqual(issue.contents.map((content) => [content.uri, content.mimeType]), [['jira://issue/DEMO-1', 'text/markdown']]);
        assert.equal((issue.contents[0] as { text: string }).text, (await client.call('jira_get_issue', { issue_key: 'DEMO-1' })).text);
        const page = await client.client.readResource({ uri: 'confluence://page/98305' });
        assert.equal((page.contents[0] as { text: string }).text, (await client.call('confluence_get_page', { page_id: '98305' })).text);
        await assert.rejects(client.client.readResource({ uri: 'jira://issue/DEMO-404' }), (error: Error & { code?: number }) =>
          error.code === -32002 && /DEMO-404 not found/.test(error.message));
        await assert.rejects(client.client.readResource({ uri: 'confluence://page/release-notes' }), /a numeric page id/);
        await client.close();
      } finally {
        await stop();
      }
    });

    it('progress: a bulk create sends progress notifications when the client asks for them', async () => {
      const { server, session, stop } = await serve(start);
      try {
        const client = await connect(server.url, AUTH);
        const issues = Array.from({ length: 120 }, (_, index) => ({ project_key: 'OPS', issue_type: 'Task', summary: `Rotate key ${index}` }));
        const updates: { progress: number; total?: number }[] = [];
        const result = await client.client.callTool({ name: 'jira_batch_create_issues', arguments: { issues } }, undefined,
          { onprogress: (update) => updates.push(update) });
        assert.notEqual(result.isError, true, JSON.stringify(result.content));
        // Jira creates at most 50 issues per request: three requests, progress before and after each.
        assert.equal(session.sandbox.requests.filter((request) => request.path.endsWith('/issue/bulk')).length, 3);
        assert.deepEqual(updates.map(({ progress, total }) => [progress, total]), [[0, 120], [50, 120], [100, 120], [120, 120]]);
        await client.close();
      } finally {
        await stop();
      }
    });

    it('cancellation: an aborted call aborts its upstream request, and the session goes on', async () => {
      const { server, session, stop } = await serve(start);
      try {
        const client = await connect(server.url, AUTH);
        session.sandbox.injectFault({ path: '/issue/DEMO-3', delayMs: 5000 });
        const controller = new AbortController();
        const call = client.client.callTool({ name: 'jira_get_issue', arguments: { issue_key: 'DEMO-3' } }, undefined, { signal: controller.signal });
        await waitFor('the upstream request', () => session.sandbox.requests.some((request) => request.path.endsWith('/issue/DEMO-3')));
        const started = Date.now();
        controller.abort();
        await assert.rejects(call, /abort/i);
        await waitFor('the upstream request to be closed', () =>
          session.sandbox.requests.some((request) => request.path.endsWith('/issue/DEMO-3') && request.aborted === true), 2000);
        assert.ok(Date.now() - started < 2000, 'aborted long before the 5 s answer');
        assert.equal((await client.call('jira_get_issue', { issue_key: 'DEMO-1' })).isError, undefined);
        await waitFor('the log line', () => /"tool":"jira_get_issue"[^\n]*"outcome":"cancelled"/.test(server.logs()));
        await client.close();
      } finally {
        await stop();
      }
    });

    teamModeCases(start);
  });
}

function teamModeCases(start: StartServer): void {
  const alice = { user: 'alice@example.com', token: CLOUD_TOKEN };
  const dan = { user: 'dan@example.com', token: 'sandbox-unlicensed-api-token' };
  const headersOf = (who: { user: string; token: string }) => ({
    ...AUTH, 'X-Atlassian-Username': who.user, 'X-Atlassian-Jira-Token': who.token, 'X-Atlassian-Confluence-Token': who.token,
  });
  /** Team mode on Cloud: URLs only, no server credentials. */
  const teamEnv = (session: SandboxSession) => ({
    JIRA_URL: session.env.JIRA_URL!, CONFLUENCE_URL: session.env.CONFLUENCE_URL!, ATLASSIAN_MODE: 'cloud', MCP_TEAM_MODE: 'true',
  });

  it('team mode: two users at once, each upstream request carries its own caller\'s Authorization', async () => {
    const session = await startSandboxSession('cloud', { credentials: { cloudToken: CLOUD_TOKEN } });
    const server = await start({ ...teamEnv(session), MCP_AUTH_TOKEN_FILE: secretFile(TOKEN), TOOLSETS: 'all' });
    try {
      // Every upstream answer is delayed a little, so the two users' requests overlap in the server.
      session.sandbox.injectFault({ delayMs: 25, times: 1000 });
      const [first, second] = await Promise.all([connect(server.url, headersOf(alice)), connect(server.url, headersOf(dan))]);
      const rounds = Array.from({ length: 8 }, () => [
        first.call('jira_get_issue', { issue_key: 'DEMO-1' }), second.call('jira_get_issue', { issue_key: 'DEMO-2' }),
        first.call('confluence_get_page', { page_id: '98305' }), second.call('confluence_get_page', { page_id: '98301' }),
      ]).flat();
      const results = await Promise.all(rounds);
      results.forEach((result, index) => {
        if (index % 2 === 0) assert.equal(result.isError, undefined, `Alice's call ${index}: ${result.text}`);
        else assert.match(result.text, /HTTP 403/, `Dan, without product access, is refused as himself (${index})`);
      });
      // Dan's calls stop at their first request (403); everything else, page and space lookups, is Alice's.
      const isDans = (path: string) => path.endsWith('/DEMO-2') || path.endsWith('/98301');
      const requests = [...session.sandbox.requests];
      assert.equal(requests.filter((request) => isDans(request.path)).length, 16);
      assert.ok(requests.filter((request) => !isDans(request.path)).length >= 16);
      for (const request of requests) {
        const expected = isDans(request.path) ? basic(dan.user, dan.token) : basic(alice.user, alice.token);
        assert.equal(request.authorization, expected, `${request.site} ${request.path}`);
      }
      const anonymous = await connect(server.url, AUTH);
      const refused = await anonymous.call('jira_get_issue', { issue_key: 'DEMO-1' });
      assert.equal(refused.isError, true);
      assert.match(refused.text, /team mode: send your own Jira credentials.*X-Atlassian-Username \+ X-Atlassian-Jira-Token/);
      const withPat = await connect(server.url, { ...AUTH, 'X-Atlassian-Jira-Pat': 'a-pat' });
      assert.match((await withPat.call('jira_get_issue', { issue_key: 'DEMO-1' })).text, /Atlassian Cloud, which does not accept personal access tokens/);
      assert.equal(session.sandbox.requests.length, requests.length, 'refused callers never reached the sandbox');
      const wrong = await connect(server.url, headersOf({ user: alice.user, token: 'wrong-caller-token-5a7c' }));
      const rejected = await wrong.call('jira_get_issue', { issue_key: 'DEMO-1' });
      assert.match(rejected.text, /HTTP 401.*the token in the X-Atlassian-Jira-Token request header/);
      assert.doesNotMatch(rejected.text, /wrong-caller-token/, 'the caller\'s token is never echoed');
      const ready = JSON.parse((await raw(server.url, { path: '/readyz', headers: AUTH })).body) as { products: { jira: { credentials?: string } } };
      assert.equal(ready.products.jira.credentials, 'caller');
      await Promise.all([first.close(), second.close(), anonymous.close(), withPat.close(), wrong.close()]);
      assert.doesNotMatch(server.logs(), new RegExp(`${CLOUD_TOKEN}|${dan.token}|${TOKEN}|wrong-caller-token`), 'no caller token in the logs');
    } finally {
      await server.stop();
      await session.close();
    }
  });

  it('team mode with MCP_TEAM_FALLBACK: a caller without credentials is served with the server\'s own', async () => {
    const session = await startSandboxSession('cloud', { credentials: { cloudToken: CLOUD_TOKEN } });
    const server = await start({ ...session.env, MCP_TEAM_MODE: 'true', MCP_TEAM_FALLBACK: 'true', MCP_AUTH_TOKEN_FILE: secretFile(TOKEN) });
    try {
      const anonymous = await connect(server.url, AUTH);
      const caller = await connect(server.url, headersOf(dan));
      assert.equal((await anonymous.call('jira_get_issue', { issue_key: 'DEMO-1' })).isError, undefined);
      assert.match((await caller.call('jira_get_issue', { issue_key: 'DEMO-2' })).text, /HTTP 403/);
      const byPath = (key: string) => session.sandbox.requests.find((request) => request.path.endsWith(`/${key}`))?.authorization;
      assert.equal(byPath('DEMO-1'), basic('alice@example.com', CLOUD_TOKEN), 'the server account');
      assert.equal(byPath('DEMO-2'), basic(dan.user, dan.token), 'the caller\'s own, not the server\'s');
      await Promise.all([anonymous.close(), caller.close()]);
    } finally {
      await server.stop();
      await session.close();
    }
  });
}
