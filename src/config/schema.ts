import { bool, num, str } from 'envalid';

// The one description of every environment variable: envalid validates with it, and
// docs/configuration.md is generated from it (tests/unit/docs.test.ts keeps the two in step).

export const PRODUCTS = ['jira', 'confluence'] as const;
export type Product = (typeof PRODUCTS)[number];

function productSpecs(p: 'JIRA' | 'CONFLUENCE', example: { cloud: string; dc: string }) {
  const name = p === 'JIRA' ? 'Jira' : 'Confluence';
  return {
    [`${p}_URL`]: str({
      default: undefined,
      desc: `Base URL of ${name}; setting it enables the ${name} tools.` +
        (p === 'CONFLUENCE' ? ' On Cloud, with or without the trailing /wiki.' : ''),
      example: `${example.cloud} or ${example.dc}`,
    }),
    [`${p}_USERNAME`]: str({
      default: undefined,
      desc: `Account for Basic auth: the Atlassian account email on Cloud, the username on Server/DC.`,
      example: 'me@example.com',
    }),
    [`${p}_TOKEN_FILE`]: str({
      default: undefined,
      desc: `File holding the Cloud API token (or, on Server/DC, the account password) used with ${p}_USERNAME.`,
      example: `/run/agenix/${p.toLowerCase()}-token`,
    }),
    [`${p}_PAT_FILE`]: str({
      default: undefined,
      desc: `File holding a Server/Data Center personal access token (sent as Bearer).`,
      example: `/run/agenix/${p.toLowerCase()}-pat`,
    }),
    [`${p}_API_TOKEN`]: str({
      default: undefined,
      desc: `The API token itself, for compatibility with other servers; ${p}_TOKEN_FILE wins and is safer.`,
      example: '(a token)',
    }),
    [`${p}_PERSONAL_TOKEN`]: str({
      default: undefined,
      desc: `The personal access token itself, for compatibility; ${p}_PAT_FILE wins and is safer.`,
      example: '(a token)',
    }),
  };
}

// Corporate networks (docs/security.md): TLS trust and client certificates per product.
function productNetworkSpecs(p: 'JIRA' | 'CONFLUENCE') {
  const name = p === 'JIRA' ? 'Jira' : 'Confluence';
  return {
    [`${p}_SSL_VERIFY`]: bool({
      default: true,
      desc: `Verify ${name}'s TLS certificate. false accepts any certificate (self-signed Data Center) and warns at ` +
        `startup; prefer ${p}_CA_FILE.`,
      example: 'false',
    }),
    [`${p}_CA_FILE`]: str({
      default: undefined,
      desc: `PEM file of CA certificates trusted for ${name} in addition to the usual roots and NODE_EXTRA_CA_CERTS.`,
      example: `/etc/ssl/certs/${p.toLowerCase()}-ca.pem`,
    }),
    [`${p}_CLIENT_CERT_FILE`]: str({
      default: undefined,
      desc: `PEM client certificate (mTLS) presented to ${name}; needs ${p}_CLIENT_KEY_FILE.`,
      example: `/run/agenix/${p.toLowerCase()}-client.crt`,
    }),
    [`${p}_CLIENT_KEY_FILE`]: str({
      default: undefined,
      desc: `Unencrypted PEM private key of ${p}_CLIENT_CERT_FILE; read at startup like the tokens, never logged.`,
      example: `/run/agenix/${p.toLowerCase()}-client.key`,
    }),
  };
}

