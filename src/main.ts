import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { builtin } from './builtin.js';
import { ConfigError, loadConfig } from './config/index.js';
import { createLogger } from './log.js';
import { ALL_TOOLS, KNOWN_NAMES, selectTools } from './mcp/registry.js';
import { TOOLSETS } from './mcp/toolsets.js';
import { lazyClients, loadImplementation } from './lazy.js';
import { createMcpServer } from './server.js';
import { serveStdio } from './transports/stdio.js';
import { VERSION } from './version.js';

import type { Config } from './config/index.js';

const HELP = `atlassian-mcp ${VERSION}: an MCP server for Jira and Confluence (Cloud and Server/Data Center)

Usage:
  atlassian-mcp                 serve MCP over stdio (what MCP clients run)
  atlassian-mcp --transport http [--stateless]
                                serve MCP Streamable HTTP at http://MCP_HOST:MCP_PORT/mcp (see docs/http.md)
  atlassian-mcp doctor          show how the configuration is understood and check each product's credentials
  atlassian-mcp tools [--json] [--all]
                                list the tools the configuration exposes (--all: every tool, no configuration needed)
  atlassian-mcp sandbox [--transport http]
                                serve MCP against the built-in sandbox site (no account needed)
  atlassian-mcp sandbox --demo  call every tool once against the sandbox and print the results
  atlassian-mcp --help | --version

Configuration comes from environment variables (JIRA_URL, JIRA_USERNAME, JIRA_TOKEN_FILE, JIRA_PAT_FILE,
CONFLUENCE_*, TOOLSETS, READ_ONLY_MODE, ...): see docs/configuration.md.
`;

/** Writes to stdout; only used by commands that are not an MCP stdio session. */
function print(text: string): void {
  process.stdout.write(`${text}\n`); // stdout-ok: doctor, tools and demo output, never during MCP serving
}

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function configOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env, KNOWN_NAMES);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

