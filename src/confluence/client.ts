import { z } from 'zod';

import { quote, scopeQuery } from '../atlassian/query.js';
import { ToolInputError } from '../mcp/errors.js';
import { AttachmentsApi } from './api/attachments.js';
import { CommentsApi } from './api/comments.js';
import { HistoryApi } from './api/history.js';
import { LabelsApi } from './api/labels.js';
import { PagesApi } from './api/pages.js';
import { SpacesApi } from './api/spaces.js';
import { TreeApi } from './api/tree.js';
import { UsersApi } from './api/users.js';
import { V1, V2, cursorOf } from './paths.js';
import { searchPage, v2List, v2Space, v2User } from './schemas.js';

import type { AtlassianHttp, RequestSpec } from '../atlassian/http.js';
import type { Config } from '../config/index.js';
import type { SearchResult } from './schemas.js';
import type { Next } from './types.js';

export type { SearchResult } from './schemas.js';

// Confluence's REST APIs: Cloud uses v2 (/wiki/api/v2) for pages, spaces, comments, labels and attachments
// and v1 (/wiki/rest/api) for CQL search and the writes v2 lacks; Server/DC has v1 only (/rest/api). Paths
// are relative to the API base, which for Cloud already ends in /wiki. The families of calls live in
// ./api/*; this core holds what they share: flavor, space scoping, and lookups worth caching.

const currentUser = z.object({
  accountId: z.string().optional(),
  username: z.string().optional(),
  displayName: z.string().optional(),
  email: z.string().optional(),
});
export type ConfluenceAccount = z.infer<typeof currentUser>;

export interface SearchPage {
  results: SearchResult[];
  next?: Next;
  total?: number;
}

export interface CloudSpace {
  id: string;
  key: string;
  name: string;
  homepageId?: string;
}

export class ConfluenceClient {
  readonly http: AtlassianHttp;
  readonly pages: PagesApi;
  readonly tree: TreeApi;
  readonly history: HistoryApi;
  readonly comments: CommentsApi;
  readonly labels: LabelsApi;
  readonly attachments: AttachmentsApi;
  readonly spaces: SpacesApi;
  readonly users: UsersApi;
  /** ATTACHMENT_MAX_BYTES: downloads larger than this are refused. */
  readonly maxDownloadBytes: number;
  readonly #allowed: readonly string[];
  /** Cloud space id <-> key; spaces are few and their keys do not change. */
  readonly #spaceById = new Map<string, CloudSpace>();
  readonly #displayNames = new Map<string, string>();

  constructor(http: AtlassianHttp, config: Config) {
    this.http = http;
    this.#allowed = config.confluenceSpacesFilter;
    this.maxDownloadBytes = config.attachmentMaxBytes;
    this.pages = new PagesApi(this);
    this.tree = new TreeApi(this);
    this.history = new HistoryApi(this);
    this.comments = new CommentsApi(this);
    this.labels = new LabelsApi(this);
    this.attachments = new AttachmentsApi(this);
    this.spaces = new SpacesApi(this);
    this.users = new UsersApi(this);
  }

  get cloud(): boolean {
    return this.http.config.flavor === 'cloud';
  }

  /** CONFLUENCE_SPACES_FILTER, empty when every space is allowed. */
  get allowedSpaces(): readonly string[] {
    return this.#allowed;
  }

  request<T = unknown>(spec: RequestSpec): Promise<T> {
    return this.http.request<T>(spec);
  }

  webUrl(webui: string | undefined): string {
    return webui ? `${this.http.config.apiBase}${webui}` : this.http.config.apiBase;
  }

  async currentUser(signal?: AbortSignal): Promise<ConfluenceAccount> {
    return currentUser.parse(await this.http.request({ path: `${V1}/user/current`, signal }));
  }

