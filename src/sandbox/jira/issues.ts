import { int, many, one } from '../router.js';
import { applyFields, applyUpdate, requiredFor, screenFor, typeByRef } from './apply.js';
import { FIELDS } from './catalog.js';
import { runJql } from './jql.js';
import { fieldNames, historyJson, issueJson, wantedFields } from './render.js';
import { NOT_FOUND, fieldErrors, jiraError, now } from './site.js';

import type { SandboxIssue } from '../data/jira.js';
import type { RouteResponse, Router } from '../router.js';
import type { JiraSite } from './site.js';

// Issues: read, search (Cloud's token-paged /search/jql, Server/DC's startAt-paged /search), create
// (one or in bulk), edit, delete, assign, and the changelog (Cloud's bulk fetch included).

function createIssue(site: JiraSite, body: unknown, userId: string): { issue: SandboxIssue } | RouteResponse {
  const request = (body ?? {}) as { fields?: Record<string, unknown>; update?: Record<string, unknown> };
  const fields = request.fields ?? {};
  const projectRef = fields.project as { key?: string; id?: string } | undefined;
  const project = site.project(projectRef?.key ?? projectRef?.id ?? '', userId);
  if (!project) return fieldErrors({ project: 'Specify a valid project ID or key' });
  const type = typeByRef(fields.issuetype);
  if (!type) return fieldErrors({ issuetype: 'Specify a valid issue type' });
  const missing = requiredFor(site, type.name).filter((id) => fields[id] === undefined || fields[id] === null || fields[id] === '');
  if (missing.length) {
    return fieldErrors(Object.fromEntries(missing.map((id) => [id, id === 'summary'
      ? 'You must specify a summary of the issue.'
      : `${FIELDS.find((field) => field.id === id)?.name ?? id} is required.`])));
  }
  const id = site.nextId();
  const number = Math.max(0, ...site.data.issues.filter((issue) => issue.project === project.key).map((issue) => Number(issue.key.split('-')[1]))) + 1;
  const created = now();
  const issue: SandboxIssue = {
    id, key: `${project.key}-${number}`, project: project.key, type: type.name, summary: '', status: 'To Do', priority: 'Medium',
    reporter: userId, created, updated: created, labels: [], components: [], fixVersions: [], description: null,
    sprints: [], comments: [], worklogs: [], attachments: [], remoteLinks: [], watchers: [userId], history: [], custom: {},
  };
  const screen = screenFor(site, type.name, 'create');
  const applied = applyFields(site, issue, fields, userId, screen);
  const updated = applyUpdate(site, issue, request.update ?? {}, userId, screen);
  const errors = { ...applied.errors, ...updated.errors };
  if (Object.keys(errors).length) return fieldErrors(errors);
  site.data.issues.push(issue);
  return { issue };
}

