import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';

import { loadConfig } from '../../src/config/index.js';
import { runDoctor } from '../../src/doctor.js';
import { createLogger } from '../../src/log.js';
import { KNOWN_NAMES } from '../../src/mcp/registry.js';
import { startSandboxSession } from '../../src/sandbox/session.js';
import { createClients } from '../../src/clients.js';
import { createMcpServer } from '../../src/server.js';
import { startTestProxy } from '../helpers/proxy.js';
import { createTestPki } from '../helpers/tls.js';

import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { SandboxSession } from '../../src/sandbox/session.js';
import type { TestProxy, TestProxyOptions } from '../helpers/proxy.js';
import type { TestPki } from '../helpers/tls.js';

// HTTPS_PROXY / HTTP_PROXY / NO_PROXY against a local proxy on 127.0.0.1 that records what it sees:
// https:// sites are reached through a CONNECT tunnel (the proxy learns host:port and its own
// credentials, never Authorization), http:// sites are forwarded, NO_PROXY goes direct, and the proxy's
// credentials never appear in a result, an error or a log line.

const PROXY_USER = 'proxy-robot';
const PROXY_PASSWORD = 'pr0xy@s3cret-canary';
const PROXY_CREDENTIALS = `${PROXY_USER}:${PROXY_PASSWORD}`;
/** As written in a URL: the @ percent-encoded. */
const PROXY_USERINFO = `${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}`;
const LEAKS = [PROXY_PASSWORD, encodeURIComponent(PROXY_PASSWORD), Buffer.from(PROXY_CREDENTIALS).toString('base64')];

let pki: TestPki;
let logDir: string;
before(() => {
  pki = createTestPki();
  logDir = mkdtempSync(join(tmpdir(), 'atlassian-mcp-proxy-logs-'));
});
after(() => {
  pki.remove();
  rmSync(logDir, { recursive: true, force: true });
});

interface Run {
  session: SandboxSession;
  proxy: TestProxy;
  /** host:port of the sandbox. */
  target: string;
  call(name: string, args: Record<string, unknown>): Promise<CallToolResult & { text: string }>;
  doctor(): Promise<string>;
  /** Everything logged at debug level so far. */
  logs(): string;
}

interface Setup {
  /** Serve the sandbox over http:// instead of https://. */
  plain?: boolean;
  proxy?: (target: string) => TestProxyOptions;
  env: (proxy: TestProxy, target: string) => Record<string, string>;
}

/**
 * A sandbox (https:// unless `plain`), a proxy, and a server whose env points at both; logs at debug
 * level go to a file the test can read. Afterwards fails when a proxy credential appears in any
 * result, doctor line, log line, warning or the configuration's JSON.
 */
async function withProxy(setup: Setup, test: (run: Run) => Promise<void>): Promise<void> {
  const session = await startSandboxSession('cloud-jira', setup.plain ? {} : { tls: { key: pki.server.key, cert: pki.server.cert } });
  const target = new URL(session.sandbox.baseUrl).host;
  const proxy = await startTestProxy(setup.proxy?.(target));
  const logFile = join(logDir, `log-${Date.now()}-${Math.random()}.jsonl`);
  const fd = openSync(logFile, 'a');
  const log = createLogger('debug', fd);
  const env = {
    ...session.env, TOOLSETS: 'all', HTTP_MAX_RETRIES: '0', LOG_LEVEL: 'debug',
    ...(setup.plain ? {} : { JIRA_CA_FILE: pki.ca.certFile, CONFLUENCE_CA_FILE: pki.ca.certFile }),
    ...setup.env(proxy, target),
  };
  const config = loadConfig(env, KNOWN_NAMES);
  const server = createMcpServer(config, createClients(config, log), log);
  const client = new Client({ name: 'proxy-test', version: '1.0.0' });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  const texts: string[] = [];
  const run: Run = {
    session, proxy, target,
    async call(name, args) {
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
      texts.push(text, JSON.stringify(result.structuredContent ?? {}));
      return { ...result, text };
    },
    async doctor() {
      const lines: string[] = [];
      await runDoctor(config, log, (line) => lines.push(line));
      texts.push(...lines);
      return lines.join('\n');
    },
    logs: () => readFileSync(logFile, 'utf8'),
  };
  try {
    await test(run);
  } finally {
    await client.close();
    await server.close();
    await proxy.close();
    await session.close();
    closeSync(fd);
  }
  const everything = [...texts, run.logs(), JSON.stringify(config), ...config.warnings].join('\n');
  for (const secret of LEAKS) assert.ok(!everything.includes(secret), `proxy credential leaked: ${secret}`);
  assert.deepEqual(session.sandbox.unmatched, []);
}

