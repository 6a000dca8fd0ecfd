import { bypassesProxy, proxyFor } from './atlassian/agents.js';
import { UpstreamError } from './atlassian/errors.js';
import { AtlassianHttp } from './atlassian/http.js';
import { hasServerCredentials } from './config/index.js';
import { ConfluenceClient } from './confluence/client.js';
import { JiraClient } from './jira/client.js';
import { selectTools } from './mcp/registry.js';
import { VERSION } from './version.js';

import type { Config, NetworkConfig, ProductConfig } from './config/index.js';
import type { Logger } from './log.js';

const NAMES = { jira: 'Jira', confluence: 'Confluence' } as const;

/** The proxy in use for the product (never its credentials) and its TLS settings. */
function describeNetwork(product: ProductConfig, network: NetworkConfig): string[] {
  const url = new URL(product.origin);
  const proxy = proxyFor(network.proxy, url);
  const variable = url.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY';
  const route = proxy
    ? `${proxy.display} (${proxy.variable}; ${url.protocol === 'https:' ? 'CONNECT tunnel' : 'forwarded in clear'})`
    : (url.protocol === 'https:' ? network.proxy.https : network.proxy.http) && bypassesProxy(network.proxy.noProxy, url)
      ? 'direct (NO_PROXY)'
      : `direct (no ${variable})`;
  if (url.protocol !== 'https:') return [`  Proxy:  ${route}`, '  TLS:    none (http:// URL)'];
  const tls = network.tls[product.product];
  const P = product.product.toUpperCase();
  const trust = !tls.verify
    ? `verify OFF (${P}_SSL_VERIFY=false)`
    : `verify on, CAs: default${network.extraCa ? ` + ${network.extraCa.path} (NODE_EXTRA_CA_CERTS)` : ''}` +
      `${tls.ca ? ` + ${tls.ca.path} (${P}_CA_FILE)` : ''}`;
  const client = tls.clientCertificate
    ? `client certificate ${tls.clientCertificate.cert.path} (${P}_CLIENT_CERT_FILE)`
    : 'no client certificate';
  return [`  Proxy:  ${route}`, `  TLS:    ${trust}; ${client}`];
}

function describeProduct(product: ProductConfig): string[] {
  const auth = product.auth;
  const api = product.product === 'jira'
    ? (product.flavor === 'cloud' ? 'REST v3 + Agile 1.0' : 'REST v2 + Agile 1.0')
    : (product.flavor === 'cloud' ? 'REST v2, v1 for CQL search' : 'REST v1');
  return [
    `  URL:    ${product.url} (${product.urlVariable})`,
    ...(product.apiBase !== product.url ? [`          API base ${product.apiBase}`] : []),
    ...product.notes.map((note) => `          ${note}`),
    `  Flavor: ${product.flavor} (${api})`,
    `  Auth:   ${!hasServerCredentials(product) ? 'each caller\'s own, from X-Atlassian-* request headers (MCP_TEAM_MODE)' : auth.scheme === 'basic'
      ? `Basic as ${auth.username}, ${product.flavor === 'cloud' ? 'API token' : 'password'} from ${auth.secret.describe()}`
      : `Bearer personal access token from ${auth.secret.describe()}`}`,
  ];
}

async function whoAmI(product: ProductConfig, config: Config, log: Logger): Promise<string> {
  // No retries: doctor should answer at once, and a retry would only delay the same verdict.
  const http = new AtlassianHttp(product, { timeoutMs: Math.min(config.httpTimeoutMs, 15_000), maxRetries: 0, network: config.network }, log);
  if (product.product === 'jira') {
    const me = await new JiraClient(http, config).myself();
    return `${me.displayName ?? '(no name)'}${me.emailAddress ? ` <${me.emailAddress}>` : ''}` +
      ` (${me.accountId ? `accountId ${me.accountId}` : `username ${me.name ?? '?'}`})`;
  }
  const me = await new ConfluenceClient(http, config).currentUser();
  return `${me.displayName ?? '(no name)'}${me.email ? ` <${me.email}>` : ''}` +
    ` (${me.accountId ? `accountId ${me.accountId}` : `username ${me.username ?? '?'}`})`;
}

/**
 * Prints how the configuration was understood and whether each product accepts the credentials.
 * Never prints a secret: only where it came from. Returns true when every enabled product authenticated.
 */
export async function runDoctor(config: Config, log: Logger, print: (line: string) => void): Promise<boolean> {
  print(`atlassian-mcp ${VERSION} doctor`);
  let healthy = true;
  for (const product of [config.jira, config.confluence]) {
    if (!product) continue;
    print('');
    print(NAMES[product.product]);
    [...describeProduct(product), ...describeNetwork(product, config.network)].forEach((line) => print(line));
    if (!hasServerCredentials(product)) {
      print('  Check:  skipped: no server credentials to check (team mode)');
      continue;
    }
    try {
      print(`  Check:  ok, authenticated as ${await whoAmI(product, config, log)}`);
    } catch (error) {
      healthy = false;
      const reason = error instanceof UpstreamError ? error.message : `unexpected error: ${(error as Error).message}`;
      print(`  Check:  FAILED: ${reason}`);
    }
  }
  for (const product of ['jira', 'confluence'] as const) {
    if (!config[product]) print(`\n${NAMES[product]}: not configured (set ${product.toUpperCase()}_URL to enable it)`);
  }
  if (config.warnings.length > 0) {
    print('\nWarnings:');
    config.warnings.forEach((warning) => print(`  - ${warning}`));
  }
  const tools = selectTools(config);
  print(`\nTools: ${tools.length} exposed${config.readOnly ? ' (read-only mode)' : ''}: ${tools.map((tool) => tool.name).join(', ') || 'none'}`);
  print(healthy ? '\nAll configured products authenticated.' : '\nAt least one product failed its check (see above).');
  return healthy;
}
