import { z } from 'zod';

import { quote, scopeQuery } from '../atlassian/query.js';
import { ToolInputError } from '../mcp/errors.js';

import type { AtlassianHttp } from '../atlassian/http.js';
import type { Config } from '../config/index.js';

// Confluence's REST APIs: Cloud uses v2 (/wiki/api/v2) for pages and spaces and v1 (/wiki/rest/api)
// for CQL search; Server/DC has v1 only (/rest/api). Paths are relative to the API base, which for
// Cloud already ends in /wiki.

const currentUser = z.object({
  accountId: z.string().optional(),
  username: z.string().optional(),
  displayName: z.string().optional(),
  email: z.string().optional(),
});
export type ConfluenceAccount = z.infer<typeof currentUser>;

const searchResult = z.object({
  content: z.object({ id: z.string(), type: z.string(), title: z.string().optional() }).optional(),
  title: z.string().default(''),
  excerpt: z.string().default(''),
  url: z.string().default(''),
  resultGlobalContainer: z.object({ title: z.string(), displayUrl: z.string().optional() }).optional(),
  lastModified: z.string().optional(),
  entityType: z.string().optional(),
});
export type SearchResult = z.infer<typeof searchResult>;

const searchPage = z.object({
  results: z.array(searchResult),
  start: z.number().optional(),
  size: z.number().optional(),
  totalSize: z.number().optional(),
  _links: z.object({ next: z.string().optional() }).default({}),
});

const v2Page = z.object({
  id: z.string(),
  title: z.string(),
  spaceId: z.string(),
  parentId: z.string().nullable().optional(),
  version: z.object({ number: z.number(), createdAt: z.string().optional(), authorId: z.string().optional() }),
  body: z.object({ storage: z.object({ value: z.string() }).optional() }).default({}),
  _links: z.object({ webui: z.string().optional() }).default({}),
});
const v2Space = z.object({ id: z.string(), key: z.string(), name: z.string() });

const v1Page = z.object({
  id: z.string(),
  title: z.string(),
  space: z.object({ key: z.string(), name: z.string().optional() }),
  version: z.object({ number: z.number(), when: z.string().optional(), by: z.object({ displayName: z.string().optional() }).optional() }),
  body: z.object({ storage: z.object({ value: z.string() }) }),
  _links: z.object({ webui: z.string().optional() }).default({}),
});

/** A page as the tools see it, whatever the flavor. */
export interface Page {
  id: string;
  title: string;
  spaceKey: string;
  spaceName?: string;
  version: number;
  updated?: string;
  updatedBy?: string;
  storage: string;
  url: string;
}

export interface SearchPage {
  results: SearchResult[];
  next?: { cursor?: string; start?: number };
  total?: number;
}

/** v1 REST, relative to the API base (which on Cloud already ends in /wiki). */
const V1 = 'rest/api';

export class ConfluenceClient {
  readonly http: AtlassianHttp;
  readonly #spaces: readonly string[];
  /** Cloud space id -> key/name; spaces are few and their keys do not change. */
  readonly #spaceById = new Map<string, { key: string; name: string }>();

  constructor(http: AtlassianHttp, config: Config) {
    this.http = http;
    this.#spaces = config.confluenceSpacesFilter;
  }

  get cloud(): boolean {
    return this.http.config.flavor === 'cloud';
  }

  webUrl(webui: string | undefined): string {
    return webui ? `${this.http.config.apiBase}${webui}` : this.http.config.apiBase;
  }

  async currentUser(signal?: AbortSignal): Promise<ConfluenceAccount> {
    return currentUser.parse(await this.http.request({ path: `${V1}/user/current`, signal }));
  }

  /** CONFLUENCE_SPACES_FILTER applied to a user's CQL. */
  scopeCql(cql: string): string {
    if (this.#spaces.length === 0) return cql;
    return scopeQuery(cql, `space in (${this.#spaces.map(quote).join(', ')})`);
  }

  assertSpaceAllowed(spaceKey: string, what: string): void {
    if (this.#spaces.length > 0 && !this.#spaces.includes(spaceKey)) {
      throw new ToolInputError(`${what} is in space ${spaceKey}, outside the spaces this server may use ` +
        `(CONFLUENCE_SPACES_FILTER=${this.#spaces.join(',')}).`);
    }
  }

  /** Up to `limit` results, asking again when Confluence answers with a smaller page. */
  async search(options: { cql: string; limit: number; next?: SearchPage['next']; signal?: AbortSignal }): Promise<SearchPage> {
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
      const nextLink = page._links.next;
      if (!nextLink || page.results.length === 0) {
        result.next = undefined;
      } else if (this.cloud) {
        // The next link is a relative URL; its cursor parameter is the only state to keep.
        const cursor = new URL(nextLink, 'http://next.invalid').searchParams.get('cursor');
        result.next = cursor ? { cursor } : undefined;
      } else {
        result.next = { start: start + page.results.length };
      }
    }
    return result;
  }

