import type { ProductConfig } from '../config/index.js';

const PRODUCT_NAMES = { jira: 'Jira', confluence: 'Confluence' } as const;

/**
 * A failure talking to Jira or Confluence, with everything a user needs to act on it:
 * the status, Atlassian's own messages, and a hint that names what to check.
 * Its message never contains a credential: it is built only from the status, the upstream
 * error fields, the configured URL and variable names.
 */
export class UpstreamError extends Error {
  readonly product: ProductConfig['product'];
  readonly status?: number;
  readonly upstreamMessages: readonly string[];
  readonly hint: string;
  readonly retries: number;

  constructor(init: {
    product: ProductConfig['product'];
    summary: string;
    status?: number;
    upstreamMessages?: readonly string[];
    hint: string;
    retries?: number;
  }) {
    const said = (init.upstreamMessages ?? []).map((message) => (message.endsWith('.') ? message.slice(0, -1) : message));
    const details = said.length ? ` ${PRODUCT_NAMES[init.product]} said: ${said.join('; ')}.` : '';
    super(`${init.summary}.${details} ${init.hint}`.trim());
    this.name = 'UpstreamError';
    this.product = init.product;
    this.status = init.status;
    this.upstreamMessages = init.upstreamMessages ?? [];
    this.hint = init.hint;
    this.retries = init.retries ?? 0;
  }
}

/** Collects the messages of Jira's, Confluence v1's and Confluence v2's error bodies. */
export function extractUpstreamMessages(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const record = body as Record<string, unknown>;
  const messages: string[] = [];
  if (Array.isArray(record.errorMessages)) {
    messages.push(...record.errorMessages.filter((item): item is string => typeof item === 'string'));
  }
  if (Array.isArray(record.errors)) {
    for (const item of record.errors) {
      if (typeof item === 'object' && item !== null) {
        const { title, detail, message } = item as Record<string, unknown>;
        const text = [title, detail ?? message].filter((part) => typeof part === 'string' && part !== '').join(': ');
        if (text) messages.push(text);
      }
    }
  } else if (typeof record.errors === 'object' && record.errors !== null) {
    for (const [field, message] of Object.entries(record.errors)) {
      if (typeof message === 'string') messages.push(`${field}: ${message}`);
    }
  }
  // Jira Service Management answers { errorMessage, i18nErrorMessage }.
  for (const key of ['message', 'errorMessage']) {
    const text = record[key];
    if (messages.length === 0 && typeof text === 'string' && text !== '') messages.push(text);
  }
  return messages.map((message) => (message.length > 500 ? `${message.slice(0, 500)}…` : message));
}

/** The "what to do next" for an HTTP status; `subject` is what was asked for, e.g. "issue PROJ-9". */
export function hintForStatus(config: ProductConfig, status: number, subject: string | undefined, retries: number): string {
  const P = config.product.toUpperCase();
  switch (status) {
    case 400:
      return 'The request was rejected as invalid: check the arguments (for searches, the query syntax).';
    case 401:
      return config.auth.scheme === 'basic'
        ? `Token rejected for ${config.urlVariable}=${config.url}: check ${P}_USERNAME and the token in ${config.auth.secret.describe()}` +
          (config.flavor === 'cloud' ? ' (Cloud needs the account email and an API token).' : '.')
        : `Token rejected for ${config.urlVariable}=${config.url}: check the personal access token in ${config.auth.secret.describe()} (expired or revoked?).`;
    case 403:
      return 'The account is authenticated but lacks permission for this, or the feature is disabled on the site.';
    case 404:
      return `Check that ${subject ?? 'the key or id'} exists and that the account can see it.`;
    case 407:
      return 'The proxy asks for credentials: put them in HTTP_PROXY (http:// sites) or HTTPS_PROXY, e.g. http://user:password@proxy:3128.';
    case 409:
      return 'The request conflicts with the current state (e.g. a newer version exists): read it again and retry.';
    case 429:
      return `Rate limited by ${PRODUCT_NAMES[config.product]}${retries ? ` (retried ${retries} times)` : ''}: wait a minute and try again.`;
    default:
      return status >= 500
        ? `${PRODUCT_NAMES[config.product]} had a server error${retries ? ` (retried ${retries} times)` : ''}: try again later.`
        : 'Check the arguments and try again.';
  }
}

/** Certificate problems: the same remedies for each, naming this product's variables. */
const TLS_TROUBLE: Record<string, (host: string) => string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: (host) => `${host} uses a self-signed TLS certificate that is not trusted`,
  SELF_SIGNED_CERT_IN_CHAIN: (host) => `The TLS chain of ${host} ends in an untrusted CA`,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: (host) => `The TLS certificate of ${host} cannot be verified (its issuing CA is not trusted)`,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: (host) => `The TLS certificate of ${host} cannot be verified (its issuing CA is not trusted)`,
  UNABLE_TO_GET_ISSUER_CERT: (host) => `The TLS certificate of ${host} cannot be verified (its issuing CA is not trusted)`,
};