async function serve(config: Config, onClose?: () => Promise<void>): Promise<void> {
  const log = createLogger(config.logLevel);
  config.warnings.forEach((warning) => log.warn(warning));
  if (config.mcp.transport === 'http') {
    const { serveHttp } = await loadImplementation();
    const clients = lazyClients(config, log);
    await serveHttp(config, () => createMcpServer(config, clients, log), log, onClose);
    return;
  }
  const server = createMcpServer(config, lazyClients(config, log), log);
  const stop = () => {
    void server.close().finally(async () => {
      await onClose?.();
      process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await serveStdio(server, log, onClose);
}

function listTools(json: boolean, all: boolean): void {
  const tools = all ? [...ALL_TOOLS] : selectTools(configOrExit());
  if (json) {
    print(JSON.stringify(tools.map((tool) => ({ name: tool.name, toolset: tool.toolset, kind: tool.kind, title: tool.title })), null, 2));
    return;
  }
  const width = Math.max(...tools.map((tool) => tool.name.length), 4);
  print(`${'tool'.padEnd(width)}  ${'toolset'.padEnd(18)}  kind`);
  for (const tool of tools) print(`${tool.name.padEnd(width)}  ${tool.toolset.padEnd(18)}  ${tool.kind}`);
  print(`\n${tools.length} tools. Toolsets: ${TOOLSETS.map((t) => `${t.id}${t.isDefault ? ' (default)' : ''}`).join(', ')}`);
}

/** The sandbox over HTTP: a throwaway bearer token, and the exact client configuration to paste. */
async function sandboxHttp(flags: NodeJS.ProcessEnv): Promise<void> {
  const { startSandboxSession } = await loadImplementation();
  const session = await startSandboxSession('cloud-jira');
  const dir = mkdtempSync(join(tmpdir(), 'atlassian-mcp-http-'));
  const token = builtin('node:crypto').randomBytes(24).toString('base64url');
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  // Only the transport settings come from the environment: the products are the sandbox's.
  const transportEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('MCP_') || name === 'LOG_LEVEL'));
  const config = configOrExit({ ...transportEnv, ...session.env, TOOLSETS: 'all', ...flags, MCP_AUTH_TOKEN_FILE: tokenFile });
  const log = createLogger(config.logLevel);
  const cleanup = async () => {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  };
  let handle;
  try {
    const { serveHttp } = await loadImplementation();
    const clients = lazyClients(config, log);
    handle = await serveHttp(config, () => createMcpServer(config, clients, log), log, cleanup);
  } catch (error) {
    await cleanup();
    throw error;
  }
  const header = `Bearer ${token}`;
  const clientConfig = { mcpServers: { 'atlassian-sandbox': { type: 'http', url: handle.url, headers: { Authorization: header } } } };
  process.stderr.write(
    `atlassian-mcp sandbox: Jira Cloud at ${session.env.JIRA_URL} and Confluence Data Center at ${session.env.CONFLUENCE_URL}\n` +
    `Serving MCP over HTTP at ${handle.url} (this token is valid until the sandbox stops).\n` +
    'To connect an MCP client, add this to its configuration:\n' +
    `${JSON.stringify(clientConfig, null, 2)}\n` +
    `or, for Claude Code: claude mcp add --transport http atlassian-sandbox ${handle.url} --header "Authorization: ${header}"\n`,
  );
}

async function sandbox(demo: boolean, flags: NodeJS.ProcessEnv): Promise<void> {
  if (demo) {
    const { runDemo } = await loadImplementation();
    const failures = await runDemo(createLogger('warn'), print, createMcpServer);
    process.exit(failures === 0 ? 0 : 1);
  }
  if ((flags.MCP_TRANSPORT ?? process.env.MCP_TRANSPORT) === 'http') return sandboxHttp(flags);
  const { startSandboxSession } = await loadImplementation();
  const session = await startSandboxSession('cloud-jira');
  const self = realpathSync(process.argv[1] ?? 'atlassian-mcp');
  const clientConfig = { mcpServers: { 'atlassian-sandbox': { command: process.execPath, args: [self, 'sandbox'] } } };
  process.stderr.write(
    `atlassian-mcp sandbox: Jira Cloud at ${session.env.JIRA_URL} and Confluence Data Center at ${session.env.CONFLUENCE_URL}\n` +
    'Serving MCP over stdio. To connect an MCP client, add this to its configuration:\n' +
    `${JSON.stringify(clientConfig, null, 2)}\n`,
  );
  await serve(configOrExit({ ...session.env, TOOLSETS: 'all', MCP_TRANSPORT: 'stdio' }), () => session.close());
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      json: { type: 'boolean' },
      all: { type: 'boolean' },
      demo: { type: 'boolean' },
      transport: { type: 'string' },
      stateless: { type: 'boolean' },
    },
  });
  if (values.help) return print(HELP);
  if (values.version) return print(VERSION);
  const [command = 'serve', ...rest] = positionals;
  if (rest.length > 0) fail(`atlassian-mcp: unexpected argument "${rest[0]}"; see atlassian-mcp --help`, 2);
  if (values.transport !== undefined && values.transport !== 'stdio' && values.transport !== 'http') {
    fail(`atlassian-mcp: --transport must be stdio or http, not "${values.transport}"`, 2);
  }
  // The flags win over MCP_TRANSPORT / MCP_STATELESS: they are laid over the environment.
  const flags: NodeJS.ProcessEnv = {
    ...(values.transport ? { MCP_TRANSPORT: values.transport } : {}),
    ...(values.stateless ? { MCP_STATELESS: 'true' } : {}),
  };
  switch (command) {
    case 'serve':
      return serve(configOrExit({ ...process.env, ...flags }));
    case 'doctor': {
      const config = configOrExit();
      const { runDoctor } = await loadImplementation();
      const healthy = await runDoctor(config, createLogger('silent'), print);
      process.exit(healthy ? 0 : 1);
    }
    // falls through: process.exit never returns
    case 'tools':
      return listTools(Boolean(values.json), Boolean(values.all));
    case 'sandbox':
      return sandbox(Boolean(values.demo), flags);
    default:
      fail(`atlassian-mcp: unknown command "${command}"; see atlassian-mcp --help`, 2);
  }
}

// A stray rejection must not end an MCP session: report it on stderr and keep serving.
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`atlassian-mcp: unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}\n`);
});

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  fail(`atlassian-mcp: ${message}`);
});
