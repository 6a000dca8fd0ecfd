import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { startSandboxSession } from '../../src/sandbox/session.js';
import { SOURCE_COMMAND, runBundle } from '../helpers/bundle.js';
import { connect, secretFile, spawnServer, waitFor } from '../e2e/http-harness.js';

// The command line of the HTTP transport, from the sources (what coverage sees of main.ts and
// serveHttp); tests/e2e/http-process.test.ts runs the built bundle.

describe('main --transport http, from source', () => {
  it('serves until SIGTERM and exits 0; --stateless is honoured', async () => {
    const session = await startSandboxSession('dc');
    const token = 'source-cli-token-0123456789abcdef';
    const server = await spawnServer({ ...session.env, MCP_AUTH_TOKEN_FILE: secretFile(token) },
      { command: SOURCE_COMMAND, argv: ['--transport', 'http', '--stateless'] });
    try {
      assert.match(server.logs(), /"stateless":true/);
      const client = await connect(server.url, { Authorization: `Bearer ${token}` });
      assert.equal(client.transport.sessionId, undefined);
      assert.match((await client.call('jira_get_issue', { issue_key: 'DEMO-1' })).text, /^# DEMO-1\n/);
      await client.close();
      assert.equal(await server.stop(), 0);
      assert.match(server.logs(), /"msg":"stopped"/);
    } finally {
      server.child.kill('SIGKILL');
      await session.close();
    }
  });

  it('sandbox --transport http prints a configuration that connects, and stops cleanly', async () => {
    const server = await spawnServer({}, { command: SOURCE_COMMAND, argv: ['sandbox', '--transport', 'http'] });
    try {
      await waitFor('the client configuration', () => server.logs().includes('claude mcp add'), 10_000);
      const authorization = /"Authorization": "(Bearer [\w-]+)"/.exec(server.logs())?.[1];
      assert.ok(authorization);
      const client = await connect(server.url, { Authorization: authorization });
      assert.equal((await client.call('confluence_get_page', { page_id: '98305' })).isError, undefined);
      await client.close();
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });

  it('refuses a bad --transport, a missing token, and a port in use, naming what to fix', async () => {
    const bad = await runBundle(['--transport', 'sse'], {}, '', SOURCE_COMMAND);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--transport must be stdio or http, not "sse"/);
    const session = await startSandboxSession('dc');
    try {
      const noToken = await runBundle(['--transport', 'http'], session.env, '', SOURCE_COMMAND);
      assert.equal(noToken.code, 1);
      assert.match(noToken.stderr, /MCP_TRANSPORT=http needs MCP_AUTH_TOKEN_FILE/);
      const first = await spawnServer({ ...session.env, MCP_AUTH_TOKEN_FILE: secretFile('x'.repeat(32)) }, { command: SOURCE_COMMAND });
      const port = new URL(first.url).port;
      const taken = await runBundle(['--transport', 'http'], { ...session.env, MCP_AUTH_TOKEN_FILE: secretFile('x'.repeat(32)), MCP_PORT: port }, '', SOURCE_COMMAND);
      assert.equal(taken.code, 1);
      assert.match(taken.stderr, new RegExp(`MCP_PORT=${port}: the port is already in use`));
      assert.equal(await first.stop(), 0);
    } finally {
      await session.close();
    }
  });
});