const proxyWithCredentials = (proxy: TestProxy) => `http://${PROXY_USERINFO}@127.0.0.1:${proxy.port}`;

describe('HTTPS_PROXY: https:// sites through a CONNECT tunnel', () => {
  it('every request goes through the tunnel; the proxy sees host:port only, never Authorization; keep-alive reuses it', async () => {
    await withProxy({ env: (proxy) => ({ HTTPS_PROXY: proxy.url }) }, async ({ call, proxy, session, target }) => {
      for (const key of ['DEMO-1', 'DEMO-2', 'DEMO-3']) {
        const result = await call('jira_get_issue', { issue_key: key });
        assert.equal(result.isError, undefined, result.text);
      }
      const page = await call('confluence_get_page', { page_id: '98304' });
      assert.equal(page.isError, undefined, page.text);
      assert.ok(proxy.records.length >= 1);
      for (const record of proxy.records) {
        assert.deepEqual({ kind: record.kind, target: record.target, status: record.status }, { kind: 'connect', target, status: 200 });
        assert.equal(record.headers.authorization, undefined, 'no Authorization header on CONNECT');
        assert.equal(record.headers['proxy-authorization'], undefined);
      }
      const requests = session.sandbox.requests.length;
      assert.ok(proxy.records.length < requests, `keep-alive: ${proxy.records.length} tunnels for ${requests} requests`);
      assert.ok(session.sandbox.requests.every((request) => request.authorization !== undefined), 'Authorization reached the site, inside TLS');
    });
  });

  it('proxy credentials from the URL (percent-encoded) go to the proxy only; doctor shows the proxy without them', async () => {
    await withProxy({ proxy: () => ({ credentials: PROXY_CREDENTIALS }), env: (proxy) => ({ HTTPS_PROXY: proxyWithCredentials(proxy) }) },
      async ({ call, proxy, doctor }) => {
        const result = await call('jira_get_issue', { issue_key: 'DEMO-2' });
        assert.equal(result.isError, undefined, result.text);
        assert.equal(proxy.records[0]!.headers['proxy-authorization'], `Basic ${Buffer.from(PROXY_CREDENTIALS).toString('base64')}`);
        const report = await doctor();
        assert.ok(report.includes(`  Proxy:  http://127.0.0.1:${proxy.port} (HTTPS_PROXY; CONNECT tunnel)`), report);
        assert.match(report, /Jira[\s\S]*Check:  ok, authenticated as Alice Nguyen/);
      });
  });

  it('wrong proxy credentials (407): an isError naming HTTPS_PROXY and the fix, without the password; the server keeps serving', async () => {
    await withProxy({ proxy: () => ({ credentials: `${PROXY_USER}:the-right-one` }), env: (proxy) => ({ HTTPS_PROXY: proxyWithCredentials(proxy) }) },
      async ({ call, proxy, logs, session }) => {
        const result = await call('jira_get_issue', { issue_key: 'DEMO-2' });
        assert.equal(result.isError, true);
        assert.ok(result.text.includes(`The proxy http://127.0.0.1:${proxy.port} (HTTPS_PROXY) asks for credentials (HTTP 407). ` +
          'Put them in HTTPS_PROXY, e.g. http://user:password@proxy:3128 (percent-encode special characters).'), result.text);
        assert.match(logs(), /upstream unreachable/);
        const next = await call('confluence_get_page', { page_id: '98304' });
        assert.equal(next.isError, true);
        assert.match(next.text, /asks for credentials/);
        assert.equal(session.sandbox.requests.length, 0);
      });
  });

  it('a proxy that refuses the host (403) says so, naming the host and NO_PROXY', async () => {
    await withProxy({ proxy: (target) => ({ deny: [target] }), env: (proxy) => ({ HTTPS_PROXY: proxy.url }) }, async ({ call, proxy, target }) => {
      const result = await call('jira_get_issue', { issue_key: 'DEMO-2' });
      assert.equal(result.isError, true);
      assert.ok(result.text.includes(`The proxy ${proxy.url} (HTTPS_PROXY) refused to connect to ${target} (HTTP 403). ` +
        `Ask the proxy's administrators to allow ${target}, check JIRA_URL, or add 127.0.0.1 to NO_PROXY if it is reachable directly.`), result.text);
    });
  });

  it('a proxy that is down: cannot reach it, naming the variable', async () => {
    await withProxy({ env: (proxy) => ({ HTTPS_PROXY: proxyWithCredentials(proxy) }) }, async ({ call, proxy, session }) => {
      await proxy.close();
      const result = await call('jira_get_issue', { issue_key: 'DEMO-2' });
      assert.equal(result.isError, true);
      assert.ok(result.text.includes(`Cannot reach the proxy http://127.0.0.1:${proxy.port} (HTTPS_PROXY) (ECONNREFUSED). Check HTTPS_PROXY, ` +
        'or add 127.0.0.1 to NO_PROXY if it is reachable directly.'), result.text);
      assert.equal(session.sandbox.requests.length, 0);
    });
  });

  it('the lower-case https_proxy wins over HTTPS_PROXY', async () => {
    await withProxy({ env: (proxy) => ({ https_proxy: proxy.url, HTTPS_PROXY: 'http://127.0.0.1:9' }) }, async ({ call, proxy }) => {
      const result = await call('jira_get_issue', { issue_key: 'DEMO-2' });
      assert.equal(result.isError, undefined, result.text);
      assert.equal(proxy.records.length, 1);
    });
  });
});

