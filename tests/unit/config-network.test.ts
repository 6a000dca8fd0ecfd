import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';

import { bypassesProxy, proxyFor } from '../../src/atlassian/agents.js';
import { networkError } from '../../src/atlassian/errors.js';
import { loadConfig } from '../../src/config/index.js';
import { KNOWN_NAMES } from '../../src/mcp/registry.js';
import { configProblems } from '../helpers/config.js';

// The corporate-network variables as src/config reads them: proxies (credentials never shown),
// NO_PROXY, per product TLS switches. Files with certificates are covered by
// tests/integration/network-tls.test.ts, which makes them with openssl.

const dir = mkdtempSync(join(tmpdir(), 'atlassian-mcp-config-network-'));
const PAT = join(dir, 'pat');
writeFileSync(PAT, 'a-pat\n');
chmodSync(PAT, 0o600);
const DC = { JIRA_URL: 'https://jira.corp.example.com', JIRA_PAT_FILE: PAT };


describe('proxy variables', () => {
  it('unset: every request is direct, TLS verified with Node\'s defaults', () => {
    const { network } = loadConfig(DC, KNOWN_NAMES);
    assert.deepEqual({ ...network.proxy }, { https: undefined, http: undefined, noProxy: [] });
    assert.deepEqual({ ...network.tls.jira }, { verify: true, ca: undefined, clientCertificate: undefined });
    assert.equal(network.extraCa, undefined);
  });

  it('HTTPS_PROXY with credentials: shown as scheme://host:port, the URL itself is a secret', () => {
    const config = loadConfig({ ...DC, HTTPS_PROXY: 'http://robot:s3cr%40t-canary@proxy.corp.example.com:3128' }, KNOWN_NAMES);
    const https = config.network.proxy.https!;
    assert.equal(https.variable, 'HTTPS_PROXY');
    assert.equal(https.display, 'http://proxy.corp.example.com:3128');
    assert.equal(https.url.value, 'http://robot:s3cr%40t-canary@proxy.corp.example.com:3128/');
    for (const text of [JSON.stringify(config), inspect(config, { depth: 10 }), config.warnings.join('\n')]) {
      assert.ok(!text.includes('s3cr'), text);
    }
  });

  it('a proxy without a scheme is an http:// proxy (curl\'s rule); an https:// proxy is kept as such', () => {
    const { network } = loadConfig({ ...DC, HTTPS_PROXY: 'proxy.corp.example.com:3128', HTTP_PROXY: 'https://secure-proxy:8443' }, KNOWN_NAMES);
    assert.equal(network.proxy.https?.display, 'http://proxy.corp.example.com:3128');
    assert.equal(network.proxy.http?.display, 'https://secure-proxy:8443');
  });

  it('lower-case variables win; an empty one counts as unset', () => {
    const { network } = loadConfig({ ...DC, https_proxy: 'http://lower:3128', HTTPS_PROXY: 'http://upper:3128', http_proxy: '', HTTP_PROXY: 'http://upper:8080',
      no_proxy: 'lower.example', NO_PROXY: 'upper.example' }, KNOWN_NAMES);
    assert.equal(network.proxy.https?.variable, 'https_proxy');
    assert.equal(network.proxy.https?.display, 'http://lower:3128');
    assert.equal(network.proxy.http?.variable, 'HTTP_PROXY');
    assert.deepEqual(network.proxy.noProxy, ['lower.example']);
  });

  it('NO_PROXY: commas and spaces separate entries, lower-cased', () => {
    const { network } = loadConfig({ ...DC, NO_PROXY: ' Localhost,.Corp.Example.com  127.0.0.1,,jira.corp.example.com:8443 ' }, KNOWN_NAMES);
    assert.deepEqual(network.proxy.noProxy, ['localhost', '.corp.example.com', '127.0.0.1', 'jira.corp.example.com:8443']);
  });

  it('a SOCKS proxy or an unparsable value is refused; the value, which may hold a password, is not repeated', () => {
    assert.deepEqual(configProblems({ ...DC, HTTPS_PROXY: 'socks5://robot:hunter2@proxy:1080' }),
      ['HTTPS_PROXY: socks5:// proxies are not supported; use an http:// or https:// proxy']);
    const [problem] = configProblems({ ...DC, http_proxy: 'http://robot:hunter2@[proxy' });
    assert.equal(problem, 'http_proxy is not a proxy URL (expected e.g. http://proxy.example.com:3128; the value is not shown, it may hold credentials)');
  });
});

