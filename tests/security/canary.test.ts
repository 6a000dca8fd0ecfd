import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';

import { loadConfig } from '../../src/config/index.js';
import { runDoctor } from '../../src/doctor.js';
import { createLogger } from '../../src/log.js';
import { KNOWN_NAMES } from '../../src/mcp/registry.js';
import { DEMO_CALLS } from '../../src/sandbox/demo.js';
import { LAYOUTS, startSandboxSession } from '../../src/sandbox/session.js';
import { createClients } from '../../src/clients.js';
import { createMcpServer } from '../../src/server.js';
import { BUNDLE, assertBundleBuilt, cleanEnv, runBundle } from '../helpers/bundle.js';

import type { SandboxCredentials } from '../../src/sandbox/server.js';
import type { SandboxSession } from '../../src/sandbox/session.js';

// Canary credentials: distinctive values that must never appear in anything the server writes or answers:
// stdout, stderr (at LOG_LEVEL=trace), tool results, error texts, doctor output. The whole tool sweep runs
// in all four layouts, in process and through the stdio bundle, with error paths: a rejected token, an
// upstream that echoes the Authorization header back in its error body, an answer of an unexpected shape.

const CANARY: Partial<SandboxCredentials> = {
  cloudToken: 'canary-cloud-token-Zq81xK3vP0sW',
  dcPat: 'canary-dc-pat-Wm52Lr9tB7yE',
  dcPassword: 'canary-dc-password-Hy64Nc2Q',
};
const EMAIL = 'alice@example.com';
const base64 = (text: string) => Buffer.from(text).toString('base64');
const BASIC_CLOUD = base64(`${EMAIL}:${CANARY.cloudToken}`);
const BASIC_DC = base64(`alice:${CANARY.dcPassword}`);

/** Every form a leak could take: the values, the Basic header values, and each token base64-encoded at any offset. */
const FORMS = (() => {
  const forms = new Set<string>([CANARY.cloudToken!, CANARY.dcPat!, CANARY.dcPassword!, BASIC_CLOUD, BASIC_DC]);
  for (const token of [CANARY.cloudToken!, CANARY.dcPat!, CANARY.dcPassword!]) {
    for (const pad of ['', 'x', 'xx']) {
      const encoded = base64(`${pad}${token}`);
      // The characters wholly determined by the token, whatever precedes or follows it.
      forms.add(encoded.slice(pad.length === 0 ? 0 : 4, -4));
    }
  }
  return [...forms];
})();

let hits = 0;
let scanned = 0;
const findings: string[] = [];
function scan(where: string, text: string): void {
  scanned += text.length;
  for (const form of FORMS) {
    const count = text.split(form).length - 1;
    if (count > 0) {
      hits += count;
      findings.push(`${where}: ${count} x ${form.slice(0, 12)}…`);
    }
  }
}

/** The credentials a layout configures (the server cannot know, so cannot hide, the others). */
function configured(session: SandboxSession): { tokens: string[]; headers: string[] } {
  const cloud = session.env.JIRA_TOKEN_FILE !== undefined || session.env.CONFLUENCE_TOKEN_FILE !== undefined;
  const dc = session.env.JIRA_PAT_FILE !== undefined || session.env.CONFLUENCE_PAT_FILE !== undefined;
  return {
    tokens: [...(cloud ? [CANARY.cloudToken!] : []), ...(dc ? [CANARY.dcPat!] : [])],
    headers: [...(cloud ? [`Basic ${BASIC_CLOUD}`] : []), ...(dc ? [`Bearer ${CANARY.dcPat}`] : [])],
  };
}

