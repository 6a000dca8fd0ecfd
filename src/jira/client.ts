import { z } from 'zod';

import { quote, scopeQuery } from '../atlassian/query.js';
import { ToolInputError } from '../mcp/errors.js';
import { JiraMetadata } from './metadata.js';
import { JiraUsers } from './users.js';

import type { AtlassianHttp, RequestSpec } from '../atlassian/http.js';
import type { Config } from '../config/index.js';

// Jira's REST API, both flavors: Cloud speaks /rest/api/3 (ADF bodies, token-paged search/jql),
// Server/DC /rest/api/2 (wiki markup, startAt-paged search); both have /rest/agile/1.0. Answers are
// checked with zod at this boundary, so formatters never meet a shape they did not expect. Family
// calls live in ./api/*.ts; metadata (fields, create screens) and users have their own helpers.

const rawIssue = z.object({
  id: z.string(),
  key: z.string(),
  fields: z.record(z.string(), z.unknown()).default({}),
  names: z.record(z.string(), z.string()).optional(),
  /** Field id -> type, with the names: tells rich-text custom fields (wiki strings on Server/DC) from plain text. */
  schema: z.record(z.string(), z.object({ type: z.string().optional(), custom: z.string().optional() })).optional(),
  changelog: z.object({ histories: z.array(z.unknown()).default([]) }).optional(),
});
export type RawIssue = z.infer<typeof rawIssue>;

const cloudSearch = z.object({
  issues: z.array(rawIssue),
  nextPageToken: z.string().optional().nullable(),
  isLast: z.boolean().optional(),
  names: z.record(z.string(), z.string()).optional(),
});

const dcSearch = z.object({
  issues: z.array(rawIssue),
  startAt: z.number(),
  total: z.number(),
  names: z.record(z.string(), z.string()).optional(),
});

const myself = z.object({
  accountId: z.string().optional(),
  name: z.string().optional(),
  displayName: z.string().optional(),
  emailAddress: z.string().optional(),
});
export type JiraAccount = z.infer<typeof myself>;

export interface SearchPage {
  issues: RawIssue[];
  /** Field id -> display name, when custom fields were asked for. */
  names: Record<string, string>;
  /** Where the next page starts, or undefined when this was the last. */
  next?: { token?: string; startAt?: number };
  total?: number;
}

/** Largest page the tools ask Jira for in one request. */
const PAGE_SIZE = 100;

export class JiraClient {
  readonly http: AtlassianHttp;
  readonly meta: JiraMetadata;
  readonly users: JiraUsers;
  readonly #projects: readonly string[];

  constructor(http: AtlassianHttp, config: Config) {
    this.http = http;
    this.#projects = config.jiraProjectsFilter;
    this.meta = new JiraMetadata(this);
    this.users = new JiraUsers(this);
  }

  get cloud(): boolean {
    return this.http.config.flavor === 'cloud';
  }

  /** The platform API prefix of this flavor. */
  get api(): string {
    return this.cloud ? 'rest/api/3' : 'rest/api/2';
  }

  readonly agile = 'rest/agile/1.0';

  browseUrl(key: string): string {
    return `${this.http.config.url}/browse/${key}`;
  }

  /** Sends a request and checks the answer's shape. */
  async call<S extends z.ZodType>(schema: S, spec: RequestSpec): Promise<z.infer<S>> {
    return schema.parse(await this.http.request(spec));
  }

  /** Sends a request whose answer is not needed (204s). */
  async send(spec: RequestSpec): Promise<void> {
    await this.http.request(spec);
  }

  async myself(signal?: AbortSignal): Promise<JiraAccount> {
    return myself.parse(await this.http.request({ path: `${this.api}/myself`, signal }));
  }

  /** The projects JIRA_PROJECTS_FILTER allows (empty: all). */
  get allowedProjects(): readonly string[] {
    return this.#projects;
  }

