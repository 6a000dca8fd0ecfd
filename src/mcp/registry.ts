import { TOOL_MANIFEST } from './manifest.generated.js';
import { DEFAULT_TOOLS, TOOLSETS } from './toolsets.js';

import type { Config, KnownNames } from '../config/index.js';
import type { ToolInfo } from './define-tool.js';
import type { ListedSchemas } from './listing.js';

/** A tool as listing and selection see it: its metadata and compact JSON Schemas, without zod or handler. */
export interface ToolEntry extends ToolInfo {
  readonly schemas: ListedSchemas;
}

/**
 * Every tool the server knows, in listing order, from the manifest `npm run docs` generates from
 * TOOL_DEFINITIONS (src/mcp/definitions.ts; tests/unit/docs.test.ts checks it is current).
 */
export const ALL_TOOLS: readonly ToolEntry[] = TOOL_MANIFEST;

export const KNOWN_NAMES: KnownNames = {
  toolsets: TOOLSETS.map((toolset) => toolset.id),
  tools: ALL_TOOLS.map((tool) => tool.name),
};

type Selection = Pick<Config, 'toolsets' | 'enabledTools' | 'disabledTools' | 'readOnly'> &
  Partial<Pick<Config, 'jira' | 'confluence'>>;

/**
 * The tools a configuration exposes. Order of precedence: TOOLSETS (or the default selection,
 * DEFAULT_TOOLS) plus ENABLED_TOOLS, minus DISABLED_TOOLS, minus every write when read-only, minus tools
 * of products that are not configured. Read-only wins over everything; exclusions win over inclusions.
 * The default selection holds no destructive tool: those come only from a toolset named explicitly,
 * `all`, or ENABLED_TOOLS.
 */
export function selectTools(config: Selection): ToolEntry[] {
  const requested = config.toolsets ?? (config.enabledTools.length > 0 ? [] : ['default']);
  const explicit = new Set<string>();
  let defaults = false;
  for (const id of requested) {
    if (id === 'all') TOOLSETS.forEach((toolset) => explicit.add(toolset.id));
    else if (id === 'default') defaults = true;
    else explicit.add(id);
  }
  const chosen = (tool: ToolEntry) =>
    explicit.has(tool.toolset) || (defaults && DEFAULT_TOOLS.includes(tool.name)) || config.enabledTools.includes(tool.name);
  return ALL_TOOLS.filter((tool) =>
    chosen(tool) &&
    !config.disabledTools.includes(tool.name) &&
    !(config.readOnly && tool.kind !== 'read') &&
    config[tool.product] !== undefined);
}