/** The error paths every sweep adds: echoed credentials, a rejected token, a shape we do not understand. */
async function errorPaths(session: SandboxSession, call: (name: string, args: Record<string, unknown>) => Promise<string>): Promise<void> {
  const { sandbox } = session;
  const { tokens, headers } = configured(session);
  // An upstream (a debugging proxy, a broken gateway) that echoes the request's Authorization header.
  for (const header of headers) {
    sandbox.injectFault({ status: 400, body: JSON.stringify({ errorMessages: [`Rejected header Authorization: ${header}`], errors: {} }), headers: { 'content-type': 'application/json' }, times: 2 });
    const echoed = await call('jira_get_issue', { issue_key: 'DEMO-2' }) + await call('confluence_get_page', { page_id: '98302' });
    assert.match(echoed, /said: Rejected header Authorization: (Basic|Bearer) \[redacted credential\]/, 'the echo arrived, blanked');
    sandbox.clearFaults();
  }
  // A page body that quotes the token (pasted into a ticket by a user).
  sandbox.injectFault({ site: session.env.JIRA_URL!.endsWith('jira-cloud') ? 'jira-cloud' : 'jira-dc', path: '/issue/DEMO-2', method: 'GET', status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: '10002', key: 'DEMO-2', fields: { summary: `token ${tokens.join(' and ')}` } }) });
  await call('jira_get_issue', { issue_key: 'DEMO-2' });
  sandbox.clearFaults();
  // An answer of a shape no tool expects (logged as a warning with the zod issues).
  sandbox.injectFault({ path: '/issue/DEMO-2', status: 200, body: JSON.stringify({ key: 42, fields: 'nope' }), headers: { 'content-type': 'application/json' } });
  await call('jira_get_issue', { issue_key: 'DEMO-2' });
  sandbox.clearFaults();
  // The tokens are rotated upstream: every product answers 401, the secret file is re-read, then refused.
  sandbox.setCredentials({ cloudToken: 'rotated-elsewhere-1', dcPat: 'rotated-elsewhere-2' });
  await call('jira_get_issue', { issue_key: 'DEMO-2' });
  await call('confluence_get_page', { page_id: '98302' });
  await call('jira_search', { jql: 'project = DEMO' });
  sandbox.setCredentials(CANARY);
}

