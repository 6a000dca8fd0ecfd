import { one } from '../router.js';
import { LINK_TYPES } from './catalog.js';
import { worklogJson } from './render.js';
import { NOT_FOUND, failed, fieldErrors, jiraError, now, parseDuration } from './site.js';

import type { SandboxIssue } from '../data/jira.js';
import type { RouteResponse, Router } from '../router.js';
import type { JiraSite } from './site.js';

// Issue links, remote links and worklogs.

export function linkRoutes(site: JiraSite, router: Router): void {
  const { api } = site;
  const withIssue = (key: string, userId: string, then: (issue: SandboxIssue) => RouteResponse): RouteResponse => {
    const issue = site.findIssue(key, userId);
    return issue ? then(issue) : jiraError(404, NOT_FOUND);
  };

  router.on('POST', `${api}/issueLink`, ({ body, userId }) => {
    const request = (body ?? {}) as { type?: { name?: string; id?: string }; inwardIssue?: { key?: string }; outwardIssue?: { key?: string }; comment?: { body?: unknown } };
    const type = LINK_TYPES.find((candidate) => candidate.name.toLowerCase() === request.type?.name?.toLowerCase() || candidate.id === request.type?.id);
    if (!type) return jiraError(404, `No issue link type with name '${request.type?.name ?? request.type?.id}' found.`);
    const inward = site.findIssue(request.inwardIssue?.key ?? '', userId);
    const outward = site.findIssue(request.outwardIssue?.key ?? '', userId);
    if (!inward || !outward) return jiraError(404, `Issue does not exist or you do not have permission to see it: ${!inward ? request.inwardIssue?.key : request.outwardIssue?.key}.`);
    if (inward.key === outward.key) return jiraError(400, 'You cannot link an issue to itself.');
    if (request.comment?.body !== undefined) {
      const rich = site.richIn(request.comment.body, 'comment');
      if (rich === null) return fieldErrors({ comment: 'Comment body can not be empty!' });
      if (failed(rich)) return rich;
      const created = now();
      outward.comments.push({ id: site.nextId(), author: userId, created, updated: created, body: rich });
    }
    // The outward issue is the "from" issue (Jira's documentation): outwardIssue blocks inwardIssue.
    site.data.links.push({ id: site.nextId(), type: type.name, source: outward.key, target: inward.key });
    return { status: 201 };
  });

  router.on('DELETE', `${api}/issueLink/{linkId}`, ({ params, userId }) => {
    const link = site.data.links.find((candidate) => candidate.id === params.linkId);
    if (!link || !site.findIssue(link.source, userId) || !site.findIssue(link.target, userId)) return jiraError(404, `No issue link with id '${params.linkId}' exists.`);
    site.data.links = site.data.links.filter((candidate) => candidate !== link);
    return { status: 204 };
  });

  router.on('GET', `${api}/issueLink/{linkId}`, ({ params, userId }) => {
    const link = site.data.links.find((candidate) => candidate.id === params.linkId);
    if (!link || !site.findIssue(link.source, userId) || !site.findIssue(link.target, userId)) return jiraError(404, `No issue link with id '${params.linkId}' exists.`);
    const type = LINK_TYPES.find((candidate) => candidate.name === link.type)!;
    const ref = (key: string) => ({ key, id: site.findIssue(key, userId)!.id });
    return { body: { id: link.id, type, outwardIssue: ref(link.source), inwardIssue: ref(link.target) } };
  });

  router.on('GET', `${api}/issue/{issueIdOrKey}/remotelink`, ({ params, query, userId }) => withIssue(params.issueIdOrKey!, userId, (issue) => {
    const globalId = one(query, 'globalId');
    return {
      body: issue.remoteLinks.filter((link) => !globalId || link.globalId === globalId).map((link) => ({
        id: link.id, self: `${site.siteUrl}${api}/issue/${issue.key}/remotelink/${link.id}`, ...(link.globalId ? { globalId: link.globalId } : {}),
        ...(link.relationship ? { relationship: link.relationship } : {}),
        object: { url: link.url, title: link.title, ...(link.summary ? { summary: link.summary } : {}), icon: link.iconUrl ? { url16x16: link.iconUrl } : {} },
      })),
    };
  }));

  router.on('POST', `${api}/issue/{issueIdOrKey}/remotelink`, ({ params, body, userId }) => withIssue(params.issueIdOrKey!, userId, (issue) => {
    const request = (body ?? {}) as { globalId?: string; relationship?: string; object?: { url?: string; title?: string; summary?: string; icon?: { url16x16?: string } } };
    if (!request.object?.url || !/^https?:\/\//.test(request.object.url)) return fieldErrors({ url: 'Remote link url must be a valid URL.' });
    if (!request.object.title) return fieldErrors({ title: 'Remote link title is required.' });
    const existing = request.globalId ? issue.remoteLinks.find((link) => link.globalId === request.globalId) : undefined;
    const link = existing ?? { id: Number(site.nextId()), url: '', title: '' };
    Object.assign(link, { globalId: request.globalId, url: request.object.url, title: request.object.title, summary: request.object.summary,
      relationship: request.relationship, iconUrl: request.object.icon?.url16x16 });
    if (!existing) issue.remoteLinks.push(link);
    return { status: existing ? 200 : 201, body: { id: link.id, self: `${site.siteUrl}${api}/issue/${issue.key}/remotelink/${link.id}` } };
  }));

  router.on('GET', `${api}/issue/{issueIdOrKey}/worklog`, ({ params, query, userId }) => withIssue(params.issueIdOrKey!, userId, (issue) => {
    // Server/DC documents no paging here and answers with every worklog.
    const startAt = site.cloud ? Number(one(query, 'startAt') ?? 0) : 0;
    const maxResults = site.cloud ? Math.min(Number(one(query, 'maxResults') ?? 5000), 5000) : issue.worklogs.length;
    return {
      body: { startAt, maxResults, total: issue.worklogs.length, worklogs: issue.worklogs.slice(startAt, startAt + maxResults).map((w) => worklogJson(site, issue, w)) },
    };
  }));

  router.on('POST', `${api}/issue/{issueIdOrKey}/worklog`, ({ params, body, userId }) => withIssue(params.issueIdOrKey!, userId, (issue) => {
    const request = (body ?? {}) as { timeSpent?: string; timeSpentSeconds?: number; started?: string; comment?: unknown };
    const seconds = request.timeSpentSeconds ?? (request.timeSpent ? parseDuration(request.timeSpent) : undefined);
    if (!seconds) return fieldErrors({ timeLogged: 'Invalid time duration entered.' });
    if (request.started !== undefined && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/.test(request.started)) {
      return fieldErrors({ started: 'Invalid date format. Please enter the date in the format "yyyy-MM-dd\'T\'HH:mm:ss.SSSZ".' });
    }
    const comment = request.comment === undefined ? null : site.richIn(request.comment, 'comment');
    if (failed(comment)) return comment;
    const created = now();
    const worklog = { id: site.nextId(), author: userId, started: request.started ?? created, created, timeSpentSeconds: seconds, comment };
    issue.worklogs.push(worklog);
    issue.updated = created;
    return { status: 201, body: worklogJson(site, issue, worklog) };
  }));

  router.on('DELETE', `${api}/issue/{issueIdOrKey}/worklog/{id}`, ({ params, userId }) => withIssue(params.issueIdOrKey!, userId, (issue) => {
    const worklog = issue.worklogs.find((candidate) => candidate.id === params.id);
    if (!worklog) return jiraError(404, `Cannot find worklog with id: ${params.id}.`);
    if (worklog.author !== userId) return jiraError(403, 'You do not have the permission to delete this worklog.');
    issue.worklogs = issue.worklogs.filter((candidate) => candidate !== worklog);
    return { status: 204 };
  }));
}
