import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';

import { HttpsProxyAgent } from 'hpagent';

import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders, RequestOptions } from 'node:http';
import type { AgentOptions as HttpsAgentOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import type { NetworkConfig, ProxyConfig, ProxySetting, TlsConfig } from '../config/index.js';

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/**
 * True when NO_PROXY says `url` is reached directly. The rules are proxy-from-env's (the common
 * ground of curl, wget and Python): "*" matches everything; "host:port" needs that port (the
 * scheme's default when the URL has none); an entry starting with "." or "*" matches the name's
 * suffix; any other entry matches the exact name. proxy-from-env reads process.env itself, which
 * only src/config may do, so the rules are applied here to the configured list.
 */
export function bypassesProxy(noProxy: readonly string[], url: URL): boolean {
  const hostname = url.hostname.toLowerCase();
  const port = Number(url.port) || DEFAULT_PORTS[url.protocol] || 0;
  return noProxy.some((entry) => {
    const withPort = /^(.+):(\d+)$/.exec(entry);
    let host = withPort ? withPort[1]! : entry;
    if (withPort && Number(withPort[2]) !== port) return false;
    if (!host.startsWith('.') && !host.startsWith('*')) return hostname === host;
    if (host.startsWith('*')) host = host.slice(1);
    return hostname.endsWith(host);
  });
}

/** The proxy a request to `url` goes through, or undefined for a direct connection. */
export function proxyFor(proxy: ProxyConfig, url: URL): ProxySetting | undefined {
  const setting = url.protocol === 'https:' ? proxy.https : url.protocol === 'http:' ? proxy.http : undefined;
  return setting && !bypassesProxy(proxy.noProxy, url) ? setting : undefined;
}

/** A proxy that did not open the CONNECT tunnel: its status (407: credentials) says why. */
export class ProxyTunnelError extends Error {
  readonly code = 'ERR_PROXY_TUNNEL';
  readonly status?: number;

  constructor(status: number | undefined, cause: Error) {
    super(status === undefined ? `proxy tunnel failed: ${cause.message}` : `proxy answered CONNECT with HTTP ${status}`, { cause });
    this.name = 'ProxyTunnelError';
    this.status = status;
  }
}

/** hpagent's tunnelling agent, with its "Bad response: 407" turned into an error that carries the status. */
class TunnelAgent extends HttpsProxyAgent {
  override createConnection(options: RequestOptions, callback?: (error: Error | null, stream: Duplex) => void): undefined {
    super.createConnection(options, (error, socket) => {
      if (!error) return callback?.(null, socket);
      // Socket errors reaching the proxy (ECONNREFUSED…) keep their code; the rest is the CONNECT exchange.
      const refused = /^Bad response: (\d{3})$/.exec(error.message);
      const code = (error as NodeJS.ErrnoException).code;
      callback?.(refused ? new ProxyTunnelError(Number(refused[1]), error) : code ? error : new ProxyTunnelError(undefined, error), socket);
    });
    return undefined;
  }
}

/** Proxy-Authorization for a proxy URL with credentials (percent-decoded, as curl does). */
function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const pair = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `Basic ${Buffer.from(pair).toString('base64')}`;
}

type Callback = (response: IncomingMessage) => void;

/**
 * The connections of one product: direct or through HTTPS_PROXY / HTTP_PROXY per request URL (NO_PROXY
 * applies per host, so a redirect to another host is routed on its own), keep-alive pools capped at
 * `maxSockets`, and the product's TLS settings for its configured origin only. `request` is got's
 * `request` option.
 *
 * https:// goes through a CONNECT tunnel (hpagent): the proxy learns host and port, never a header,
 * and TLS runs end to end. http:// is forwarded in absolute form, as every proxy expects: the proxy sees
 * the whole request, Authorization included, as anyone on a cleartext path would.
 */
export class UpstreamAgents {
  readonly #origin: string;
  readonly #network: NetworkConfig;
  readonly #tls: TlsConfig;
  readonly #maxSockets: number;
  readonly #agents = new Map<string, HttpAgent>();
  #secureContext?: ReturnType<typeof createSecureContext>;

