import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { before, describe, it } from 'node:test';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { ALL_TOOLS } from '../../src/mcp/registry.js';
import { startSandboxSession } from '../../src/sandbox/session.js';
import { BUNDLE, assertBundleBuilt, cleanEnv, runBundle } from '../helpers/bundle.js';

import type { AddressInfo } from 'node:net';

// The command line of the built bundle: --version, --help, tools, doctor, sandbox, and startup errors.

const VERSION = JSON.parse(readFileSync('package.json', 'utf8')).version as string;

before(assertBundleBuilt);

describe('atlassian-mcp command line', () => {
  it('--version and --help', async () => {
    const version = await runBundle(['--version'], {});
    assert.equal(version.code, 0);
    assert.equal(version.stdout, `${VERSION}\n`);
    const help = await runBundle(['--help'], {});
    assert.equal(help.code, 0);
    for (const command of ['doctor', 'tools [--json] [--all]', 'sandbox --demo']) assert.ok(help.stdout.includes(command), command);
  });

  it('unknown commands and arguments exit 2 with a pointer to --help', async () => {
    const result = await runBundle(['frobnicate'], {});
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'atlassian-mcp: unknown command "frobnicate"; see atlassian-mcp --help\n');
    assert.equal((await runBundle(['--bogus'], {})).code, 1);
  });

  it('a misconfiguration stops startup with one message on stderr and nothing on stdout', async () => {
    const result = await runBundle([], { JIRA_URL: 'https://acme.atlassian.net', LOG_LEVEL: 'loud' });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr,
      'atlassian-mcp cannot start: the configuration has 2 problems:\n' +
      '  - LOG_LEVEL: Value "loud" not in choices [fatal,error,warn,info,debug,trace,silent]\n' +
      '  - JIRA_URL is set but no credentials: set JIRA_USERNAME and JIRA_TOKEN_FILE (Cloud) or JIRA_PAT_FILE (Server/DC)\n' +
      'See docs/configuration.md for every variable.\n');
    const none = await runBundle([], {});
    assert.equal(none.code, 1);
    assert.match(none.stderr, /No product is configured: .* or try `atlassian-mcp sandbox`/);
  });

  it('tools lists what the configuration exposes; --all lists everything without configuration', async () => {
    const session = await startSandboxSession('cloud-jira');
    try {
      const json = await runBundle(['tools', '--json'], { ...session.env, TOOLSETS: 'jira_issues' });
      assert.equal(json.code, 0, json.stderr);
      assert.deepEqual(JSON.parse(json.stdout), ALL_TOOLS.filter((tool) => tool.toolset === 'jira_issues')
        .map(({ name, toolset, kind, title }) => ({ name, toolset, kind, title })));
    } finally {
      await session.close();
    }
    const all = await runBundle(['tools', '--all'], {});
    assert.equal(all.code, 0);
    assert.match(all.stdout, /^jira_search +jira_issues +read$/m);
    assert.match(all.stdout, /^confluence_get_page +confluence_pages +read$/m);
    assert.match(all.stdout, new RegExp(`${ALL_TOOLS.length} tools\\. Toolsets: jira_issues \\(default\\)`));
  });
});

