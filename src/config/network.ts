import { readFileSync } from 'node:fs';

import { builtin } from '../builtin.js';

import { Secret } from './secret.js';

import type { Product } from './schema.js';

/** One proxy variable as configured. The URL may hold credentials, so only `display` is ever printed. */
export interface ProxySetting {
  /** The variable it came from, as spelled in the environment: "HTTPS_PROXY" or "https_proxy". */
  readonly variable: string;
  /** scheme://host:port, without credentials: safe for doctor and error texts. */
  readonly display: string;
  /** The full URL, credentials included; a Secret so logs and JSON see only where it came from. */
  readonly url: Secret;
}

export interface ProxyConfig {
  /** For https:// upstreams (HTTPS_PROXY). */
  readonly https?: ProxySetting;
  /** For http:// upstreams (HTTP_PROXY). */
  readonly http?: ProxySetting;
  /** NO_PROXY entries, lower-cased, as written (".example.com", "host:8443", "*"). */
  readonly noProxy: readonly string[];
}

/** A PEM file as read at startup. */
export interface PemFile {
  readonly variable: string;
  readonly path: string;
  readonly pem: string;
}

export interface ClientCertificate {
  readonly cert: PemFile;
  readonly keyFile: string;
  readonly key: Secret;
}

/** TLS settings of one product; they apply to its configured origin only. */
export interface TlsConfig {
  readonly verify: boolean;
  /** P_CA_FILE: trusted in addition to the default roots. */
  readonly ca?: PemFile;
  readonly clientCertificate?: ClientCertificate;
}

export interface NetworkConfig {
  readonly proxy: ProxyConfig;
  /** NODE_EXTRA_CA_CERTS, read again here because a product's own CA list replaces Node's default one. */
  readonly extraCa?: PemFile;
  readonly tls: Readonly<Record<Product, TlsConfig>>;
}

/** The variables as envalid parsed them. */
type NetworkVariables = Readonly<Record<string, unknown>>;

const NAMES = { jira: 'Jira', confluence: 'Confluence' } as const;

/** Reads the proxy variables; the lower-case spelling wins, as curl and proxy-from-env do. */
function readProxy(env: Record<string, string | undefined>, upper: 'HTTPS_PROXY' | 'HTTP_PROXY', problems: string[]): ProxySetting | undefined {
  const lower = upper.toLowerCase();
  const variable = env[lower] !== undefined ? lower : env[upper] !== undefined ? upper : undefined;
  if (variable === undefined) return undefined;
  const raw = env[variable]!.trim();
  // Without a scheme, an http:// proxy is meant (curl's rule): "proxy:3128".
  const withScheme = raw.includes('://') ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    // The value is not repeated: it may hold the proxy's password.
    problems.push(`${variable} is not a proxy URL (expected e.g. http://proxy.example.com:3128; the value is not shown, it may hold credentials)`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`${variable}: ${url.protocol}// proxies are not supported; use an http:// or https:// proxy`);
    return undefined;
  }
  if (url.hostname === '') {
    problems.push(`${variable} names no proxy host (expected e.g. http://proxy.example.com:3128)`);
    return undefined;
  }
  return {
    variable,
    display: `${url.protocol}//${url.host}`,
    url: new Secret({ kind: 'env', variable }, url.href),
  };
}

/** Splits NO_PROXY as proxy-from-env does: commas and whitespace separate entries. */
function readNoProxy(env: Record<string, string | undefined>): string[] {
  const value = env.no_proxy ?? env.NO_PROXY ?? '';
  return value.toLowerCase().split(/[,\s]/).filter((entry) => entry !== '');
}

