import { existsSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';

import { cleanEnv } from 'envalid';

import { readNetwork } from './network.js';
import { resolveProduct } from './product.js';
import { configSchema, PRODUCTS } from './schema.js';
import { Secret } from './secret.js';

import type { NetworkConfig } from './network.js';
import type { ProductConfig } from './product.js';
import type { Product } from './schema.js';

export type { AuthConfig, Flavor, ProductConfig } from './product.js';
export type { ClientCertificate, NetworkConfig, PemFile, ProxyConfig, ProxySetting, TlsConfig } from './network.js';
export type { Product } from './schema.js';
export { Secret } from './secret.js';

export interface Config {
  readonly jira?: ProductConfig;
  readonly confluence?: ProductConfig;
  readonly readOnly: boolean;
  /** List output schemas in tools/list (they are enforced either way). */
  readonly outputSchemas: boolean;
  /** Toolset ids as given (may include 'default' and 'all'); undefined when TOOLSETS is unset. */
  readonly toolsets?: readonly string[];
  readonly enabledTools: readonly string[];
  readonly disabledTools: readonly string[];
  readonly jiraProjectsFilter: readonly string[];
  readonly confluenceSpacesFilter: readonly string[];
  /** Absolute directory attachment tools may read and write; undefined: files disabled. */
  readonly attachmentsDir?: string;
  readonly attachmentMaxBytes: number;
  readonly logLevel: string;
  readonly httpTimeoutMs: number;
  readonly httpMaxRetries: number;
  readonly httpRetryBaseMs: number;
  /** Requests in flight to one product at once. */
  readonly httpMaxConcurrency: number;
  /** Requests started per second per product; 0: no limit. */
  readonly httpRateLimitPerSecond: number;
  /** Largest JSON answer read from upstream, in bytes. */
  readonly httpMaxResponseBytes: number;
  /** Largest tool result, in characters. */
  readonly maxResultChars: number;
  /** Largest argument without a bound of its own, in characters. */
  readonly maxArgumentChars: number;
  /** Proxies and per product TLS for upstream requests (docs/security.md, Corporate networks). */
  readonly network: NetworkConfig;
  /** How MCP clients connect (the MCP_* variables). */
  readonly mcp: McpTransportConfig;
  /** Things worth fixing that do not stop the server (doctor prints them, serve logs them). */
  readonly warnings: readonly string[];
}

export interface McpTransportConfig {
  readonly transport: 'stdio' | 'http';
  readonly host: string;
  readonly port: number;
  /** The bearer token HTTP clients must send; undefined only with MCP_ALLOW_UNAUTHENTICATED on loopback. */
  readonly authToken?: Secret;
  readonly allowUnauthenticated: boolean;
  readonly allowedHosts: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly sessionTtlMs: number;
  readonly stateless: boolean;
  readonly shutdownTimeoutMs: number;
  readonly teamMode: boolean;
  readonly teamFallback: boolean;
  /** systemd socket activation: the inherited listening socket, when LISTEN_PID names this process. */
  readonly listenFd?: number;
}

/** Names the configuration may refer to; they come from the tool registry. */
export interface KnownNames {
  readonly toolsets: readonly string[];
  readonly tools: readonly string[];
}

/** Every problem found in the environment, reported together so one edit fixes them all. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(
      'atlassian-mcp cannot start: the configuration has ' +
        (problems.length === 1 ? 'a problem' : `${problems.length} problems`) + ':\n' +
        problems.map((problem) => `  - ${problem}`).join('\n') +
        '\nSee docs/configuration.md for every variable.',
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const NO_PRODUCT =
  'No product is configured: set JIRA_URL and/or CONFLUENCE_URL with their credentials ' +
  '(see docs/configuration.md), or try `atlassian-mcp sandbox` to run against the built-in demo site.';

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost: reachable from this machine only. */
export function isLoopbackAddress(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare === '::1') return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  return isIP(v4) === 4 && v4.split('.')[0] === '127';
}

/**
 * A product configured without server credentials in team mode: every caller brings their own.
 * Using its secret is a programming error (the server checks for caller credentials first), so it
 * throws instead of sending an empty token.
 */
class CallerOnlySecret extends Secret {
  /** A marker, not instanceof: the tool implementation is loaded as a separate bundle (src/lazy.ts) with its own classes. */
  readonly callerOnly = true;

  constructor(variable: string) {
    super({ kind: 'env', variable }, '');
  }

