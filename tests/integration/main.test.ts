import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { loadConfig } from '../../src/config/index.js';
import { runDoctor } from '../../src/doctor.js';
import { createLogger } from '../../src/log.js';
import { KNOWN_NAMES, selectTools } from '../../src/mcp/registry.js';
import { startSandboxSession } from '../../src/sandbox/session.js';
import { SOURCE_COMMAND, cleanEnv, runBundle } from '../helpers/bundle.js';

// The command line run from the TypeScript sources (tests/e2e runs the same against the built bundle):
// these runs are what coverage sees of main.ts and the stdio transport.

const run = (args: string[], env: Record<string, string> = {}) => runBundle(args, env, '', SOURCE_COMMAND);

describe('main, from source', () => {
  it('serves MCP over stdio with the configured products and exits when stdin closes', async () => {
    const session = await startSandboxSession('dc');
    const transport = new StdioClientTransport({ command: process.execPath, args: SOURCE_COMMAND, env: cleanEnv(session.env), stderr: 'pipe' });
    const client = new Client({ name: 'source', version: '1.0.0' });
    try {
      await client.connect(transport);
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((tool) => tool.name), selectTools(loadConfig(session.env)).map((tool) => tool.name));
      const result = await client.callTool({ name: 'confluence_get_page', arguments: { page_id: '98305' } });
      assert.match((result.content as { text: string }[])[0]!.text, /^\[untrusted content \w+ begins: Confluence page 98305 title[^\n]*\nRelease Notes 2\.4\n/);
    } finally {
      await client.close();
      await session.close();
    }
  });

  it('help, version, tools, unknown command, configuration error, demo', async () => {
    assert.match((await run(['--help'])).stdout, /atlassian-mcp sandbox --demo/);
    assert.equal((await run(['--version'])).stdout, '0.0.0-dev\n');
    const tools = await run(['tools', '--all']);
    assert.match(tools.stdout, /^jira_get_issue +jira_issues +read$/m);
    const extra = await run(['tools', 'extra']);
    assert.equal(extra.code, 2);
    assert.match(extra.stderr, /unexpected argument "extra"/);
    const bad = await run(['tools'], { CONFLUENCE_URL: 'https://wiki.acme.com' });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /CONFLUENCE_URL is set but no credentials/);
    const demo = await run(['sandbox', '--demo']);
    assert.equal(demo.code, 0, demo.stderr);
    assert.match(demo.stdout, /Every tool answered\./);
  });

  it('doctor checks products in process, and exits 1 from the command line when one fails', async () => {
    const session = await startSandboxSession('cloud');
    try {
      const lines: string[] = [];
      const healthy = await runDoctor(loadConfig({ ...session.env, READ_ONLY_MODE: 'true' }, KNOWN_NAMES), createLogger('silent'), (line) => lines.push(line));
      assert.equal(healthy, true);
      assert.ok(lines.includes('  Flavor: cloud (REST v2, v1 for CQL search)'));
      assert.ok(lines.some((line) => /^\nTools: \d+ exposed \(read-only mode\)/.test(line)));
      const jiraOnly = { ...session.env, CONFLUENCE_URL: '', CONFLUENCE_USERNAME: '', CONFLUENCE_TOKEN_FILE: '' };
      const doctor = await run(['doctor'], { ...jiraOnly, JIRA_USERNAME: 'mallory@example.com' });
      assert.equal(doctor.code, 1);
      assert.match(doctor.stdout, /FAILED: Jira refused the request \(HTTP 401\)/);
      assert.match(doctor.stdout, /Confluence: not configured \(set CONFLUENCE_URL to enable it\)/);
    } finally {
      await session.close();
    }
  });
});