  async getPage(target: { pageId: string } | { spaceKey: string; title: string }, signal?: AbortSignal): Promise<Page> {
    if ('spaceKey' in target) this.assertSpaceAllowed(target.spaceKey, `Page "${target.title}"`);
    const page = this.cloud ? await this.#getPageCloud(target, signal) : await this.#getPageDc(target, signal);
    this.assertSpaceAllowed(page.spaceKey, `Page ${page.id}`);
    return page;
  }

  async #getPageCloud(target: { pageId: string } | { spaceKey: string; title: string }, signal?: AbortSignal): Promise<Page> {
    let raw: z.infer<typeof v2Page>;
    if ('pageId' in target) {
      raw = v2Page.parse(await this.http.request({
        path: `api/v2/pages/${encodeURIComponent(target.pageId)}`, searchParams: { 'body-format': 'storage' }, subject: `page ${target.pageId}`, signal,
      }));
    } else {
      const spaces = z.object({ results: z.array(v2Space) }).parse(await this.http.request({
        path: 'api/v2/spaces', searchParams: { keys: target.spaceKey }, subject: `space ${target.spaceKey}`, signal,
      }));
      const space = spaces.results[0];
      if (!space) throw new ToolInputError(`Space ${target.spaceKey} not found, or the account cannot see it.`);
      this.#spaceById.set(space.id, { key: space.key, name: space.name });
      const pages = z.object({ results: z.array(v2Page) }).parse(await this.http.request({
        path: 'api/v2/pages', searchParams: { 'space-id': space.id, title: target.title, 'body-format': 'storage' }, subject: `page "${target.title}"`, signal,
      }));
      const found = pages.results[0];
      if (!found) throw new ToolInputError(`No page titled "${target.title}" in space ${target.spaceKey}. Titles must match exactly; try confluence_search.`);
      raw = found;
    }
    let space = this.#spaceById.get(raw.spaceId);
    if (!space) {
      const fetched = v2Space.parse(await this.http.request({ path: `api/v2/spaces/${raw.spaceId}`, subject: `space ${raw.spaceId}`, signal }));
      space = { key: fetched.key, name: fetched.name };
      this.#spaceById.set(raw.spaceId, space);
    }
    return {
      id: raw.id, title: raw.title, spaceKey: space.key, spaceName: space.name, version: raw.version.number,
      updated: raw.version.createdAt, storage: raw.body.storage?.value ?? '', url: this.webUrl(raw._links.webui),
    };
  }

  async #getPageDc(target: { pageId: string } | { spaceKey: string; title: string }, signal?: AbortSignal): Promise<Page> {
    const expand = 'body.storage,version,space';
    let raw: z.infer<typeof v1Page>;
    if ('pageId' in target) {
      raw = v1Page.parse(await this.http.request({
        path: `${V1}/content/${encodeURIComponent(target.pageId)}`, searchParams: { expand }, subject: `page ${target.pageId}`, signal,
      }));
    } else {
      const list = z.object({ results: z.array(v1Page) }).parse(await this.http.request({
        path: `${V1}/content`, searchParams: { type: 'page', spaceKey: target.spaceKey, title: target.title, expand }, subject: `page "${target.title}"`, signal,
      }));
      const found = list.results[0];
      if (!found) throw new ToolInputError(`No page titled "${target.title}" in space ${target.spaceKey}. Titles must match exactly; try confluence_search.`);
      raw = found;
    }
    return {
      id: raw.id, title: raw.title, spaceKey: raw.space.key, spaceName: raw.space.name, version: raw.version.number,
      updated: raw.version.when, updatedBy: raw.version.by?.displayName, storage: raw.body.storage.value, url: this.webUrl(raw._links.webui),
    };
  }
}
