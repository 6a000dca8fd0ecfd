import { VERSION } from '../version.js';
import { UpstreamAgents } from './agents.js';
import { UpstreamError, extractUpstreamMessages, hintForStatus, networkError } from './errors.js';
import { Throttle } from './rate-limit.js';

import type { Got, Method, OptionsOfTextResponseBody } from 'got';

type GotModule = typeof import('got');
let gotModule: GotModule | undefined;

/**
 * got is loaded on the first upstream request, not at start-up: with it comes http2-wrapper, which builds
 * a TLS context as it loads (about 20 ms that a client spawning the server would wait for).
 */
async function loadGot(): Promise<GotModule> {
  gotModule ??= await import('got');
  return gotModule;
}
import type { NetworkConfig, ProductConfig } from '../config/index.js';
import type { Logger } from '../log.js';

export interface HttpSettings {
  timeoutMs: number;
  maxRetries: number;
  /** First retry delay; doubled each attempt, with jitter. Retry-After wins when the server sends it. */
  retryBaseMs?: number;
  /** Connections per product host at once: the per-host concurrency cap. */
  maxSockets?: number;
  /** Requests started per second (client-side rate limit); 0 or unset: none. */
  rateLimitPerSecond?: number;
  /** Largest JSON answer read, in bytes; unset: 8 MiB. */
  maxResponseBytes?: number;
  /** Proxies and TLS (config.network); the product's own TLS settings are picked from it. */
  network: NetworkConfig;
}

export interface RequestSpec {
  method?: Method;
  /** Path below the product's API base, without a leading slash: 'rest/api/3/myself'. */
  path: string;
  searchParams?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  /** What is being fetched, for messages: "issue PROJ-9". */
  subject?: string;
  /** A POST that only reads (a search), so it may be retried like a GET. */
  readOnlyPost?: boolean;
  signal?: AbortSignal;
}

const IDEMPOTENT: Method[] = ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'];
const PRODUCT_NAMES = { jira: 'Jira', confluence: 'Confluence' } as const;

/** Authorization value for the product, computed at each request so a rotated token file is picked up. */
function authorization(config: ProductConfig): string {
  const { auth } = config;
  return auth.scheme === 'basic'
    ? `Basic ${Buffer.from(`${auth.username}:${auth.secret.value}`).toString('base64')}`
    : `Bearer ${auth.secret.value}`;
}

/**
 * One HTTP client per product: the only code that knows how to authenticate, retry and read
 * Atlassian's answers. Everything above it calls `request` and gets parsed JSON or an UpstreamError.
 */
export class AtlassianHttp {
  readonly config: ProductConfig;
  #gotInstance: Promise<Got> | undefined;
  readonly #log: Logger;
  readonly #settings: HttpSettings;
  #throttleInstance: Throttle | undefined;
  readonly #agents: UpstreamAgents;

  constructor(config: ProductConfig, settings: HttpSettings, log: Logger) {
    this.config = config;
    this.#settings = settings;
    this.#log = log;
    this.#agents = new UpstreamAgents(config.origin, settings.network, settings.network.tls[config.product], settings.maxSockets ?? 8);
  }

