import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';

import { confluenceRoutes } from './confluence.js';
import { seedConfluence } from './data/confluence.js';
import { seedJira } from './data/jira.js';
import { USERS } from './data/users.js';
import { jiraRoutes } from './jira.js';

import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Query, Router } from './router.js';

export type SiteKind = 'jira-cloud' | 'jira-dc' | 'confluence-cloud' | 'confluence-dc';
export const SITES: SiteKind[] = ['jira-cloud', 'jira-dc', 'confluence-cloud', 'confluence-dc'];

/** The credentials the sandbox accepts; all map to the account of Alice Nguyen. */
export interface SandboxCredentials {
  /** Cloud: Basic email:apiToken. */
  cloudEmail: string;
  cloudToken: string;
  /** Server/DC: Bearer personal access token, or Basic username:password. */
  dcPat: string;
  dcUsername: string;
  dcPassword: string;
  /** A valid account (Dan) without access to the products: authenticated, then refused with 403. */
  unlicensedEmail: string;
  unlicensedToken: string;
  unlicensedPat: string;
}

export const DEFAULT_CREDENTIALS: SandboxCredentials = {
  cloudEmail: 'alice@example.com',
  cloudToken: 'sandbox-cloud-api-token',
  dcPat: 'sandbox-dc-personal-access-token',
  dcUsername: 'alice',
  dcPassword: 'sandbox-dc-password',
  unlicensedEmail: 'dan@example.com',
  unlicensedToken: 'sandbox-unlicensed-api-token',
  unlicensedPat: 'sandbox-unlicensed-personal-access-token',
};

export interface SandboxRequest {
  site: SiteKind;
  method: string;
  /** Path below the site root: '/rest/api/3/myself'. */
  path: string;
  query: Query;
  authorization?: string;
  body?: unknown;
  status: number;
  /** Set when the client closed the connection before the answer was sent (a cancelled call). */
  aborted?: boolean;
}

/** A fault to inject into matching requests (tests of retries and error handling). */
export interface Fault {
  site?: SiteKind;
  method?: string;
  /** Matches when the request path contains this text. */
  path?: string;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
  /** reset: destroy the socket mid-body; malformed: truncated JSON; html: a proxy's HTML error page. */
  kind?: 'status' | 'reset' | 'malformed' | 'html';
  /** How many requests it applies to; default 1. */
  times?: number;
}

export interface Sandbox {
  readonly baseUrl: string;
  readonly urls: Record<SiteKind, string>;
  readonly credentials: SandboxCredentials;
  /** Every request received, in order. */
  readonly requests: SandboxRequest[];
  /** Requests to routes the sandbox does not know: tests assert this stays empty. */
  readonly unmatched: SandboxRequest[];
  injectFault(fault: Fault): void;
  clearFaults(): void;
  setCredentials(credentials: Partial<SandboxCredentials>): void;
  close(): Promise<void>;
}

export interface SandboxOptions {
  port?: number;
  credentials?: Partial<SandboxCredentials>;
  /** Serve https:// with this certificate (tests of CAs, self-signed sites, client certificates). */
  tls?: SandboxTls;
}

export interface SandboxTls {
  key: string | Buffer;
  cert: string | Buffer;
  /** CAs whose client certificates are accepted (with requestCert). */
  ca?: string | Buffer;
  /** Require a client certificate signed by `ca` (mTLS): the handshake fails without one. */
  requestCert?: boolean;
}

const ALICE = USERS[0]!.id;
const UNLICENSED = 'unlicensed';

