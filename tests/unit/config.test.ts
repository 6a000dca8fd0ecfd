import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { after, describe, it } from 'node:test';

import { loadConfig } from '../../src/config/index.js';
import { KNOWN_NAMES } from '../../src/mcp/registry.js';
import { configProblems } from '../helpers/config.js';

const dir = mkdtempSync(join(tmpdir(), 'atlassian-mcp-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));
function secret(name: string, content: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}
const TOKEN = secret('token', 'cloud-token-value\n');
const PAT = secret('pat', '  pat-value \n\n');


const CLOUD = { JIRA_URL: 'https://acme.atlassian.net', JIRA_USERNAME: 'me@acme.com', JIRA_TOKEN_FILE: TOKEN };

describe('auth scheme and flavor, per product', () => {
  it('username + token on an .atlassian.net host is Cloud with Basic', () => {
    const config = loadConfig(CLOUD, KNOWN_NAMES);
    assert.equal(config.jira?.flavor, 'cloud');
    assert.equal(config.jira?.auth.scheme, 'basic');
    assert.equal(config.jira?.auth.secret.value, 'cloud-token-value', 'trailing newline trimmed');
    assert.equal(config.confluence, undefined);
  });

  it('.jira.com hosts are Cloud too; other hosts with username + token are Server/DC (password)', () => {
    assert.equal(loadConfig({ ...CLOUD, JIRA_URL: 'https://acme.jira.com' }).jira?.flavor, 'cloud');
    const dc = loadConfig({ ...CLOUD, JIRA_URL: 'https://jira.acme.com/jira/' });
    assert.equal(dc.jira?.flavor, 'server-dc');
    assert.equal(dc.jira?.auth.scheme, 'basic');
    assert.equal(dc.jira?.url, 'https://jira.acme.com/jira', 'trailing slash removed, context path kept');
  });

  it('ATLASSIAN_MODE=cloud makes any host Cloud', () => {
    assert.equal(loadConfig({ ...CLOUD, JIRA_URL: 'http://127.0.0.1:8080', ATLASSIAN_MODE: 'cloud' }).jira?.flavor, 'cloud');
  });

  it('a PAT means Server/DC with Bearer, and trailing whitespace is trimmed', () => {
    const config = loadConfig({ CONFLUENCE_URL: 'https://wiki.acme.com', CONFLUENCE_PAT_FILE: PAT });
    assert.equal(config.confluence?.flavor, 'server-dc');
    assert.equal(config.confluence?.auth.scheme, 'bearer');
    assert.equal(config.confluence?.auth.secret.value, '  pat-value');
  });

  it('Jira Cloud and Confluence Data Center in one process', () => {
    const config = loadConfig({ ...CLOUD, CONFLUENCE_URL: 'https://wiki.acme.com', CONFLUENCE_PAT_FILE: PAT });
    assert.equal(config.jira?.auth.scheme, 'basic');
    assert.equal(config.jira?.flavor, 'cloud');
    assert.equal(config.confluence?.auth.scheme, 'bearer');
    assert.equal(config.confluence?.flavor, 'server-dc');
  });

  it('both a PAT and username + token: ATLASSIAN_MODE decides, and is required', () => {
    const both = { JIRA_URL: 'https://jira.acme.com', JIRA_USERNAME: 'me', JIRA_TOKEN_FILE: TOKEN, JIRA_PAT_FILE: PAT };
    assert.equal(loadConfig({ ...both, ATLASSIAN_MODE: 'cloud' }).jira?.auth.scheme, 'basic');
    assert.equal(loadConfig({ ...both, ATLASSIAN_MODE: 'self-hosted' }).jira?.auth.scheme, 'bearer');
    assert.deepEqual(configProblems(both), [
      'JIRA has both JIRA_PAT_FILE and JIRA_USERNAME + JIRA_TOKEN_FILE: set ATLASSIAN_MODE=cloud (Basic) or ATLASSIAN_MODE=self-hosted (PAT), or remove one of them',
    ]);
  });

  it('Confluence Cloud gets /wiki appended when the URL lacks it, and keeps it when present', () => {
    const bare = loadConfig({ CONFLUENCE_URL: 'https://acme.atlassian.net', CONFLUENCE_USERNAME: 'me@acme.com', CONFLUENCE_TOKEN_FILE: TOKEN });
    assert.equal(bare.confluence?.apiBase, 'https://acme.atlassian.net/wiki');
    assert.deepEqual(bare.confluence?.notes, ['Confluence Cloud lives under /wiki: using https://acme.atlassian.net/wiki']);
    const withWiki = loadConfig({ CONFLUENCE_URL: 'https://acme.atlassian.net/wiki/', CONFLUENCE_USERNAME: 'me@acme.com', CONFLUENCE_TOKEN_FILE: TOKEN });
    assert.equal(withWiki.confluence?.apiBase, 'https://acme.atlassian.net/wiki');
    assert.equal(withWiki.confluence?.origin, 'https://acme.atlassian.net');
  });
});

describe('misconfiguration: one error listing every problem, each naming the variable', () => {
  it('nothing configured points to the sandbox and the docs', () => {
    assert.deepEqual(configProblems({}), [
      'No product is configured: set JIRA_URL and/or CONFLUENCE_URL with their credentials (see docs/configuration.md), or try `atlassian-mcp sandbox` to run against the built-in demo site.',
    ]);
  });

  it('a URL without credentials', () => {
    assert.deepEqual(configProblems({ JIRA_URL: 'https://acme.atlassian.net' }), [
      'JIRA_URL is set but no credentials: set JIRA_USERNAME and JIRA_TOKEN_FILE (Cloud) or JIRA_PAT_FILE (Server/DC)',
    ]);
  });

  it('credentials without a URL', () => {
    assert.deepEqual(configProblems({ CONFLUENCE_PAT_FILE: PAT }), [
      'CONFLUENCE_URL is not set, but CONFLUENCE credentials are: set CONFLUENCE_URL to enable Confluence',
    ]);
  });

  it('half of Basic auth', () => {
    assert.deepEqual(configProblems({ JIRA_URL: 'https://acme.atlassian.net', JIRA_TOKEN_FILE: TOKEN }), [
      'JIRA_TOKEN_FILE is set but JIRA_USERNAME is not: set JIRA_USERNAME to the account email (Cloud) or username (Server/DC)',
    ]);
    assert.deepEqual(configProblems({ JIRA_URL: 'https://acme.atlassian.net', JIRA_USERNAME: 'me@acme.com' }), [
      'JIRA_USERNAME is set but no token: set JIRA_TOKEN_FILE (the API token on Cloud, the password on Server/DC)',
    ]);
  });

  it('secret files: missing, empty, a directory', () => {
    const empty = secret('empty', '\n');
    assert.deepEqual(configProblems({ JIRA_URL: 'https://jira.acme.com', JIRA_PAT_FILE: join(dir, 'absent') }), [
      `JIRA_PAT_FILE=${join(dir, 'absent')}: the file does not exist`,
    ]);
    assert.deepEqual(configProblems({ JIRA_URL: 'https://jira.acme.com', JIRA_PAT_FILE: empty }), [`JIRA_PAT_FILE=${empty}: the file is empty`]);
    assert.deepEqual(configProblems({ JIRA_URL: 'https://jira.acme.com', JIRA_PAT_FILE: dir }), [`JIRA_PAT_FILE=${dir}: the file is a directory, not a file`]);
  });

  it('a PAT against Atlassian Cloud', () => {
    assert.deepEqual(configProblems({ JIRA_URL: 'https://acme.atlassian.net', JIRA_PAT_FILE: PAT }), [
      'JIRA_URL is an Atlassian Cloud site, which does not accept personal access tokens: set JIRA_USERNAME and JIRA_TOKEN_FILE (an API token) instead of JIRA_PAT_FILE',
    ]);
  });

  it('bad URLs', () => {
    assert.deepEqual(configProblems({ JIRA_URL: 'acme.atlassian.net', JIRA_PAT_FILE: PAT }), [
      'JIRA_URL=acme.atlassian.net is not an http(s) URL (expected e.g. https://example.atlassian.net)',
    ]);
    assert.deepEqual(configProblems({ JIRA_URL: 'https://me:pw@jira.acme.com', JIRA_PAT_FILE: PAT }), [
      'JIRA_URL must not contain credentials; use JIRA_USERNAME and JIRA_TOKEN_FILE',
    ]);
    assert.deepEqual(configProblems({ JIRA_URL: 'https://jira.acme.com/?x=1', JIRA_PAT_FILE: PAT }), [
      'JIRA_URL=https://jira.acme.com/?x=1 must not contain a query or fragment',
    ]);
  });

  it('every problem at once, including invalid values and unknown tool names', () => {
    assert.deepEqual(configProblems({
      ...CLOUD, CONFLUENCE_URL: 'https://wiki.acme.com', LOG_LEVEL: 'loud', HTTP_TIMEOUT_MS: 'soon', ATLASSIAN_MODE: 'hybrid',
      TOOLSETS: 'default,jira_everything', ENABLED_TOOLS: 'jira_search,jira_teleport', DISABLED_TOOLS: 'confluence_nope', HTTP_MAX_RETRIES: '99',
    }), [
      'ATLASSIAN_MODE: Value "hybrid" not in choices [cloud,self-hosted]',
      'LOG_LEVEL: Value "loud" not in choices [fatal,error,warn,info,debug,trace,silent]',
      'HTTP_TIMEOUT_MS: Invalid number input: "soon"',
      'CONFLUENCE_URL is set but no credentials: set CONFLUENCE_USERNAME and CONFLUENCE_TOKEN_FILE (Cloud) or CONFLUENCE_PAT_FILE (Server/DC)',
      `TOOLSETS: unknown toolset "jira_everything"; known: default, all, ${KNOWN_NAMES.toolsets.join(', ')}`,
      'ENABLED_TOOLS: unknown tool "jira_teleport"; run `atlassian-mcp tools --all` for the names',
      'DISABLED_TOOLS: unknown tool "confluence_nope"; run `atlassian-mcp tools --all` for the names',
      'HTTP_MAX_RETRIES must be a whole number from 0 to 10',
    ]);
  });

  it('the error message lists the problems and points to the docs', () => {
    assert.throws(() => loadConfig({ JIRA_URL: 'https://acme.atlassian.net' }), {
      message: 'atlassian-mcp cannot start: the configuration has a problem:\n' +
        '  - JIRA_URL is set but no credentials: set JIRA_USERNAME and JIRA_TOKEN_FILE (Cloud) or JIRA_PAT_FILE (Server/DC)\n' +
        'See docs/configuration.md for every variable.',
    });
  });
});

describe('warnings and secrets', () => {
  it('warns about secrets in the environment, files that win, and loose permissions', () => {
    const loose = secret('loose', 'tok', 0o644);
    const config = loadConfig({
      JIRA_URL: 'https://acme.atlassian.net', JIRA_USERNAME: 'me@acme.com', JIRA_API_TOKEN: 'env-token',
      CONFLUENCE_URL: 'https://wiki.acme.com', CONFLUENCE_PAT_FILE: loose, CONFLUENCE_PERSONAL_TOKEN: 'env-pat',
    });
    assert.equal(config.jira?.auth.secret.value, 'env-token');
    assert.equal(config.confluence?.auth.secret.value, 'tok', 'the file wins over the variable');
    assert.deepEqual(config.warnings, [
      'JIRA_API_TOKEN holds a secret in the environment, where other processes and crash dumps can see it; prefer JIRA_TOKEN_FILE',
      `CONFLUENCE_PAT_FILE=${loose} is readable by group or others (mode 644); run chmod 600 on it`,
      'CONFLUENCE_PERSONAL_TOKEN is ignored because CONFLUENCE_PAT_FILE is set; remove it from the environment',
    ]);
  });

  it('a secret never shows up when the config is printed, logged or serialised', () => {
    const config = loadConfig(CLOUD);
    const renderings = [JSON.stringify(config), inspect(config, { depth: 10 }), String(config.jira?.auth.secret)];
    for (const text of renderings) {
      assert.doesNotMatch(text, /cloud-token-value/);
    }
    assert.match(JSON.stringify(config), /\[secret from file .*token \(JIRA_TOKEN_FILE\)\]/);
  });

  it('an empty variable counts as unset', () => {
    const config = loadConfig({ ...CLOUD, CONFLUENCE_URL: '', CONFLUENCE_PAT_FILE: ' ', TOOLSETS: '' });
    assert.equal(config.confluence, undefined);
    assert.equal(config.toolsets, undefined);
  });

  it('lists and flags are parsed', () => {
    const config = loadConfig({ ...CLOUD, READ_ONLY_MODE: 'true', JIRA_PROJECTS_FILTER: ' proj, ops ,', TOOLSETS: 'all' });
    assert.equal(config.readOnly, true);
    assert.deepEqual(config.jiraProjectsFilter, ['PROJ', 'OPS']);
    assert.deepEqual(config.toolsets, ['all']);
    assert.equal(config.httpTimeoutMs, 30_000);
  });
});
