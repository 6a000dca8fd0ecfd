import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { hasServerCredentials, isLoopbackAddress, loadConfig } from '../../src/config/index.js';
import { runDoctor } from '../../src/doctor.js';
import { createLogger } from '../../src/log.js';
import { KNOWN_NAMES } from '../../src/mcp/registry.js';
import { configProblems } from '../helpers/config.js';

// The MCP_* variables: transport, HTTP safety rules, team mode.

const dir = mkdtempSync(join(tmpdir(), 'atlassian-mcp-config-http-'));
function file(name: string, content: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}
const TOKEN = file('token', 'a-long-enough-bearer-token-0123456789\n');
const JIRA_TOKEN = file('jira-token', 'jira-api-token\n');
const CLOUD = { JIRA_URL: 'https://acme.atlassian.net', JIRA_USERNAME: 'me@acme.com', JIRA_TOKEN_FILE: JIRA_TOKEN };
const HTTP = { ...CLOUD, MCP_TRANSPORT: 'http', MCP_AUTH_TOKEN_FILE: TOKEN };


describe('MCP transport configuration', () => {
  it('defaults: stdio; HTTP on 127.0.0.1:8848 with sessions of 30 minutes', () => {
    const { mcp } = loadConfig(CLOUD);
    assert.deepEqual({ ...mcp }, {
      transport: 'stdio', host: '127.0.0.1', port: 8848, authToken: undefined, allowUnauthenticated: false,
      allowedHosts: [], allowedOrigins: [], sessionTtlMs: 1_800_000, stateless: false, shutdownTimeoutMs: 10_000,
      teamMode: false, teamFallback: false, listenFd: undefined,
    });
  });

  it('HTTP reads the bearer token from MCP_AUTH_TOKEN_FILE, trimmed, never printed', () => {
    const config = loadConfig({ ...HTTP, MCP_ALLOWED_HOSTS: 'MCP.example.com, mcp.example.com:8443', MCP_ALLOWED_ORIGINS: 'https://app.example.com/' });
    assert.equal(config.mcp.authToken?.value, 'a-long-enough-bearer-token-0123456789');
    assert.deepEqual(config.mcp.allowedHosts, ['mcp.example.com', 'mcp.example.com:8443']);
    assert.deepEqual(config.mcp.allowedOrigins, ['https://app.example.com']);
    assert.doesNotMatch(JSON.stringify(config), /a-long-enough-bearer-token/);
  });

  it('HTTP without a token is refused, unless explicitly allowed on loopback', () => {
    assert.deepEqual(configProblems({ ...CLOUD, MCP_TRANSPORT: 'http' }), [
      'MCP_TRANSPORT=http needs MCP_AUTH_TOKEN_FILE (a file holding the bearer token clients send), or ' +
        'MCP_ALLOW_UNAUTHENTICATED=true to serve without one on a loopback MCP_HOST',
    ]);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'mcp.example.com']) {
      assert.deepEqual(configProblems({ ...CLOUD, MCP_TRANSPORT: 'http', MCP_ALLOW_UNAUTHENTICATED: 'true', MCP_HOST: host }), [
        `MCP_ALLOW_UNAUTHENTICATED=true is refused on MCP_HOST=${host}, which other machines can reach: set MCP_AUTH_TOKEN_FILE, or bind 127.0.0.1`,
      ]);
    }
    for (const host of ['127.0.0.1', 'localhost', '::1']) {
      const config = loadConfig({ ...CLOUD, MCP_TRANSPORT: 'http', MCP_ALLOW_UNAUTHENTICATED: 'true', MCP_HOST: host });
      assert.equal(config.mcp.allowUnauthenticated, true, host);
    }
    // Under stdio the HTTP rules do not apply.
    assert.equal(loadConfig({ ...CLOUD, MCP_HOST: '0.0.0.0' }).mcp.transport, 'stdio');
  });

  it('a token file that cannot be read, loose permissions, a short token, both token and unauthenticated', () => {
    assert.deepEqual(configProblems({ ...HTTP, MCP_AUTH_TOKEN_FILE: join(dir, 'absent') }), [`MCP_AUTH_TOKEN_FILE=${join(dir, 'absent')}: the file does not exist`]);
    const loose = file('loose', 'short', 0o644);
    const config = loadConfig({ ...HTTP, MCP_AUTH_TOKEN_FILE: loose, MCP_ALLOW_UNAUTHENTICATED: 'true' });
    assert.deepEqual(config.warnings, [
      `MCP_AUTH_TOKEN_FILE=${loose} is readable by group or others (mode 644); run chmod 600 on it`,
      'MCP_AUTH_TOKEN_FILE holds a short token (5 characters); use 32 or more, e.g. openssl rand -hex 32',
      'MCP_ALLOW_UNAUTHENTICATED is ignored: MCP_AUTH_TOKEN_FILE is set',
    ]);
    assert.equal(config.mcp.allowUnauthenticated, false);
  });

  it('invalid values name their variable', () => {
    assert.deepEqual(configProblems({
      ...HTTP, MCP_TRANSPORT: 'sse', MCP_PORT: '70000', MCP_SESSION_TTL_MS: '0', MCP_SHUTDOWN_TIMEOUT_MS: '-1', MCP_ALLOWED_ORIGINS: 'app.example.com,https://ok.example.com/path',
    }), [
      'MCP_TRANSPORT: Value "sse" not in choices [stdio,http]',
      'MCP_PORT=70000 must be a port number from 0 to 65535',
      'MCP_SESSION_TTL_MS must be a positive number of milliseconds',
      'MCP_SHUTDOWN_TIMEOUT_MS must not be negative',
      'MCP_ALLOWED_ORIGINS: "app.example.com" is not an origin (scheme://host[:port], e.g. https://mcp.example.com)',
      'MCP_ALLOWED_ORIGINS: "https://ok.example.com/path" is not an origin (scheme://host[:port], e.g. https://mcp.example.com)',
    ]);
  });

  it('systemd socket activation: fd 3 only when LISTEN_PID is this process', () => {
    assert.equal(loadConfig({ ...HTTP, LISTEN_FDS: '1', LISTEN_PID: String(process.pid) }).mcp.listenFd, 3);
    assert.equal(loadConfig({ ...HTTP, LISTEN_FDS: '1', LISTEN_PID: '1' }).mcp.listenFd, undefined);
    assert.equal(loadConfig({ ...HTTP, LISTEN_FDS: '0', LISTEN_PID: String(process.pid) }).mcp.listenFd, undefined);
    assert.equal(loadConfig({ ...CLOUD, LISTEN_FDS: '1', LISTEN_PID: String(process.pid) }).mcp.listenFd, undefined, 'stdio ignores it');
    const two = loadConfig({ ...HTTP, LISTEN_FDS: '2', LISTEN_PID: String(process.pid) });
    assert.equal(two.mcp.listenFd, 3);
    assert.deepEqual(two.warnings, ['systemd passed 2 sockets (LISTEN_FDS); serving on the first (fd 3) only']);
    // The address of an inherited socket is checked when serving, so unauthenticated is not refused here.
    assert.equal(loadConfig({ ...CLOUD, MCP_TRANSPORT: 'http', MCP_ALLOW_UNAUTHENTICATED: 'true', MCP_HOST: '0.0.0.0',
      LISTEN_FDS: '1', LISTEN_PID: String(process.pid) }).mcp.listenFd, 3);
  });

  it('loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1']) assert.ok(isLoopbackAddress(host), host);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'localhost.example.com', '::ffff:10.0.0.1', '']) assert.ok(!isLoopbackAddress(host), host);
  });
});