describe('secrets canary', () => {
  before(assertBundleBuilt);
  // The figure for the issue's closing note.
  after(() => process.stdout.write(`# canary hits: ${hits} in ${scanned.toLocaleString('en-US')} characters scanned\n`));

  for (const layout of LAYOUTS) {
    it(`in process, layout ${layout}: every tool, error paths and doctor at LOG_LEVEL=trace`, async () => {
      const session = await startSandboxSession(layout, { credentials: CANARY });
      const dir = mkdtempSync(join(tmpdir(), 'atlassian-mcp-canary-'));
      const logFile = join(dir, 'log.jsonl');
      const fd = openSync(logFile, 'w');
      try {
        const config = loadConfig({ ...session.env, TOOLSETS: 'all', LOG_LEVEL: 'trace' }, KNOWN_NAMES);
        const log = createLogger('trace', fd);
        const server = createMcpServer(config, createClients(config, log), log);
        const client = new Client({ name: 'canary', version: '1.0.0' });
        const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
        await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
        const call = async (name: string, args: Record<string, unknown>) => {
          const text = JSON.stringify(await client.callTool({ name, arguments: args }));
          scan(`${layout} ${name}`, text);
          return text;
        };
        const { tools } = await client.listTools();
        scan(`${layout} tools/list`, JSON.stringify(tools));
        for (const tool of tools) await call(tool.name, DEMO_CALLS[tool.name]!);
        const echoed = await call('jira_get_issue', { issue_key: 'DEMO-2' });
        assert.doesNotMatch(echoed, /"isError":true/, 'the sweep left the site working');
        await errorPaths(session, call);
        const pasted = await (async () => {
          session.sandbox.injectFault({ path: '/issue/DEMO-2', method: 'GET', status: 200, headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ id: '10002', key: 'DEMO-2', fields: { summary: `pasted ${configured(session).tokens[0]}` } }) });
          const text = await call('jira_get_issue', { issue_key: 'DEMO-2' });
          session.sandbox.clearFaults();
          return text;
        })();
        assert.match(pasted, /pasted \[redacted credential\]/, 'a credential in a result is blanked, the rest kept');
        const lines: string[] = [];
        await runDoctor(config, log, (line) => lines.push(line));
        scan(`${layout} doctor`, lines.join('\n'));
        assert.ok(lines.some((line) => line.includes('Check:  ok, authenticated as Alice Nguyen')), lines.join('\n'));
        await client.close();
        await server.close();
        closeSync(fd);
        const logged = readFileSync(logFile, 'utf8');
        assert.match(logged, /"level":"debug".*"msg":"upstream request"/, 'trace and debug lines were written');
        scan(`${layout} log`, logged);
      } finally {
        await session.close();
        rmSync(dir, { recursive: true, force: true });
      }
      assert.deepEqual(findings, []);
    });
  }

  it('in process, Server/DC with Basic username + password', async () => {
    const session = await startSandboxSession('dc', { credentials: CANARY });
    const dir = mkdtempSync(join(tmpdir(), 'atlassian-mcp-canary-'));
    const passwordFile = join(dir, 'password');
    writeFileSync(passwordFile, CANARY.dcPassword!, { mode: 0o600 });
    const logFile = join(dir, 'log.jsonl');
    const fd = openSync(logFile, 'w');
    try {
      const { JIRA_PAT_FILE: _pat, ...env } = session.env;
      const config = loadConfig({ ...env, JIRA_USERNAME: 'alice', JIRA_TOKEN_FILE: passwordFile, TOOLSETS: 'all', LOG_LEVEL: 'trace' }, KNOWN_NAMES);
      assert.equal(config.jira?.auth.scheme, 'basic');
      const log = createLogger('trace', fd);
      const server = createMcpServer(config, createClients(config, log), log);
      const client = new Client({ name: 'canary', version: '1.0.0' });
      const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
      await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
      const ok = await client.callTool({ name: 'jira_get_issue', arguments: { issue_key: 'DEMO-2' } });
      assert.notEqual(ok.isError, true, JSON.stringify(ok));
      scan('dc basic', JSON.stringify(ok));
      session.sandbox.setCredentials({ dcPassword: 'changed-upstream' });
      scan('dc basic 401', JSON.stringify(await client.callTool({ name: 'jira_get_issue', arguments: { issue_key: 'DEMO-2' } })));
      const lines: string[] = [];
      await runDoctor(config, log, (line) => lines.push(line));
      scan('dc basic doctor', lines.join('\n'));
      await client.close();
      await server.close();
      closeSync(fd);
      scan('dc basic log', readFileSync(logFile, 'utf8'));
    } finally {
      await session.close();
      rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(findings, []);
  });

  for (const layout of LAYOUTS) {
    it(`stdio bundle, layout ${layout}: every tool, error paths, and doctor, at LOG_LEVEL=trace`, async () => {
      const session = await startSandboxSession(layout, { credentials: CANARY });
      const env = cleanEnv({ ...session.env, TOOLSETS: 'all', LOG_LEVEL: 'trace' });
      const transport = new StdioClientTransport({ command: process.execPath, args: [BUNDLE], env, stderr: 'pipe' });
      let stderr = '';
      transport.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      const client = new Client({ name: 'canary', version: '1.0.0' });
      try {
        await client.connect(transport);
        const call = async (name: string, args: Record<string, unknown>) => {
          const text = JSON.stringify(await client.callTool({ name, arguments: args }));
          scan(`bundle ${layout} ${name}`, text);
          return text;
        };
        const { tools } = await client.listTools();
        assert.equal(tools.length, Object.keys(DEMO_CALLS).length);
        for (const tool of tools) await call(tool.name, DEMO_CALLS[tool.name]!);
        await errorPaths(session, call);
        await client.close();
        const doctor = await runBundle(['doctor'], { ...session.env, LOG_LEVEL: 'trace' });
        assert.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
        scan(`bundle ${layout} doctor`, doctor.stdout + doctor.stderr);
        session.sandbox.setCredentials({ cloudToken: 'rotated-elsewhere-1', dcPat: 'rotated-elsewhere-2' });
        const refused = await runBundle(['doctor'], { ...session.env, LOG_LEVEL: 'trace' });
        assert.equal(refused.code, 1);
        assert.match(refused.stdout, /401/);
        scan(`bundle ${layout} doctor 401`, refused.stdout + refused.stderr);
      } finally {
        await session.close();
      }
      assert.match(stderr, /"msg":"upstream request"/);
      scan(`bundle ${layout} stderr`, stderr);
      assert.deepEqual(findings, []);
    });
  }
});

describe('the canary would be seen', () => {
  it('finds a token, its Basic form, and the token base64-encoded inside a longer value', () => {
    const before = { hits, findings: findings.length };
    const probe = [CANARY.dcPat!, BASIC_CLOUD, base64(`prefix:${CANARY.cloudToken}:suffix`)];
    for (const text of probe) {
      const count = FORMS.filter((form) => text.includes(form)).length;
      assert.ok(count > 0, `a leak in the form ${text.slice(0, 16)}… is detected`);
    }
    assert.equal(hits, before.hits, 'probing did not count');
    assert.equal(findings.length, before.findings);
  });
});
