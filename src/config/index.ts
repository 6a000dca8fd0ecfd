import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

import { cleanEnv } from 'envalid';

import { resolveProduct } from './product.js';
import { configSchema, PRODUCTS } from './schema.js';

import type { ProductConfig } from './product.js';
import type { Product } from './schema.js';

export type { AuthConfig, Flavor, ProductConfig } from './product.js';
export type { Product } from './schema.js';
export { Secret } from './secret.js';

export interface Config {
  readonly jira?: ProductConfig;
  readonly confluence?: ProductConfig;
  readonly readOnly: boolean;
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
  /** Things worth fixing that do not stop the server (doctor prints them, serve logs them). */
  readonly warnings: readonly string[];
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
    const resolved = resolveProduct(product, {
      url: text(`${prefix}_URL`),
      username: text(`${prefix}_USERNAME`),
      tokenFile: text(`${prefix}_TOKEN_FILE`),
      patFile: text(`${prefix}_PAT_FILE`),
      apiToken: text(`${prefix}_API_TOKEN`),
      personalToken: text(`${prefix}_PERSONAL_TOKEN`),
      mode: clean.ATLASSIAN_MODE as 'cloud' | 'self-hosted' | undefined,
    });
    problems.push(...resolved.problems);
    warnings.push(...resolved.warnings);
    if (resolved.config) products[product] = resolved.config;
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

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    ...products,
    readOnly: clean.READ_ONLY_MODE,
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
    warnings,
  });
}
