/**
 * Arguments many tools share, explained once in the server's instructions instead of in every schema
 * that has them: tools/list leaves out a property's description when it is exactly the one given
 * here (the zod schemas, the server's checks and docs/tools.md keep it). Any other description of
 * the same name (e.g. "Space key, with title") is listed as usual. Only what a model can do without is
 * here, for clients that do not pass the instructions on: assignee, whose '' unassigns, keeps its text.
 */
export const WELL_KNOWN_ARGS: Readonly<Record<string, string>> = {
  issue_key: "Issue key, e.g. 'PROJ-123'",
  project_key: "Project key, e.g. 'PROJ'",
  page_id: "Page id, e.g. '98304'",
  space_key: "Space key, e.g. 'DOC'",
  service_desk_id: "Service desk id, e.g. '1'",
  board_id: 'Board id, e.g. 1',
  sprint_id: 'Sprint id, e.g. 42',
  content_format: "storage is Confluence XHTML, e.g. 'storage'",
  fields: "Field ids instead of the default row, e.g. 'summary,labels'; '*all' for all",
  user_identifier: "'me', accountId, username, email or name, e.g. 'alice@example.com'",
  cursor: 'Next page, from the last result',
};

/** A `limit` described as "<Things> to return" only, which its name, default and maximum already say. */
const PLAIN_LIMIT = /^[A-Z][a-z]+ to return$/;

export function isWellKnown(name: string, description: unknown): boolean {
  return WELL_KNOWN_ARGS[name] === description || (name === 'limit' && typeof description === 'string' && PLAIN_LIMIT.test(description));
}

/** The sentence of the server's instructions that stands for the descriptions left out. */
export const WELL_KNOWN_INSTRUCTIONS = 'Arguments listed without a description: issue_key is an issue key (PROJ-123), ' +
  'project_key a project key (PROJ), page_id a Confluence page id (98304), space_key a space key (DOC); ' +
  'service_desk_id, board_id and sprint_id are numeric ids; content_format is markdown or storage (Confluence XHTML); ' +
  "user_identifier is 'me', an account id, username, email or name; " +
  "fields are field ids instead of the default row ('*all' for all); " +
  'limit is how many items to return; cursor continues a list from its last result.';
