import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';

import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

// A small HTTP proxy on 127.0.0.1, as corporate proxies behave: CONNECT tunnels (for https://) and
// absolute-form forwarding (for http://), optional Basic credentials (407 without them), and hosts
// it refuses (403). It records what it saw, so tests can prove what a proxy learns.

export interface ProxyRecord {
  kind: 'connect' | 'forward';
  /** CONNECT: host:port; forward: the absolute URL. */
  target: string;
  headers: IncomingHttpHeaders;
  /** The status the proxy answered with (200: tunnel opened or request forwarded). */
  status: number;
}

export interface TestProxy {
  url: string;
  port: number;
  records: ProxyRecord[];
  close(): Promise<void>;
}

export interface TestProxyOptions {
  /** Required Basic credentials, "user:password". */
  credentials?: string;
  /** host:port targets the proxy refuses with 403. */
  deny?: string[];
}

export async function startTestProxy(options: TestProxyOptions = {}): Promise<TestProxy> {
  const records: ProxyRecord[] = [];
  const sockets = new Set<Socket>();
  const expected = options.credentials && `Basic ${Buffer.from(options.credentials).toString('base64')}`;
  const authorized = (headers: IncomingHttpHeaders) => !expected || headers['proxy-authorization'] === expected;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const record: ProxyRecord = { kind: 'forward', target: req.url ?? '', headers: req.headers, status: 0 };
    records.push(record);
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      record.status = 400;
      res.writeHead(400).end('absolute-form request expected');
      return;
    }
    if (!authorized(req.headers)) {
      record.status = 407;
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test proxy"' }).end();
      return;
    }
    if (options.deny?.includes(target.host)) {
      record.status = 403;
      res.writeHead(403).end();
      return;
    }
    record.status = 200;
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });

  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const record: ProxyRecord = { kind: 'connect', target: req.url ?? '', headers: req.headers, status: 0 };
    records.push(record);
    const refuse = (status: number, reason: string, extra = '') => {
      record.status = status;
      client.end(`HTTP/1.1 ${status} ${reason}\r\n${extra}Content-Length: 0\r\n\r\n`);
    };
    if (!authorized(req.headers)) return refuse(407, 'Proxy Authentication Required', 'Proxy-Authenticate: Basic realm="test proxy"\r\n');
    if (options.deny?.includes(req.url ?? '')) return refuse(403, 'Forbidden');
    const [host = '', port = ''] = (req.url ?? '').split(/:(?=\d+$)/);
    const upstream = connect(Number(port), host, () => {
      record.status = 200;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => (record.status ? client.destroy() : refuse(502, 'Bad Gateway')));
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
  });

  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    records,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