const networkSpecs = {
  HTTPS_PROXY: str({
    default: undefined,
    desc: 'Proxy for https:// sites, tunnelled with CONNECT (the proxy learns host and port, not the requests). ' +
      'http://user:password@host:port for a proxy that asks for credentials; https_proxy wins when both are set.',
    example: 'http://proxy.example.com:3128',
  }),
  HTTP_PROXY: str({
    default: undefined,
    desc: 'Proxy for http:// sites; requests are forwarded in clear, Authorization included. ' +
      'http_proxy wins when both are set.',
    example: 'http://proxy.example.com:3128',
  }),
  NO_PROXY: str({
    default: undefined,
    desc: 'Hosts reached directly, comma- or space-separated: exact names, .suffix or *.suffix for subdomains, ' +
      'host:port, or * for all. no_proxy wins when both are set.',
    example: 'localhost,127.0.0.1,.corp.example.com',
  }),
  NODE_EXTRA_CA_CERTS: str({
    default: undefined,
    desc: 'PEM file of extra trusted CAs, read by Node itself at process start (set it before starting); ' +
      'also kept for a product that sets its own CA file.',
    example: '/etc/ssl/certs/corporate-ca.pem',
  }),
  ...productNetworkSpecs('JIRA'),
  ...productNetworkSpecs('CONFLUENCE'),
};

/** The corporate-network variables, documented in their own group rather than with each product. */
export const NETWORK_VARIABLES: readonly string[] = Object.keys(networkSpecs);

// The MCP transport: stdio, or Streamable HTTP as a daemon (docs/http.md).
const mcpHttpSpecs = {
  MCP_TRANSPORT: str({
    default: 'stdio',
    choices: ['stdio', 'http'],
    desc: 'How MCP clients connect: stdio (the client starts the program) or http (a daemon serving /mcp). ' +
      'The --transport flag wins.',
    example: 'http',
  }),
  MCP_HOST: str({
    default: '127.0.0.1',
    desc: 'Address the HTTP transport binds. Anything but loopback needs MCP_AUTH_TOKEN_FILE and MCP_ALLOWED_HOSTS.',
    example: '127.0.0.1',
  }),
  MCP_PORT: num({
    default: 8848,
    desc: 'TCP port of the HTTP transport (0: any free port, logged at startup). Ignored under systemd socket activation.',
    example: '8848',
  }),
  MCP_AUTH_TOKEN_FILE: str({
    default: undefined,
    desc: 'File holding the bearer token every HTTP request must carry (Authorization: Bearer <token>); ' +
      're-read when a request does not match and the file changed, so rotation needs no restart.',
    example: '/run/agenix/atlassian-mcp-token',
  }),
  MCP_ALLOW_UNAUTHENTICATED: bool({
    default: false,
    desc: 'Serve HTTP without a token. Refused unless MCP_HOST (or the socket-activated address) is loopback.',
    example: 'true',
  }),
  MCP_ALLOWED_HOSTS: str({
    default: undefined,
    desc: 'Comma-separated Host header names (optionally with :port) accepted in addition to localhost, ' +
      '127.0.0.1, [::1] and MCP_HOST; others get 403 (DNS-rebinding protection).',
    example: 'mcp.example.com,mcp.example.com:8443',
  }),
  MCP_ALLOWED_ORIGINS: str({
    default: undefined,
    desc: 'Comma-separated browser origins accepted in addition to loopback ones; a request with any other ' +
      'Origin header gets 403. Requests without Origin (non-browser clients) are not affected.',
    example: 'https://mcp.example.com',
  }),
  MCP_SESSION_TTL_MS: num({
    default: 30 * 60_000,
    desc: 'An HTTP session with no request for this many milliseconds is closed and its resources released.',
    example: '600000',
  }),
  MCP_STATELESS: bool({
    default: false,
    desc: 'No sessions: every POST is served by a fresh server, so any replica behind a load balancer may answer. ' +
      'The --stateless flag sets it.',
    example: 'true',
  }),
  MCP_SHUTDOWN_TIMEOUT_MS: num({
    default: 10_000,
    desc: 'On SIGTERM/SIGINT, how long in-flight calls may take to finish before sessions are closed anyway.',
    example: '30000',
  }),
  MCP_TEAM_MODE: bool({
    default: false,
    desc: 'HTTP only: each request may carry its caller\'s Atlassian credentials (X-Atlassian-Jira-Token or ' +
      '-Pat, X-Atlassian-Confluence-Token or -Pat, X-Atlassian-Username); the URLs stay the configured ones.',
    example: 'true',
  }),
  MCP_TEAM_FALLBACK: bool({
    default: false,
    desc: 'In team mode, serve a request without caller credentials with the server\'s own. Unset, a product ' +
      'may be configured with a URL and no credentials.',
    example: 'true',
  }),
};

