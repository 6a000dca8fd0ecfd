import { z } from 'zod';

import { commentPage, remoteLink, transition, watchers, worklogPage } from './schemas.js';

import type { JiraClient } from '../client.js';

// Reads of an issue's parts that have their own endpoints: comments, worklogs, remote links,
// watchers and transitions. Callers check JIRA_PROJECTS_FILTER by key before calling.

const path = (client: JiraClient, key: string, part: string) => `${client.api}/issue/${encodeURIComponent(key)}/${part}`;

export function listComments(client: JiraClient, key: string, options: { startAt: number; maxResults: number; newestFirst?: boolean; signal?: AbortSignal }) {
  return client.call(commentPage, {
    path: path(client, key, 'comment'),
    searchParams: { startAt: options.startAt, maxResults: options.maxResults, orderBy: options.newestFirst ? '-created' : 'created' },
    subject: `issue ${key}`, signal: options.signal,
  });
}

/** Worklogs, oldest first. Server/DC answers with all of them at once; Cloud pages. */
export function listWorklogs(client: JiraClient, key: string, options: { startAt: number; maxResults: number; signal?: AbortSignal }) {
  return client.call(worklogPage, {
    path: path(client, key, 'worklog'),
    searchParams: client.cloud ? { startAt: options.startAt, maxResults: options.maxResults } : undefined,
    subject: `issue ${key}`, signal: options.signal,
  });
}

export function listRemoteLinks(client: JiraClient, key: string, signal?: AbortSignal) {
  return client.call(z.array(remoteLink), { path: path(client, key, 'remotelink'), subject: `issue ${key}`, signal });
}

export function listWatchers(client: JiraClient, key: string, signal?: AbortSignal) {
  return client.call(watchers, { path: path(client, key, 'watchers'), subject: `issue ${key}`, signal });
}

/** Transitions available now; on Cloud with the fields each one's screen asks for. */
export async function listTransitions(client: JiraClient, key: string, signal?: AbortSignal) {
  const page = await client.call(z.object({ transitions: z.array(transition) }), {
    path: path(client, key, 'transitions'),
    // Server/DC's documented API has no expand here; Cloud's does.
    searchParams: client.cloud ? { expand: 'transitions.fields' } : undefined,
    subject: `issue ${key}`, signal,
  });
  return page.transitions;
}
