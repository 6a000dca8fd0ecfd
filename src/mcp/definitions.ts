import { confluenceTools } from '../confluence/tools/index.js';
import { jiraTools } from '../jira/tools/index.js';

import type { ToolDefinition } from './define-tool.js';

/**
 * Every tool with its zod schemas and handler, in listing order. Only calls need this: listing and
 * selection use the generated manifest (registry.ts), so start-up never evaluates the tool modules.
 */
export const TOOL_DEFINITIONS: readonly ToolDefinition[] = [...jiraTools, ...confluenceTools] as readonly ToolDefinition[];
