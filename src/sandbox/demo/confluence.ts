// One example call per Confluence tool, against the sandbox seed data. Calls run in registry order in
// one sandbox, so a destructive call must target something no later call needs: the postmortem page
// (98308) and the checklist attachment (att229378) are used by nothing after their deletion.
export const CONFLUENCE_DEMO_CALLS: Record<string, Record<string, unknown>> = {
  confluence_search: { query: 'incident runbook', limit: 5 },
  confluence_search_user: { query: 'okafor' },
  confluence_get_page: { page_id: '98304' },
  confluence_get_page_children: { parent_id: '98301' },
  confluence_get_page_ancestors: { page_id: '98304' },
  confluence_get_space_page_tree: { space_key: 'DOC', depth: 3 },
  confluence_move_page: { page_id: '98402', target_parent_id: '98303' },
  confluence_copy_page: { source_page_id: '98305', destination_parent_id: '98303', new_title: 'Release Notes 2.4 (archive)' },
  confluence_delete_page: { page_id: '98308' },
  confluence_get_comments: { page_id: '98304' },
  confluence_get_page_history: { page_id: '98302', limit: 5 },
  confluence_get_page_version: { page_id: '98302', version: 6 },
  confluence_get_labels: { page_id: '98302' },
  confluence_add_label: { page_id: '98302', name: 'platform' },
  confluence_remove_label: { page_id: '98302', name: 'reviewed' },
  confluence_find_pages_by_label: { label: 'oncall' },
  confluence_get_attachments: { content_id: '98305' },
  confluence_download_attachment: { attachment_id: 'att229377' },
  confluence_upload_attachment: { content_id: '98305', filename: 'retro.txt', file_data: Buffer.from('Release 2.4 retro: ship smaller.\n').toString('base64'), comment: 'Retro notes' },
  confluence_delete_attachment: { attachment_id: 'att229378' },
  confluence_list_spaces: {},
  confluence_get_space: { space_key: 'OPS' },
};
