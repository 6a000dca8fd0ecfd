// One example call per Confluence tool, against the sandbox seed data. Calls run in registry order in
// one sandbox, so a destructive call must target something no later call needs.
export const CONFLUENCE_DEMO_CALLS: Record<string, Record<string, unknown>> = {
  confluence_search: { query: 'incident runbook', limit: 5 },
  confluence_get_page: { page_id: '98304' },
};