export function issueRoutes(site: JiraSite, router: Router): void {
  const { api } = site;

  router.on('GET', `${api}/issue/{issueIdOrKey}`, ({ params, query, userId }) => {
    const issue = site.findIssue(params.issueIdOrKey!, userId);
    if (!issue) return jiraError(404, NOT_FOUND);
    return { body: issueJson(site, issue, wantedFields(site, many(query, 'fields'), 'all'), many(query, 'expand')) };
  });

  if (site.cloud) {
    // The enhanced search: token pagination, and only ids unless fields are asked for.
    router.on('POST', `${api}/search/jql`, ({ body, userId }) => {
      const request = (body ?? {}) as { jql?: string; fields?: string[]; maxResults?: number; nextPageToken?: string; expand?: string };
      if (typeof request.jql !== 'string') return jiraError(400, 'The jql field is required.');
      const hits = runJql(site, request.jql, userId);
      if (!Array.isArray(hits)) return hits;
      const offset = request.nextPageToken ? Number(Buffer.from(request.nextPageToken, 'base64url').toString()) : 0;
      if (!Number.isInteger(offset) || offset < 0) return jiraError(400, 'The provided next page token is invalid or expired.');
      const max = Math.min(request.maxResults ?? 50, 100);
      const page = hits.slice(offset, offset + max);
      const more = offset + max < hits.length;
      const expand = (request.expand ?? '').split(',');
      return {
        body: {
          issues: page.map((issue) => issueJson(site, issue, wantedFields(site, request.fields ?? ['id'], new Set()))),
          ...(expand.includes('names') ? { names: fieldNames(site) } : {}),
          ...(more ? { nextPageToken: Buffer.from(String(offset + max)).toString('base64url') } : {}),
          isLast: !more,
        },
      };
    });
  } else {
    // Server/DC searches by GET with query parameters, or by POST with the same values in a body
    // (other clients, such as the benchmark's peers, use the POST form).
    const searchDc = (jql: string, startAt: number, maxResults: number, fieldList: string[], expand: string[], userId: string) => {
      const hits = runJql(site, jql, userId);
      if (!Array.isArray(hits)) return hits;
      const fields = wantedFields(site, fieldList, wantedFields(site, ['*navigable'], 'all'));
      return {
        body: {
          expand: 'names,schema', startAt, maxResults, total: hits.length,
          issues: hits.slice(startAt, startAt + maxResults).map((issue) => issueJson(site, issue, fields)),
          ...(expand.includes('names') ? { names: fieldNames(site) } : {}),
        },
      };
    };
    router.on('GET', `${api}/search`, ({ query, userId }) =>
      searchDc(one(query, 'jql') ?? '', int(query, 'startAt', 0), Math.min(int(query, 'maxResults', 50), 1000), many(query, 'fields'), many(query, 'expand'), userId));
    router.on('POST', `${api}/search`, ({ body, userId }) => {
      const request = (body ?? {}) as { jql?: string; startAt?: number; maxResults?: number; fields?: string[]; expand?: string[] };
      return searchDc(request.jql ?? '', request.startAt ?? 0, Math.min(request.maxResults ?? 50, 1000), request.fields ?? [], request.expand ?? [], userId);
    });
  }

  router.on('POST', `${api}/issue`, ({ body, userId }) => {
    const created = createIssue(site, body, userId);
    if (!('issue' in created)) return created;
    return { status: 201, body: { id: created.issue.id, key: created.issue.key, self: `${site.siteUrl}${api}/issue/${created.issue.id}` } };
  });

  router.on('POST', `${api}/issue/bulk`, ({ body, userId }) => {
    const updates = (body as { issueUpdates?: unknown[] } | undefined)?.issueUpdates;
    if (!Array.isArray(updates)) return jiraError(400, 'Issue updates must be a list.');
    if (updates.length > 50) return jiraError(400, 'The maximum number of issues that can be created in one request is 50.');
    const issues: unknown[] = [];
    const errors: unknown[] = [];
    updates.forEach((update, index) => {
      const created = createIssue(site, update, userId);
      if ('issue' in created) issues.push({ id: created.issue.id, key: created.issue.key, self: `${site.siteUrl}${api}/issue/${created.issue.id}` });
      else errors.push({ status: created.status, elementErrors: created.body, failedElementNumber: index });
    });
    return { status: errors.length && !issues.length ? 400 : 201, body: { issues, errors } };
  });

  router.on('PUT', `${api}/issue/{issueIdOrKey}`, ({ params, body, userId }) => {
    const issue = site.findIssue(params.issueIdOrKey!, userId);
    if (!issue) return jiraError(404, NOT_FOUND);
    const request = (body ?? {}) as { fields?: Record<string, unknown>; update?: Record<string, unknown> };
    const draft = structuredClone(issue);
    const screen = screenFor(site, issue.type, 'edit');
    const applied = applyFields(site, draft, request.fields ?? {}, userId, screen);
    const updated = applyUpdate(site, draft, request.update ?? {}, userId, screen);
    const errors = { ...applied.errors, ...updated.errors };
    if (Object.keys(errors).length) return fieldErrors(errors);
    Object.assign(issue, draft);
    site.recordChange(issue, userId, [...applied.items, ...updated.items].filter((entry) => entry.fromString !== entry.toString));
    return { status: 204 };
  });

  router.on('DELETE', `${api}/issue/{issueIdOrKey}`, ({ params, query, userId }) => {
    const issue = site.findIssue(params.issueIdOrKey!, userId);
    if (!issue) return jiraError(404, NOT_FOUND);
    const subtasks = site.data.issues.filter((candidate) => candidate.parent === issue.key);
    if (subtasks.length && one(query, 'deleteSubtasks') !== 'true') {
      return jiraError(400, `The issue has subtasks. To delete it, pass deleteSubtasks=true.`);
    }
    const gone = new Set([issue.key, ...subtasks.map((sub) => sub.key)]);
    site.data.issues = site.data.issues.filter((candidate) => !gone.has(candidate.key));
    site.data.links = site.data.links.filter((link) => !gone.has(link.source) && !gone.has(link.target));
    return { status: 204 };
  });

  router.on('PUT', `${api}/issue/{issueIdOrKey}/assignee`, ({ params, body, userId }) => {
    const issue = site.findIssue(params.issueIdOrKey!, userId);
    if (!issue) return jiraError(404, NOT_FOUND);
    const request = (body ?? {}) as { accountId?: unknown; name?: unknown };
    const ref = site.cloud ? request.accountId : request.name;
    const user = ref === null || ref === undefined ? undefined : site.userFrom(request as Record<string, unknown>);
    if (ref !== null && ref !== undefined && !user) return jiraError(400, site.cloud ? `User with accountId '${String(ref)}' does not exist.` : `User '${String(ref)}' does not exist.`);
    const previous = issue.assignee;
    issue.assignee = user;
    site.recordChange(issue, userId, previous === user ? [] : [{ field: 'assignee', fieldtype: 'jira', fieldId: 'assignee', from: null, fromString: previous ?? null, to: null, toString: user ?? null }]);
    return { status: 204 };
  });

  const changelogPage = (issue: SandboxIssue, startAt: number, maxResults: number) => ({
    self: `${site.siteUrl}${api}/issue/${issue.key}/changelog`, maxResults, startAt, total: issue.history.length,
    isLast: startAt + maxResults >= issue.history.length,
    values: issue.history.slice(startAt, startAt + maxResults).map((history) => historyJson(site, history)),
  });

  if (site.cloud) {
    router.on('GET', `${api}/issue/{issueIdOrKey}/changelog`, ({ params, query, userId }) => {
      const issue = site.findIssue(params.issueIdOrKey!, userId);
      if (!issue) return jiraError(404, NOT_FOUND);
      return { body: changelogPage(issue, int(query, 'startAt', 0), Math.min(int(query, 'maxResults', 100), 100)) };
    });

    router.on('POST', `${api}/changelog/bulkfetch`, ({ body, userId }) => bulkChangelog(site, body, userId));
  }
}

