import { createHash, timingSafeEqual } from 'node:crypto';
import { statSync } from 'node:fs';

import { isLoopbackAddress } from '../../config/index.js';
import { TEAM_HEADERS } from './team.js';

import type { IncomingMessage } from 'node:http';
import type { McpTransportConfig } from '../../config/index.js';

// What stands between the port and the tools: a Host/Origin allowlist against DNS rebinding (a web
// page whose name resolves to 127.0.0.1 still sends its own Host and Origin), and a bearer token
// compared in constant time.

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** "[::1]:8848" -> { hostname: '::1', port: '8848' }; undefined when it is not a host. */
function parseHost(value: string): { hostname: string; port: string } | undefined {
  try {
    const url = new URL(`http://${value}`);
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return undefined;
    return { hostname: url.hostname.replace(/^\[|\]$/g, '').toLowerCase(), port: url.port };
  } catch {
    return undefined;
  }
}

export class RequestGuard {
  readonly #allowedHostnames: Set<string>;
  /** Configured "name:port" entries, which allow that port only. */
  readonly #allowedHostPorts: Set<string>;
  readonly #allowedOrigins: Set<string>;
  readonly #config: McpTransportConfig;
  #tokenMtime: number | undefined;

  /** `boundAddress`: where the server actually listens (differs from MCP_HOST under socket activation). */
  constructor(config: McpTransportConfig, boundAddress: string | undefined) {
    this.#config = config;
    this.#allowedHostnames = new Set([...LOOPBACK_NAMES, config.host.toLowerCase(), ...(boundAddress ? [boundAddress.toLowerCase()] : [])]);
    this.#allowedHostPorts = new Set();
    for (const entry of config.allowedHosts) {
      const parsed = parseHost(entry);
      if (!parsed) continue;
      if (parsed.port) this.#allowedHostPorts.add(`${parsed.hostname}:${parsed.port}`);
      else this.#allowedHostnames.add(parsed.hostname);
    }
    this.#allowedOrigins = new Set(config.allowedOrigins);
  }

  /** The Host header names this server (loopback, the bound address, or MCP_ALLOWED_HOSTS). */
  hostAllowed(host: string | undefined): boolean {
    const parsed = host ? parseHost(host) : undefined;
    if (!parsed) return false;
    return this.#allowedHostnames.has(parsed.hostname) || this.#allowedHostPorts.has(`${parsed.hostname}:${parsed.port}`);
  }

  /** No Origin (not a browser), a loopback origin, the bound host, or one of MCP_ALLOWED_ORIGINS. */
  originAllowed(origin: string | undefined): boolean {
    if (origin === undefined) return true;
    if (this.#allowedOrigins.has(origin)) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return isLoopbackAddress(hostname) || hostname === this.#config.host.toLowerCase();
  }

  /** Whether the request carries the bearer token; without a configured token everything passes. */
  authorized(header: string | undefined): boolean {
    const expected = this.#config.authToken;
    if (!expected) return true;
    const [scheme = '', token = ''] = (header ?? '').trim().split(/\s+/, 2);
    if (scheme.toLowerCase() !== 'bearer' || token === '') return false;
    if (sameSecret(token, expected.value)) return true;
    // A rotated token file takes effect without a restart. It is re-read only when its mtime changed,
    // so wrong tokens cost a stat, not a stream of file reads.
    const source = expected.source;
    if (source.kind !== 'file') return false;
    let mtime: number;
    try {
      mtime = statSync(source.path).mtimeMs;
    } catch {
      return false;
    }
    if (mtime === this.#tokenMtime) return false;
    this.#tokenMtime = mtime;
    return expected.reload() && sameSecret(token, expected.value);
  }

  /** CORS headers for an allowed browser origin, so browser-based clients (MCP Inspector) work. */
  corsHeaders(origin: string | undefined): Record<string, string> {
    if (origin === undefined || !this.originAllowed(origin)) return {};
    return {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
      'access-control-allow-headers': ['authorization', 'content-type', 'accept', 'mcp-session-id', 'mcp-protocol-version',
        'last-event-id', TEAM_HEADERS.username, TEAM_HEADERS.jira.token, TEAM_HEADERS.jira.pat,
        TEAM_HEADERS.confluence.token, TEAM_HEADERS.confluence.pat].join(', '),
      'access-control-expose-headers': 'mcp-session-id, mcp-protocol-version',
      'access-control-max-age': '600',
      vary: 'Origin',
    };
  }
}

/** Constant-time comparison: both sides hashed first, so neither length nor content leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The remote address for logs (never headers: they may carry credentials). */
export function remoteOf(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}
