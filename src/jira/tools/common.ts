import { ToolInputError } from '../../mcp/errors.js';

import type { ToolContext } from '../../mcp/define-tool.js';
import type { JiraClient } from '../client.js';

/** The Jira client of a call; tools are only registered when Jira is configured, so this is a safety net. */
export function jira(context: ToolContext): JiraClient {
  if (!context.jira) throw new ToolInputError('Jira is not configured on this server: set JIRA_URL and its credentials.');
  return context.jira;
}