const NETWORK_HINTS: Record<string, (config: ProductConfig, host: string) => string> = {
  ENOTFOUND: (c, host) => `DNS lookup failed for ${host}: check ${c.urlVariable}`,
  EAI_AGAIN: (c, host) => `DNS lookup for ${host} timed out: check the network and ${c.urlVariable}`,
  ECONNREFUSED: (c, host) => `Connection refused by ${host}: check ${c.urlVariable} and that the server is running`,
  ECONNRESET: (_c, host) => `The connection to ${host} was reset mid-request: try again`,
  EHOSTUNREACH: (_c, host) => `${host} is unreachable from this machine`,
  ETIMEDOUT: (_c, host) => `No answer from ${host} within HTTP_TIMEOUT_MS`,
  ERR_GOT_REQUEST_ERROR: (_c, host) => `The request to ${host} failed`,
  CERT_HAS_EXPIRED: (_c, host) => `The TLS certificate of ${host} has expired`,
  ERR_TLS_CERT_ALTNAME_INVALID: (c, host) => `The TLS certificate does not match ${host}: check ${c.urlVariable}`,
  // Node's wording when a server that requires a client certificate (mTLS) closes the handshake.
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: (c, host) =>
    `${host} requires a TLS client certificate: set ${c.product.toUpperCase()}_CLIENT_CERT_FILE and ${c.product.toUpperCase()}_CLIENT_KEY_FILE`,
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: (c, host) =>
    `${host} rejected the TLS client certificate: check ${c.product.toUpperCase()}_CLIENT_CERT_FILE (expired, or not issued by a CA it trusts?)`,
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: (c, host) =>
    `${host} does not trust the CA of the TLS client certificate in ${c.product.toUpperCase()}_CLIENT_CERT_FILE`,
};

/** The proxy a failed request went through, as far as messages may tell: never its credentials. */
export interface ProxyRoute {
  /** The variable that set it: HTTPS_PROXY, https_proxy, HTTP_PROXY… */
  variable: string;
  /** scheme://host:port without credentials. */
  display: string;
  /** The upstream host the request was for. */
  host: string;
  /** The proxy's answer to CONNECT, when it refused the tunnel. */
  status?: number;
}

/** A failure between this process and the proxy, or the proxy's refusal to reach the upstream. */
function proxyFailure(config: ProductConfig, code: string | undefined, proxy: ProxyRoute): { summary: string; hint: string } | undefined {
  const named = `proxy ${proxy.display} (${proxy.variable})`;
  const bypass = `or add ${proxy.host.replace(/:\d+$/, '')} to NO_PROXY if it is reachable directly`;
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
      return { summary: `Cannot reach the ${named} (${code})`, hint: `Check ${proxy.variable}, ${bypass}.` };
    case 'ERR_PROXY_TUNNEL':
      return proxy.status === 407
        ? { summary: `The ${named} asks for credentials (HTTP 407)`,
            hint: `Put them in ${proxy.variable}, e.g. http://user:password@proxy:3128 (percent-encode special characters).` }
        : { summary: `The ${named} refused to connect to ${proxy.host}${proxy.status ? ` (HTTP ${proxy.status})` : ''}`,
            hint: `Ask the proxy's administrators to allow ${proxy.host}, check ${config.urlVariable}, ${bypass}.` };
    default:
      return undefined;
  }
}

/** How the failed request was sent, for a more exact hint. */
export interface RequestRoute {
  /** Set when it went through a proxy: connection failures are then the proxy's. */
  proxy?: ProxyRoute;
  /** A client certificate was presented (a site refusing it often just resets the connection). */
  clientCertificate?: boolean;
}

/** Turns a network-level failure (no HTTP status) into an UpstreamError naming the cause. */
export function networkError(config: ProductConfig, code: string | undefined, timeoutMs: number, route: RequestRoute = {}): UpstreamError {
  const { proxy } = route;
  const host = proxy?.host ?? new URL(config.origin).host;
  const P = config.product.toUpperCase();
  const viaProxy = proxy ? proxyFailure(config, code, proxy) : undefined;
  if (viaProxy) return new UpstreamError({ product: config.product, ...viaProxy });
  const untrusted = code ? TLS_TROUBLE[code] : undefined;
  if (untrusted) {
    return new UpstreamError({
      product: config.product,
      summary: `${untrusted(host)} (${code})`,
      hint: `Add the CA certificate (PEM) with ${P}_CA_FILE, or for every product with NODE_EXTRA_CA_CERTS; ` +
        `${P}_SSL_VERIFY=false skips the check but lets anyone on the path pose as the site.`,
    });
  }
  if (code === 'ECONNRESET' && route.clientCertificate) {
    return new UpstreamError({
      product: config.product,
      summary: `The connection to ${host} was reset`,
      hint: `Try again; if every request fails so, the site refuses the client certificate in ${P}_CLIENT_CERT_FILE ` +
        '(issued by a CA it does not accept, or expired).',
    });
  }
  const describe = code ? NETWORK_HINTS[code] : undefined;
  const summary = code === 'ETIMEDOUT'
    ? `No answer from ${host} within ${timeoutMs} ms`
    : describe ? describe(config, host) : `The request to ${host} failed (${code ?? 'network error'})`;
  return new UpstreamError({
    product: config.product,
    summary,
    hint: code === 'ETIMEDOUT' ? 'Try again, or raise HTTP_TIMEOUT_MS if the site is slow.' : '',
  });
}
