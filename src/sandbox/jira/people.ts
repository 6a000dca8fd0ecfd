import { USERS } from '../data/users.js';
import { int, one } from '../router.js';
import { NOT_FOUND, jiraError } from './site.js';

import type { SandboxUser } from '../data/users.js';
import type { Router } from '../router.js';
import type { JiraSite } from './site.js';

// Users (one by accountId/username, search, assignable search) and issue watchers.

export function peopleRoutes(site: JiraSite, router: Router): void {
  const { api } = site;
  const matches = (user: SandboxUser, text: string) => {
    const needle = text.toLowerCase();
    return !needle || [user.displayName, user.email, ...(site.cloud ? [] : [user.username])]
      .some((value) => value.toLowerCase().startsWith(needle) || value.toLowerCase().split(/[\s@.]/).some((word) => word.startsWith(needle)));
  };
  const json = (user: SandboxUser) => site.user(user.id)!;

  router.on('GET', `${api}/user`, ({ query }) => {
    const id = site.cloud ? one(query, 'accountId') : one(query, 'username') ?? one(query, 'key');
    if (!id) return jiraError(400, site.cloud ? 'The accountId query parameter needs to be provided.' : 'Either the username or the key query parameters need to be provided');
    const userId = site.userFrom(id);
    return userId ? { body: json(USERS.find((user) => user.id === userId)!) } : jiraError(404, site.cloud ? `Specified user does not exist or you do not have required permissions` : `The user named '${id}' does not exist`);
  });

  router.on('GET', `${api}/user/search`, ({ query }) => {
    const text = site.cloud ? one(query, 'query') : one(query, 'username');
    if (text === undefined) return jiraError(400, site.cloud ? 'One of the query parameters query, accountId or property is required.' : 'The username query parameter was not provided');
    const max = Math.min(int(query, 'maxResults', 50), 1000);
    return { body: USERS.filter((user) => matches(user, text)).slice(int(query, 'startAt', 0)).slice(0, max).map(json) };
  });

  router.on('GET', `${api}/user/assignable/search`, ({ query, userId }) => {
    const projectKey = one(query, 'project');
    const issueKey = one(query, 'issueKey');
    if (!projectKey && !issueKey) return jiraError(400, 'Either the project or the issueKey parameter must be provided.');
    const project = projectKey ? site.project(projectKey, userId) : undefined;
    const issue = issueKey ? site.findIssue(issueKey, userId) : undefined;
    if ((projectKey && !project) || (issueKey && !issue)) return jiraError(404, projectKey ? `No project could be found with key '${projectKey}'.` : NOT_FOUND);
    const text = (site.cloud ? one(query, 'query') : one(query, 'username')) ?? '';
    // Dan has no Jira licence in the sandbox, so he cannot be assigned.
    const users = USERS.filter((user) => user.id !== 'dan' && matches(user, text));
    return { body: users.slice(0, Math.min(int(query, 'maxResults', 50), 1000)).map(json) };
  });

  router.on('GET', `${api}/issue/{issueIdOrKey}/watchers`, ({ params, userId }) => {
    const issue = site.findIssue(params.issueIdOrKey!, userId);
    if (!issue) return jiraError(404, NOT_FOUND);
    return {
      body: {
        self: `${site.siteUrl}${api}/issue/${issue.key}/watchers`, isWatching: issue.watchers.includes(userId),
        watchCount: issue.watchers.length, watchers: issue.watchers.map((id) => site.user(id)),
      },
    };
  });

  router.on('POST', `${api}/issue/{issueIdOrKey}/watchers`, ({ params, body, userId }) => {
    const issue = site.findIssue(params.issueIdOrKey!, userId);
    if (!issue) return jiraError(404, NOT_FOUND);
    const watcher = typeof body === 'string' ? site.userFrom(body) : body === undefined ? userId : undefined;
    if (!watcher) return jiraError(400, `The user '${String(body)}' does not exist.`);
    if (!issue.watchers.includes(watcher)) issue.watchers.push(watcher);
    return { status: 204 };
  });

  router.on('DELETE', `${api}/issue/{issueIdOrKey}/watchers`, ({ params, query, userId }) => {
    const issue = site.findIssue(params.issueIdOrKey!, userId);
    if (!issue) return jiraError(404, NOT_FOUND);
    const ref = site.cloud ? one(query, 'accountId') : one(query, 'username');
    if (!ref) return jiraError(400, site.cloud ? 'accountId is required.' : 'username is required.');
    const watcher = site.userFrom(ref);
    if (!watcher) return jiraError(400, `The user '${ref}' does not exist.`);
    issue.watchers = issue.watchers.filter((id) => id !== watcher);
    return { status: 204 };
  });
}