function bulkChangelog(site: JiraSite, body: unknown, userId: string): RouteResponse {
  const request = (body ?? {}) as { issueIdsOrKeys?: string[]; maxResults?: number; nextPageToken?: string; fieldIds?: string[] };
  if (!Array.isArray(request.issueIdsOrKeys) || request.issueIdsOrKeys.length === 0) return jiraError(400, 'issueIdsOrKeys must not be empty.');
  if (request.issueIdsOrKeys.length > 1000) return jiraError(400, 'At most 1000 issues can be requested.');
  const all = request.issueIdsOrKeys.flatMap((ref) => {
    const issue = site.findIssue(ref, userId);
    if (!issue) return [];
    return issue.history.map((history) => ({ issue, history }));
  }).map(({ issue, history }) => ({
    issue,
    history: { ...history, items: history.items.filter((entry) => !request.fieldIds?.length || request.fieldIds.includes(entry.fieldId)) },
  })).filter(({ history }) => history.items.length > 0);
  const offset = request.nextPageToken ? Number(Buffer.from(request.nextPageToken, 'base64url').toString()) : 0;
  const max = Math.min(request.maxResults ?? 1000, 10000);
  const page = all.slice(offset, offset + max);
  const byIssue = new Map<string, unknown[]>();
  for (const { issue, history } of page) {
    const list = byIssue.get(issue.id) ?? [];
    list.push(historyJson(site, history));
    byIssue.set(issue.id, list);
  }
  return {
    body: {
      issueChangeLogs: [...byIssue].map(([issueId, changeHistories]) => ({ issueId, changeHistories })),
      ...(offset + max < all.length ? { nextPageToken: Buffer.from(String(offset + max)).toString('base64url') } : {}),
    },
  };
}

