import type { Toolset } from '../mcp/toolsets.js';

// The default selection stays small: issues, comments, transitions and field metadata.
export const JIRA_TOOLSETS: readonly Toolset[] = [
  { id: 'jira_issues', product: 'jira', description: 'Search, read, create, update and delete issues', isDefault: true },
  { id: 'jira_comments', product: 'jira', description: 'Read and write issue comments', isDefault: true },
  { id: 'jira_transitions', product: 'jira', description: 'Move issues through their workflow (jira_get_issue lists the transitions)', isDefault: true },
  { id: 'jira_fields', product: 'jira', description: 'Fields, options, create screens, priorities, statuses', isDefault: false },
  { id: 'jira_projects', product: 'jira', description: 'Projects, issue types, components, versions', isDefault: false },
  { id: 'jira_agile', product: 'jira', description: 'Boards, sprints, epics', isDefault: false },
  { id: 'jira_links', product: 'jira', description: 'Issue links and remote links (jira_get_issue lists both)', isDefault: false },
  { id: 'jira_worklog', product: 'jira', description: 'Time tracking worklogs', isDefault: false },
  { id: 'jira_attachments', product: 'jira', description: 'Download, upload and delete attachments (jira_get_issue lists them)', isDefault: false },
  { id: 'jira_users', product: 'jira', description: 'User profiles and user search', isDefault: false },
  { id: 'jira_watchers', product: 'jira', description: 'Add and remove issue watchers (jira_get_issue lists them)', isDefault: false },
  { id: 'jira_service_desk', product: 'jira', description: 'Service desks, queues, request types, customer requests, SLAs', isDefault: false },
];
