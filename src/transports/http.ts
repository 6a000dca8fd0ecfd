import { createServer } from 'node:http';

import { isLoopbackAddress } from '../config/index.js';
import { RequestGuard, remoteOf } from './http/guard.js';
import { ReadinessProbe } from './http/health.js';
import { sendJson } from './http/respond.js';
import { McpSessions } from './http/sessions.js';
import { callerAuthInfo, callerFromHeaders } from './http/team.js';

import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../log.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

export interface HttpServerHandle {
  /** The MCP endpoint, e.g. http://127.0.0.1:8848/mcp. */
  readonly url: string;
  readonly port: number;
  /** Open MCP sessions (stateful mode). */
  sessionCount(): number;
  /**
   * Graceful stop: no new connections, in-flight requests finish (up to MCP_SHUTDOWN_TIMEOUT_MS),
   * then sessions are closed. Idempotent.
   */
  shutdown(reason: string): Promise<void>;
}

const MCP_PATH = '/mcp';

/**
 * Serves MCP Streamable HTTP at /mcp, plus /healthz and /readyz, on MCP_HOST:MCP_PORT or the systemd socket.
 * `newServer` builds one session's MCP server (server.ts's createMcpServer; passed in, because this module
 * is part of the lazily loaded implementation, which must not import the main part: see src/lazy.ts).
 */
export async function startHttpServer(config: Config, newServer: () => McpServer, log: Logger): Promise<HttpServerHandle> {
  const settings = config.mcp;
  const sessions = new McpSessions({
    stateless: settings.stateless,
    ttlMs: settings.sessionTtlMs,
    log,
    createServer: newServer,
  });
  const readiness = new ReadinessProbe(config, log);
  /** Requests whose answer is still owed; open GET streams are not work, so they are left out. */
  const inflight = new Set<ServerResponse>();
  let onDrained: (() => void) | undefined;
  let draining = false;
  let guard: RequestGuard | undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    // Liveness only, for supervisors and load balancers: no auth, no Host check, nothing revealed.
    if (path === '/healthz' && req.method === 'GET') return sendJson(res, 200, { status: 'ok' });
    if (draining || !guard) return sendJson(res, 503, { error: 'unavailable', message: 'The server is starting or shutting down; retry shortly.' }, { connection: 'close' });
    if (!guard.hostAllowed(req.headers.host)) {
      log.warn({ remote: remoteOf(req), path }, 'HTTP request refused: Host not allowed');
      return sendJson(res, 403, { error: 'forbidden', message: 'This Host is not served here; add it to MCP_ALLOWED_HOSTS if it should be.' });
    }
    const origin = req.headers.origin;
    if (!guard.originAllowed(origin)) {
      log.warn({ remote: remoteOf(req), path }, 'HTTP request refused: Origin not allowed');
      return sendJson(res, 403, { error: 'forbidden', message: 'This Origin may not call the server; add it to MCP_ALLOWED_ORIGINS if it should.' });
    }
    for (const [name, value] of Object.entries(guard.corsHeaders(origin))) res.setHeader(name, value);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (!guard.authorized(req.headers.authorization)) {
      log.warn({ remote: remoteOf(req), path }, 'HTTP request refused: missing or wrong bearer token');
      return sendJson(res, 401, { error: 'unauthorized', message: 'Send Authorization: Bearer <the token in MCP_AUTH_TOKEN_FILE>.' },
        { 'www-authenticate': 'Bearer realm="atlassian-mcp"' });
    }
    if (path === '/readyz' && req.method === 'GET') {
      const result = await readiness.check();
      return sendJson(res, result.ready ? 200 : 503, result);
    }
    if (path !== MCP_PATH) return sendJson(res, 404, { error: 'not_found', message: `MCP is served at ${MCP_PATH}.` });
    if (settings.teamMode) (req as IncomingMessage & { auth?: AuthInfo }).auth = callerAuthInfo(callerFromHeaders(req.headers));
    if (req.method !== 'GET') {
      inflight.add(res);
      res.once('close', () => {
        inflight.delete(res);
        if (inflight.size === 0) onDrained?.();
      });
    }
    await sessions.handle(req, res);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error({ error: { message: (error as Error).message, stack: (error as Error).stack } }, 'HTTP request failed');
      sendJson(res, 500, { jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error; see the server log.' }, id: null });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = settings.listenFd !== undefined ? `the socket from systemd (fd ${settings.listenFd})` : `MCP_HOST=${settings.host} MCP_PORT=${settings.port}`;
      reject(error.code === 'EADDRINUSE'
        ? new Error(`${where}: the port is already in use; stop the other server or choose another MCP_PORT (0: any free port)`)
        : new Error(`cannot listen on ${where}: ${error.message}`));
    });
    if (settings.listenFd !== undefined) server.listen({ fd: settings.listenFd }, resolve);
    else server.listen(settings.port, settings.host, resolve);
  });
  const address = server.address();
  const bound = typeof address === 'string' || address === null ? undefined : address;
  // Under socket activation MCP_HOST says nothing about where the socket is: check the real address.
  if (!settings.authToken && bound && !isLoopbackAddress(bound.address)) {
    await new Promise((resolve) => server.close(resolve));
    throw new Error(`MCP_ALLOW_UNAUTHENTICATED=true is refused: the socket listens on ${bound.address}, which other machines ` +
      'can reach. Set MCP_AUTH_TOKEN_FILE, or listen on 127.0.0.1.');
  }
  guard = new RequestGuard(settings, bound?.address);
  const hostForUrl = bound ? (bound.family === 'IPv6' ? `[${bound.address}]` : bound.address) : 'localhost';
  const url = typeof address === 'string' ? `unix:${address}` : `http://${hostForUrl}:${bound?.port ?? 0}${MCP_PATH}`;
  log.info({ transport: 'http', url, stateless: settings.stateless, teamMode: settings.teamMode,
    socketActivated: settings.listenFd !== undefined, auth: settings.authToken ? 'bearer' : 'none' }, 'serving MCP');

  let closing: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    closing ??= (async () => {
      draining = true;
      log.info({ reason, inflight: inflight.size, sessions: sessions.size }, 'shutting down: finishing in-flight requests');
      const stopped = new Promise((resolve) => server.close(resolve));
      const drained = new Promise<boolean>((resolve) => {
        if (inflight.size === 0) resolve(true);
        onDrained = () => resolve(true);
        setTimeout(() => resolve(false), settings.shutdownTimeoutMs).unref();
      });
      if (!(await drained)) log.warn({ inflight: inflight.size }, 'shutdown deadline reached; closing in-flight requests');
      await sessions.closeAll();
      server.closeAllConnections();
      await stopped;
      log.info('stopped');
    })();
    return closing;
  };

  return { url, port: bound?.port ?? 0, sessionCount: () => sessions.size, shutdown };
}

/** `atlassian-mcp --transport http`: serve until SIGTERM/SIGINT, then stop gracefully and exit 0. */
export async function serveHttp(config: Config, newServer: () => McpServer, log: Logger, onClose?: () => Promise<void>): Promise<HttpServerHandle> {
  // Handlers go in before the server listens: a supervisor may signal as soon as the port answers.
  let started: Promise<HttpServerHandle> | undefined;
  const stop = (signal: NodeJS.Signals) => {
    void (async () => {
      const handle = await started?.catch(() => undefined);
      await handle?.shutdown(signal);
      await onClose?.();
      process.exit(0);
    })();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  started = startHttpServer(config, newServer, log);
  return started;
}
