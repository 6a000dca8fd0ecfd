import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Logger } from '../log.js';

/**
 * Serves one MCP session over stdin/stdout. Stdout carries only MCP frames (the SDK writes them);
 * the process ends when the client closes stdin.
 */
export async function serveStdio(server: McpServer, log: Logger, onClose?: () => Promise<void> | void): Promise<void> {
  const transport = new StdioServerTransport();
  await new Promise<void>((resolve, reject) => {
    const finish = () => {
      Promise.resolve(onClose?.()).then(() => resolve(), reject);
    };
    transport.onclose = finish;
    process.stdin.once('end', () => {
      log.debug('stdin closed; shutting down');
      void server.close().catch(() => undefined);
    });
    // debug: at the default level a stdio start-up logs nothing, so the logger is never loaded (log.ts).
    server.connect(transport).then(() => log.debug({ transport: 'stdio' }, 'serving MCP'), reject);
  });
}