describe('team mode configuration', () => {
  it('needs the HTTP transport', () => {
    assert.deepEqual(configProblems({ ...CLOUD, MCP_TEAM_MODE: 'true' }), [
      'MCP_TEAM_MODE=true needs MCP_TRANSPORT=http: callers send their credentials in HTTP headers',
    ]);
  });

  it('without fallback, a product may have a URL and no credentials; its flavor comes from the host or ATLASSIAN_MODE', () => {
    const config = loadConfig({
      MCP_TRANSPORT: 'http', MCP_AUTH_TOKEN_FILE: TOKEN, MCP_TEAM_MODE: 'true',
      JIRA_URL: 'https://acme.atlassian.net', CONFLUENCE_URL: 'https://wiki.acme.com',
    }, KNOWN_NAMES);
    assert.equal(config.jira?.flavor, 'cloud');
    assert.equal(config.confluence?.flavor, 'server-dc');
    assert.equal(hasServerCredentials(config.jira!), false);
    assert.throws(() => config.jira!.auth.secret.value, /JIRA_URL: no server credentials; in team mode each caller sends its own/);
    assert.ok(config.jira!.notes.includes('No server credentials: each caller sends its own (MCP_TEAM_MODE)'));
    assert.deepEqual(config.warnings, []);
    assert.doesNotThrow(() => JSON.stringify(config), 'printable');
    const cloudMode = loadConfig({ MCP_TRANSPORT: 'http', MCP_AUTH_TOKEN_FILE: TOKEN, MCP_TEAM_MODE: 'true', ATLASSIAN_MODE: 'cloud', JIRA_URL: 'http://127.0.0.1:9/jira' });
    assert.equal(cloudMode.jira?.flavor, 'cloud');
  });

  it('doctor says a URL-only product is authenticated by each caller, instead of failing its check', async () => {
    const config = loadConfig({ MCP_TRANSPORT: 'http', MCP_AUTH_TOKEN_FILE: TOKEN, MCP_TEAM_MODE: 'true', JIRA_URL: 'https://acme.atlassian.net' }, KNOWN_NAMES);
    const lines: string[] = [];
    assert.equal(await runDoctor(config, createLogger('silent'), (line) => lines.push(line)), true);
    assert.ok(lines.includes('  Auth:   each caller\'s own, from X-Atlassian-* request headers (MCP_TEAM_MODE)'));
    assert.ok(lines.includes('  Check:  skipped: no server credentials to check (team mode)'));
  });

  it('server credentials still work in team mode, and the URL rules still apply', () => {
    const config = loadConfig({ ...HTTP, MCP_TEAM_MODE: 'true' });
    assert.equal(hasServerCredentials(config.jira!), true);
    assert.equal(config.jira?.auth.secret.value, 'jira-api-token');
    assert.deepEqual(configProblems({ MCP_TRANSPORT: 'http', MCP_AUTH_TOKEN_FILE: TOKEN, MCP_TEAM_MODE: 'true', JIRA_URL: 'jira.acme.com' }), [
      'JIRA_URL=jira.acme.com is not an http(s) URL (expected e.g. https://example.atlassian.net)',
    ]);
  });

  it('with MCP_TEAM_FALLBACK, the server needs credentials of its own', () => {
    assert.deepEqual(configProblems({ MCP_TRANSPORT: 'http', MCP_AUTH_TOKEN_FILE: TOKEN, MCP_TEAM_MODE: 'true', MCP_TEAM_FALLBACK: 'true', JIRA_URL: 'https://acme.atlassian.net' }), [
      'JIRA_URL is set but no credentials: set JIRA_USERNAME and JIRA_TOKEN_FILE (Cloud) or JIRA_PAT_FILE (Server/DC)',
    ]);
    assert.equal(loadConfig({ ...HTTP, MCP_TEAM_MODE: 'true', MCP_TEAM_FALLBACK: 'true' }).mcp.teamFallback, true);
  });
});