  /** CONFLUENCE_SPACES_FILTER applied to a user's CQL. */
  scopeCql(cql: string): string {
    if (this.#allowed.length === 0) return cql;
    return scopeQuery(cql, `space in (${this.#allowed.map(quote).join(', ')})`);
  }

  /** Refuses a space outside CONFLUENCE_SPACES_FILTER; `what` names the thing in it ("Page 98302"), if any. */
  assertSpaceAllowed(spaceKey: string, what?: string): void {
    if (this.#allowed.length > 0 && !this.#allowed.includes(spaceKey)) {
      throw new ToolInputError(`${what ? `${what} is in space ${spaceKey}, outside` : `Space ${spaceKey} is outside`} the spaces this server may use ` +
        `(CONFLUENCE_SPACES_FILTER=${this.#allowed.join(',')}).`);
    }
  }

  /** Cloud: a space by key (id, name, home page), cached. */
  async cloudSpaceByKey(key: string, signal?: AbortSignal): Promise<CloudSpace> {
    for (const space of this.#spaceById.values()) if (space.key === key) return space;
    const found = v2List(v2Space).parse(await this.request({ path: `${V2}/spaces`, searchParams: { keys: key }, subject: `space ${key}`, signal })).results[0];
    if (!found) throw new ToolInputError(`Space ${key} not found, or the account cannot see it. List spaces with confluence_list_spaces.`);
    return this.rememberSpace(found);
  }

  /** Cloud: a space by id, cached. */
  async cloudSpaceById(id: string, signal?: AbortSignal): Promise<CloudSpace> {
    const known = this.#spaceById.get(id);
    if (known) return known;
    return this.rememberSpace(v2Space.parse(await this.request({ path: `${V2}/spaces/${encodeURIComponent(id)}`, subject: `space ${id}`, signal })));
  }

  rememberSpace(space: z.infer<typeof v2Space>): CloudSpace {
    const entry = { id: space.id, key: space.key, name: space.name, homepageId: space.homepageId ?? undefined };
    this.#spaceById.set(space.id, entry);
    return entry;
  }

  /** Cloud: display names for account ids (v2 answers with ids only), one bulk request for the unknown ones. */
  async displayNames(accountIds: (string | null | undefined)[], signal?: AbortSignal): Promise<Map<string, string>> {
    const unknown = [...new Set(accountIds.filter((id): id is string => !!id && !this.#displayNames.has(id)))];
    for (let i = 0; i < unknown.length; i += 250) {
      const users = v2List(v2User).parse(await this.request({
        method: 'POST', path: `${V2}/users-bulk`, json: { accountIds: unknown.slice(i, i + 250) }, readOnlyPost: true, subject: 'users', signal,
      }));
      for (const user of users.results) this.#displayNames.set(user.accountId, user.displayName ?? user.publicName ?? user.accountId);
    }
    return this.#displayNames;
  }

  /** Up to `limit` results, asking again when Confluence answers with a smaller page. */
  async search(options: { cql: string; limit: number; next?: Next; signal?: AbortSignal }): Promise<SearchPage> {
    const cql = this.scopeCql(options.cql);
    const result: SearchPage = { results: [], next: options.next ?? {} };
    while (result.next && result.results.length < options.limit) {
      const limit = options.limit - result.results.length;
      const start = result.next.start ?? 0;
      const page = searchPage.parse(await this.http.request({
        path: `${V1}/search`,
        searchParams: this.cloud ? { cql, limit, cursor: result.next.cursor } : { cql, limit, start },
        subject: 'the search',
        signal: options.signal,
      }));
      result.results.push(...page.results);
      result.total = page.totalSize ?? result.total;
      if (!page._links.next || page.results.length === 0) {
        result.next = undefined;
      } else if (this.cloud) {
        // The next link's cursor parameter is the only state to keep.
        const cursor = cursorOf(page._links.next);
        result.next = cursor ? { cursor } : undefined;
      } else {
        result.next = { start: start + page.results.length };
      }
    }
    return result;
  }
}