  /** JIRA_PROJECTS_FILTER applied to a user's JQL: `project in (…) AND (<jql>) ORDER BY …`. */
  scopeJql(jql: string): string {
    if (this.#projects.length === 0) return jql;
    return scopeQuery(jql, this.projectClause()!);
  }

  /** `project in (…)` for the allowed projects, or undefined when all are allowed. */
  projectClause(): string | undefined {
    return this.#projects.length ? `project in (${this.#projects.map(quote).join(', ')})` : undefined;
  }

  /** Refuses an issue outside JIRA_PROJECTS_FILTER before (key) or after (fetched project) the request. */
  assertAllowed(issueKey: string, projectKey?: string): void {
    if (this.#projects.length === 0) return;
    const project = (projectKey ?? issueKey.split('-')[0] ?? '').toUpperCase();
    if (/^\d+$/.test(issueKey) && projectKey === undefined) return; // a numeric id: checked once fetched
    if (!this.#projects.includes(project)) {
      throw new ToolInputError(`${issueKey} is in project ${project}, outside the projects this server may use ` +
        `(JIRA_PROJECTS_FILTER=${this.#projects.join(',')}).`);
    }
  }

  /**
   * An issue reference the filter allows, before a request addressed by it: a key is checked as is; a
   * numeric id (which names no project) is looked up first, so it cannot reach around the filter.
   */
  async allowedKey(issueKey: string, signal?: AbortSignal): Promise<string> {
    const key = issueKey.toUpperCase();
    if (this.#projects.length === 0 || !/^\d+$/.test(key)) {
      this.assertAllowed(key);
      return key;
    }
    return (await this.requireIssue(key, signal)).key;
  }

  /** Refuses a project outside JIRA_PROJECTS_FILTER. */
  assertProjectAllowed(projectKey: string): void {
    if (this.#projects.length === 0 || this.#projects.includes(projectKey.toUpperCase())) return;
    throw new ToolInputError(`Project ${projectKey.toUpperCase()} is outside the projects this server may use ` +
      `(JIRA_PROJECTS_FILTER=${this.#projects.join(',')}).`);
  }

  /**
   * One page of search results with exactly `limit` issues (or fewer at the end): Jira may answer with
   * smaller pages than asked, so this keeps asking until the limit is met.
   */
  async search(options: { jql: string; fields: string[]; limit: number; names: boolean; next?: SearchPage['next']; signal?: AbortSignal }): Promise<SearchPage> {
    const jql = this.scopeJql(options.jql);
    const result: SearchPage = { issues: [], names: {}, next: options.next ?? {} };
    while (result.next && result.issues.length < options.limit) {
      const want = Math.min(options.limit - result.issues.length, PAGE_SIZE);
      if (this.cloud) {
        const page = cloudSearch.parse(await this.http.request({
          method: 'POST',
          path: 'rest/api/3/search/jql',
          json: { jql, fields: options.fields, maxResults: want, nextPageToken: result.next.token, expand: options.names ? 'names' : undefined },
          readOnlyPost: true,
          subject: 'the search',
          signal: options.signal,
        }));
        result.issues.push(...page.issues);
        Object.assign(result.names, page.names);
        result.next = page.nextPageToken && page.isLast !== true ? { token: page.nextPageToken } : undefined;
        if (page.issues.length === 0) result.next = undefined;
      } else {
        const startAt = result.next.startAt ?? 0;
        const page = dcSearch.parse(await this.http.request({
          path: 'rest/api/2/search',
          searchParams: { jql, startAt, maxResults: want, fields: options.fields.join(','), expand: options.names ? 'names' : undefined },
          subject: 'the search',
          signal: options.signal,
        }));
        result.issues.push(...page.issues);
        Object.assign(result.names, page.names);
        result.total = page.total;
        const nextStart = startAt + page.issues.length;
        result.next = page.issues.length > 0 && nextStart < page.total ? { startAt: nextStart } : undefined;
      }
    }
    return result;
  }

  async getIssue(issueKey: string, fields: string[], options: { names?: boolean; expand?: string[]; signal?: AbortSignal } = {}): Promise<RawIssue> {
    this.assertAllowed(issueKey);
    const expand = [...(options.names ? ['names', 'schema'] : []), ...(options.expand ?? [])];
    const issue = rawIssue.parse(await this.http.request({
      path: `${this.api}/issue/${encodeURIComponent(issueKey)}`,
      searchParams: { fields: fields.join(','), expand: expand.length ? expand.join(',') : undefined },
      subject: `issue ${issueKey}`,
      signal: options.signal,
    }));
    const project = (issue.fields.project as { key?: string } | undefined)?.key ?? issue.key.split('-')[0];
    this.assertAllowed(issue.key, project);
    return issue;
  }

  /**
   * Checks an issue exists and is allowed, returning its key, id and project: for writes addressed by
   * key (a numeric id is resolved to its project before anything is changed).
   */
  async requireIssue(issueKey: string, signal?: AbortSignal): Promise<{ key: string; id: string; project: string; summary: string }> {
    const issue = await this.getIssue(issueKey, ['project', 'summary'], { signal });
    return {
      key: issue.key, id: issue.id, summary: String(issue.fields.summary ?? ''),
      project: (issue.fields.project as { key?: string } | undefined)?.key ?? issue.key.split('-')[0]!,
    };
  }
}