describe('atlassian-mcp doctor', () => {
  it('reports URL, flavor, auth scheme and secret source per product, and who it authenticated as', async () => {
    const session = await startSandboxSession('cloud-jira');
    try {
      const result = await runBundle(['doctor'], session.env);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      const out = result.stdout;
      assert.ok(out.includes(`URL:    ${session.env.JIRA_URL} (JIRA_URL)`));
      assert.ok(out.includes('Flavor: cloud (REST v3 + Agile 1.0)'));
      assert.ok(out.includes(`Auth:   Basic as alice@example.com, API token from file ${session.env.JIRA_TOKEN_FILE} (JIRA_TOKEN_FILE)`));
      assert.ok(out.includes('Check:  ok, authenticated as Alice Nguyen <alice@example.com> (accountId 5f8a1c2e9b3d4a0071e4c001)'));
      assert.ok(out.includes('Flavor: server-dc (REST v1)'));
      assert.ok(out.includes(`Auth:   Bearer personal access token from file ${session.env.CONFLUENCE_PAT_FILE} (CONFLUENCE_PAT_FILE)`));
      assert.ok(out.includes('Check:  ok, authenticated as Alice Nguyen (username alice)'));
      assert.ok(out.includes('All configured products authenticated.'));
      assert.ok(!out.includes(session.sandbox.credentials.cloudToken) && !out.includes(session.sandbox.credentials.dcPat));
    } finally {
      await session.close();
    }
  });

  it('a rejected token exits 1 and says "token rejected for JIRA_URL=…"; warnings are shown', async () => {
    const session = await startSandboxSession('cloud-confluence');
    try {
      writeFileSync(session.env.JIRA_PAT_FILE!, 'wrong-pat\n');
      chmodSync(session.env.JIRA_PAT_FILE!, 0o644);
      const result = await runBundle(['doctor'], session.env);
      assert.equal(result.code, 1);
      assert.ok(result.stdout.includes(`Check:  FAILED: Jira refused the request (HTTP 401). Jira said: Client must be authenticated to access this resource. Token rejected for JIRA_URL=${session.env.JIRA_URL}: ` +
        `check the personal access token in file ${session.env.JIRA_PAT_FILE} (JIRA_PAT_FILE) (expired or revoked?).`), result.stdout);
      assert.ok(result.stdout.includes('Check:  ok, authenticated as Alice Nguyen <alice@example.com>'), 'Confluence still checked');
      assert.ok(result.stdout.includes('Confluence Cloud lives under /wiki'));
      assert.ok(result.stdout.includes(`JIRA_PAT_FILE=${session.env.JIRA_PAT_FILE} is readable by group or others (mode 644)`));
      assert.ok(!result.stdout.includes('wrong-pat'));
    } finally {
      await session.close();
    }
  });

  it('names a refused connection and a DNS failure', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const session = await startSandboxSession('dc');
    try {
      const refused = await runBundle(['doctor'], { ...session.env, JIRA_URL: `http://127.0.0.1:${port}` });
      assert.equal(refused.code, 1);
      assert.ok(refused.stdout.includes(`Check:  FAILED: Connection refused by 127.0.0.1:${port}: check JIRA_URL and that the server is running`), refused.stdout);
      const dns = await runBundle(['doctor'], { ...session.env, CONFLUENCE_URL: 'https://no-such-host.invalid' });
      assert.equal(dns.code, 1);
      assert.ok(dns.stdout.includes('Check:  FAILED: DNS lookup failed for no-such-host.invalid: check CONFLUENCE_URL'), dns.stdout);
    } finally {
      await session.close();
    }
  });
});

describe('atlassian-mcp sandbox', () => {
  it('serves MCP over stdio against the built-in site and prints the client configuration on stderr', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [BUNDLE, 'sandbox'], env: cleanEnv({}), stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    try {
      await client.connect(transport);
      const result = await client.callTool({ name: 'jira_get_issue', arguments: { issue_key: 'DEMO-3' } });
      assert.notEqual(result.isError, true);
      assert.match((result.content as { text: string }[])[0]!.text, /^# DEMO-3\n[^]*\nSummary: Export invoices as CSV\n/);
    } finally {
      await client.close();
    }
    assert.match(stderr, /Serving MCP over stdio\. To connect an MCP client, add this to its configuration:/);
    const json = stderr.slice(stderr.indexOf('{'), stderr.indexOf('\n}\n') + 2);
    assert.deepEqual(JSON.parse(json), { mcpServers: { 'atlassian-sandbox': { command: process.execPath, args: [BUNDLE, 'sandbox'] } } });
  });

  it('--demo calls every tool in both mixed layouts and exits 0', async () => {
    const result = await runBundle(['sandbox', '--demo'], {});
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /==== Jira Cloud \(Basic auth\) \+ Confluence Data Center \(Bearer PAT\) ====/);
    assert.match(result.stdout, /==== Jira Data Center \(Bearer PAT\) \+ Confluence Cloud \(Basic auth\) ====/);
    assert.equal(result.stdout.split('\n---- ').length - 1, ALL_TOOLS.length * 2);
    assert.doesNotMatch(result.stdout, /\(ERROR\)/);
    assert.match(result.stdout, /Every tool answered\.\n$/);
  });
});
