import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { pino } from 'pino';

import { loadConfig } from '../../src/config/index.js';
import { KNOWN_NAMES } from '../../src/mcp/registry.js';
import { createClients } from '../../src/clients.js';
import { createMcpServer } from '../../src/server.js';
import { startHttpServer } from '../../src/transports/http.js';
import { BUNDLE_COMMAND, cleanEnv } from '../helpers/bundle.js';

import type { ChildProcess, StdioOptions } from 'node:child_process';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

// Shared by the HTTP tests: start the server (in this process, or the built program as a child),
// connect the SDK's Streamable HTTP client, and send raw requests where headers must be exact.

export interface RunningServer {
  /** The MCP endpoint, http://127.0.0.1:<port>/mcp. */
  readonly url: string;
  /** The JSON log lines written so far. */
  logs(): string;
  /** Graceful stop (SIGTERM for a child); resolves with the exit code (0 in process). */
  stop(): Promise<number | null>;
}

export type StartServer = (env: Record<string, string>) => Promise<RunningServer>;

const dir = mkdtempSync(join(tmpdir(), 'atlassian-mcp-http-test-'));
let files = 0;

/** A 0600 file holding `value` (bearer tokens). */
export function secretFile(value: string): string {
  const path = join(dir, `secret-${files += 1}`);
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return path;
}

const BASE_ENV = { MCP_TRANSPORT: 'http', MCP_PORT: '0', TOOLSETS: 'all', HTTP_RETRY_BASE_MS: '5' };

/** The server in this test process: what coverage sees. */
export const startInProcess: StartServer = async (env) => {
  const config = loadConfig({ ...BASE_ENV, ...env }, KNOWN_NAMES);
  let logs = '';
  const log = pino({ level: config.logLevel, formatters: { level: (label) => ({ level: label }) } }, { write: (line: string) => { logs += line; } });
  const clients = createClients(config, log);
  const handle = await startHttpServer(config, () => createMcpServer(config, clients, log), log);
  return {
    url: handle.url,
    logs: () => logs,
    stop: async () => {
      await handle.shutdown('test');
      return 0;
    },
  };
};

export interface ChildServer extends RunningServer {
  readonly child: ChildProcess;
  /** Resolves with the exit code once the child has exited. */
  readonly exited: Promise<number | null>;
}

/**
 * Starts the program (`command`: the bundle, or the sources through tsx) and waits for its
 * "serving MCP" log line, which carries the URL. `argv` replaces the default `--transport http`.
 */
export function spawnServer(env: Record<string, string>, options: { command?: string[]; argv?: string[]; stdio?: StdioOptions; shell?: string } = {}): Promise<ChildServer> {
  const argv = [...(options.command ?? BUNDLE_COMMAND), ...(options.argv ?? ['--transport', 'http'])];
  const fullEnv = cleanEnv({ ...BASE_ENV, ...env });
  // A shell wrapper lets LISTEN_PID be the child's own pid (exec keeps it): systemd's contract.
  const child = options.shell
    ? spawn('/bin/sh', ['-c', `${options.shell} exec "$0" "$@"`, process.execPath, ...argv], { env: fullEnv, stdio: options.stdio ?? 'pipe' })
    : spawn(process.execPath, argv, { env: fullEnv, stdio: options.stdio ?? 'pipe' });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "serving MCP" line within 15 s:\n${stderr}`)), 15_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const line = stderr.split('\n').find((candidate) => candidate.includes('"msg":"serving MCP"'));
      if (line) {
        clearTimeout(timer);
        resolve({
          url: (JSON.parse(line) as { url: string }).url,
          child,
          exited,
          logs: () => stderr,
          stop: async () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before serving:\n${stderr}`));
    });
  });
}

export const startChild: StartServer = (env) => spawnServer(env);

export interface Connected {
  client: Client;
  transport: StreamableHTTPClientTransport;
  errors: Error[];
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult & { text: string }>;
  close(): Promise<void>;
}

/** An SDK client over Streamable HTTP, sending `headers` with every request. */
export async function connect(url: string, headers: Record<string, string> = {}): Promise<Connected> {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  const client = new Client({ name: 'http-test', version: '1.0.0' });
  const errors: Error[] = [];
  client.onerror = (error) => errors.push(error);
  await client.connect(transport);
  return {
    client,
    transport,
    errors,
    async call(name, args = {}) {
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      const text = result.content.map((part) => (part.type === 'text' ? part.text : `[${part.type}]`)).join('\n');
      return { ...result, text };
    },
    close: () => client.close(),
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with exactly these headers (fetch would not let a test set Host). */
export function raw(url: string, options: { method?: string; path?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<RawResponse> {
  const target = new URL(options.path ?? '', url);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(target, {
      method: options.method ?? 'GET',
      headers: {
        ...(body ? { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } : {}),
        ...options.headers,
      },
    }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => { text += chunk.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** An initialize request as a client sends it. */
export const INITIALIZE = {
  jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

/** Waits until `check` holds, polling; fails with `what` after `ms`. */
export async function waitFor(what: string, check: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
