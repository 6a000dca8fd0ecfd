import { randomUUID } from 'node:crypto';

import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

import { sendRpcError } from './respond.js';

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Logger } from '../../log.js';

interface Session {
  id?: string;
  readonly server: McpServer;
  readonly transport: StreamableHTTPServerTransport;
  /** Requests of this session still being answered (POST, DELETE). */
  active: number;
  lastActive: number;
}

export interface SessionOptions {
  stateless: boolean;
  ttlMs: number;
  log: Logger;
  /** One MCP server per session (stateful) or per request (stateless); product clients are shared. */
  createServer: () => McpServer;
}

/**
 * A cancelled request gets no response (the protocol drops it), so the POST stream that waits for it
 * would stay open until the client hangs up, holding the session busy and a graceful shutdown waiting.
 * Ending that stream when the cancellation arrives frees both; the client has already given up on it.
 */
function endStreamOnCancel(transport: StreamableHTTPServerTransport): void {
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    deliver?.(message, extra);
    if ('method' in message && message.method === 'notifications/cancelled') {
      const requestId = (message.params as { requestId?: string | number } | undefined)?.requestId;
      if (requestId !== undefined) transport.closeSSEStream(requestId);
    }
  };
}

/** JSON-RPC code the SDK client treats as "session gone, initialize again". */
const SESSION_NOT_FOUND = -32001;

/**
 * The MCP endpoint. Stateful: one McpServer + transport per session, found by the mcp-session-id
 * header, closed by DELETE or after `ttlMs` without a request. Stateless: a fresh pair per POST,
 * released when its response ends.
 */
export class McpSessions {
  readonly #sessions = new Map<string, Session>();
  readonly #options: SessionOptions;
  readonly #sweeper: NodeJS.Timeout;

  constructor(options: SessionOptions) {
    this.#options = options;
    const every = Math.min(Math.max(Math.round(options.ttlMs / 4), 50), 30_000);
    this.#sweeper = setInterval(() => this.#expire(), every);
    this.#sweeper.unref();
  }

  get size(): number {
    return this.#sessions.size;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.#options.stateless) return this.#stateless(req, res);
    const header = req.headers['mcp-session-id'];
    const id = Array.isArray(header) ? header[0] : header;
    if (id !== undefined) {
      const session = this.#sessions.get(id);
      if (!session) {
        return sendRpcError(res, 404, SESSION_NOT_FOUND, 'Session not found: it expired or was closed. Start a new session with initialize.');
      }
      this.#track(session, req, res);
      return session.transport.handleRequest(req, res);
    }
    if (req.method !== 'POST') {
      return sendRpcError(res, 400, -32000, 'Bad Request: no mcp-session-id header. Start a session with an initialize POST.');
    }
    await this.#open(req, res);
  }

  /** A session-less POST: the SDK accepts it only if it is an initialize request, then the session is kept. */
  async #open(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const server = this.#options.createServer();
    const session: Session = {
      server,
      transport: new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (id) => {
          session.id = id;
          this.#sessions.set(id, session);
          this.#options.log.debug({ session: id.slice(0, 8), sessions: this.#sessions.size }, 'session opened');
        },
      }),
      active: 0,
      lastActive: Date.now(),
    };
    session.transport.onclose = () => {
      if (session.id && this.#sessions.delete(session.id)) {
        this.#options.log.debug({ session: session.id.slice(0, 8), sessions: this.#sessions.size }, 'session closed');
      }
    };
    try {
      await server.connect(session.transport);
      endStreamOnCancel(session.transport);
      this.#track(session, req, res);
      await session.transport.handleRequest(req, res);
    } finally {
      // Not an initialize request (the SDK answered 400), or it failed: nothing to keep.
      if (session.id === undefined) await server.close();
    }
  }

  async #stateless(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      return sendRpcError(res, 405, -32000, 'Method not allowed: this server is stateless (MCP_STATELESS); send POST only.', { allow: 'POST' });
    }
    const server = this.#options.createServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    // The response is the whole exchange: when it ends (or the client goes away) the server goes too,
    // which aborts whatever the request still had running upstream.
    res.once('close', () => { void server.close(); });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  }

  #track(session: Session, req: IncomingMessage, res: ServerResponse): void {
    session.lastActive = Date.now();
    // A GET is the client's standing notification stream, not work: it does not keep a session alive.
    if (req.method === 'GET') return;
    session.active += 1;
    res.once('close', () => {
      session.active -= 1;
      session.lastActive = Date.now();
    });
  }

  #expire(): void {
    const now = Date.now();
    for (const session of this.#sessions.values()) {
      if (session.active === 0 && now - session.lastActive >= this.#options.ttlMs) {
        this.#options.log.info({ session: session.id?.slice(0, 8), idleMs: now - session.lastActive }, 'session expired');
        void session.server.close();
      }
    }
  }

  /** Closes every session (shutdown): open streams end, in-flight handlers are aborted. */
  async closeAll(): Promise<void> {
    clearInterval(this.#sweeper);
    await Promise.all([...this.#sessions.values()].map((session) => session.server.close().catch(() => undefined)));
    this.#sessions.clear();
  }
}
