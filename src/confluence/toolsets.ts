import type { Toolset } from '../mcp/toolsets.js';

export const CONFLUENCE_TOOLSETS: readonly Toolset[] = [
  { id: 'confluence_pages', product: 'confluence', description: 'Read pages', isDefault: true },
  { id: 'confluence_search', product: 'confluence', description: 'Search with CQL or text', isDefault: true },
];