  override get value(): string {
    throw new Error(`${this.source.variable}: no server credentials; in team mode each caller sends its own`);
  }

  override describe(): string {
    return 'the caller (MCP_TEAM_MODE, no server credentials)';
  }
}

/** False for a product configured in team mode with a URL only (every caller brings credentials). */
export function hasServerCredentials(product: ProductConfig): boolean {
  return !('callerOnly' in product.auth.secret);
}

const CREDENTIAL_SUFFIXES = ['USERNAME', 'TOKEN_FILE', 'PAT_FILE', 'API_TOKEN', 'PERSONAL_TOKEN'];

/** The systemd socket-activation protocol (sd_listen_fds): fd 3 when LISTEN_PID is this process. */
function listenFd(env: NodeJS.ProcessEnv, warnings: string[]): number | undefined {
  const count = Number(env.LISTEN_FDS);
  if (!env.LISTEN_FDS || Number(env.LISTEN_PID) !== process.pid || !(count >= 1)) return undefined;
  if (count > 1) warnings.push(`systemd passed ${count} sockets (LISTEN_FDS); serving on the first (fd 3) only`);
  return 3;
}

/** Parses and checks the environment. `src/config` is the only place that reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, known?: KnownNames): Config {
  const problems: string[] = [];
  const warnings: string[] = [];
  // Copied out of envalid's strict proxy: a variable that failed validation reads as undefined here
  // (its problem is already recorded) instead of throwing.
  // An empty variable counts as unset: service managers and shell wrappers often export VAR= .
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const clean = { ...cleanEnv(present, configSchema, {
    reporter: ({ errors }) => {
      for (const [name, error] of Object.entries(errors)) {
        problems.push(`${name}: ${error?.message ?? 'invalid value'}`);
      }
    },
  }) };

  // The per-product variables are generated from one template, so their names are not literal keys.
  const text = (name: string) => (clean as Record<string, unknown>)[name] as string | undefined;
  const products: Partial<Record<Product, ProductConfig>> = {};
  for (const product of PRODUCTS) {
    const prefix = product.toUpperCase() as 'JIRA' | 'CONFLUENCE';
    const mode = clean.ATLASSIAN_MODE as 'cloud' | 'self-hosted' | undefined;
    // Team mode without fallback: a URL alone is enough, callers bring the credentials. The URL is
    // checked by the usual rules, with a stand-in username + token that picks the flavor from the
    // host or ATLASSIAN_MODE as Basic auth would; the stand-in is then replaced.
    const callerOnly = clean.MCP_TEAM_MODE && !clean.MCP_TEAM_FALLBACK && text(`${prefix}_URL`) !== undefined &&
      CREDENTIAL_SUFFIXES.every((suffix) => text(`${prefix}_${suffix}`) === undefined);
    const resolved = callerOnly
      ? resolveProduct(product, { url: text(`${prefix}_URL`), username: 'caller', apiToken: 'caller', mode })
      : resolveProduct(product, {
          url: text(`${prefix}_URL`),
          username: text(`${prefix}_USERNAME`),
          tokenFile: text(`${prefix}_TOKEN_FILE`),
          patFile: text(`${prefix}_PAT_FILE`),
          apiToken: text(`${prefix}_API_TOKEN`),
          personalToken: text(`${prefix}_PERSONAL_TOKEN`),
          mode,
        });
    problems.push(...resolved.problems);
    if (!callerOnly) warnings.push(...resolved.warnings);
    if (resolved.config && callerOnly) {
      products[product] = Object.freeze({
        ...resolved.config,
        auth: { scheme: 'bearer' as const, secret: new CallerOnlySecret(`${prefix}_URL`) },
        notes: [...resolved.config.notes, 'No server credentials: each caller sends its own (MCP_TEAM_MODE)'],
      });
    } else if (resolved.config) {
      products[product] = resolved.config;
    }
  }
  if (!products.jira && !products.confluence && problems.length === 0) problems.push(NO_PRODUCT);

  const toolsets = clean.TOOLSETS === undefined ? undefined : list(clean.TOOLSETS);
  const enabledTools = list(clean.ENABLED_TOOLS);
  const disabledTools = list(clean.DISABLED_TOOLS);
  if (known) {
    const unknownToolsets = (toolsets ?? []).filter(
      (id) => id !== 'all' && id !== 'default' && !known.toolsets.includes(id),
    );
    if (unknownToolsets.length > 0) {
      problems.push(`TOOLSETS: unknown toolset ${unknownToolsets.map((id) => `"${id}"`).join(', ')}; ` +
        `known: default, all, ${known.toolsets.join(', ')}`);
    }
    for (const [variable, names] of [['ENABLED_TOOLS', enabledTools], ['DISABLED_TOOLS', disabledTools]] as const) {
      const unknown = names.filter((name) => !known.tools.includes(name));
      if (unknown.length > 0) {
        problems.push(`${variable}: unknown tool ${unknown.map((name) => `"${name}"`).join(', ')}; ` +
          'run `atlassian-mcp tools --all` for the names');
      }
    }
  }
  if (clean.HTTP_TIMEOUT_MS <= 0) problems.push('HTTP_TIMEOUT_MS must be a positive number of milliseconds');
  if (clean.HTTP_MAX_RETRIES < 0 || clean.HTTP_MAX_RETRIES > 10 || !Number.isInteger(clean.HTTP_MAX_RETRIES)) {
    problems.push('HTTP_MAX_RETRIES must be a whole number from 0 to 10');
  }

  if (clean.ATTACHMENTS_DIR !== undefined) {
    const dir = clean.ATTACHMENTS_DIR;
    if (!isAbsolute(dir)) problems.push(`ATTACHMENTS_DIR=${dir} must be an absolute path`);
    else if (!existsSync(dir) || !statSync(dir).isDirectory()) problems.push(`ATTACHMENTS_DIR=${dir} is not an existing directory`);
  }
  if (!(clean.ATTACHMENT_MAX_BYTES > 0)) problems.push('ATTACHMENT_MAX_BYTES must be a positive number of bytes');
  if (clean.HTTP_RETRY_BASE_MS < 0) problems.push('HTTP_RETRY_BASE_MS must not be negative');
  if (!Number.isInteger(clean.HTTP_MAX_CONCURRENCY) || clean.HTTP_MAX_CONCURRENCY < 1 || clean.HTTP_MAX_CONCURRENCY > 64) {
    problems.push('HTTP_MAX_CONCURRENCY must be a whole number from 1 to 64');
  }
  if (!(clean.HTTP_RATE_LIMIT_PER_SECOND >= 0)) problems.push('HTTP_RATE_LIMIT_PER_SECOND must be 0 (no limit) or a positive number');
  if (!(clean.HTTP_MAX_RESPONSE_BYTES >= 65_536)) problems.push('HTTP_MAX_RESPONSE_BYTES must be at least 65536 bytes');
  if (!(clean.MAX_RESULT_CHARS >= 1000)) problems.push('MAX_RESULT_CHARS must be at least 1000 characters');
  if (!(clean.MAX_ARGUMENT_CHARS >= 1000)) problems.push('MAX_ARGUMENT_CHARS must be at least 1000 characters');
  const mcp = mcpTransport(clean, env, problems, warnings);
  const network = readNetwork(present, clean, problems, warnings);

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    ...products,
    readOnly: clean.READ_ONLY_MODE,
    outputSchemas: clean.OUTPUT_SCHEMAS,
    toolsets,
    enabledTools,
    disabledTools,
    jiraProjectsFilter: list(clean.JIRA_PROJECTS_FILTER).map((key) => key.toUpperCase()),
    confluenceSpacesFilter: list(clean.CONFLUENCE_SPACES_FILTER),
    attachmentsDir: clean.ATTACHMENTS_DIR === undefined ? undefined : resolve(clean.ATTACHMENTS_DIR),
    attachmentMaxBytes: clean.ATTACHMENT_MAX_BYTES,
    logLevel: clean.LOG_LEVEL,
    httpTimeoutMs: clean.HTTP_TIMEOUT_MS,
    httpMaxRetries: clean.HTTP_MAX_RETRIES,
    httpRetryBaseMs: clean.HTTP_RETRY_BASE_MS,
    httpMaxConcurrency: clean.HTTP_MAX_CONCURRENCY,
    httpRateLimitPerSecond: clean.HTTP_RATE_LIMIT_PER_SECOND,
    httpMaxResponseBytes: clean.HTTP_MAX_RESPONSE_BYTES,
    maxResultChars: clean.MAX_RESULT_CHARS,
    maxArgumentChars: clean.MAX_ARGUMENT_CHARS,
    network,
    mcp,
    warnings,
  });
}

/** The MCP_* values as envalid parsed them. */
interface McpVariables {
  MCP_TRANSPORT: string; MCP_HOST: string; MCP_PORT: number; MCP_AUTH_TOKEN_FILE?: string; MCP_ALLOW_UNAUTHENTICATED: boolean;
  MCP_ALLOWED_HOSTS?: string; MCP_ALLOWED_ORIGINS?: string; MCP_SESSION_TTL_MS: number; MCP_STATELESS: boolean;
  MCP_SHUTDOWN_TIMEOUT_MS: number; MCP_TEAM_MODE: boolean; MCP_TEAM_FALLBACK: boolean;
}

