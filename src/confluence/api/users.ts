import { Parser } from 'htmlparser2';

import { UpstreamError } from '../../atlassian/errors.js';
import { quote } from '../../atlassian/query.js';
import { V1 } from '../paths.js';
import { userSearchPage, v1List, v1User } from '../schemas.js';

import type { UserRef } from '../../convert/storage/index.js';
import type { ConfluenceClient } from '../client.js';
import type { User } from '../types.js';

// People: searching for them, and the display names of users mentioned in a page, so Markdown shows
// "@Alice Nguyen" rather than an account id. Cloud resolves account ids in one bulk request; Server/DC
// looks each user key or username up (cached, and capped per page).

/** Server/DC has no user search in its public API: members of a group are scanned, at most this many. */
const MAX_SCANNED_MEMBERS = 1000;
/** Server/DC looks users up one by one: at most this many new ones per page read. */
const MAX_LOOKUPS = 20;

export type NameLookup = (user: UserRef) => string | undefined;

/** The users a storage body mentions (`<ri:user …/>`), by attribute. */
export function mentionedUsers(storages: string[]): UserRef[] {
  const found = new Map<string, UserRef>();
  for (const storage of storages) {
    const parser = new Parser({
      onopentag: (name, attributes) => {
        if (name !== 'ri:user') return;
        for (const attribute of ['ri:account-id', 'ri:userkey', 'ri:username'] as const) {
          const value = attributes[attribute];
          if (value) {
            found.set(`${attribute}=${value}`, { attribute, value });
            break;
          }
        }
      },
    }, { xmlMode: true, recognizeCDATA: true });
    parser.write(storage);
    parser.end();
  }
  return [...found.values()];
}

export class UsersApi {
  readonly #client: ConfluenceClient;
  /** Server/DC: `ri:userkey=…` / `ri:username=…` -> display name (undefined when the lookup failed). */
  readonly #dcNames = new Map<string, string | undefined>();

  constructor(client: ConfluenceClient) {
    this.#client = client;
  }

  /** A lookup of display names for the users mentioned in these bodies; unknown ones stay as they are. */
  async mentionNames(storages: string[], signal?: AbortSignal): Promise<NameLookup> {
    const refs = mentionedUsers(storages);
    if (this.#client.cloud) {
      const ids = refs.filter((ref) => ref.attribute === 'ri:account-id').map((ref) => ref.value);
      const names = ids.length ? await this.#client.displayNames(ids, signal) : new Map<string, string>();
      return (user) => (user.attribute === 'ri:account-id' ? names.get(user.value) : undefined);
    }
    const unknown = refs.filter((ref) => ref.attribute !== 'ri:account-id' && !this.#dcNames.has(`${ref.attribute}=${ref.value}`)).slice(0, MAX_LOOKUPS);
    await Promise.all(unknown.map(async (ref) => {
      const param = ref.attribute === 'ri:userkey' ? { key: ref.value } : { username: ref.value };
      try {
        const user = v1User.parse(await this.#client.request({ path: `${V1}/user`, searchParams: param, subject: `user ${ref.value}`, signal }));
        this.#dcNames.set(`${ref.attribute}=${ref.value}`, user.displayName ?? undefined);
      } catch (error) {
        // A deleted or hidden user keeps its raw reference in the Markdown; anything else is a real failure.
        if (!(error instanceof UpstreamError && (error.status === 404 || error.status === 403))) throw error;
        this.#dcNames.set(`${ref.attribute}=${ref.value}`, undefined);
      }
    }));
    return (user) => this.#dcNames.get(`${user.attribute}=${user.value}`);
  }

  /** People whose name matches: Cloud's CQL user search; on Server/DC, the members of `group`. */
  async search(query: string, limit: number, group: string, signal?: AbortSignal): Promise<User[]> {
    if (this.#client.cloud) {
      const page = userSearchPage.parse(await this.#client.request({
        path: `${V1}/search/user`, searchParams: { cql: `user.fullname ~ ${quote(query)}`, limit }, subject: 'the user search', signal,
      }));
      return page.results.flatMap(({ user }) => (user?.accountId ? [{ accountId: user.accountId, displayName: user.displayName ?? user.accountId, email: user.email ?? undefined }] : []));
    }
    const wanted = query.toLowerCase();
    const found: User[] = [];
    for (let start = 0; start < MAX_SCANNED_MEMBERS && found.length < limit;) {
      const page = v1List(v1User).parse(await this.#client.request({
        path: `${V1}/group/${encodeURIComponent(group)}/member`, searchParams: { start, limit: 200 }, subject: `group ${group}`, signal,
      }));
      for (const user of page.results) {
        const name = user.displayName ?? '';
        if (name.toLowerCase().includes(wanted) || (user.username ?? '').toLowerCase().includes(wanted)) {
          found.push({ username: user.username ?? undefined, displayName: name || (user.username ?? ''), email: user.email ?? undefined });
        }
      }
      if (!page._links.next || page.results.length === 0) break;
      start += page.results.length;
    }
    return found.slice(0, limit);
  }
}
