import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { pageSummary } from '../../mcp/result.js';
import { userRow } from '../render.js';
import { userHandle } from '../users.js';
import { issueKeyArg, jira, projectKeyArg, writeOutput, writeText } from './common.js';

import type { JiraUser } from '../users.js';

// People: profiles, user search, who can be assigned, and issue watchers.

export const userIdentifierArg = z.string().min(1)
  .describe('\'me\', accountId, username, email or name, e.g. \'alice@example.com\'');

const userShape = z.object({ name: z.string(), id: z.string(), email: z.string().optional() });
const userData = (user: JiraUser) => ({ name: user.displayName ?? userHandle(user), id: userHandle(user), ...(user.emailAddress ? { email: user.emailAddress } : {}) });

function userList(users: JiraUser[], noun = 'user') {
  return { text: [...users.map(userRow), pageSummary(users.length, noun, undefined)].join('\n'), data: { users: users.map(userData), returned: users.length } };
}

export const jiraGetUserProfile = defineTool({
  name: 'jira_get_user_profile',
  title: 'Get a Jira user',
  description: 'A user\'s profile: name, email, account id or username, time zone, active.',
  product: 'jira',
  toolset: 'jira_users',
  kind: 'read',
  input: { user_identifier: userIdentifierArg },
  output: { name: z.string(), id: z.string(), email: z.string().optional(), active: z.boolean().optional(), time_zone: z.string().optional() },
  async handler({ user_identifier }, context) {
    const user = await jira(context).users.profile(user_identifier, context.signal);
    const data = { ...userData(user), ...(user.active !== undefined ? { active: user.active } : {}), ...(user.timeZone ? { time_zone: user.timeZone } : {}) };
    const text = [`${data.name}`, `id: ${data.id}`, data.email ? `email: ${data.email}` : '', data.time_zone ? `time zone: ${data.time_zone}` : '',
      user.active === false ? 'inactive' : ''].filter(Boolean).join('\n');
    return { text, data };
  },
});

export const jiraSearchUsers = defineTool({
  name: 'jira_search_users',
  title: 'Search Jira users',
  description: 'Users whose name or email matches, with account id (Cloud) or username (Server/DC).',
  product: 'jira',
  toolset: 'jira_users',
  kind: 'read',
  input: {
    query: z.string().min(1).describe('Start of a name, email or username, e.g. \'ali\''),
    limit: z.number().int().min(1).max(100).default(20).describe('Users to return'),
  },
  output: { users: z.array(userShape), returned: z.number() },
  async handler({ query, limit }, context) {
    return userList(await jira(context).users.search(query, limit, context.signal));
  },
});

export const jiraSearchAssignableUsers = defineTool({
  name: 'jira_search_assignable_users',
  title: 'Search assignable users',
  description: 'Users who can be assigned an issue, or issues of a project.',
  product: 'jira',
  toolset: 'jira_users',
  kind: 'read',
  input: {
    project_key: projectKeyArg.optional(),
    issue_key: issueKeyArg.optional(),
    query: z.string().optional().describe('Start of a name, email or username, e.g. \'bo\''),
    limit: z.number().int().min(1).max(100).default(20).describe('Users to return'),
  },
  output: { users: z.array(userShape), returned: z.number() },
  async handler({ project_key, issue_key, query, limit }, context) {
    const client = jira(context);
    if (!project_key && !issue_key) throw new ToolInputError('Give project_key or issue_key: assignable users depend on the project.');
    if (project_key) client.assertProjectAllowed(project_key);
    const issueKey = issue_key ? await client.allowedKey(issue_key, context.signal) : undefined;
    const users = await client.users.assignable({ query, project: project_key?.toUpperCase(), issueKey, limit, signal: context.signal });
    return userList(users);
  },
});

async function watcherCall(method: 'POST' | 'DELETE', issueKey: string, identifier: string, context: Parameters<typeof jira>[0]) {
  const client = jira(context);
  const issue = await client.requireIssue(issueKey.toUpperCase(), context.signal);
  const user = await client.users.profile(identifier, context.signal);
  const handle = userHandle(user);
  const path = `${client.api}/issue/${encodeURIComponent(issue.key)}/watchers`;
  // Adding takes the user as a JSON string body; removing takes it as a query parameter.
  await client.send(method === 'POST'
    ? { method, path, json: handle, subject: `issue ${issue.key}`, signal: context.signal }
    : { method, path, searchParams: client.cloud ? { accountId: handle } : { username: handle }, subject: `issue ${issue.key}`, signal: context.signal });
  const url = client.browseUrl(issue.key);
  const changed = [`${method === 'POST' ? 'added' : 'removed'} watcher ${user.displayName ?? handle}`];
  return { text: writeText(`${method === 'POST' ? 'Added' : 'Removed'} ${user.displayName ?? handle} ${method === 'POST' ? 'to' : 'from'} the watchers of ${issue.key}.`, url, changed), data: { key: issue.key, id: issue.id, url, changed } };
}

export const jiraAddWatcher = defineTool({
  name: 'jira_add_watcher',
  title: 'Add a watcher',
  description: 'Make a user (or \'me\') watch an issue.',
  product: 'jira',
  toolset: 'jira_watchers',
  kind: 'write',
  input: { issue_key: issueKeyArg, user_identifier: userIdentifierArg },
  output: writeOutput,
  handler: ({ issue_key, user_identifier }, context) => watcherCall('POST', issue_key, user_identifier, context),
});

export const jiraRemoveWatcher = defineTool({
  name: 'jira_remove_watcher',
  title: 'Remove a watcher',
  description: 'Stop a user (or \'me\') watching an issue.',
  product: 'jira',
  toolset: 'jira_watchers',
  kind: 'destructive',
  input: { issue_key: issueKeyArg, user_identifier: userIdentifierArg },
  output: writeOutput,
  handler: ({ issue_key, user_identifier }, context) => watcherCall('DELETE', issue_key, user_identifier, context),
});