  constructor(origin: string, network: NetworkConfig, tls: TlsConfig, maxSockets: number) {
    this.#origin = origin;
    this.#network = network;
    this.#tls = tls;
    this.#maxSockets = maxSockets;
  }

  /** The proxy used for `url`, or undefined when it is reached directly. */
  proxyFor(url: URL): ProxySetting | undefined {
    return proxyFor(this.#network.proxy, url);
  }

  readonly request = (url: URL, options: RequestOptions, callback?: Callback): ClientRequest => {
    const proxy = this.proxyFor(url);
    if (url.protocol === 'https:') return httpsRequest(url, { ...options, agent: this.#httpsAgent(url, proxy) }, callback);
    if (!proxy) return httpRequest(url, { ...options, agent: this.#agent('http|direct', () => new HttpAgent(this.#poolOptions())) }, callback);
    const proxyUrl = new URL(proxy.url.value);
    const headers: OutgoingHttpHeaders = { ...(options.headers as OutgoingHttpHeaders), host: url.host };
    const authorization = proxyAuthorization(proxyUrl);
    if (authorization) headers['proxy-authorization'] = authorization;
    const secure = proxyUrl.protocol === 'https:';
    const agent = this.#agent(`http|${proxy.variable}`, () => secure ? new HttpsAgent(this.#poolOptions()) : new HttpAgent(this.#poolOptions()));
    return (secure ? httpsRequest : httpRequest)({
      ...options,
      protocol: proxyUrl.protocol,
      hostname: proxyUrl.hostname.replace(/^\[|\]$/g, ''),
      port: Number(proxyUrl.port) || DEFAULT_PORTS[proxyUrl.protocol],
      path: `${url.origin}${url.pathname}${url.search}`,
      headers,
      agent,
    }, callback);
  };

  /** Closes every pooled connection (tests, shutdown). */
  destroy(): void {
    for (const agent of this.#agents.values()) agent.destroy();
    this.#agents.clear();
  }

  #httpsAgent(url: URL, proxy: ProxySetting | undefined): HttpAgent {
    // The product's TLS settings are for its own host; a redirect elsewhere gets Node's defaults.
    const own = url.origin === this.#origin;
    const options: HttpsAgentOptions = { ...this.#poolOptions(), ...(own ? this.#tlsOptions() : {}) };
    const key = `https|${own ? 'own' : 'other'}|${proxy?.variable ?? 'direct'}`;
    return this.#agent(key, () => proxy ? new TunnelAgent({ ...options, proxy: proxy.url.value }) : new HttpsAgent(options));
  }

  #agent(key: string, create: () => HttpAgent): HttpAgent {
    let agent = this.#agents.get(key);
    if (!agent) this.#agents.set(key, (agent = create()));
    return agent;
  }

  #poolOptions(): { keepAlive: true; maxSockets: number } {
    return { keepAlive: true, maxSockets: this.#maxSockets };
  }

  #tlsOptions(): HttpsAgentOptions {
    return { rejectUnauthorized: this.#tls.verify, ...this.#clientContext(this.#tls.verify) };
  }

  /**
   * One secure context per product, built on first use: the CA list replaces Node's default one, so it
   * is the bundled roots plus NODE_EXTRA_CA_CERTS plus the product's CA file.
   */
  #clientContext(withCa: boolean): { secureContext?: ReturnType<typeof createSecureContext> } {
    const { ca, clientCertificate } = this.#tls;
    const extraCa = withCa ? ca : undefined;
    if (!extraCa && !clientCertificate) return {};
    this.#secureContext ??= createSecureContext({
      ca: extraCa ? [...rootCertificates, ...(this.#network.extraCa ? [this.#network.extraCa.pem] : []), extraCa.pem] : undefined,
      cert: clientCertificate?.cert.pem,
      key: clientCertificate?.key.value,
    });
    return { secureContext: this.#secureContext };
  }
}
