import { int, one } from '../router.js';
import { applyFields, resolutionByRef, screenFor } from './apply.js';
import { RESOLUTIONS, TRANSITIONS } from './catalog.js';
import { commentJson } from './render.js';
import { NOT_FOUND, failed, fieldErrors, jiraError, now } from './site.js';

import type { SandboxComment, SandboxIssue } from '../data/jira.js';
import type { RouteResponse, Router } from '../router.js';
import type { JiraSite } from './site.js';

// Comments (list, add, edit, delete, with role/group visibility) and workflow transitions (list the
// ones available from the current status, perform one with a resolution, fields and a comment).

const ROLES = ['Administrators', 'Developers', 'Users'];
const GROUPS = ['jira-software-users', 'jira-administrators', 'site-admins'];

function visibilityFrom(raw: unknown): SandboxComment['visibility'] | RouteResponse | undefined {
  if (raw === undefined || raw === null) return undefined;
  const visibility = raw as { type?: string; value?: string; identifier?: string };
  const value = visibility.value ?? visibility.identifier ?? '';
  if (visibility.type === 'role' && ROLES.includes(value)) return { type: 'role', value };
  if (visibility.type === 'group' && GROUPS.includes(value)) return { type: 'group', value };
  return jiraError(400, visibility.type === 'group' ? `Group: ${value} does not exist.` : `You are currently not a member of the project role: ${value}.`);
}

function newComment(site: JiraSite, body: unknown, userId: string): SandboxComment | RouteResponse {
  const request = (body ?? {}) as { body?: unknown; visibility?: unknown };
  if (request.body === undefined || request.body === '') return fieldErrors({ comment: 'Comment body can not be empty!' });
  const rich = site.richIn(request.body, 'comment');
  if (rich === null) return fieldErrors({ comment: 'Comment body can not be empty!' });
  if (failed(rich)) return rich;
  const visibility = visibilityFrom(request.visibility);
  if (failed(visibility)) return visibility;
  const created = now();
  return { id: site.nextId(), author: userId, created, updated: created, body: rich, ...(visibility ? { visibility } : {}) };
}

