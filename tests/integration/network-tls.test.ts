import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { got } from 'got';

import { UpstreamAgents } from '../../src/atlassian/agents.js';
import { loadConfig } from '../../src/config/index.js';
import { runDoctor } from '../../src/doctor.js';
import { createLogger } from '../../src/log.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { configProblems } from '../helpers/config.js';
import { startHarness } from '../helpers/harness.js';
import { createTestPki } from '../helpers/tls.js';

import type { SandboxLayout } from '../../src/sandbox/session.js';
import type { TestPki } from '../helpers/tls.js';

// Per product TLS against a sandbox served over https:// with a certificate from a CA made at test
// time: untrusted by default, trusted through P_CA_FILE or NODE_EXTRA_CA_CERTS, skipped with
// P_SSL_VERIFY=false, and client certificates (mTLS) when the site asks for one.

let pki: TestPki;
before(() => { pki = createTestPki(); });
after(() => pki.remove());

const tlsOf = (p: TestPki, requestCert = false) =>
  ({ key: p.server.key, cert: p.server.cert, ...(requestCert ? { ca: p.clientCa.cert, requestCert } : {}) });

/** One read through the whole path (SDK client, server, got, https sandbox) per product. */
async function readBoth(env: Record<string, string>, options: { layout?: SandboxLayout; requestCert?: boolean } = {}) {
  const h = await startHarness({ layout: options.layout ?? 'dc', env: { HTTP_MAX_RETRIES: '0', ...env }, sandbox: { tls: tlsOf(pki, options.requestCert) } });
  try {
    assert.ok(h.sandbox.baseUrl.startsWith('https://127.0.0.1:'), h.sandbox.baseUrl);
    const jira = await h.call('jira_get_issue', { issue_key: 'DEMO-2' });
    const confluence = await h.call('confluence_get_page', { page_id: '98304' });
    return { jira, confluence, config: h.config, requests: h.sandbox.requests.length };
  } finally {
    await h.close();
  }
}

