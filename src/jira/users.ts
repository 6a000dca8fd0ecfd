import { z } from 'zod';

import { UpstreamError } from '../atlassian/errors.js';
import { ToolInputError } from '../mcp/errors.js';

import type { JiraClient } from './client.js';

// People, both flavors: Cloud names a user by accountId (emails are often hidden), Server/DC by
// username. Tools accept whatever the caller knows — "me", an accountId, an email, a username or a
// display name — and this turns it into the reference the flavor needs, or says who matched.

export const jiraUser = z.object({
  accountId: z.string().optional(),
  name: z.string().optional(),
  key: z.string().optional(),
  displayName: z.string().optional(),
  emailAddress: z.string().optional(),
  active: z.boolean().optional(),
  timeZone: z.string().optional(),
  accountType: z.string().optional(),
});
export type JiraUser = z.infer<typeof jiraUser>;

/** How a write names a user: `{accountId}` on Cloud, `{name}` on Server/DC. */
export type UserRef = { accountId: string } | { name: string };

const ACCOUNT_ID = /^([0-9a-f]{24}|\d+:[0-9a-f-]{36}|[a-z0-9-]+:[0-9a-f-]{36})$/i;

/** The handle a flavor knows the user by. */
export function userHandle(user: JiraUser): string {
  return user.accountId ?? user.name ?? user.key ?? '';
}

/** "Alice Nguyen (alice@example.com, 5f8a…)": who it is and how to name them in other calls. */
export function userLine(user: JiraUser): string {
  const details = [user.emailAddress, userHandle(user), user.active === false ? 'inactive' : ''].filter(Boolean);
  return `${user.displayName ?? userHandle(user)}${details.length ? ` (${details.join(', ')})` : ''}`;
}

export class JiraUsers {
  readonly #client: JiraClient;
  #me?: Promise<JiraUser>;

  constructor(client: JiraClient) {
    this.#client = client;
  }

  me(signal?: AbortSignal): Promise<JiraUser> {
    this.#me ??= this.#client.call(jiraUser, { path: `${this.#client.api}/myself`, subject: 'the current user', signal });
    this.#me.catch(() => { this.#me = undefined; });
    return this.#me;
  }

  /** Users matching a name, email or username (Cloud: `query`; Server/DC: `username`, which matches all three). */
  search(query: string, limit: number, signal?: AbortSignal): Promise<JiraUser[]> {
    const client = this.#client;
    return client.call(z.array(jiraUser), {
      path: `${client.api}/user/search`,
      searchParams: client.cloud ? { query, maxResults: limit } : { username: query, maxResults: limit },
      subject: `users matching '${query}'`, signal,
    });
  }

  /** Users who can be assigned issues of a project or one issue. */
  assignable(options: { query?: string; project?: string; issueKey?: string; limit: number; signal?: AbortSignal }): Promise<JiraUser[]> {
    const client = this.#client;
    const who = options.query ?? '';
    return client.call(z.array(jiraUser), {
      path: `${client.api}/user/assignable/search`,
      searchParams: {
        ...(client.cloud ? { query: who } : { username: who }),
        project: options.project, issueKey: options.issueKey, maxResults: options.limit,
      },
      subject: options.issueKey ? `issue ${options.issueKey}` : `project ${options.project}`, signal: options.signal,
    });
  }

  /** One user's profile from any identifier. */
  async profile(identifier: string, signal?: AbortSignal): Promise<JiraUser> {
    const client = this.#client;
    const id = identifier.trim();
    if (['me', 'currentuser()', 'myself'].includes(id.toLowerCase())) return this.me(signal);
    if (client.cloud && ACCOUNT_ID.test(id)) {
      return client.call(jiraUser, { path: `${client.api}/user`, searchParams: { accountId: id }, subject: `user ${id}`, signal });
    }
    if (!client.cloud && !/[@\s]/.test(id)) {
      // Not a username? Then maybe part of a name: search, which also explains ambiguity.
      try {
        return await client.call(jiraUser, { path: `${client.api}/user`, searchParams: { username: id }, subject: `user ${id}`, signal });
      } catch (error) {
        if (!(error instanceof UpstreamError && error.status === 404)) throw error;
      }
    }
    return this.#unique(id, signal);
  }

  /** The reference a write needs for this identifier ('me', accountId, email, username, display name). */
  async ref(identifier: string, signal?: AbortSignal): Promise<UserRef> {
    const client = this.#client;
    const id = identifier.trim();
    if (client.cloud && ACCOUNT_ID.test(id)) return { accountId: id };
    if (!client.cloud && !/[@\s]/.test(id) && id.toLowerCase() !== 'me') return { name: id };
    const user = await this.profile(id, signal);
    return client.cloud ? { accountId: user.accountId ?? '' } : { name: user.name ?? '' };
  }

  async #unique(identifier: string, signal?: AbortSignal): Promise<JiraUser> {
    const found = await this.search(identifier, 20, signal);
    const lower = identifier.toLowerCase();
    const exact = found.filter((user) => user.emailAddress?.toLowerCase() === lower || user.displayName?.toLowerCase() === lower ||
      user.name?.toLowerCase() === lower);
    const pick = exact.length === 1 ? exact : found.length === 1 ? found : exact.length ? exact : found;
    if (pick.length === 1) return pick[0]!;
    if (pick.length === 0) {
      throw new ToolInputError(`No Jira user matches '${identifier}'. Search with jira_search_users, or give the ${this.#client.cloud ? 'accountId' : 'username'}.`);
    }
    throw new ToolInputError(`'${identifier}' matches several users: ${pick.slice(0, 5).map(userLine).join('; ')}. ` +
      `Give the ${this.#client.cloud ? 'accountId' : 'username'} instead.`);
  }
}
