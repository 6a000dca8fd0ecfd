import type { Toolset } from '../mcp/toolsets.js';

export const JIRA_TOOLSETS: readonly Toolset[] = [
  { id: 'jira_issues', product: 'jira', description: 'Search and read issues', isDefault: true },
];