/** The MCP_* rules: HTTP is never served without a token except, when asked explicitly, on loopback. */
function mcpTransport(clean: McpVariables, env: NodeJS.ProcessEnv, problems: string[], warnings: string[]): McpTransportConfig {
  const http = clean.MCP_TRANSPORT === 'http';
  const host = clean.MCP_HOST;
  const fd = http ? listenFd(env, warnings) : undefined;
  let authToken: Secret | undefined;
  if (http && clean.MCP_AUTH_TOKEN_FILE !== undefined) {
    const read = Secret.fromFile('MCP_AUTH_TOKEN_FILE', clean.MCP_AUTH_TOKEN_FILE);
    if (read.problem) problems.push(read.problem);
    if (read.warning) warnings.push(read.warning);
    authToken = read.secret;
    if (authToken && authToken.value.length < 16) {
      warnings.push(`MCP_AUTH_TOKEN_FILE holds a short token (${authToken.value.length} characters); use 32 or more, ` +
        'e.g. openssl rand -hex 32');
    }
    if (clean.MCP_ALLOW_UNAUTHENTICATED) warnings.push('MCP_ALLOW_UNAUTHENTICATED is ignored: MCP_AUTH_TOKEN_FILE is set');
  } else if (http && !clean.MCP_ALLOW_UNAUTHENTICATED) {
    problems.push('MCP_TRANSPORT=http needs MCP_AUTH_TOKEN_FILE (a file holding the bearer token clients send), ' +
      'or MCP_ALLOW_UNAUTHENTICATED=true to serve without one on a loopback MCP_HOST');
  } else if (http && fd === undefined && !isLoopbackAddress(host)) {
    problems.push(`MCP_ALLOW_UNAUTHENTICATED=true is refused on MCP_HOST=${host}, which other machines can reach: ` +
      'set MCP_AUTH_TOKEN_FILE, or bind 127.0.0.1');
  }
  if (clean.MCP_PORT < 0 || clean.MCP_PORT > 65535 || !Number.isInteger(clean.MCP_PORT)) {
    problems.push(`MCP_PORT=${clean.MCP_PORT} must be a port number from 0 to 65535`);
  }
  if (!(clean.MCP_SESSION_TTL_MS > 0)) problems.push('MCP_SESSION_TTL_MS must be a positive number of milliseconds');
  if (!(clean.MCP_SHUTDOWN_TIMEOUT_MS >= 0)) problems.push('MCP_SHUTDOWN_TIMEOUT_MS must not be negative');
  if (clean.MCP_TEAM_MODE && !http) {
    problems.push('MCP_TEAM_MODE=true needs MCP_TRANSPORT=http: callers send their credentials in HTTP headers');
  }
  const origins: string[] = [];
  for (const origin of list(clean.MCP_ALLOWED_ORIGINS)) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin === 'null' || parsed.origin !== origin.replace(/\/+$/, '')) {
      problems.push(`MCP_ALLOWED_ORIGINS: "${origin}" is not an origin (scheme://host[:port], e.g. https://mcp.example.com)`);
    } else {
      origins.push(parsed.origin);
    }
  }
  return {
    transport: clean.MCP_TRANSPORT as 'stdio' | 'http',
    host,
    port: clean.MCP_PORT,
    authToken,
    allowUnauthenticated: clean.MCP_ALLOW_UNAUTHENTICATED && authToken === undefined,
    allowedHosts: list(clean.MCP_ALLOWED_HOSTS).map((name) => name.toLowerCase()),
    allowedOrigins: origins,
    sessionTtlMs: clean.MCP_SESSION_TTL_MS,
    stateless: clean.MCP_STATELESS,
    shutdownTimeoutMs: clean.MCP_SHUTDOWN_TIMEOUT_MS,
    teamMode: clean.MCP_TEAM_MODE,
    teamFallback: clean.MCP_TEAM_FALLBACK,
    listenFd: fd,
  };
}
