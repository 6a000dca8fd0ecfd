import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { before, describe, it } from 'node:test';

import { startSandboxSession } from '../../src/sandbox/session.js';
import { assertBundleBuilt } from '../helpers/bundle.js';
import { connect, raw, secretFile, spawnServer, waitFor } from './http-harness.js';
import { TOKEN } from './http-suite.js';

import type { AddressInfo, Server } from 'node:net';

// What only a real process shows: signals, an inherited systemd socket, the sandbox command, its logs.

const AUTH = { Authorization: `Bearer ${TOKEN}` };

before(assertBundleBuilt);

/** A listening TCP socket, as systemd would create it for a .socket unit. */
async function listeningSocket(host: string): Promise<{ server: Server; fd: number; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const fd = (server as unknown as { _handle: { fd: number } })._handle.fd;
  return { server, fd, port: (server.address() as AddressInfo).port };
}

describe('HTTP daemon process (bundle)', () => {
  it('SIGTERM: stops accepting, lets the in-flight call finish, closes sessions, exits 0', async () => {
    const session = await startSandboxSession('cloud-jira');
    const server = await spawnServer({ ...session.env, MCP_AUTH_TOKEN_FILE: secretFile(TOKEN), MCP_SHUTDOWN_TIMEOUT_MS: '10000' });
    try {
      const client = await connect(server.url, AUTH);
      session.sandbox.injectFault({ path: '/issue/DEMO-1', delayMs: 1500 });
      const call = client.call('jira_get_issue', { issue_key: 'DEMO-1' });
      await waitFor('the upstream request', () => session.sandbox.requests.some((request) => request.path.endsWith('/DEMO-1')));
      server.child.kill('SIGTERM');
      await waitFor('the shutdown log line', () => server.logs().includes('shutting down'));
      await assert.rejects(raw(server.url, { path: '/healthz' }), /ECONNREFUSED/, 'no new connections');
      const result = await call;
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /^# DEMO-1\n/);
      assert.equal(await server.exited, 0);
      const logs = server.logs();
      assert.match(logs, /"reason":"SIGTERM","inflight":1,"sessions":1/);
      assert.ok(logs.indexOf('"tool":"jira_get_issue"') < logs.indexOf('"msg":"stopped"'), 'the call finished before the stop');
    } finally {
      server.child.kill('SIGKILL');
      await session.close();
    }
  });

  it('SIGINT with a call longer than MCP_SHUTDOWN_TIMEOUT_MS: the deadline wins, exit 0', async () => {
    const session = await startSandboxSession('cloud-jira');
    const server = await spawnServer({ ...session.env, MCP_AUTH_TOKEN_FILE: secretFile(TOKEN), MCP_SHUTDOWN_TIMEOUT_MS: '300' });
    try {
      const client = await connect(server.url, AUTH);
      session.sandbox.injectFault({ path: '/issue/DEMO-1', delayMs: 10_000 });
      const call = client.call('jira_get_issue', { issue_key: 'DEMO-1' }).catch((error: Error) => error);
      await waitFor('the upstream request', () => session.sandbox.requests.some((request) => request.path.endsWith('/DEMO-1')));
      const started = Date.now();
      server.child.kill('SIGINT');
      assert.equal(await server.exited, 0);
      assert.ok(Date.now() - started < 3000, 'did not wait for the 10 s call');
      assert.match(server.logs(), /shutdown deadline reached/);
      assert.ok(await call instanceof Error, 'the unfinished call failed on the client');
      await waitFor('the upstream request to be abandoned', () => session.sandbox.requests.some((request) => request.aborted === true));
    } finally {
      server.child.kill('SIGKILL');
      await session.close();
    }
  });

  it('systemd socket activation: serves on the inherited fd 3 when LISTEN_PID is its own pid', async () => {
    const session = await startSandboxSession('dc');
    const socket = await listeningSocket('127.0.0.1');
    let server;
    try {
      // MCP_PORT=1 could not be bound: serving proves the inherited socket is used.
      server = await spawnServer({ ...session.env, MCP_AUTH_TOKEN_FILE: secretFile(TOKEN), MCP_PORT: '1', LISTEN_FDS: '1' },
        { stdio: ['pipe', 'pipe', 'pipe', socket.fd], shell: 'LISTEN_PID=$$; export LISTEN_PID;' });
      socket.server.close(); // from now on only the child holds the socket
      assert.equal(new URL(server.url).port, String(socket.port));
      assert.match(server.logs(), /"socketActivated":true/);
      const client = await connect(server.url, AUTH);
      assert.match((await client.call('confluence_get_page', { page_id: '98305' })).text, /^\[untrusted content \w+ begins: Confluence page 98305 title[^\n]*\nRelease Notes 2\.4\n/);
      await client.close();
      assert.equal(await server.stop(), 0);
    } finally {
      server?.child.kill('SIGKILL');
      socket.server.close();
      await session.close();
    }
  });

  it('socket activation is ignored when LISTEN_PID names another process; unauthenticated is refused on a non-loopback socket', async () => {
    const session = await startSandboxSession('dc');
    const other = await spawnServer({ ...session.env, MCP_AUTH_TOKEN_FILE: secretFile(TOKEN), LISTEN_FDS: '1', LISTEN_PID: '1' });
    assert.match(other.logs(), /"socketActivated":false/);
    assert.equal(await other.stop(), 0);
    const exposed = await listeningSocket('0.0.0.0');
    try {
      await assert.rejects(
        spawnServer({ ...session.env, MCP_ALLOW_UNAUTHENTICATED: 'true', LISTEN_FDS: '1' },
          { stdio: ['pipe', 'pipe', 'pipe', exposed.fd], shell: 'LISTEN_PID=$$; export LISTEN_PID;' }),
        /exited with 1 before serving:[^]*MCP_ALLOW_UNAUTHENTICATED=true is refused: the socket listens on 0\.0\.0\.0/);
    } finally {
      exposed.server.close();
      await session.close();
    }
  });

  it('one JSON log line per tool call (tool, duration, outcome, upstream status), no arguments, nothing on stdout', async () => {
    const session = await startSandboxSession('cloud-jira');
    const server = await spawnServer({ ...session.env, MCP_AUTH_TOKEN_FILE: secretFile(TOKEN) });
    let stdout = '';
    server.child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    try {
      const client = await connect(server.url, AUTH);
      await client.call('jira_search', { jql: 'summary ~ "private-words-7d1e"', limit: 1 });
      await client.call('jira_get_issue', { issue_key: 'DEMO-404' });
      await client.call('jira_get_issue', { issue_key: 'DEMO-1' });
      await client.close();
      assert.equal(await server.stop(), 0);
      const calls = server.logs().split('\n').filter((line) => line.includes('"msg":"tool call"')).map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.deepEqual(calls.map(({ tool, outcome, upstreamStatus }) => ({ tool, outcome, upstreamStatus })), [
        { tool: 'jira_search', outcome: 'ok', upstreamStatus: undefined },
        { tool: 'jira_get_issue', outcome: 'error', upstreamStatus: 404 },
        { tool: 'jira_get_issue', outcome: 'ok', upstreamStatus: undefined },
      ]);
      assert.ok(calls.every((line) => typeof line.ms === 'number' && line.level === 'info'));
      assert.doesNotMatch(server.logs(), /private-words-7d1e|sandbox-cloud-api-token/, 'neither arguments nor credentials');
      assert.equal(stdout, '');
    } finally {
      server.child.kill('SIGKILL');
      await session.close();
    }
  });

  it('`sandbox --transport http` prints the client configuration (URL and header) that connects', async () => {
    const server = await spawnServer({}, { argv: ['sandbox', '--transport', 'http'] });
    try {
      await waitFor('the client configuration', () => server.logs().includes('claude mcp add'));
      const text = server.logs();
      const json = text.slice(text.indexOf('{\n'), text.indexOf('\n}\n') + 2);
      const entry = (JSON.parse(json) as { mcpServers: Record<string, { type: string; url: string; headers: Record<string, string> }> })
        .mcpServers['atlassian-sandbox']!;
      assert.equal(entry.type, 'http');
      assert.equal(entry.url, server.url);
      assert.match(text, new RegExp(`claude mcp add --transport http atlassian-sandbox ${entry.url} --header "Authorization: Bearer [\\w-]+"`));
      const client = await connect(entry.url, entry.headers);
      assert.match((await client.call('jira_get_issue', { issue_key: 'DEMO-1' })).text, /^# DEMO-1\n/);
      await client.close();
      assert.equal((await raw(entry.url, { method: 'POST', body: {} })).status, 401, 'the token is required');
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });
});
