// How atlassian-mcp covers each of the 98 tools of the most used Python server (mcp-atlassian,
// src/mcp_atlassian/servers/{jira,confluence}.py, Aug 2026): by a tool of the same purpose, or by an
// argument of one. `ours: null` says what is not covered and why. tests/unit/operations.test.ts checks
// that every tool and argument named here exists; the bench report counts them.

export interface Coverage {
  python: string;
  ours: string | null;
  /** The argument that selects the operation, when it is a variant of a tool. */
  arg?: string;
  why?: string;
}

const same = (names: string[]): Coverage[] => names.map((name) => ({ python: name, ours: name }));

export const PYTHON_OPERATIONS: readonly Coverage[] = [
  ...same(['jira_get_user_profile', 'jira_search_assignable_users', 'jira_add_watcher', 'jira_remove_watcher',
    'jira_get_issue', 'jira_search', 'jira_search_fields', 'jira_get_field_options', 'jira_get_project_issues',
    'jira_get_worklog', 'jira_get_agile_boards', 'jira_get_board_issues', 'jira_get_sprints_from_board', 'jira_get_sprint_issues',
    'jira_get_link_types', 'jira_create_issue', 'jira_batch_create_issues', 'jira_update_issue', 'jira_assign_issue', 'jira_delete_issue',
    'jira_add_comment', 'jira_edit_comment', 'jira_add_worklog', 'jira_link_to_epic', 'jira_create_issue_link',
    'jira_create_remote_issue_link', 'jira_remove_issue_link', 'jira_transition_issue', 'jira_create_sprint', 'jira_update_sprint',
    'jira_add_issues_to_sprint', 'jira_move_issues_to_backlog', 'jira_get_project_issue_types', 'jira_get_create_fields',
    'jira_get_project_versions', 'jira_get_project_components', 'jira_get_all_projects', 'jira_create_version', 'jira_update_version',
    'jira_get_request_types', 'jira_get_request_type_fields', 'jira_create_customer_request', 'jira_get_queue_issues',
    'jira_get_service_desk_queues', 'jira_get_project_epic_hierarchy', 'jira_get_cross_project_dependencies']),
  { python: 'jira_get_issue_watchers', ours: 'jira_get_issue', arg: 'include' },
  { python: 'jira_get_transitions', ours: 'jira_get_issue', arg: 'include' },
  { python: 'jira_download_attachments', ours: 'jira_download_attachment', arg: 'issue_key' },
  { python: 'jira_get_issue_images', ours: 'jira_download_attachment', arg: 'images_only' },
  { python: 'jira_batch_get_changelogs', ours: 'jira_get_changelog', arg: 'issue_key' },
  { python: 'jira_get_issue_dates', ours: 'jira_get_changelog', arg: 'dates' },
  { python: 'jira_search_projects', ours: 'jira_get_all_projects', arg: 'query' },
  { python: 'jira_get_project_fields', ours: 'jira_get_create_fields', arg: 'project_key' },
  { python: 'jira_batch_create_versions', ours: 'jira_create_version', arg: 'more_names' },
  { python: 'jira_get_service_desk_for_project', ours: 'jira_get_service_desks', arg: 'project_key' },
  { python: 'jira_get_issue_sla', ours: 'jira_get_request_sla' },
  { python: 'jira_move_issue', ours: null, why: 'Cloud-only asynchronous bulk move; not built yet' },
  { python: 'jira_get_issue_proforma_forms', ours: null, why: 'Forms live on api.atlassian.com, another origin than the configured site; credentials are never sent elsewhere' },
  { python: 'jira_get_proforma_form_details', ours: null, why: 'as above' },
  { python: 'jira_update_proforma_form_answers', ours: null, why: 'as above' },
  { python: 'jira_get_issue_development_info', ours: null, why: 'dev-status is an undocumented internal API, absent from the official specs the contract tests check' },
  { python: 'jira_get_issues_development_info', ours: null, why: 'as above' },
  ...same(['confluence_search', 'confluence_get_page', 'confluence_get_page_children', 'confluence_get_space_page_tree', 'confluence_get_comments',
    'confluence_get_labels', 'confluence_add_label', 'confluence_create_page', 'confluence_update_page', 'confluence_update_page_section',
    'confluence_delete_page', 'confluence_move_page', 'confluence_add_comment', 'confluence_reply_to_comment', 'confluence_add_inline_comment',
    'confluence_search_user', 'confluence_get_page_history', 'confluence_get_page_diff', 'confluence_get_page_views',
    'confluence_upload_attachment', 'confluence_get_attachments', 'confluence_download_attachment', 'confluence_delete_attachment',
    'confluence_get_page_restrictions', 'confluence_set_page_restrictions', 'confluence_copy_page', 'confluence_get_space_permissions']),
  { python: 'confluence_get_inline_comments', ours: 'confluence_get_comments', arg: 'location' },
  { python: 'confluence_upload_attachments', ours: 'confluence_upload_attachment', arg: 'file_paths' },
  { python: 'confluence_download_content_attachments', ours: 'confluence_download_attachment', arg: 'page_id' },
  { python: 'confluence_get_page_images', ours: 'confluence_download_attachment', arg: 'images_only' },
  { python: 'confluence_list_page_templates', ours: 'confluence_get_templates' },
  { python: 'confluence_get_page_template', ours: 'confluence_get_templates', arg: 'template_id' },
  { python: 'confluence_create_page_from_template', ours: 'confluence_create_page', arg: 'template_id' },
  { python: 'confluence_check_content_permissions', ours: 'confluence_get_page_restrictions', arg: 'check_user' },
];
