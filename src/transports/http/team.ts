import { AsyncLocalStorage } from 'node:async_hooks';

import { Secret } from '../../config/index.js';
import { ToolInputError } from '../../mcp/errors.js';

import type { IncomingHttpHeaders } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { AuthConfig, Config, Product, ProductConfig } from '../../config/index.js';

// Team mode: one process, many users, each calling Jira and Confluence as themselves. The caller's
// credentials travel from the HTTP request (headers) through the SDK's authInfo to the tool call,
// which runs inside an AsyncLocalStorage scope holding them; the shared product clients read the
// Authorization of the current scope at each request. Nothing is stored between calls, so
// concurrent callers cannot see each other's credentials.

/** The request headers a caller may send. The upstream URLs are never taken from a caller. */
export const TEAM_HEADERS = {
  username: 'x-atlassian-username',
  jira: { token: 'x-atlassian-jira-token', pat: 'x-atlassian-jira-pat' },
  confluence: { token: 'x-atlassian-confluence-token', pat: 'x-atlassian-confluence-pat' },
} as const;

const DISPLAY = {
  username: 'X-Atlassian-Username',
  jira: { token: 'X-Atlassian-Jira-Token', pat: 'X-Atlassian-Jira-Pat', name: 'Jira' },
  confluence: { token: 'X-Atlassian-Confluence-Token', pat: 'X-Atlassian-Confluence-Pat', name: 'Confluence' },
} as const;

export interface CallerCredentials {
  readonly username?: string;
  readonly jira: { readonly token?: string; readonly pat?: string };
  readonly confluence: { readonly token?: string; readonly pat?: string };
}

/** A credential from a request header: usable, never printed, and named by its header in hints. */
class HeaderSecret extends Secret {
  constructor(header: string, value: string) {
    super({ kind: 'env', variable: header }, value);
  }

  override describe(): string {
    return `the ${this.source.variable} request header`;
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text : undefined;
}

/** The caller credentials of a request, or undefined when it sends none. */
export function callerFromHeaders(headers: IncomingHttpHeaders): CallerCredentials | undefined {
  const caller: CallerCredentials = {
    username: header(headers, TEAM_HEADERS.username),
    jira: { token: header(headers, TEAM_HEADERS.jira.token), pat: header(headers, TEAM_HEADERS.jira.pat) },
    confluence: { token: header(headers, TEAM_HEADERS.confluence.token), pat: header(headers, TEAM_HEADERS.confluence.pat) },
  };
  const any = caller.jira.token ?? caller.jira.pat ?? caller.confluence.token ?? caller.confluence.pat;
  return any === undefined ? undefined : caller;
}

/** What the HTTP transport hands the SDK, which passes it to every handler as extra.authInfo. */
export function callerAuthInfo(caller: CallerCredentials | undefined): AuthInfo {
  return { token: '', clientId: 'atlassian-mcp', scopes: [], extra: caller ? { caller } : {} };
}

export function callerFromAuthInfo(authInfo: AuthInfo | undefined): CallerCredentials | undefined {
  return authInfo?.extra?.caller as CallerCredentials | undefined;
}

/** The Authorization a caller asked for on one product, checked against the product's flavor. */
function authFor(product: ProductConfig, caller: CallerCredentials): AuthConfig | undefined {
  const names = DISPLAY[product.product];
  const { token, pat } = caller[product.product];
  if (token === undefined && pat === undefined) return undefined;
  if (token !== undefined && pat !== undefined) {
    throw new ToolInputError(`Send either ${names.token} (with ${DISPLAY.username}) or ${names.pat}, not both.`);
  }
  if (pat !== undefined) {
    if (product.flavor === 'cloud') {
      throw new ToolInputError(`${names.name} at ${product.url} is Atlassian Cloud, which does not accept personal access tokens: ` +
        `send ${DISPLAY.username} (your account email) and ${names.token} (an API token) instead of ${names.pat}.`);
    }
    return { scheme: 'bearer', secret: new HeaderSecret(names.pat, pat) };
  }
  if (caller.username === undefined) {
    throw new ToolInputError(`${names.token} needs ${DISPLAY.username}: your account email on Cloud, your username on Server/DC.`);
  }
  return { scheme: 'basic', username: caller.username, secret: new HeaderSecret(names.token, token!) };
}

type CallerAuth = Partial<Record<Product, AuthConfig>>;
const scope = new AsyncLocalStorage<CallerAuth>();

/**
 * Runs a tool (or resource read) of `product` as the caller. Without caller credentials for it, the
 * server's own are used only with MCP_TEAM_FALLBACK; otherwise the caller is told which headers to send.
 */
export function runAsCaller<T>(config: Config, product: Product, caller: CallerCredentials | undefined, run: () => Promise<T>): Promise<T> {
  if (!config.mcp.teamMode) return run();
  const auth: CallerAuth = {};
  for (const name of ['jira', 'confluence'] as const) {
    const configured = config[name];
    const own = configured && caller ? authFor(configured, caller) : undefined;
    if (own) auth[name] = own;
  }
  if (!auth[product] && !config.mcp.teamFallback) {
    const names = DISPLAY[product];
    throw new ToolInputError(`This server runs in team mode: send your own ${names.name} credentials as HTTP headers of your ` +
      `MCP client, ${DISPLAY.username} + ${names.token} (Cloud: account email + API token) or ${names.pat} ` +
      '(Server/Data Center personal access token).');
  }
  return scope.run(auth, run);
}

/**
 * The product configuration the shared clients use in team mode: its `auth` is the current caller's,
 * or with MCP_TEAM_FALLBACK the server's own.
 */
export function teamProductConfig(base: ProductConfig, fallback: boolean): ProductConfig {
  const product = base.product;
  return Object.freeze(Object.defineProperty({ ...base }, 'auth', {
    enumerable: true,
    get(): AuthConfig {
      const own = scope.getStore()?.[product];
      if (own) return own;
      if (fallback) return base.auth;
      throw new Error(`${DISPLAY[product].name}: no caller credentials in this call (team mode)`);
    },
  }));
}
