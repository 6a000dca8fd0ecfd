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
  confluence_create_page: {
    space_key: 'DOC', parent_id: '98303', title: 'Database Failover',
    content: '## When to fail over\n\nWhen the primary is down for more than **5 minutes**.\n\n```bash\npg_ctl promote -D /var/lib/postgresql/data\n```\n\n' +
      '> [!WARNING]\n> Tell #inc-bridge first.\n\n- [ ] Promote the replica\n- [ ] Update the DNS record\n',
  },
  confluence_update_page: {
    page_id: '98402', version: 1, version_comment: 'Name the rotation owners',
    content: 'Primary and secondary per week; **Dan Moreau** owns the schedule.\n\n| Week | Primary | Secondary |\n|---|---|---|\n| 47 | Dan | Bob |\n',
  },
  confluence_update_page_section: {
    page_id: '98306', version: 12, heading: 'Resource 3: /v1/items-3', version_comment: 'Document the rate limit',
    content: 'Returns the items of collection 3. At most **10 requests per second**; paginated with `cursor`.',
  },
  confluence_move_page: { page_id: '98402', target_parent_id: '98303' },
  confluence_copy_page: { source_page_id: '98305', destination_parent_id: '98303', new_title: 'Release Notes 2.4 (archive)' },
  confluence_delete_page: { page_id: '98308' },
  confluence_get_comments: { page_id: '98304' },
  confluence_add_comment: { page_id: '98304', body: 'Rollback verified on **staging** today.' },
  confluence_reply_to_comment: { comment_id: '196609', body: 'Done: the checklist names #inc-bridge now.' },
  confluence_add_inline_comment: { page_id: '98302', body: 'Which gateway version?', text_selection: 'one gateway' },
  confluence_get_page_history: { page_id: '98302', limit: 5 },
  confluence_get_page_version: { page_id: '98302', version: 6 },
  confluence_get_page_diff: { page_id: '98302', from_version: 6, to_version: 7 },
  confluence_get_labels: { page_id: '98302' },
  confluence_add_label: { page_id: '98302', name: 'platform' },
  confluence_remove_label: { page_id: '98302', name: 'reviewed' },
  confluence_find_pages_by_label: { label: 'oncall' },
  confluence_get_attachments: { content_id: '98305' },
  confluence_download_attachment: { attachment_id: 'att229377' },
  confluence_upload_attachment: { content_id: '98305', filename: 'retro.txt', content_base64: Buffer.from('Release 2.4 retro: ship smaller.\n').toString('base64'), comment: 'Retro notes' },
  confluence_delete_attachment: { attachment_id: 'att229378' },
  confluence_list_spaces: {},
  confluence_get_space: { space_key: 'OPS' },
  confluence_get_templates: { space_key: 'DOC' },
  confluence_get_page_views: { page_id: '98302', from_date: '2026-10-10' },
  confluence_get_page_restrictions: { page_id: '98302' },
  confluence_get_space_permissions: { space_key: 'DOC' },
  confluence_set_page_restrictions: { page_id: '98402', edit: ['group:confluence-administrators'] },
};
