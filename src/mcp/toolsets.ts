import { CONFLUENCE_TOOLSETS } from '../confluence/toolsets.js';
import { JIRA_TOOLSETS } from '../jira/toolsets.js';

import type { Product } from '../config/index.js';

/** A named group of tools, chosen as a whole with TOOLSETS. Data, fixed at startup. */
export interface Toolset {
  readonly id: string;
  readonly product: Product;
  readonly description: string;
  /** Part of the small default selection (destructive tools excepted). */
  readonly isDefault: boolean;
}

export const TOOLSETS: readonly Toolset[] = [...JIRA_TOOLSETS, ...CONFLUENCE_TOOLSETS];
