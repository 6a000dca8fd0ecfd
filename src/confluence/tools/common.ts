import { ToolInputError } from '../../mcp/errors.js';

import type { ToolContext } from '../../mcp/define-tool.js';
import type { ConfluenceClient } from '../client.js';

/** The Confluence client of a call; tools are only registered when Confluence is configured, so this is a safety net. */
export function confluence(context: ToolContext): ConfluenceClient {
  if (!context.confluence) throw new ToolInputError('Confluence is not configured on this server: set CONFLUENCE_URL and its credentials.');
  return context.confluence;
}