export function commentRoutes(site: JiraSite, router: Router): void {
  const { api } = site;
  const withIssue = (key: string, userId: string, then: (issue: SandboxIssue) => RouteResponse): RouteResponse => {
    const issue = site.findIssue(key, userId);
    return issue ? then(issue) : jiraError(404, NOT_FOUND);
  };

  router.on('GET', `${api}/issue/{issueIdOrKey}/comment`, ({ params, query, userId }) => withIssue(params.issueIdOrKey!, userId, (issue) => {
    const startAt = int(query, 'startAt', 0);
    const maxResults = Math.min(int(query, 'maxResults', site.cloud ? 100 : 5000), 5000);
    const ordered = one(query, 'orderBy') === '-created' ? [...issue.comments].reverse() : issue.comments;
    return {
      body: {
        startAt, maxResults, total: issue.comments.length,
        comments: ordered.slice(startAt, startAt + maxResults).map((comment) => commentJson(site, issue, comment)),
      },
    };
  }));

  router.on('POST', `${api}/issue/{issueIdOrKey}/comment`, ({ params, body, userId }) => withIssue(params.issueIdOrKey!, userId, (issue) => {
    const comment = newComment(site, body, userId);
    if (failed(comment)) return comment;
    issue.comments.push(comment);
    issue.updated = comment.created;
    return { status: 201, body: commentJson(site, issue, comment) };
  }));

  const findComment = (issue: SandboxIssue, id: string) => issue.comments.find((comment) => comment.id === id);

  router.on('GET', `${api}/issue/{issueIdOrKey}/comment/{id}`, ({ params, userId }) => withIssue(params.issueIdOrKey!, userId, (issue) => {
    const comment = findComment(issue, params.id!);
    return comment ? { body: commentJson(site, issue, comment) } : jiraError(404, `Can not find a comment for the id: ${params.id}.`);
  }));

  router.on('PUT', `${api}/issue/{issueIdOrKey}/comment/{id}`, ({ params, body, userId }) => withIssue(params.issueIdOrKey!, userId, (issue) => {
    const comment = findComment(issue, params.id!);
    if (!comment) return jiraError(404, `Can not find a comment for the id: ${params.id}.`);
    if (comment.author !== userId) return jiraError(403, 'You do not have the permission to edit this comment.');
    const replacement = newComment(site, body, userId);
    if (failed(replacement)) return replacement;
    Object.assign(comment, { body: replacement.body, updated: replacement.updated, visibility: replacement.visibility });
    return { body: commentJson(site, issue, comment) };
  }));

  router.on('DELETE', `${api}/issue/{issueIdOrKey}/comment/{id}`, ({ params, userId }) => withIssue(params.issueIdOrKey!, userId, (issue) => {
    const comment = findComment(issue, params.id!);
    if (!comment) return jiraError(404, `Can not find a comment for the id: ${params.id}.`);
    if (comment.author !== userId) return jiraError(403, 'You do not have the permission to delete this comment.');
    issue.comments = issue.comments.filter((candidate) => candidate !== comment);
    return { status: 204 };
  }));

  router.on('GET', `${api}/issue/{issueIdOrKey}/transitions`, ({ params, query, userId }) => withIssue(params.issueIdOrKey!, userId, (issue) => {
    const withFields = site.cloud && one(query, 'expand')?.split(',').includes('transitions.fields');
    const transitions = TRANSITIONS.filter((transition) => transition.from.includes(issue.status)).map((transition) => ({
      id: transition.id, name: transition.name, to: site.statusJson(transition.to), hasScreen: Boolean(transition.resolution),
      isGlobal: false, isInitial: false, isAvailable: true, isConditional: false,
      ...(withFields ? {
        fields: transition.resolution ? {
          resolution: { required: true, schema: { type: 'resolution', system: 'resolution' }, name: 'Resolution', key: 'resolution', operations: ['set'],
            allowedValues: RESOLUTIONS.map((resolution) => ({ id: resolution.id, name: resolution.name })) },
        } : {},
      } : {}),
    }));
    return { body: { expand: 'transitions', transitions } };
  }));

  router.on('POST', `${api}/issue/{issueIdOrKey}/transitions`, ({ params, body, userId }) => withIssue(params.issueIdOrKey!, userId, (issue) => {
    const request = (body ?? {}) as { transition?: { id?: string }; fields?: Record<string, unknown>; update?: { comment?: { add?: { body?: unknown } }[] } };
    const transition = TRANSITIONS.find((candidate) => candidate.id === String(request.transition?.id ?? ''));
    if (!transition || !transition.from.includes(issue.status)) {
      return jiraError(400, `Transition id '${String(request.transition?.id)}' is not valid for this issue.`);
    }
    const { resolution: resolutionRef, ...fields } = request.fields ?? {};
    const resolution = resolutionRef === undefined ? undefined : resolutionByRef(resolutionRef);
    if (resolutionRef !== undefined && !transition.resolution) return fieldErrors({ resolution: 'Field \'resolution\' cannot be set. It is not on the appropriate screen, or unknown.' });
    if (transition.resolution && !resolution) return fieldErrors({ resolution: resolutionRef === undefined ? 'Resolution is required.' : 'Could not find a resolution by that name or id.' });
    const draft = structuredClone(issue);
    const applied = applyFields(site, draft, fields, userId, screenFor(site, issue.type, 'edit'));
    if (Object.keys(applied.errors).length) return fieldErrors(applied.errors);
    const comments: SandboxComment[] = [];
    for (const operation of request.update?.comment ?? []) {
      const comment = newComment(site, operation.add ?? {}, userId);
      if (failed(comment)) return comment;
      comments.push(comment);
    }
    Object.assign(issue, draft);
    const from = issue.status;
    issue.status = transition.to;
    issue.resolution = transition.to === 'Done' ? resolution?.name : undefined;
    issue.comments.push(...comments);
    site.recordChange(issue, userId, [
      { field: 'status', fieldtype: 'jira', fieldId: 'status', from: null, fromString: from, to: null, toString: transition.to },
      ...(resolution ? [{ field: 'resolution', fieldtype: 'jira' as const, fieldId: 'resolution', from: null, fromString: null, to: resolution.id, toString: resolution.name }] : []),
      ...applied.items,
    ]);
    return { status: 204 };
  }));
}