export const configSchema = {
  ...productSpecs('JIRA', { cloud: 'https://example.atlassian.net', dc: 'https://jira.example.com' }),
  ...productSpecs('CONFLUENCE', { cloud: 'https://example.atlassian.net/wiki', dc: 'https://confluence.example.com' }),
  ATLASSIAN_MODE: str({
    default: undefined,
    choices: ['cloud', 'self-hosted'],
    desc: 'Forces the deployment kind where the URL cannot tell (Cloud hosts end in .atlassian.net or .jira.com), ' +
      'and decides between a PAT and username + token when a product has both (cloud: Basic, self-hosted: PAT).',
    example: 'cloud',
  }),
  READ_ONLY_MODE: bool({
    default: false,
    desc: 'When true, no tool that writes or deletes is registered, whatever else is selected.',
    example: 'true',
  }),
  TOOLSETS: str({
    default: undefined,
    desc: 'Comma-separated toolsets to expose; "default" is the small daily selection, "all" everything. ' +
      'Unset: default (or none, when ENABLED_TOOLS is set).',
    example: 'jira_issues,confluence_search',
  }),
  ENABLED_TOOLS: str({
    default: undefined,
    desc: 'Comma-separated tool names to expose in addition to TOOLSETS.',
    example: 'jira_search,confluence_get_page',
  }),
  DISABLED_TOOLS: str({
    default: undefined,
    desc: 'Comma-separated tool names never to expose; wins over TOOLSETS and ENABLED_TOOLS.',
    example: 'confluence_search',
  }),
  JIRA_PROJECTS_FILTER: str({
    default: undefined,
    desc: 'Comma-separated project keys; searches are scoped to them and issues elsewhere are refused.',
    example: 'PROJ,OPS',
  }),
  CONFLUENCE_SPACES_FILTER: str({
    default: undefined,
    desc: 'Comma-separated space keys; searches are scoped to them and pages elsewhere are refused.',
    example: 'DOC,TEAM',
  }),
  ATTACHMENTS_DIR: str({
    default: undefined,
    desc: 'Directory that attachment tools may save downloads into and upload files from; paths outside it ' +
      '(.., symlinks) are refused. Unset: only base64 content in and out.',
    example: '/home/me/atlassian-files',
  }),
  OUTPUT_SCHEMAS: bool({
    default: false,
    desc: 'List each tool\'s output schema in tools/list. Results always carry structuredContent that matches it ' +
      '(docs/tools.md); listing the schemas costs context in every session, so it is off by default.',
    example: 'true',
  }),
  ATTACHMENT_MAX_BYTES: num({
    default: 10 * 1024 * 1024,
    desc: 'Largest attachment downloaded or uploaded, in bytes.',
    example: '52428800',
  }),
  LOG_LEVEL: str({
    default: 'info',
    choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    desc: 'Log level of the JSON lines written to stderr (stdout carries only MCP messages).',
    example: 'debug',
  }),
  HTTP_TIMEOUT_MS: num({
    default: 30_000,
    desc: 'Timeout of one upstream HTTP request, in milliseconds.',
    example: '10000',
  }),
  HTTP_MAX_RETRIES: num({
    default: 3,
    desc: 'Retries of an idempotent request (or read-only search) after 429/502/503/504 or a network error; ' +
      'Retry-After is honoured up to 60 s.',
    example: '0',
  }),
  HTTP_RETRY_BASE_MS: num({
    default: 1000,
    desc: 'Delay before the first retry, doubled for each further one, with random jitter.',
    example: '250',
  }),
  HTTP_MAX_CONCURRENCY: num({
    default: 8,
    desc: 'Requests in flight to one product at once (the per-host connection cap); further ones wait their turn.',
    example: '4',
  }),
  HTTP_RATE_LIMIT_PER_SECOND: num({
    default: 10,
    desc: 'Requests started per second per product, in bursts of up to one second\'s worth (client-side, ' +
      'to stay under the site\'s own limits); 0 turns it off.',
    example: '5',
  }),
  HTTP_MAX_RESPONSE_BYTES: num({
    default: 8 * 1024 * 1024,
    desc: 'Largest JSON answer read from Jira or Confluence, in bytes; a larger one is refused with a hint to ask for ' +
      'less (attachments have ATTACHMENT_MAX_BYTES).',
    example: '16777216',
  }),
  MAX_RESULT_CHARS: num({
    default: 60_000,
    desc: 'Largest tool result, in characters (about 15,000-20,000 tokens); a longer one is cut, and says so and how ' +
      'to get the rest.',
    example: '30000',
  }),
  MAX_ARGUMENT_CHARS: num({
    default: 100_000,
    desc: 'Largest tool argument, in characters, where its schema sets no bound of its own (Confluence page bodies: ' +
      '2,000,000; base64 file content: ATTACHMENT_MAX_BYTES).',
    example: '50000',
  }),
  ...networkSpecs,
  ...mcpHttpSpecs,
};