describe('TLS switches per product', () => {
  it('P_SSL_VERIFY=false: verification off for that product only, with a warning naming the variable', () => {
    const config = loadConfig({ ...DC, JIRA_SSL_VERIFY: 'false' }, KNOWN_NAMES);
    assert.equal(config.network.tls.jira.verify, false);
    assert.equal(config.network.tls.confluence.verify, true);
    assert.deepEqual(config.warnings, ['JIRA_SSL_VERIFY=false: Jira\'s TLS certificate is not checked, so anyone on the network path ' +
      'can pose as the site and read the credentials; prefer JIRA_CA_FILE with the site\'s CA']);
  });

  it('a value that is not a boolean is refused', () => {
    assert.match(configProblems({ ...DC, CONFLUENCE_SSL_VERIFY: 'maybe' })[0]!, /^CONFLUENCE_SSL_VERIFY: /);
  });

  it('TLS variables for an http:// URL or an unset product have no effect, and say so', () => {
    const config = loadConfig({ JIRA_URL: 'http://jira.internal:8080', JIRA_PAT_FILE: PAT, JIRA_SSL_VERIFY: 'false', CONFLUENCE_SSL_VERIFY: 'false' }, KNOWN_NAMES);
    assert.ok(config.warnings.includes('JIRA_SSL_VERIFY has no effect: JIRA_URL is http://, without TLS'), config.warnings.join('\n'));
    assert.ok(config.warnings.includes('CONFLUENCE_SSL_VERIFY has no effect: CONFLUENCE_URL is not set'), config.warnings.join('\n'));
  });

  it('missing files: a CA file or client certificate is a problem; NODE_EXTRA_CA_CERTS only a warning, as in Node', () => {
    const missing = join(dir, 'missing.pem');
    assert.deepEqual(configProblems({ ...DC, JIRA_CA_FILE: missing }), [`JIRA_CA_FILE=${missing}: the file cannot be read (ENOENT)`]);
    assert.deepEqual(configProblems({ ...DC, JIRA_CLIENT_KEY_FILE: missing }),
      ['JIRA_CLIENT_CERT_FILE and JIRA_CLIENT_KEY_FILE go together: set both for a client certificate, or neither']);
    const config = loadConfig({ ...DC, NODE_EXTRA_CA_CERTS: missing }, KNOWN_NAMES);
    assert.deepEqual(config.warnings, [`NODE_EXTRA_CA_CERTS=${missing}: the file cannot be read (ENOENT)`]);
  });
});

describe('routing and messages', () => {
  const { network } = loadConfig({ ...DC, HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: '.corp.example.com,10.1.2.3,build:8443' }, KNOWN_NAMES);

  it('proxyFor: by scheme, then NO_PROXY', () => {
    assert.equal(proxyFor(network.proxy, new URL('https://acme.atlassian.net/rest'))?.display, 'http://proxy:3128');
    assert.equal(proxyFor(network.proxy, new URL('http://acme.atlassian.net/rest')), undefined, 'no HTTP_PROXY');
    assert.equal(proxyFor(network.proxy, new URL('https://jira.corp.example.com/')), undefined);
    assert.equal(proxyFor(network.proxy, new URL('https://10.1.2.3/')), undefined);
    assert.equal(proxyFor(network.proxy, new URL('https://build:8443/')), undefined);
    assert.ok(proxyFor(network.proxy, new URL('https://build/')), 'port 443 is not 8443');
  });

  it('bypassesProxy follows proxy-from-env\'s documented rules', () => {
    const cases: [string[], string, boolean][] = [
      [['*'], 'https://anything.example', true],
      [['example.com'], 'https://example.com', true],
      [['example.com'], 'https://sub.example.com', false],
      [['.example.com'], 'https://sub.example.com', true],
      [['.example.com'], 'https://example.com', false],
      [['*.example.com'], 'https://a.b.example.com', true],
      [['*example.com'], 'https://notexample.com', true],
      [['example.com:443'], 'https://example.com', true],
      [['example.com:443'], 'http://example.com', false],
      [['example.com:8080'], 'http://example.com:8080/x', true],
      [['[::1]'], 'https://[::1]:8443/', true],
      [[], 'https://example.com', false],
    ];
    for (const [noProxy, url, expected] of cases) assert.equal(bypassesProxy(noProxy, new URL(url)), expected, `${noProxy.join(',')} vs ${url}`);
  });

  it('TLS failures name the product\'s own variables', () => {
    const config = loadConfig({ ...DC, CONFLUENCE_URL: 'https://wiki.corp.example.com', CONFLUENCE_PAT_FILE: PAT }, KNOWN_NAMES);
    const error = networkError(config.confluence!, 'SELF_SIGNED_CERT_IN_CHAIN', 1000);
    assert.equal(error.message, 'The TLS chain of wiki.corp.example.com ends in an untrusted CA (SELF_SIGNED_CERT_IN_CHAIN). ' +
      'Add the CA certificate (PEM) with CONFLUENCE_CA_FILE, or for every product with NODE_EXTRA_CA_CERTS; ' +
      'CONFLUENCE_SSL_VERIFY=false skips the check but lets anyone on the path pose as the site.');
    assert.match(networkError(config.jira!, 'DEPTH_ZERO_SELF_SIGNED_CERT', 1000).message,
      /^jira\.corp\.example\.com uses a self-signed TLS certificate that is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)\. Add the CA certificate \(PEM\) with JIRA_CA_FILE/);
  });
});
