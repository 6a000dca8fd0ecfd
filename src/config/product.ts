import { Secret } from './secret.js';

import type { Product } from './schema.js';

export type Flavor = 'cloud' | 'server-dc';

export type AuthConfig =
  | { readonly scheme: 'basic'; readonly username: string; readonly secret: Secret }
  | { readonly scheme: 'bearer'; readonly secret: Secret };

export interface ProductConfig {
  readonly product: Product;
  /** The variable that set the URL, for messages: "JIRA_URL". */
  readonly urlVariable: string;
  /** The URL as configured, trailing slashes removed. */
  readonly url: string;
  /** Where REST paths are resolved from: for Confluence Cloud this always ends in /wiki. */
  readonly apiBase: string;
  /** scheme://host[:port] — the only origin that ever receives this product's credentials. */
  readonly origin: string;
  readonly flavor: Flavor;
  readonly auth: AuthConfig;
  /** Notes on how the URL was interpreted, for doctor. */
  readonly notes: readonly string[];
}

interface RawProduct {
  url?: string;
  username?: string;
  tokenFile?: string;
  patFile?: string;
  apiToken?: string;
  personalToken?: string;
  mode?: 'cloud' | 'self-hosted';
}

interface Resolved {
  config?: ProductConfig;
  problems: string[];
  warnings: string[];
}

const CLOUD_HOST_SUFFIXES = ['.atlassian.net', '.jira.com'];

export function isCloudHost(hostname: string): boolean {
  return CLOUD_HOST_SUFFIXES.some((suffix) => hostname.toLowerCase().endsWith(suffix));
}

/** Picks the secret for one slot: the file wins over the value in the environment. */
function pickSecret(
  fileVariable: string, file: string | undefined, envVariable: string, envValue: string | undefined,
  problems: string[], warnings: string[],
): Secret | undefined {
  if (file !== undefined && file !== '') {
    const read = Secret.fromFile(fileVariable, file);
    if (read.problem) problems.push(read.problem);
    if (read.warning) warnings.push(read.warning);
    if (envValue) warnings.push(`${envVariable} is ignored because ${fileVariable} is set; remove it from the environment`);
    return read.secret;
  }
  if (envValue !== undefined && envValue.trim() !== '') {
    warnings.push(`${envVariable} holds a secret in the environment, where other processes and crash dumps ` +
      `can see it; prefer ${fileVariable}`);
    return new Secret({ kind: 'env', variable: envVariable }, envValue.trim());
  }
  return undefined;
}

/** Applies the per-product rules of docs/configuration.md ("How the auth scheme is chosen"). */
export function resolveProduct(product: Product, raw: RawProduct): Resolved {
  const P = product.toUpperCase();
  const problems: string[] = [];
  const warnings: string[] = [];
  const hasBasicParts = raw.username !== undefined || raw.tokenFile !== undefined || raw.apiToken !== undefined;
  const hasPatParts = raw.patFile !== undefined || raw.personalToken !== undefined;

  if (raw.url === undefined || raw.url.trim() === '') {
    if (hasBasicParts || hasPatParts) {
      problems.push(`${P}_URL is not set, but ${P} credentials are: set ${P}_URL to enable ${product === 'jira' ? 'Jira' : 'Confluence'}`);
    }
    return { problems, warnings };
  }

  let parsed: URL | undefined;
  try {
    parsed = new URL(raw.url.trim());
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    problems.push(`${P}_URL=${raw.url} is not an http(s) URL (expected e.g. https://example.atlassian.net)`);
  } else if (parsed.username || parsed.password) {
    problems.push(`${P}_URL must not contain credentials; use ${P}_USERNAME and ${P}_TOKEN_FILE`);
    parsed = undefined;
  } else if (parsed.search || parsed.hash) {
    problems.push(`${P}_URL=${raw.url} must not contain a query or fragment`);
    parsed = undefined;
  }

  const token = pickSecret(`${P}_TOKEN_FILE`, raw.tokenFile, `${P}_API_TOKEN`, raw.apiToken, problems, warnings);
  const pat = pickSecret(`${P}_PAT_FILE`, raw.patFile, `${P}_PERSONAL_TOKEN`, raw.personalToken, problems, warnings);
  const username = raw.username?.trim() || undefined;

  if (!hasBasicParts && !hasPatParts) {
    problems.push(`${P}_URL is set but no credentials: set ${P}_USERNAME and ${P}_TOKEN_FILE (Cloud) or ${P}_PAT_FILE (Server/DC)`);
    return { problems, warnings };
  }
  if (username === undefined && (raw.tokenFile !== undefined || raw.apiToken !== undefined) && !hasPatParts) {
    problems.push(`${P}_TOKEN_FILE is set but ${P}_USERNAME is not: set ${P}_USERNAME to the account email (Cloud) or username (Server/DC)`);
  }
  if (username !== undefined && raw.tokenFile === undefined && raw.apiToken === undefined && !hasPatParts) {
    problems.push(`${P}_USERNAME is set but no token: set ${P}_TOKEN_FILE (the API token on Cloud, the password on Server/DC)`);
  }
  const basicReady = username !== undefined && token !== undefined;
  const cloudHost = parsed ? isCloudHost(parsed.hostname) : false;

  let useBasic: boolean;
  if (basicReady && pat) {
    if (raw.mode === undefined) {
      problems.push(`${P} has both ${P}_PAT_FILE and ${P}_USERNAME + ${P}_TOKEN_FILE: set ATLASSIAN_MODE=cloud ` +
        `(Basic) or ATLASSIAN_MODE=self-hosted (PAT), or remove one of them`);
      return { problems, warnings };
    }
    useBasic = raw.mode === 'cloud';
  } else {
    useBasic = !pat;
  }
  if (!useBasic && cloudHost) {
    problems.push(`${P}_URL is an Atlassian Cloud site, which does not accept personal access tokens: ` +
      `set ${P}_USERNAME and ${P}_TOKEN_FILE (an API token) instead of ${P}_PAT_FILE`);
  }
  if (problems.length > 0 || !parsed) return { problems, warnings };

  const flavor: Flavor = useBasic && (raw.mode === 'cloud' || cloudHost) ? 'cloud' : 'server-dc';
  if (raw.mode === 'self-hosted' && cloudHost) {
    warnings.push(`ATLASSIAN_MODE=self-hosted, but ${P}_URL is an Atlassian Cloud host; treating it as Cloud`);
  }
  if (!useBasic && username !== undefined && !basicReady) {
    warnings.push(`${P}_USERNAME is ignored: a personal access token (${P}_PAT_FILE) identifies the account by itself`);
  }
  const auth: AuthConfig = useBasic
    ? { scheme: 'basic', username: username!, secret: token! }
    : { scheme: 'bearer', secret: pat! };

  const url = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  const notes: string[] = [];
  let apiBase = url;
  if (product === 'confluence' && flavor === 'cloud' && !parsed.pathname.replace(/\/+$/, '').endsWith('/wiki')) {
    apiBase = `${url}/wiki`;
    notes.push(`Confluence Cloud lives under /wiki: using ${apiBase}`);
  }
  return {
    config: Object.freeze({
      product, urlVariable: `${P}_URL`, url, apiBase, origin: parsed.origin, flavor, auth, notes,
    }),
    problems,
    warnings,
  };
}