export type ConfigVariable = keyof typeof configSchema;

/** Groups for the generated documentation, in order. */
export const configGroups: { title: string; intro: string; match: (name: string) => boolean }[] = [
  {
    title: 'Jira',
    intro: 'Setting `JIRA_URL` enables the Jira tools. Give either `JIRA_USERNAME` + `JIRA_TOKEN_FILE` ' +
      '(Cloud API token, or a Server/DC password) or `JIRA_PAT_FILE` (Server/DC personal access token).',
    match: (name) => name.startsWith('JIRA_') && name !== 'JIRA_PROJECTS_FILTER' && !NETWORK_VARIABLES.includes(name),
  },
  {
    title: 'Confluence',
    intro: 'The same variables with the `CONFLUENCE_` prefix enable the Confluence tools.',
    match: (name) => name.startsWith('CONFLUENCE_') && name !== 'CONFLUENCE_SPACES_FILTER' && !NETWORK_VARIABLES.includes(name),
  },
  {
    title: 'Both products',
    intro: '',
    match: (name) => name === 'ATLASSIAN_MODE',
  },
  {
    title: 'Tool selection and scope',
    intro: '',
    match: (name) => ['READ_ONLY_MODE', 'TOOLSETS', 'ENABLED_TOOLS', 'DISABLED_TOOLS',
      'JIRA_PROJECTS_FILTER', 'CONFLUENCE_SPACES_FILTER', 'ATTACHMENTS_DIR', 'ATTACHMENT_MAX_BYTES', 'OUTPUT_SCHEMAS'].includes(name),
  },
  {
    title: 'Runtime',
    intro: '',
    match: (name) => ['LOG_LEVEL', 'HTTP_TIMEOUT_MS', 'HTTP_MAX_RETRIES', 'HTTP_RETRY_BASE_MS', 'HTTP_MAX_CONCURRENCY',
      'HTTP_RATE_LIMIT_PER_SECOND', 'HTTP_MAX_RESPONSE_BYTES', 'MAX_RESULT_CHARS', 'MAX_ARGUMENT_CHARS'].includes(name),
  },
  {
    title: 'Corporate networks',
    intro: 'Proxies for every upstream request, and per product TLS trust and client certificates: see ' +
      '[security.md](security.md#corporate-networks) for what a proxy sees.',
    match: (name) => NETWORK_VARIABLES.includes(name),
  },
  {
    title: 'HTTP transport',
    intro: 'Used when `MCP_TRANSPORT=http` (or `--transport http`): see [http.md](http.md) for clients, systemd and the threat model.',
    match: (name) => name.startsWith('MCP_'),
  },
];