  /** The product's got instance, made on first use. */
  #got(): Promise<Got> {
    this.#gotInstance ??= loadGot().then(({ got }) => this.#extend(got));
    return this.#gotInstance;
  }

  #extend(got: Got): Got {
    const { config } = this;
    const settings = this.#settings;
    const retryBaseMs = settings.retryBaseMs ?? 1000;
    return got.extend({
      prefixUrl: `${config.apiBase}/`,
      headers: { accept: 'application/json', 'user-agent': `atlassian-mcp/${VERSION}` },
      responseType: 'text',
      timeout: { request: settings.timeoutMs },
      // Per request URL: direct or through the proxy, with the product's TLS settings on its own origin.
      request: this.#agents.request,
      retry: {
        limit: settings.maxRetries,
        methods: IDEMPOTENT,
        statusCodes: [429, 502, 503, 504],
        maxRetryAfter: 60_000,
        calculateDelay: ({ attemptCount, computedValue, retryAfter }) => {
          // computedValue 0: got's rules say no retry (method, status, limit, or Retry-After too long).
          if (computedValue === 0) return 0;
          // Retry-After wins, exactly (0 still needs a positive delay: 0 would mean "do not retry").
          if (retryAfter !== undefined) return Math.max(retryAfter, 1);
          const backoff = retryBaseMs * 2 ** (attemptCount - 1);
          return Math.max(1, Math.round(backoff * (0.5 + Math.random() / 2)));
        },
      },
      hooks: {
        beforeRequest: [
          (options) => {
            // Credentials go to the configured origin only: never to a redirect target elsewhere.
            const url = options.url instanceof URL ? options.url : new URL(String(options.url));
            if (url.origin === config.origin) options.headers.authorization = authorization(config);
            else delete options.headers.authorization;
          },
        ],
        beforeRedirect: [
          (options) => {
            const url = options.url instanceof URL ? options.url : new URL(String(options.url));
            if (url.origin !== config.origin) delete options.headers.authorization;
          },
        ],
        afterResponse: [
          (response, retryWithMergedOptions) => {
            // A rotated token file takes effect without a restart: re-read once on 401 and try again.
            const context = response.request.options.context as { reloaded?: boolean };
            if (response.statusCode === 401 && !context.reloaded && config.auth.secret.reload()) {
              this.#log.info({ product: config.product }, 'credentials rejected; re-read the secret file and retrying');
              return retryWithMergedOptions({ context: { reloaded: true } });
            }
            return response;
          },
        ],
      },
    });
  }

  /** The concurrency cap and rate limit every request, download and upload of this product passes. */
  get #throttle(): Throttle {
    this.#throttleInstance ??= new Throttle({ concurrency: this.#settings.maxSockets ?? 8, perSecond: this.#settings.rateLimitPerSecond ?? 0 });
    return this.#throttleInstance;
  }

  /** Sends one request and returns the parsed JSON body (undefined for an empty body). */
  async request<T = unknown>(spec: RequestSpec): Promise<T> {
    const method = spec.method ?? 'GET';
    const started = performance.now();
    const options: OptionsOfTextResponseBody = {
      method,
      searchParams: dropUndefined(spec.searchParams),
      json: spec.json,
      signal: spec.signal,
      context: {},
    };
    if (spec.readOnlyPost) options.retry = { methods: [...IDEMPOTENT, 'POST'] };
    let release: (() => void) | undefined;
    let tooLarge = () => false;
    try {
      release = await this.#throttle.acquire(spec.signal);
      const waitedMs = Math.round(performance.now() - started);
      const client = await this.#got();
      const pending = client(spec.path, options);
      tooLarge = this.#capResponse(pending);
      const response = await pending;
      this.#log.debug({ product: this.config.product, method, path: spec.path, status: response.statusCode,
        ms: Math.round(performance.now() - started), waitedMs, retries: response.retryCount }, 'upstream request');
      return this.#parse<T>(response.body, String(response.headers['content-type'] ?? ''), response.statusCode);
    } catch (error) {
      const failure = tooLarge() ? this.#tooLargeError(spec) : this.#mapError(error, spec, method, started);
      throw method === 'POST' && !spec.readOnlyPost ? uncertainWrite(failure) : failure;
    } finally {
      release?.();
    }
  }

  /**
   * Cancels an answer larger than HTTP_MAX_RESPONSE_BYTES as soon as its Content-Length or its bytes say
   * so, before it is all in memory. Returns whether that happened.
   */
  #capResponse(pending: { on(event: 'downloadProgress', listener: (progress: { transferred: number; total?: number }) => void): unknown; cancel(): void }): () => boolean {
    const max = this.#settings.maxResponseBytes ?? 8 * 1024 * 1024;
    let cancelled = false;
    pending.on('downloadProgress', ({ transferred, total }) => {
      if (!cancelled && (transferred > max || (total ?? 0) > max)) {
        cancelled = true;
        pending.cancel();
      }
    });
    return () => cancelled;
  }

  #tooLargeError(spec: Pick<RequestSpec, 'subject'>): UpstreamError {
    const max = this.#settings.maxResponseBytes ?? 8 * 1024 * 1024;
    const name = PRODUCT_NAMES[this.config.product];
    this.#log.info({ product: this.config.product, maxResponseBytes: max }, 'upstream answer too large');
    return new UpstreamError({
      product: this.config.product,
      summary: `${name} answered ${spec.subject ? `the request for ${spec.subject} ` : ''}with more than ${max} bytes (HTTP_MAX_RESPONSE_BYTES)`,
      hint: 'Ask for less (a lower limit, fewer fields, a page in pieces with max_chars), or raise HTTP_MAX_RESPONSE_BYTES.',
    });
  }

  /**
   * Downloads binary content (attachments), refusing more than `maxBytes`. Redirects are followed
   * (Jira Cloud sends attachment content from a media host) but credentials never leave the origin.
   */
  async download(spec: Omit<RequestSpec, 'json' | 'readOnlyPost'> & { maxBytes: number }): Promise<{ data: Buffer; contentType: string }> {
    const started = performance.now();
    let release: (() => void) | undefined;
    let tooLarge = false;
    try {
      release = await this.#throttle.acquire(spec.signal);
      const client = await this.#got();
      const request = client(spec.path, {
        method: 'GET', responseType: 'buffer', searchParams: dropUndefined(spec.searchParams), signal: spec.signal, context: {},
        headers: { accept: '*/*' },
      });
      request.on('downloadProgress', (progress: { transferred: number; total?: number }) => {
        if (progress.transferred > spec.maxBytes || (progress.total ?? 0) > spec.maxBytes) {
          tooLarge = true;
          request.cancel();
        }
      });
      const response = await request;
      return { data: response.body, contentType: String(response.headers['content-type'] ?? 'application/octet-stream') };
    } catch (error) {
      if (tooLarge) {
        throw new UpstreamError({
          product: this.config.product,
          summary: `${spec.subject ?? 'The file'} is larger than the ${spec.maxBytes} bytes this server downloads`,
          hint: 'Raise ATTACHMENT_MAX_BYTES to fetch it, or open it in the browser.',
        });
      }
      throw this.#mapError(error, { ...spec }, 'GET', started);
    } finally {
      release?.();
    }
  }

  /** Uploads one file as multipart/form-data (the attachment APIs); never retried, it is not idempotent. */
  async upload<T = unknown>(spec: { path: string; fileName: string; contentType: string; data: Buffer; comment?: string; fields?: Record<string, string>; subject?: string; signal?: AbortSignal }): Promise<T> {
    const started = performance.now();
    const form = new FormData();
    form.append('file', new Blob([spec.data], { type: spec.contentType }), spec.fileName);
    if (spec.comment !== undefined) form.append('comment', spec.comment);
    // Further form fields an API requires (Confluence: minorEdit).
    for (const [name, value] of Object.entries(spec.fields ?? {})) form.append(name, value);
    let release: (() => void) | undefined;
    let tooLarge = () => false;
    try {
      release = await this.#throttle.acquire(spec.signal);
      const client = await this.#got();
      const pending = client(spec.path, {
        method: 'POST', body: form, signal: spec.signal, context: {},
        // Atlassian's XSRF check refuses multipart posts without this header.
        headers: { 'x-atlassian-token': 'no-check' },
      });
      tooLarge = this.#capResponse(pending);
      const response = await pending;
      return this.#parse<T>(response.body, String(response.headers['content-type'] ?? ''), response.statusCode);
    } catch (error) {
      throw uncertainWrite(tooLarge() ? this.#tooLargeError(spec) : this.#mapError(error, { path: spec.path, subject: spec.subject }, 'POST', started));
    } finally {
      release?.();
    }
  }

  #parse<T>(body: string, contentType: string, status: number): T {
    if (body.trim() === '') return undefined as T;
    try {
      return JSON.parse(body) as T;
    } catch {
      const name = PRODUCT_NAMES[this.config.product];
      const looksHtml = contentType.includes('html') || body.trimStart().startsWith('<');
      throw new UpstreamError({
        product: this.config.product,
        status,
        summary: looksHtml
          ? `${name} answered with an HTML page instead of JSON (HTTP ${status})`
          : `${name} answered with a body that is not valid JSON (HTTP ${status})`,
        hint: looksHtml
          ? `A proxy, login or maintenance page is in the way: check ${this.config.urlVariable}=${this.config.url} in a browser.`
          : 'The response was cut off or garbled: try again.',
      });
    }
  }

  #mapError(error: unknown, spec: RequestSpec, method: string, started: number): Error {
    if (error instanceof UpstreamError) return error;
    const ms = Math.round(performance.now() - started);
    // A got error can only exist once got is loaded.
    if (gotModule && error instanceof gotModule.HTTPError) {
      const status = error.response.statusCode;
      const retries = error.request.retryCount;
      this.#log.info({ product: this.config.product, method, path: spec.path, status, ms, retries }, 'upstream error');
      let body: unknown;
      try {
        body = JSON.parse(String(error.response.body));
      } catch {
        body = undefined;
      }
      const name = PRODUCT_NAMES[this.config.product];
      const subject = spec.subject;
      const summary = status === 404 && subject
        ? `${name}: ${subject} not found (HTTP 404)`
        : `${name} refused ${subject ? `the request for ${subject}` : 'the request'} (HTTP ${status})`;
      return new UpstreamError({
        product: this.config.product,
        status,
        summary,
        upstreamMessages: extractUpstreamMessages(body),
        hint: hintForStatus(this.config, status, subject, retries),
        retries,
      });
    }
    if (gotModule && error instanceof gotModule.RequestError) {
      if (error.name === 'AbortError' || error.code === 'ERR_ABORTED') return error;
      this.#log.info({ product: this.config.product, method, path: spec.path, code: error.code, ms }, 'upstream unreachable');
      const code = error.name === 'TimeoutError' ? 'ETIMEDOUT' : error.code;
      const url = error.options?.url instanceof URL ? error.options.url : new URL(this.config.origin);
      const proxy = this.#agents.proxyFor(url);
      const tunnelStatus = (error.cause as { status?: number } | undefined)?.status;
      const clientCertificate = url.origin === this.config.origin && this.#settings.network.tls[this.config.product].clientCertificate !== undefined;
      return networkError(this.config, code, this.#settings.timeoutMs,
        { proxy: proxy && { ...proxy, status: tunnelStatus, host: url.host }, clientCertificate });
    }
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * A POST that writes is never retried, and after most failures nobody knows whether it took effect: the
 * connection dropped or timed out after sending, a gateway gave up (500/502/504), or the answer came back
 * unreadable. "Try again" would then risk a second issue or comment, so the hint says to check first.
 * Only a 4xx or a 503 says the request was refused as a whole.
 */
function uncertainWrite(failure: Error): Error {
  if (!(failure instanceof UpstreamError)) return failure;
  const status = failure.status;
  if (status !== undefined && ((status >= 400 && status < 500) || status === 503)) return failure;
  // The summary alone, without advice to try again (a reset's summary carries one).
  const summary = failure.message.slice(0, failure.message.length - failure.hint.length).trim().replace(/\.$/, '').replace(/: try again$/, '');
  return new UpstreamError({
    product: failure.product, status, retries: failure.retries, summary,
    hint: 'The change may or may not have been made: read it back (or search for it) before trying again, so it is not made twice.',
  });
}

function dropUndefined(params: RequestSpec['searchParams']): Record<string, string | number | boolean> | undefined {
  if (!params) return undefined;
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(params)) if (value !== undefined) out[key] = value;
  return out;
}
