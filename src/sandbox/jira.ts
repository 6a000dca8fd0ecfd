import { CUSTOM_FIELDS } from './data/jira.js';
import { userById, userJson } from './data/users.js';
import { QuerySyntaxError, evaluate, parseQuery } from './query.js';
import { Router, int, many, one } from './router.js';

import type { JiraData, SandboxIssue } from './data/jira.js';
import type { Expr } from './query.js';
import type { RouteRequest, RouteResponse } from './router.js';

// Jira's REST API as the sandbox serves it: /rest/api/3 (Cloud, ADF bodies) or /rest/api/2
// (Server/DC, wiki markup bodies), with the same data behind both.

const SYSTEM_FIELDS = ['summary', 'status', 'issuetype', 'priority', 'assignee', 'reporter', 'created', 'updated',
  'labels', 'components', 'fixVersions', 'duedate', 'parent', 'description', 'comment', 'project'];

const FIELD_NAMES: Record<string, string> = {
  summary: 'Summary', status: 'Status', issuetype: 'Issue Type', priority: 'Priority', assignee: 'Assignee',
  reporter: 'Reporter', created: 'Created', updated: 'Updated', labels: 'Labels', components: 'Components',
  fixVersions: 'Fix Version/s', duedate: 'Due date', parent: 'Parent', description: 'Description',
  comment: 'Comment', project: 'Project',
  ...Object.fromEntries(CUSTOM_FIELDS.map((field) => [field.id, field.name])),
};

const jiraError = (status: number, ...errorMessages: string[]): RouteResponse =>
  ({ status, body: { errorMessages, errors: {} } });

