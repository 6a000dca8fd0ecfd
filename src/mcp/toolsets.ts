import type { Product } from '../config/index.js';

/** A named group of tools, chosen as a whole with TOOLSETS. Data, fixed at startup. */
export interface Toolset {
  readonly id: string;
  readonly product: Product;
  readonly description: string;
  /** Part of the small default selection. */
  readonly isDefault: boolean;
}

export const TOOLSETS: readonly Toolset[] = [
  { id: 'jira_issues', product: 'jira', description: 'Search and read Jira issues', isDefault: true },
  { id: 'confluence_pages', product: 'confluence', description: 'Read Confluence pages', isDefault: true },
  { id: 'confluence_search', product: 'confluence', description: 'Search Confluence with CQL or text', isDefault: true },
];

export type ToolsetId = (typeof TOOLSETS)[number]['id'];