describe('NO_PROXY', () => {
  for (const noProxy of ['127.0.0.1', 'localhost, 127.0.0.1', '*', 'PORT']) {
    it(`NO_PROXY=${noProxy === 'PORT' ? '127.0.0.1:<sandbox port>' : noProxy} connects directly; doctor says so`, async () => {
      await withProxy({ env: (proxy, target) => ({ HTTPS_PROXY: proxy.url, NO_PROXY: noProxy === 'PORT' ? target : noProxy }) },
        async ({ call, proxy, doctor }) => {
          const result = await call('jira_get_issue', { issue_key: 'DEMO-2' });
          assert.equal(result.isError, undefined, result.text);
          assert.deepEqual(proxy.records, []);
          assert.match(await doctor(), /  Proxy:  direct \(NO_PROXY\)/);
        });
    });
  }

  for (const noProxy of ['.example.com,localhost', '127.0.0.1:1']) {
    it(`NO_PROXY=${noProxy} does not match: proxied`, async () => {
      await withProxy({ env: (proxy) => ({ HTTPS_PROXY: proxy.url, no_proxy: noProxy }) }, async ({ call, proxy }) => {
        const result = await call('jira_get_issue', { issue_key: 'DEMO-2' });
        assert.equal(result.isError, undefined, result.text);
        assert.equal(proxy.records.length, 1);
      });
    });
  }
});

describe('HTTP_PROXY: http:// sites are forwarded', () => {
  it('the request goes to the proxy in absolute form, Authorization included (documented), with the proxy credentials', async () => {
    await withProxy({ plain: true, proxy: () => ({ credentials: PROXY_CREDENTIALS }), env: (proxy) => ({ HTTP_PROXY: proxyWithCredentials(proxy) }) },
      async ({ call, proxy, session, target, doctor }) => {
        const result = await call('jira_get_issue', { issue_key: 'DEMO-2' });
        assert.equal(result.isError, undefined, result.text);
        assert.equal(proxy.records.length, session.sandbox.requests.length);
        const [first] = proxy.records;
        assert.equal(first!.kind, 'forward');
        assert.ok(first!.target.startsWith(`http://${target}/jira-cloud/rest/api/3/issue/DEMO-2`), first!.target);
        assert.equal(first!.headers.host, target);
        assert.match(first!.headers.authorization ?? '', /^Basic /, 'a forwarding proxy sees the request, as expected for http://');
        assert.ok(await doctor().then((report) => report.includes(`(HTTP_PROXY; forwarded in clear)`)));
      });
  });

  it('HTTPS_PROXY alone does not apply to http:// sites', async () => {
    await withProxy({ plain: true, env: (proxy) => ({ HTTPS_PROXY: proxy.url }) }, async ({ call, proxy, doctor }) => {
      const result = await call('jira_get_issue', { issue_key: 'DEMO-2' });
      assert.equal(result.isError, undefined, result.text);
      assert.deepEqual(proxy.records, []);
      assert.match(await doctor(), /  Proxy:  direct \(no HTTP_PROXY\)/);
    });
  });

  it('a forwarding proxy answering 407 is an isError with the fix', async () => {
    await withProxy({ plain: true, proxy: () => ({ credentials: PROXY_CREDENTIALS }), env: (proxy) => ({ HTTP_PROXY: proxy.url }) },
      async ({ call }) => {
        const result = await call('jira_get_issue', { issue_key: 'DEMO-2' });
        assert.equal(result.isError, true);
        assert.match(result.text, /HTTP 407/);
        assert.match(result.text, /The proxy asks for credentials: put them in HTTP_PROXY/);
      });
  });
});
