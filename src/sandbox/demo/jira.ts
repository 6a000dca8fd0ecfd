// One example call per Jira tool, against the sandbox seed data. Calls run in registry order in one
// sandbox, so a destructive call must target something no later call needs.
export const JIRA_DEMO_CALLS: Record<string, Record<string, unknown>> = {
  jira_search: { jql: 'project = DEMO AND status = "In Progress" ORDER BY key ASC', limit: 5 },
  jira_get_issue: { issue_key: 'DEMO-2' },
};