describe('TLS per product against an https:// sandbox', () => {
  it('an untrusted CA is a clear isError naming P_CA_FILE, NODE_EXTRA_CA_CERTS and P_SSL_VERIFY; nothing reaches the site', async () => {
    const { jira, confluence, requests } = await readBoth({});
    assert.equal(jira.isError, true);
    assert.match(jira.text, /The TLS certificate of 127\.0\.0\.1:\d+ cannot be verified \(its issuing CA is not trusted\) \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    assert.match(jira.text, /Add the CA certificate \(PEM\) with JIRA_CA_FILE, or for every product with NODE_EXTRA_CA_CERTS; JIRA_SSL_VERIFY=false skips the check/);
    assert.equal(confluence.isError, true);
    assert.match(confluence.text, /CONFLUENCE_CA_FILE/);
    assert.equal(requests, 0, 'no request was answered over an unverified connection');
  });

  it('P_CA_FILE adds the CA for that product only', async () => {
    const { jira, confluence, config } = await readBoth({ JIRA_CA_FILE: pki.ca.certFile });
    assert.equal(jira.isError, undefined, jira.text);
    assert.match(jira.text, /DEMO-2/);
    assert.equal(confluence.isError, true, 'Confluence has no CA file of its own');
    assert.match(confluence.text, /CONFLUENCE_CA_FILE/);
    assert.equal(config.network.tls.jira.ca?.path, pki.ca.certFile);
    assert.deepEqual(config.warnings, []);
  });

  it('a CA file with another CA does not make the site trusted', async () => {
    const { jira } = await readBoth({ JIRA_CA_FILE: pki.otherCa.certFile });
    assert.equal(jira.isError, true);
    assert.match(jira.text, /JIRA_CA_FILE/);
  });

  it('NODE_EXTRA_CA_CERTS stays trusted next to a product CA file (a CA list replaces Node\'s default one)', async () => {
    const { jira } = await readBoth({ NODE_EXTRA_CA_CERTS: pki.ca.certFile, JIRA_CA_FILE: pki.otherCa.certFile });
    assert.equal(jira.isError, undefined, jira.text);
  });

  it('a bundle with several certificates works when any of them is the issuer', async () => {
    const bundle = join(pki.dir, 'bundle.pem');
    writeFileSync(bundle, `${pki.otherCa.cert}\n${pki.ca.cert}`);
    const { jira, confluence } = await readBoth({ JIRA_CA_FILE: bundle, CONFLUENCE_CA_FILE: bundle });
    assert.equal(jira.isError, undefined, jira.text);
    assert.equal(confluence.isError, undefined, confluence.text);
  });

  it('P_SSL_VERIFY=false accepts the certificate, with a startup warning naming the variable', async () => {
    const { jira, confluence, config } = await readBoth({ CONFLUENCE_SSL_VERIFY: 'false' });
    assert.equal(confluence.isError, undefined, confluence.text);
    assert.equal(jira.isError, true, 'Jira still verifies');
    assert.equal(config.warnings.length, 1);
    assert.match(config.warnings[0]!, /^CONFLUENCE_SSL_VERIFY=false: Confluence's TLS certificate is not checked/);
  });

  it('Cloud (Basic) through TLS as well: the Authorization header arrives intact inside TLS', async () => {
    const h = await startHarness({ layout: 'cloud', env: { JIRA_CA_FILE: pki.ca.certFile }, sandbox: { tls: tlsOf(pki) } });
    try {
      const result = await h.call('jira_get_issue', { issue_key: 'DEMO-2' });
      assert.equal(result.isError, undefined, result.text);
      assert.match(h.sandbox.requests[0]!.authorization ?? '', /^Basic /);
    } finally {
      await h.close();
    }
  });
});

describe('client certificates (mTLS)', () => {
  it('a site that requires one refuses the handshake without it, with a hint naming P_CLIENT_CERT_FILE', async () => {
    const { jira, requests } = await readBoth({ JIRA_CA_FILE: pki.ca.certFile, CONFLUENCE_CA_FILE: pki.ca.certFile }, { requestCert: true });
    assert.equal(jira.isError, true);
    assert.match(jira.text, /requires a TLS client certificate: set JIRA_CLIENT_CERT_FILE and JIRA_CLIENT_KEY_FILE/);
    assert.equal(requests, 0);
  });

  it('works with P_CLIENT_CERT_FILE + P_CLIENT_KEY_FILE; the other product without one is still refused', async () => {
    const { jira, confluence } = await readBoth({
      JIRA_CA_FILE: pki.ca.certFile, CONFLUENCE_CA_FILE: pki.ca.certFile,
      JIRA_CLIENT_CERT_FILE: pki.client.certFile, JIRA_CLIENT_KEY_FILE: pki.client.keyFile,
    }, { requestCert: true });
    assert.equal(jira.isError, undefined, jira.text);
    assert.equal(confluence.isError, true);
    assert.match(confluence.text, /CONFLUENCE_CLIENT_CERT_FILE/);
  });

  it('a client certificate from a CA the site does not trust is refused', async () => {
    const { jira } = await readBoth({
      JIRA_CA_FILE: pki.ca.certFile, JIRA_CLIENT_CERT_FILE: pki.strangerClient.certFile, JIRA_CLIENT_KEY_FILE: pki.strangerClient.keyFile,
    }, { requestCert: true });
    assert.equal(jira.isError, true);
    assert.match(jira.text, /the site refuses the client certificate in JIRA_CLIENT_CERT_FILE/);
  });

  it('a client certificate with P_SSL_VERIFY=false (self-signed site, mTLS) works too', async () => {
    const { jira } = await readBoth({
      JIRA_SSL_VERIFY: 'false', JIRA_CLIENT_CERT_FILE: pki.client.certFile, JIRA_CLIENT_KEY_FILE: pki.client.keyFile,
    }, { requestCert: true });
    assert.equal(jira.isError, undefined, jira.text);
  });
});

describe('TLS settings apply to the configured origin only', () => {
  it('P_SSL_VERIFY=false and P_CA_FILE do not carry over to another origin of the same server', async () => {
    const sandbox = await startSandbox({ tls: tlsOf(pki) });
    try {
      const port = new URL(sandbox.baseUrl).port;
      const env = { JIRA_URL: `${sandbox.baseUrl}/jira-dc`, JIRA_PAT_FILE: join(pki.dir, 'pat'), JIRA_SSL_VERIFY: 'false' };
      writeFileSync(join(pki.dir, 'pat'), 'unused\n', { mode: 0o600 });
      const config = loadConfig(env);
      const agents = new UpstreamAgents(config.jira!.origin, config.network, config.network.tls.jira, 2);
      const client = got.extend({ request: agents.request, retry: { limit: 0 }, throwHttpErrors: false });
      try {
        // 127.0.0.1 is the configured origin: verification is off. localhost is the same server, another origin.
        assert.equal((await client(`https://127.0.0.1:${port}/jira-dc/rest/api/2/myself`)).statusCode, 401);
        await assert.rejects(client(`https://localhost:${port}/jira-dc/rest/api/2/myself`), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
      } finally {
        agents.destroy();
      }
    } finally {
      await sandbox.close();
    }
  });
});

describe('TLS configuration is checked at startup', () => {
  const base = () => {
    const pat = join(pki.dir, 'pat');
    writeFileSync(pat, 'a-pat\n', { mode: 0o600 });
    return { JIRA_URL: 'https://jira.example.com', JIRA_PAT_FILE: pat };
  };

  it('a CA file that is not PEM, or missing, is refused naming the variable', () => {
    const notPem = join(pki.dir, 'not-pem.txt');
    writeFileSync(notPem, 'hello\n');
    const broken = join(pki.dir, 'broken.pem');
    writeFileSync(broken, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    assert.deepEqual(configProblems({ ...base(), JIRA_CA_FILE: notPem }), [`JIRA_CA_FILE=${notPem} holds no PEM certificate (expected -----BEGIN CERTIFICATE----- blocks)`]);
    assert.match(configProblems({ ...base(), JIRA_CA_FILE: broken })[0]!, /^JIRA_CA_FILE=.*broken\.pem: certificate 1 cannot be parsed/);
    assert.deepEqual(configProblems({ ...base(), JIRA_CA_FILE: join(pki.dir, 'nope.pem') }), [`JIRA_CA_FILE=${join(pki.dir, 'nope.pem')}: the file cannot be read (ENOENT)`]);
  });

  it('a certificate without its key, a mismatched pair and an encrypted key are refused; the key never shows', () => {
    assert.deepEqual(configProblems({ ...base(), JIRA_CLIENT_CERT_FILE: pki.client.certFile }),
      ['JIRA_CLIENT_CERT_FILE and JIRA_CLIENT_KEY_FILE go together: set both for a client certificate, or neither']);
    const mismatch = configProblems({ ...base(), JIRA_CLIENT_CERT_FILE: pki.client.certFile, JIRA_CLIENT_KEY_FILE: pki.strangerClient.keyFile });
    assert.equal(mismatch.length, 1);
    assert.match(mismatch[0]!, /^JIRA_CLIENT_CERT_FILE=.* and JIRA_CLIENT_KEY_FILE=.* cannot be used together \(.*\); the key must be an unencrypted PEM key matching the certificate$/);
    const encrypted = configProblems({ ...base(), JIRA_CLIENT_CERT_FILE: pki.client.certFile, JIRA_CLIENT_KEY_FILE: pki.encryptedClientKeyFile });
    assert.equal(encrypted.length, 1);
    assert.match(encrypted[0]!, /cannot be used together/);
    for (const text of [...mismatch, ...encrypted]) assert.ok(!text.includes('PRIVATE KEY'), text);
  });

  it('the client key is a Secret: JSON and inspection of the configuration never contain it; doctor prints paths only', async () => {
    const config = loadConfig({ ...base(), JIRA_CA_FILE: pki.ca.certFile, JIRA_CLIENT_CERT_FILE: pki.client.certFile, JIRA_CLIENT_KEY_FILE: pki.client.keyFile });
    const key = pki.client.key.split('\n')[1]!;
    assert.ok(key.length > 20);
    assert.ok(!JSON.stringify(config).includes(key), 'JSON');
    assert.ok(!(await import('node:util')).inspect(config, { depth: 10 }).includes(key), 'inspect');
    const lines: string[] = [];
    await runDoctor({ ...config, httpTimeoutMs: 300 }, createLogger('silent'), (line) => lines.push(line));
    assert.ok(lines.includes(`  TLS:    verify on, CAs: default + ${pki.ca.certFile} (JIRA_CA_FILE); client certificate ${pki.client.certFile} (JIRA_CLIENT_CERT_FILE)`), lines.join('\n'));
    assert.ok(!lines.join('\n').includes(key));
  });
});
