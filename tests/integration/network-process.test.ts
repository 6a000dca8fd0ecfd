import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { startSandboxSession } from '../../src/sandbox/session.js';
import { SOURCE_COMMAND, cleanEnv, runBundle } from '../helpers/bundle.js';
import { startTestProxy } from '../helpers/proxy.js';
import { createTestPki } from '../helpers/tls.js';

import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { SandboxSession } from '../../src/sandbox/session.js';
import type { TestProxy } from '../helpers/proxy.js';
import type { TestPki } from '../helpers/tls.js';

// The program as a separate process: NODE_EXTRA_CA_CERTS is read by Node when the process starts, so
// only a spawned process can show it works. The same run goes through a proxy with credentials and
// logs at debug level: stderr has the startup warning and never the proxy's password.

const PROXY_PASSWORD = 'spawned-proxy-pa55word';
const PROXY_CREDENTIALS = `robot:${PROXY_PASSWORD}`;

let pki: TestPki;
let session: SandboxSession;
let proxy: TestProxy;
before(async () => {
  pki = createTestPki();
  session = await startSandboxSession('dc', { tls: { key: pki.server.key, cert: pki.server.cert } });
  proxy = await startTestProxy({ credentials: PROXY_CREDENTIALS });
});
after(async () => {
  await proxy.close();
  await session.close();
  pki.remove();
});

async function callOverStdio(env: Record<string, string>): Promise<{ jira: CallToolResult & { text: string }; confluence: CallToolResult & { text: string }; stderr: string }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: SOURCE_COMMAND, env: cleanEnv(env), stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const client = new Client({ name: 'network-process', version: '1.0.0' });
  await client.connect(transport);
  try {
    const call = async (name: string, args: Record<string, unknown>) => {
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      return { ...result, text: result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n') };
    };
    const jira = await call('jira_get_issue', { issue_key: 'DEMO-2' });
    const confluence = await call('confluence_get_page', { page_id: '98304' });
    return { jira, confluence, stderr };
  } finally {
    await client.close();
  }
}

const proxyUrl = () => `http://${PROXY_CREDENTIALS}@127.0.0.1:${proxy.port}`;

describe('a spawned server process', () => {
  it('NODE_EXTRA_CA_CERTS makes the site trusted; through HTTPS_PROXY with credentials; no password on stderr', async () => {
    const base = { ...session.env, TOOLSETS: 'all', HTTP_MAX_RETRIES: '0', LOG_LEVEL: 'debug', HTTPS_PROXY: proxyUrl() };
    const without = await callOverStdio(base);
    assert.equal(without.jira.isError, true, 'control: without the CA the site is not trusted');
    assert.match(without.jira.text, /NODE_EXTRA_CA_CERTS/);

    proxy.records.length = 0;
    const requestsBefore = session.sandbox.requests.length;
    const run = await callOverStdio({ ...base, NODE_EXTRA_CA_CERTS: pki.ca.certFile, CONFLUENCE_SSL_VERIFY: 'false' });
    assert.equal(run.jira.isError, undefined, run.jira.text);
    assert.equal(run.confluence.isError, undefined, run.confluence.text);
    const sites = new Set(session.sandbox.requests.slice(requestsBefore).map((request) => request.site));
    assert.deepEqual([...sites].sort(), ['confluence-dc', 'jira-dc']);
    assert.ok(proxy.records.length >= 1 && proxy.records.every((record) => record.kind === 'connect' && record.status === 200));
    assert.match(run.stderr, /"level":"warn".*CONFLUENCE_SSL_VERIFY=false: Confluence's TLS certificate is not checked/);
    assert.match(run.stderr, /"msg":"upstream request"/, 'debug logging was on');
    for (const stderr of [without.stderr, run.stderr]) {
      assert.ok(!stderr.includes(PROXY_PASSWORD), 'proxy password on stderr');
      assert.ok(!stderr.includes(Buffer.from(PROXY_CREDENTIALS).toString('base64')), 'proxy credentials (base64) on stderr');
    }
  });

  it('doctor prints the proxy without its credentials and the TLS settings per product', async () => {
    const result = await runBundle(['doctor'], {
      ...session.env, HTTPS_PROXY: proxyUrl(), NODE_EXTRA_CA_CERTS: pki.ca.certFile, JIRA_CA_FILE: pki.ca.certFile,
      CONFLUENCE_SSL_VERIFY: 'false', NO_PROXY: 'confluence.example.com',
    }, '', SOURCE_COMMAND);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.ok(result.stdout.includes(`  Proxy:  http://127.0.0.1:${proxy.port} (HTTPS_PROXY; CONNECT tunnel)`), result.stdout);
    assert.ok(result.stdout.includes(`  TLS:    verify on, CAs: default + ${pki.ca.certFile} (NODE_EXTRA_CA_CERTS) + ${pki.ca.certFile} (JIRA_CA_FILE); no client certificate`), result.stdout);
    assert.ok(result.stdout.includes('  TLS:    verify OFF (CONFLUENCE_SSL_VERIFY=false); no client certificate'), result.stdout);
    assert.ok(result.stdout.includes('All configured products authenticated.'), result.stdout);
    assert.ok(!`${result.stdout}${result.stderr}`.includes(PROXY_PASSWORD));
  });
});
