// One example call per Jira tool, against the sandbox seed data. Calls run in registry order in one
// sandbox, so a destructive call must target something no later call needs.
export const JIRA_DEMO_CALLS: Record<string, Record<string, unknown>> = {
  jira_search: { jql: 'project = DEMO AND status = "In Progress" ORDER BY key ASC', limit: 5 },
  jira_get_issue: { issue_key: 'DEMO-2', include: ['transitions', 'links', 'attachments'] },
  jira_get_project_issues: { project_key: 'OPS', limit: 5 },
  jira_get_changelog: { issue_key: 'DEMO-2' },
  jira_search_fields: { keyword: 'story points' },
  jira_get_field_options: { field_id: 'Severity' },
  jira_get_create_fields: { project_key: 'DEMO', issue_type: 'Bug' },
  jira_get_priorities: { project_key: 'DEMO' },
  jira_get_statuses: { project_key: 'DEMO' },
  jira_get_all_projects: {},
  jira_get_project_issue_types: { project_key: 'DEMO' },
  jira_get_project_components: { project_key: 'DEMO' },
  jira_get_project_versions: { project_key: 'DEMO' },
  jira_create_version: { project_key: 'DEMO', name: '2.5', release_date: '2027-01-31' },
};
