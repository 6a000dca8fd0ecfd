import type { Toolset } from '../mcp/toolsets.js';

export const CONFLUENCE_TOOLSETS: readonly Toolset[] = [
  { id: 'confluence_pages', product: 'confluence', description: 'Read, create, edit, move, copy and delete pages; the page tree', isDefault: true },
  { id: 'confluence_search', product: 'confluence', description: 'Search with CQL or text; find people', isDefault: true },
  { id: 'confluence_comments', product: 'confluence', description: 'Footer and inline comments, replies', isDefault: false },
  { id: 'confluence_history', product: 'confluence', description: 'Page versions and diffs between them', isDefault: false },
  { id: 'confluence_labels', product: 'confluence', description: 'Page labels; find pages by label', isDefault: false },
  { id: 'confluence_attachments', product: 'confluence', description: 'List, download, upload and delete attachments', isDefault: false },
  { id: 'confluence_spaces', product: 'confluence', description: 'List spaces and read one', isDefault: false },
  { id: 'confluence_templates', product: 'confluence', description: 'Page templates (Cloud)', isDefault: false },
  { id: 'confluence_analytics', product: 'confluence', description: 'Page view counts (Cloud)', isDefault: false },
  { id: 'confluence_permissions', product: 'confluence', description: 'Page restrictions and space permissions', isDefault: false },
];
