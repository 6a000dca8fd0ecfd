import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';

import { loadConfig } from '../config/index.js';
import { ALL_TOOLS, KNOWN_NAMES } from '../mcp/registry.js';
import { createClients } from '../clients.js';
import { CONFLUENCE_DEMO_CALLS } from './demo/confluence.js';
import { JIRA_DEMO_CALLS } from './demo/jira.js';
import { startSandboxSession } from './session.js';

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Clients } from '../clients.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../log.js';
import type { SandboxLayout } from './session.js';

/** One example call per tool, against the sandbox's seed data (tests/unit/registry.test.ts checks coverage). */
export const DEMO_CALLS: Record<string, Record<string, unknown>> = { ...JIRA_DEMO_CALLS, ...CONFLUENCE_DEMO_CALLS };

/** Whether a tool exists on the flavor its product has in this configuration (Cloud-only tools). */
export function supportsFlavor(toolName: string, config: Config): boolean {
  const tool = ALL_TOOLS.find((candidate) => candidate.name === toolName);
  const product = tool && config[tool.product];
  return !tool?.flavors || !product || tool.flavors.includes(product.flavor);
}

const LAYOUT_TITLES: Record<SandboxLayout, string> = {
  'cloud-jira': 'Jira Cloud (Basic auth) + Confluence Data Center (Bearer PAT)',
  'cloud-confluence': 'Jira Data Center (Bearer PAT) + Confluence Cloud (Basic auth)',
  cloud: 'Jira Cloud + Confluence Cloud',
  dc: 'Jira Data Center + Confluence Data Center',
};

/**
 * Drives every tool once through a real MCP client against the sandbox, printing each result:
 * what a newcomer sees from `npm run sandbox`. Returns the number of calls that failed. `newServer` is
 * server.ts's createMcpServer (passed in: this module belongs to the lazily loaded part, src/lazy.ts).
 */
export async function runDemo(log: Logger, print: (text: string) => void, newServer: (config: Config, clients: Clients, log: Logger) => McpServer,
  layouts: SandboxLayout[] = ['cloud-jira', 'cloud-confluence']): Promise<number> {
  let failures = 0;
  for (const layout of layouts) {
    const session = await startSandboxSession(layout);
    try {
      const config = loadConfig({ ...session.env, TOOLSETS: 'all', LOG_LEVEL: 'warn' }, KNOWN_NAMES);
      const server = newServer(config, createClients(config, log), log);
      const client = new Client({ name: 'atlassian-mcp-demo', version: '1.0.0' });
      const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
      await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
      const { tools } = await client.listTools();
      print(`\n==== ${LAYOUT_TITLES[layout]} ====\n${tools.length} tools: ${tools.map((tool) => tool.name).join(', ')}`);
      for (const tool of tools) {
        const args = DEMO_CALLS[tool.name] ?? {};
        const result = await client.callTool({ name: tool.name, arguments: args });
        const text = (result.content as { type: string; text?: string }[]).map((part) => part.text ?? `[${part.type}]`).join('\n');
        const expected = supportsFlavor(tool.name, config);
        if (result.isError && expected) failures += 1;
        const mark = !result.isError ? '' : expected ? '  (ERROR)' : '  (not on this flavor)';
        print(`\n---- ${tool.name} ${JSON.stringify(args)}${mark}\n${text}`);
      }
      await client.close();
      await server.close();
    } finally {
      await session.close();
    }
  }
  print(failures === 0 ? '\nEvery tool answered.' : `\n${failures} call(s) failed.`);
  return failures;
}