export function jiraRoutes(data: JiraData, cloud: boolean, siteUrl: string): Router {
  const api = cloud ? '/rest/api/3' : '/rest/api/2';
  const router = new Router();

  const visible = (issue: SandboxIssue, userId: string) =>
    !data.projects.find((project) => project.key === issue.project)?.hiddenFrom.includes(userId);

  const findIssue = (idOrKey: string, userId: string) =>
    data.issues.find((issue) => (issue.key === idOrKey.toUpperCase() || issue.id === idOrKey) && visible(issue, userId));

  const renderFields = (issue: SandboxIssue, wanted: Set<string> | 'all'): Record<string, unknown> => {
    const user = (id: string | undefined) => userJson(id, cloud, siteUrl);
    const all: Record<string, unknown> = {
      summary: issue.summary,
      status: { name: issue.status, id: String(['To Do', 'In Progress', 'In Review', 'Done'].indexOf(issue.status) + 10001), statusCategory: { key: issue.statusCategory, name: issue.statusCategory === 'new' ? 'To Do' : issue.statusCategory === 'done' ? 'Done' : 'In Progress' } },
      issuetype: { id: String(10000 + ['Epic', 'Story', 'Task', 'Bug'].indexOf(issue.type)), name: issue.type, subtask: false },
      priority: { name: issue.priority, id: String(['Highest', 'High', 'Medium', 'Low'].indexOf(issue.priority) + 1) },
      assignee: user(issue.assignee),
      reporter: user(issue.reporter),
      created: issue.created,
      updated: issue.updated,
      labels: issue.labels,
      components: issue.components.map((name, index) => ({ id: String(10500 + index), name })),
      fixVersions: issue.fixVersions.map((name, index) => ({ id: String(10600 + index), name, released: false })),
      duedate: issue.duedate ?? null,
      description: issue.description ? (cloud ? issue.description.adf : issue.description.wiki) : null,
      project: { id: data.projects.find((p) => p.key === issue.project)?.id, key: issue.project, name: data.projects.find((p) => p.key === issue.project)?.name },
      comment: {
        startAt: 0, maxResults: issue.comments.length, total: issue.comments.length,
        comments: issue.comments.map((comment) => ({
          id: comment.id, author: user(comment.author), created: comment.created, updated: comment.created,
          body: cloud ? comment.body.adf : comment.body.wiki,
        })),
      },
      ...issue.custom,
    };
    const parent = issue.parent ? data.issues.find((candidate) => candidate.key === issue.parent) : undefined;
    if (parent) all.parent = { id: parent.id, key: parent.key, fields: { summary: parent.summary, status: { name: parent.status }, issuetype: { name: parent.type } } };
    if (wanted === 'all') return all;
    return Object.fromEntries(Object.entries(all).filter(([name]) => wanted.has(name)));
  };

  const issueJson = (issue: SandboxIssue, wanted: Set<string> | 'all', names: boolean) => ({
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${siteUrl}${api}/issue/${issue.id}`,
    key: issue.key,
    fields: renderFields(issue, wanted),
    ...(names ? { names: FIELD_NAMES } : {}),
  });

  /** `fields` as Jira reads it: absent/`*all` = everything, `*navigable` = everything but comments. */
  const wantedFields = (fields: string[], fallback: Set<string> | 'all'): Set<string> | 'all' => {
    if (fields.length === 0) return fallback;
    if (fields.includes('*all')) return 'all';
    const set = new Set(fields.filter((field) => !field.startsWith('-') && !field.startsWith('*')));
    if (fields.includes('*navigable')) SYSTEM_FIELDS.filter((f) => f !== 'comment').forEach((f) => set.add(f));
    fields.filter((field) => field.startsWith('-')).forEach((field) => set.delete(field.slice(1)));
    return set;
  };

  const resolver = (issue: SandboxIssue) => (field: string): string | string[] | undefined => {
    const person = (id: string | undefined) => (id ? [userById(id).accountId, userById(id).username, userById(id).displayName] : undefined);
    switch (field) {
      case 'project': return [issue.project, data.projects.find((p) => p.key === issue.project)?.name ?? ''];
      case 'key': case 'issuekey': case 'id': return [issue.key, issue.id];
      case 'type': case 'issuetype': return issue.type;
      case 'status': return issue.status;
      case 'statuscategory': return issue.statusCategory === 'new' ? 'To Do' : issue.statusCategory === 'done' ? 'Done' : 'In Progress';
      case 'priority': return issue.priority;
      case 'assignee': return person(issue.assignee);
      case 'reporter': return person(issue.reporter);
      case 'labels': return issue.labels.length ? issue.labels : undefined;
      case 'component': return issue.components.length ? issue.components : undefined;
      case 'fixversion': return issue.fixVersions.length ? issue.fixVersions : undefined;
      case 'parent': return issue.parent;
      case 'summary': return issue.summary;
      case 'description': return issue.description?.wiki;
      case 'text': return [issue.summary, issue.description?.wiki ?? '', ...issue.comments.map((c) => c.body.wiki)].join('\n');
      case 'created': return issue.created;
      case 'updated': return issue.updated;
      case 'duedate': return issue.duedate;
      default: throw new QuerySyntaxError(`Field '${field}' does not exist or you do not have permission to view it.`);
    }
  };

  const projectClauses = (expr: Expr): string[] => {
    if (expr.type === 'clause') return expr.field === 'project' ? expr.values : [];
    if (expr.type === 'not') return projectClauses(expr.expr);
    if (expr.type === 'and' || expr.type === 'or') return [...projectClauses(expr.left), ...projectClauses(expr.right)];
    return [];
  };

  /** Runs JQL like Jira: unknown projects and syntax errors are 400s with Jira's own wording. */
  const runJql = (jql: string, userId: string): SandboxIssue[] | RouteResponse => {
    try {
      const query = parseQuery(jql);
      for (const value of projectClauses(query.where)) {
        const project = data.projects.find((p) => (p.key === value.toUpperCase() || p.name === value || p.id === value) && !p.hiddenFrom.includes(userId));
        if (!project) return jiraError(400, `The value '${value}' does not exist for the field 'project'.`);
      }
      const me = userById(userId);
      const hits = data.issues.filter((issue) => visible(issue, userId) &&
        evaluate(query.where, resolver(issue), { 'currentuser()': cloud ? me.accountId : me.username }));
      const order = query.orderBy.length ? query.orderBy : [{ field: 'updated', direction: 'desc' as const }];
      const sortKey = (issue: SandboxIssue, field: string) =>
        field === 'key' ? `${issue.project}-${String(Number(issue.key.split('-')[1])).padStart(8, '0')}` : String(resolver(issue)(field) ?? '');
      return hits.sort((a, b) => {
        for (const { field, direction } of order) {
          const cmp = sortKey(a, field).localeCompare(sortKey(b, field));
          if (cmp !== 0) return direction === 'asc' ? cmp : -cmp;
        }
        return a.key.localeCompare(b.key);
      });
    } catch (error) {
      if (error instanceof QuerySyntaxError) return jiraError(400, `Error in the JQL Query: ${error.message}`);
      throw error;
    }
  };

  router.on('GET', `${api}/myself`, ({ userId }) => ({
    body: { ...userJson(userId, cloud, siteUrl), groups: { size: 2, items: [] }, locale: 'en_US' },
  }));

  router.on('GET', `${api}/issue/{issueIdOrKey}`, ({ params, query, userId }) => {
    const issue = findIssue(params.issueIdOrKey!, userId);
    if (!issue) return jiraError(404, 'Issue does not exist or you do not have permission to see it.');
    const expand = many(query, 'expand');
    return { body: issueJson(issue, wantedFields(many(query, 'fields'), 'all'), expand.includes('names')) };
  });

  if (cloud) {
    // The enhanced search: token pagination, and only ids unless fields are asked for.
    router.on('POST', `${api}/search/jql`, ({ body, userId }) => {
      const request = (body ?? {}) as { jql?: string; fields?: string[]; maxResults?: number; nextPageToken?: string; expand?: string };
      if (typeof request.jql !== 'string') return jiraError(400, 'The jql field is required.');
      const hits = runJql(request.jql, userId);
      if (!Array.isArray(hits)) return hits;
      const offset = request.nextPageToken ? Number(Buffer.from(request.nextPageToken, 'base64url').toString()) : 0;
      if (!Number.isInteger(offset) || offset < 0) return jiraError(400, 'The provided next page token is invalid or expired.');
      const max = Math.min(request.maxResults ?? 50, 100);
      const page = hits.slice(offset, offset + max);
      const more = offset + max < hits.length;
      const names = (request.expand ?? '').split(',').includes('names');
      return {
        body: {
          issues: page.map((issue) => issueJson(issue, wantedFields(request.fields ?? ['id'], new Set()), false)),
          ...(names ? { names: FIELD_NAMES } : {}),
          ...(more ? { nextPageToken: Buffer.from(String(offset + max)).toString('base64url') } : {}),
          isLast: !more,
        },
      };
    });
  } else {
    router.on('GET', `${api}/search`, ({ query, userId }) => searchDc(query, userId));
  }

  function searchDc(query: RouteRequest['query'], userId: string): RouteResponse {
    const hits = runJql(one(query, 'jql') ?? '', userId);
    if (!Array.isArray(hits)) return hits;
    const startAt = int(query, 'startAt', 0);
    const maxResults = Math.min(int(query, 'maxResults', 50), 1000);
    const fields = wantedFields(many(query, 'fields'), new Set(SYSTEM_FIELDS.filter((f) => f !== 'comment')));
    return {
      body: {
        expand: 'names,schema',
        startAt,
        maxResults,
        total: hits.length,
        issues: hits.slice(startAt, startAt + maxResults).map((issue) => issueJson(issue, fields, false)),
        ...(many(query, 'expand').includes('names') ? { names: FIELD_NAMES } : {}),
      },
    };
  }

  return router;
}
