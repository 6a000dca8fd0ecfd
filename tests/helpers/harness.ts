import assert from 'node:assert/strict';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';

import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/log.js';
import { KNOWN_NAMES } from '../../src/mcp/registry.js';
import { startSandboxSession } from '../../src/sandbox/session.js';
import { createClients } from '../../src/clients.js';
import { createMcpServer } from '../../src/server.js';
import { specsDir, validateRequest } from './contract.js';

import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Config } from '../../src/config/index.js';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/server.js';
import type { SandboxLayout } from '../../src/sandbox/session.js';

export interface Harness {
  client: Client;
  sandbox: Sandbox;
  config: Config;
  env: Record<string, string>;
  /** Calls a tool and returns its result with the text joined. */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult & { text: string }>;
  close(): Promise<void>;
}

/**
 * The real protocol path: SDK Client -> our McpServer (in-memory transport) -> real got -> the
 * sandbox over HTTP on 127.0.0.1. close() fails the test if any request hit a route the sandbox
 * does not know.
 */
export async function startHarness(options: {
  layout?: SandboxLayout;
  env?: Record<string, string>;
  sandbox?: SandboxOptions;
} = {}): Promise<Harness> {
  const session = await startSandboxSession(options.layout ?? 'cloud-jira', options.sandbox);
  const env = { TOOLSETS: 'all', HTTP_RETRY_BASE_MS: '5', ...session.env, ...options.env };
  const config = loadConfig(env, KNOWN_NAMES);
  const log = createLogger('silent');
  const server = createMcpServer(config, createClients(config, log), log);
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  return {
    client,
    sandbox: session.sandbox,
    config,
    env,
    async call(name, args = {}) {
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      const text = result.content.map((part) => (part.type === 'text' ? part.text : `[${part.type}]`)).join('\n');
      return { ...result, text };
    },
    async close() {
      await client.close();
      await server.close();
      const unmatched = session.sandbox.unmatched.map((request) => `${request.method} ${request.site}${request.path}`);
      await session.close();
      assert.deepEqual(unmatched, [], 'requests to routes the sandbox does not know');
    },
  };
}

/** The requests the sandbox saw, as "METHOD /path" lines, for compact assertions. */
export function requestLines(sandbox: Sandbox): string[] {
  return sandbox.requests.map((request) => `${request.method} ${request.path}`);
}

/**
 * Runs `test` on a fresh harness, then checks every request it sent (only those to `product`'s site,
 * when given) against Atlassian's official OpenAPI specs. Without the specs the check is skipped,
 * except under CI=true, where that fails.
 */
export async function withCheckedHarness(layout: SandboxLayout, test: (h: Harness) => Promise<void>,
  env: Record<string, string> = {}, product?: 'jira' | 'confluence'): Promise<void> {
  const h = await startHarness({ layout, env });
  try {
    await test(h);
    if (!specsDir()) {
      if (process.env.CI === 'true') throw new Error('Atlassian OpenAPI specs not found (CI=true)');
      return;
    }
    const failures: string[] = [];
    for (const request of h.sandbox.requests.filter((r) => !product || r.site.startsWith(product))) {
      failures.push(...(await validateRequest(request.site, request)).errors.map((error) => `${request.method} ${request.path}: ${error}`));
    }
    assert.deepEqual(failures, [], 'requests validate against the OpenAPI specs');
  } finally {
    await h.close();
  }
}
