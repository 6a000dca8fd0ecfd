import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { loadConfig } from '../../src/config/index.js';
import { listedAnnotations } from '../../src/mcp/listing.js';
import { ALL_TOOLS } from '../../src/mcp/registry.js';
import { DEMO_CALLS, supportsFlavor } from '../../src/sandbox/demo.js';
import { LAYOUTS, startSandboxSession } from '../../src/sandbox/session.js';
import { BUNDLE, assertBundleBuilt, cleanEnv } from '../helpers/bundle.js';

import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { SandboxCredentials } from '../../src/sandbox/server.js';

// The built bundle, spawned over stdio with the SDK client, in every flavor and auth scheme.

/** Distinctive credentials, so a leak into logs or results cannot be missed. */
const CANARY: Partial<SandboxCredentials> = {
  cloudToken: 'canary-cloud-token-7f3a9c',
  dcPat: 'canary-dc-pat-5b2e81',
};
const secretsIn = (text: string) => [CANARY.cloudToken!, CANARY.dcPat!,
  Buffer.from(`alice@example.com:${CANARY.cloudToken}`).toString('base64')].filter((secret) => text.includes(secret));

before(assertBundleBuilt);

for (const layout of LAYOUTS) {
  describe(`stdio bundle, layout ${layout}`, () => {
    it('initialize, tools/list, every tool; exact Authorization headers; clean stdout; no secret in logs', async () => {
      const session = await startSandboxSession(layout, { credentials: CANARY });
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [BUNDLE],
        env: cleanEnv({ ...session.env, TOOLSETS: 'all', LOG_LEVEL: 'debug' }),
        stderr: 'pipe',
      });
      let stderr = '';
      transport.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      const transportErrors: Error[] = [];
      const client = new Client({ name: 'e2e', version: '1.0.0' });
      client.onerror = (error) => transportErrors.push(error);
      try {
        await client.connect(transport);
        assert.equal(client.getServerVersion()?.name, 'atlassian-mcp');
        assert.equal(client.getServerVersion()?.version, JSON.parse(readFileSync('package.json', 'utf8')).version);
        const { tools } = await client.listTools();
        assert.deepEqual(tools.map((tool) => tool.name).sort(), Object.keys(DEMO_CALLS).sort());
        const config = loadConfig(session.env);
        for (const tool of tools) {
          const definition = ALL_TOOLS.find((candidate) => candidate.name === tool.name)!;
          assert.deepEqual(tool.annotations, listedAnnotations(definition.kind));
          const result = (await client.callTool({ name: tool.name, arguments: DEMO_CALLS[tool.name] })) as CallToolResult;
          if (!supportsFlavor(tool.name, config)) {
            assert.equal(result.isError, true, `${tool.name} refuses this flavor`);
            continue;
          }
          assert.notEqual(result.isError, true, `${tool.name}: ${JSON.stringify(result.content)}`);
          assert.ok(result.structuredContent, `${tool.name} returns structuredContent`);
        }
        const expected: Record<string, string> = {
          'jira-cloud': `Basic ${Buffer.from(`alice@example.com:${CANARY.cloudToken}`).toString('base64')}`,
          'confluence-cloud': `Basic ${Buffer.from(`alice@example.com:${CANARY.cloudToken}`).toString('base64')}`,
          'jira-dc': `Bearer ${CANARY.dcPat}`,
          'confluence-dc': `Bearer ${CANARY.dcPat}`,
        };
        assert.ok(session.sandbox.requests.length >= 4);
        for (const request of session.sandbox.requests) {
          assert.equal(request.authorization, expected[request.site], `${request.site} ${request.path}`);
        }
        assert.deepEqual(session.sandbox.unmatched, []);
      } finally {
        await client.close();
        await session.close();
      }
      assert.deepEqual(transportErrors.map(String), [], 'stdout carried only valid MCP messages');
      assert.match(stderr, /"msg":"serving MCP"/, 'logs go to stderr as JSON lines');
      assert.match(stderr, /"msg":"upstream request"/);
      assert.deepEqual(secretsIn(stderr), [], 'no secret on stderr');
    });
  });
}

describe('stdout purity at the byte level', () => {
  it('every line the server writes to stdout is a JSON-RPC message', async () => {
    const session = await startSandboxSession('cloud-jira', { credentials: CANARY });
    try {
      const child = spawn(process.execPath, [BUNDLE], { env: cleanEnv({ ...session.env, LOG_LEVEL: 'trace' }), stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
      const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
      send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
      send({ jsonrpc: '2.0', method: 'notifications/initialized' });
      send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
      send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'jira_get_issue', arguments: { issue_key: 'DEMO-404' } } });
      send({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'jira_search', arguments: { jql: 'project = DEMO', limit: 2 } } });
      await new Promise<void>((resolve) => {
        const check = () => (stdout.includes('"id":4') ? resolve() : setTimeout(check, 20));
        check();
      });
      child.stdin.end();
      const code = await new Promise((resolve) => child.on('close', resolve));
      assert.equal(code, 0, 'exits cleanly when stdin closes');
      const lines = stdout.split('\n').filter(Boolean);
      assert.equal(lines.length, 4);
      for (const line of lines) {
        const message = JSON.parse(line) as { jsonrpc: string; id: number };
        assert.equal(message.jsonrpc, '2.0');
      }
      const notFound = JSON.parse(lines[2]!) as { result: CallToolResult };
      assert.equal(notFound.result.isError, true);
      assert.match((notFound.result.content[0] as { text: string }).text, /Jira: issue DEMO-404 not found \(HTTP 404\)/);
      assert.deepEqual(secretsIn(stdout), []);
    } finally {
      await session.close();
    }
  });
});
