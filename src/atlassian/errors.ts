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
  if (messages.length === 0 && typeof record.message === 'string' && record.message !== '') {
    messages.push(record.message);
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

const NETWORK_HINTS: Record<string, (config: ProductConfig, host: string) => string> = {
  ENOTFOUND: (c, host) => `DNS lookup failed for ${host}: check ${c.urlVariable}`,
  EAI_AGAIN: (c, host) => `DNS lookup for ${host} timed out: check the network and ${c.urlVariable}`,
  ECONNREFUSED: (c, host) => `Connection refused by ${host}: check ${c.urlVariable} and that the server is running`,
  ECONNRESET: (_c, host) => `The connection to ${host} was reset mid-request: try again`,
  EHOSTUNREACH: (_c, host) => `${host} is unreachable from this machine`,
  ETIMEDOUT: (_c, host) => `No answer from ${host} within HTTP_TIMEOUT_MS`,
  ERR_GOT_REQUEST_ERROR: (_c, host) => `The request to ${host} failed`,
  CERT_HAS_EXPIRED: (_c, host) => `The TLS certificate of ${host} has expired`,
  DEPTH_ZERO_SELF_SIGNED_CERT: (_c, host) => `${host} uses a self-signed TLS certificate that is not trusted: add its CA with NODE_EXTRA_CA_CERTS`,
  SELF_SIGNED_CERT_IN_CHAIN: (_c, host) => `The TLS chain of ${host} ends in an untrusted CA: add it with NODE_EXTRA_CA_CERTS`,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: (_c, host) => `The TLS certificate of ${host} cannot be verified: add the issuing CA with NODE_EXTRA_CA_CERTS`,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: (_c, host) => `The TLS certificate of ${host} cannot be verified: add the issuing CA with NODE_EXTRA_CA_CERTS`,
  ERR_TLS_CERT_ALTNAME_INVALID: (c, host) => `The TLS certificate does not match ${host}: check ${c.urlVariable}`,
};

/** Turns a network-level failure (no HTTP status) into an UpstreamError naming the cause. */
export function networkError(config: ProductConfig, code: string | undefined, timeoutMs: number): UpstreamError {
  const host = new URL(config.origin).host;
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
