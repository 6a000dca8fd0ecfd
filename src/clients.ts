import { AtlassianHttp } from './atlassian/http.js';
import { ConfluenceClient } from './confluence/client.js';
import { JiraClient } from './jira/client.js';
import { teamProductConfig } from './transports/http/team.js';

import type { Config, ProductConfig } from './config/index.js';
import type { Logger } from './log.js';

export interface Clients {
  jira?: JiraClient;
  confluence?: ConfluenceClient;
}

/**
 * One client per configured product, shared by every MCP session of the process. In team mode their
 * credentials are the current caller's (see transports/http/team.ts); `asServer` keeps the server's own
 * (readiness checks).
 */
export function createClients(config: Config, log: Logger, asServer = false): Clients {
  const settings = { timeoutMs: config.httpTimeoutMs, maxRetries: config.httpMaxRetries, retryBaseMs: config.httpRetryBaseMs,
    maxSockets: config.httpMaxConcurrency, rateLimitPerSecond: config.httpRateLimitPerSecond, maxResponseBytes: config.httpMaxResponseBytes,
    network: config.network };
  const product = (base: ProductConfig) =>
    config.mcp.teamMode && !asServer ? teamProductConfig(base, config.mcp.teamFallback) : base;
  return {
    jira: config.jira && new JiraClient(new AtlassianHttp(product(config.jira), settings, log), config),
    confluence: config.confluence && new ConfluenceClient(new AtlassianHttp(product(config.confluence), settings, log), config),
  };
}