/** Reads a PEM bundle and checks that every block in it is a certificate Node can parse. */
function readCertificates(variable: string, path: string, problems: string[], warnings: string[]): PemFile | undefined {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    problems.push(`${variable}=${path}: the file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
  const END = '-----END CERTIFICATE-----';
  const blocks = pem.split(END).filter((part) => part.includes('-----BEGIN CERTIFICATE-----')).map((part) => `${part.trim()}\n${END}\n`);
  if (blocks.length === 0) {
    problems.push(`${variable}=${path} holds no PEM certificate (expected -----BEGIN CERTIFICATE----- blocks)`);
    return undefined;
  }
  for (const [index, block] of blocks.entries()) {
    let certificate: InstanceType<typeof import('node:crypto').X509Certificate>;
    try {
      certificate = new (builtin('node:crypto').X509Certificate)(block);
    } catch (error) {
      problems.push(`${variable}=${path}: certificate ${index + 1} cannot be parsed (${(error as Error).message})`);
      return undefined;
    }
    if (Date.parse(certificate.validTo) < Date.now()) {
      warnings.push(`${variable}=${path}: certificate ${index + 1} (${certificate.subject.split('\n').join(', ')}) expired on ${certificate.validTo}`);
    }
  }
  return { variable, path, pem };
}

function readTls(product: Product, values: NetworkVariables, url: string | undefined, problems: string[], warnings: string[]): TlsConfig {
  const P = product.toUpperCase();
  const text = (suffix: string) => values[`${P}_${suffix}`] as string | undefined;
  const verify = values[`${P}_SSL_VERIFY`] !== false;
  const caFile = text('CA_FILE');
  const certFile = text('CLIENT_CERT_FILE');
  const keyFile = text('CLIENT_KEY_FILE');
  const plainHttp = url?.trim().toLowerCase().startsWith('http://') ?? false;

  const ca = caFile === undefined ? undefined : readCertificates(`${P}_CA_FILE`, caFile, problems, warnings);
  let clientCertificate: ClientCertificate | undefined;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    problems.push(`${P}_CLIENT_CERT_FILE and ${P}_CLIENT_KEY_FILE go together: set both for a client certificate, or neither`);
  } else if (certFile !== undefined && keyFile !== undefined) {
    const cert = readCertificates(`${P}_CLIENT_CERT_FILE`, certFile, problems, warnings);
    const read = Secret.fromFile(`${P}_CLIENT_KEY_FILE`, keyFile);
    if (read.problem) problems.push(read.problem);
    if (read.warning) warnings.push(read.warning);
    if (cert && read.secret) {
      try {
        // Fails now, with the variables named, instead of at the first request: a mismatched pair,
        // an encrypted key (no passphrase variable exists) or a key that is not PEM.
        builtin('node:tls').createSecureContext({ cert: cert.pem, key: read.secret.value });
        clientCertificate = { cert, keyFile, key: read.secret };
      } catch (error) {
        problems.push(`${P}_CLIENT_CERT_FILE=${certFile} and ${P}_CLIENT_KEY_FILE=${keyFile} cannot be used together ` +
          `(${(error as Error).message}); the key must be an unencrypted PEM key matching the certificate`);
      }
    }
  }

  if (url === undefined) {
    const unused = [caFile && `${P}_CA_FILE`, certFile && `${P}_CLIENT_CERT_FILE`, !verify && `${P}_SSL_VERIFY`].filter(Boolean);
    if (unused.length > 0) warnings.push(`${unused.join(', ')} ${unused.length > 1 ? 'have' : 'has'} no effect: ${P}_URL is not set`);
  } else {
    if (!verify) {
      warnings.push(`${P}_SSL_VERIFY=false: ${NAMES[product]}'s TLS certificate is not checked, so anyone on the network ` +
        `path can pose as the site and read the credentials; prefer ${P}_CA_FILE with the site's CA`);
      if (caFile !== undefined) warnings.push(`${P}_CA_FILE is ignored: ${P}_SSL_VERIFY=false checks no certificate`);
    }
    if (plainHttp) {
      const unused = [caFile && `${P}_CA_FILE`, certFile && `${P}_CLIENT_CERT_FILE`, !verify && `${P}_SSL_VERIFY`].filter(Boolean);
      if (unused.length > 0) warnings.push(`${unused.join(', ')} ${unused.length > 1 ? 'have' : 'has'} no effect: ${P}_URL is http://, without TLS`);
    }
  }
  return Object.freeze({ verify, ca, clientCertificate });
}

/**
 * The corporate-network settings: proxies (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, lower-case variants
 * preferred) and per product TLS. `env` is the raw environment (for the lower-case spellings),
 * `values` what envalid parsed.
 */
export function readNetwork(env: Record<string, string | undefined>, values: NetworkVariables, problems: string[], warnings: string[]): NetworkConfig {
  const proxy: ProxyConfig = Object.freeze({
    https: readProxy(env, 'HTTPS_PROXY', problems),
    http: readProxy(env, 'HTTP_PROXY', problems),
    noProxy: Object.freeze(readNoProxy(env)),
  });
  const extraCaPath = values.NODE_EXTRA_CA_CERTS as string | undefined;
  // Node only warns when it cannot load this file; the same here, with the reason.
  const extraProblems: string[] = [];
  const extraCa = extraCaPath === undefined ? undefined : readCertificates('NODE_EXTRA_CA_CERTS', extraCaPath, extraProblems, warnings);
  warnings.push(...extraProblems);
  const tls = Object.freeze({
    jira: readTls('jira', values, values.JIRA_URL as string | undefined, problems, warnings),
    confluence: readTls('confluence', values, values.CONFLUENCE_URL as string | undefined, problems, warnings),
  });
  return Object.freeze({ proxy, extraCa, tls });
}