function parseQuery(search: URLSearchParams): Query {
  const query: Query = {};
  for (const [key, value] of search) {
    const existing = query[key];
    query[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Starts the sandbox site on 127.0.0.1 with fresh seed data. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const credentials = { ...DEFAULT_CREDENTIALS, ...options.credentials };
  const requests: SandboxRequest[] = [];
  const unmatched: SandboxRequest[] = [];
  let faults: (Fault & { remaining: number })[] = [];
  const jira = seedJira();
  const confluence = seedConfluence();
  const routers = new Map<SiteKind, Router>();
  const sockets = new Set<Socket>();
  let baseUrl = '';

  const authenticate = (site: SiteKind, header: string | undefined): string | undefined => {
    if (!header) return undefined;
    const [scheme, value = ''] = header.split(' ', 2);
    if (site.endsWith('-cloud')) {
      if (scheme !== 'Basic') return undefined;
      const pair = Buffer.from(value, 'base64').toString();
      if (pair === `${credentials.unlicensedEmail}:${credentials.unlicensedToken}`) return UNLICENSED;
      return pair === `${credentials.cloudEmail}:${credentials.cloudToken}` ? ALICE : undefined;
    }
    if (scheme === 'Bearer' && value === credentials.unlicensedPat) return UNLICENSED;
    if (scheme === 'Bearer') return value === credentials.dcPat ? ALICE : undefined;
    if (scheme === 'Basic') return Buffer.from(value, 'base64').toString() === `${credentials.dcUsername}:${credentials.dcPassword}` ? ALICE : undefined;
    return undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const [, siteName = '', ...rest] = url.pathname.split('/');
    const site = SITES.find((candidate) => candidate === siteName);
    const path = `/${rest.join('/')}`;
    const rawBody = await readBody(req);
    const raw = rawBody.toString('utf8');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const record: SandboxRequest = {
      site: site ?? ('unknown' as SiteKind), method: req.method ?? 'GET', path, query: parseQuery(url.searchParams),
      authorization: req.headers.authorization, body, status: 0,
    };
    requests.push(record);
    res.once('close', () => { if (!res.writableFinished) record.aborted = true; });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      // Buffers go out as they are (attachment downloads); their route sets the content type.
      const text = payload === undefined ? '' : typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
      res.writeHead(status, { 'content-type': typeof payload === 'string' ? 'text/plain; charset=utf-8' : 'application/json;charset=UTF-8', ...headers });
      res.end(text);
    };

    const fault = faults.find((f) => f.remaining > 0 && (!f.site || f.site === site) && (!f.method || f.method === record.method) && (!f.path || path.includes(f.path)));
    if (fault) {
      fault.remaining -= 1;
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      record.status = fault.status ?? 200;
      if (fault.kind === 'reset') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"issues": [');
        setTimeout(() => res.socket?.destroy(), 10);
        return;
      }
      if (fault.kind === 'malformed') return send(fault.status ?? 200, '{"issues": [{"key": "DEMO-1", "fi', { 'content-type': 'application/json' });
      if (fault.kind === 'html') {
        return send(fault.status ?? 502, '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>corporate-proxy</p></body></html>', { 'content-type': 'text/html' });
      }
      if (fault.status !== undefined || fault.body !== undefined) return send(fault.status ?? 200, fault.body ?? { errorMessages: [`Injected fault (HTTP ${fault.status})`], errors: {} }, fault.headers);
    }

    const router = site ? routers.get(site) : undefined;
    const match = router?.match(record.method, path);
    if (!site || !match) {
      unmatched.push(record);
      return send(404, { errorMessages: [`sandbox: no route for ${record.method} ${url.pathname}`], errors: {} });
    }
    const userId = authenticate(site, req.headers.authorization);
    if (!userId) {
      return site.endsWith('-cloud')
        ? send(401, 'Client must be authenticated to access this resource.', { 'www-authenticate': 'Basic realm="protected-area"' })
        : send(401, { message: 'Client must be authenticated to access this resource.', 'status-code': 401 }, { 'x-seraph-loginreason': 'AUTHENTICATED_FAILED', 'www-authenticate': 'OAuth realm="sandbox"' });
    }
    if (userId === UNLICENSED) {
      return site.startsWith('jira')
        ? send(403, { errorMessages: ['You do not have access to this product. Ask your site admin for access.'], errors: {} })
        : send(403, { statusCode: 403, message: 'User is not permitted to use Confluence', reason: 'Forbidden' });
    }
    const response = match.handler({ method: record.method, path, params: match.params, query: record.query, body, rawBody, userId });
    send(response.status ?? 200, response.body, response.headers);
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errorMessages: [`sandbox error: ${(error as Error).message}`] }));
    });
  };
  const tls = options.tls;
  const server: Server = tls
    ? createTlsServer({ key: tls.key, cert: tls.cert, ca: tls.ca, requestCert: tls.requestCert ?? false, rejectUnauthorized: tls.requestCert ?? false }, listener)
    : createServer(listener);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  baseUrl = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const urls = Object.fromEntries(SITES.map((site) => [site, `${baseUrl}/${site}`])) as Record<SiteKind, string>;
  routers.set('jira-cloud', jiraRoutes(jira, true, urls['jira-cloud']));
  routers.set('jira-dc', jiraRoutes(jira, false, urls['jira-dc']));
  routers.set('confluence-cloud', confluenceRoutes(confluence, true, urls['confluence-cloud']));
  routers.set('confluence-dc', confluenceRoutes(confluence, false, urls['confluence-dc']));

  return {
    baseUrl,
    urls,
    credentials,
    requests,
    unmatched,
    injectFault: (fault) => faults.push({ ...fault, remaining: fault.times ?? 1 }),
    clearFaults: () => { faults = []; },
    setCredentials: (next) => Object.assign(credentials, next),
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
