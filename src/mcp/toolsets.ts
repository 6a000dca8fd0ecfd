import { CONFLUENCE_TOOLSETS } from '../confluence/toolsets.js';
import { JIRA_TOOLSETS } from '../jira/toolsets.js';

import type { Product } from '../config/index.js';

/** A named group of tools, chosen as a whole with TOOLSETS. Data, fixed at startup. */
export interface Toolset {
  readonly id: string;
  readonly product: Product;
  readonly description: string;
  /** Holds tools of the default selection (DEFAULT_TOOLS); tests/unit/registry.test.ts keeps the two in step. */
  readonly isDefault: boolean;
}

export const TOOLSETS: readonly Toolset[] = [...JIRA_TOOLSETS, ...CONFLUENCE_TOOLSETS];

/**
 * The default selection (TOOLSETS unset or "default"): what most sessions need, picked tool by tool
 * because every listed tool costs context in every session. Never a destructive tool. A toolset named
 * in TOOLSETS brings all of its tools.
 */
export const DEFAULT_TOOLS: readonly string[] = [
  'jira_search', 'jira_get_issue', 'jira_create_issue', 'jira_update_issue', 'jira_add_comment', 'jira_transition_issue',
  'confluence_search', 'confluence_get_page', 'confluence_update_page',
];
