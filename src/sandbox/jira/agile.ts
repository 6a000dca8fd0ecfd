import { int, many, one } from '../router.js';
import { runJql } from './jql.js';
import { issueJson, sprintJson, wantedFields } from './render.js';
import { jiraError } from './site.js';

import type { SandboxIssue } from '../data/jira.js';
import type { RouteResponse, Router } from '../router.js';
import type { JiraSite } from './site.js';

// Jira Software's agile API (/rest/agile/1.0, the same on both flavors): boards, their issues and
// sprints, sprint create/update, moving issues into a sprint or back to the backlog.

export function agileRoutes(site: JiraSite, router: Router): void {
  const { agile } = site;
  const page = <T>(items: T[], query: Record<string, string | string[]>, fallback = 50) => {
    const startAt = int(query, 'startAt', 0);
    const maxResults = Math.min(int(query, 'maxResults', fallback), 100);
    return { maxResults, startAt, total: items.length, isLast: startAt + maxResults >= items.length, values: items.slice(startAt, startAt + maxResults) };
  };
  const board = (id: string, userId: string) => {
    const found = site.data.boards.find((candidate) => String(candidate.id) === id);
    return found && site.project(found.project, userId) ? found : undefined;
  };
  const boardJson = (b: (typeof site.data.boards)[number]) => {
    const project = site.data.projects.find((p) => p.key === b.project)!;
    return {
      id: b.id, self: `${site.siteUrl}${agile}/board/${b.id}`, name: b.name, type: b.type,
      location: { projectId: Number(project.id), displayName: `${project.name} (${project.key})`, projectName: project.name, projectKey: project.key, projectTypeKey: 'software', name: `${project.name} (${project.key})` },
    };
  };
  const issuesPage = (issues: SandboxIssue[], query: Record<string, string | string[]>, userId: string): RouteResponse => {
    const jql = one(query, 'jql');
    const hits = jql ? runJql(site, jql, userId, issues) : issues.filter((issue) => site.visible(issue, userId));
    if (!Array.isArray(hits)) return hits;
    const startAt = int(query, 'startAt', 0);
    const maxResults = Math.min(int(query, 'maxResults', 50), 100);
    const fields = wantedFields(site, many(query, 'fields'), wantedFields(site, ['*navigable'], 'all'));
    return {
      body: {
        expand: 'schema,names', startAt, maxResults, total: hits.length,
        issues: hits.slice(startAt, startAt + maxResults).map((issue) => issueJson(site, issue, fields)),
      },
    };
  };
  const missingBoard = (id: string) => jiraError(404, `Board with id ${id} does not exist or you do not have permission to see it.`);
  const missingSprint = (id: string) => jiraError(404, `Sprint with id ${id} does not exist or you do not have permission to see it.`);

  router.on('GET', `${agile}/board`, ({ query, userId }) => {
    const project = one(query, 'projectKeyOrId')?.toUpperCase();
    const type = one(query, 'type');
    const name = one(query, 'name')?.toLowerCase();
    if (project && !site.project(project, userId)) return jiraError(400, `No project could be found with key '${project}'.`);
    const boards = site.data.boards.filter((b) => site.project(b.project, userId) &&
      (!project || b.project === project || site.data.projects.find((p) => p.key === b.project)?.id === project) &&
      (!type || type.split(',').includes(b.type)) && (!name || b.name.toLowerCase().includes(name)));
    return { body: page(boards.map(boardJson), query) };
  });

  router.on('GET', `${agile}/board/{boardId}`, ({ params, userId }) => {
    const found = board(params.boardId!, userId);
    return found ? { body: boardJson(found) } : missingBoard(params.boardId!);
  });

  router.on('GET', `${agile}/sprint/{sprintId}`, ({ params, userId }) => {
    const sprint = site.data.sprints.find((s) => String(s.id) === params.sprintId && board(String(s.boardId), userId));
    return sprint ? { body: sprintJson(site, sprint.id) } : missingSprint(params.sprintId!);
  });

  router.on('GET', `${agile}/board/{boardId}/issue`, ({ params, query, userId }) => {
    const found = board(params.boardId!, userId);
    if (!found) return missingBoard(params.boardId!);
    return issuesPage(site.data.issues.filter((issue) => issue.project === found.project).sort((a, b) => b.updated.localeCompare(a.updated)), query, userId);
  });

  router.on('GET', `${agile}/board/{boardId}/sprint`, ({ params, query, userId }) => {
    const found = board(params.boardId!, userId);
    if (!found) return missingBoard(params.boardId!);
    if (found.type !== 'scrum') return jiraError(400, 'The board does not support sprints');
    const states = many(query, 'state');
    const sprints = site.data.sprints.filter((s) => s.boardId === found.id && (!states.length || states.includes(s.state)));
    return { body: page(sprints.map((s) => sprintJson(site, s.id)), query) };
  });

  router.on('GET', `${agile}/sprint/{sprintId}/issue`, ({ params, query, userId }) => {
    const sprint = site.data.sprints.find((s) => String(s.id) === params.sprintId && board(String(s.boardId), userId));
    if (!sprint) return missingSprint(params.sprintId!);
    return issuesPage(site.data.issues.filter((issue) => issue.sprints.includes(sprint.id)), query, userId);
  });

  router.on('POST', `${agile}/sprint`, ({ body, userId }) => {
    const request = (body ?? {}) as { name?: string; originBoardId?: number; startDate?: string; endDate?: string; goal?: string };
    const found = board(String(request.originBoardId), userId);
    if (!found) return jiraError(400, 'originBoardId: Board does not exist or you do not have permission to see it.');
    if (found.type !== 'scrum') return jiraError(400, 'The board does not support sprints');
    if (!request.name?.trim()) return { status: 400, body: { errorMessages: [], errors: { name: 'Sprint name is required.' } } };
    if (request.name.length > 30) return { status: 400, body: { errorMessages: [], errors: { name: 'Sprint name must be 30 characters or fewer.' } } };
    const sprint = { id: Number(site.nextId()), boardId: found.id, name: request.name, state: 'future' as const,
      startDate: request.startDate, endDate: request.endDate, goal: request.goal };
    site.data.sprints.push(sprint);
    return { status: 201, body: sprintJson(site, sprint.id) };
  });

  router.on('POST', `${agile}/sprint/{sprintId}`, ({ params, body, userId }) => {
    const sprint = site.data.sprints.find((s) => String(s.id) === params.sprintId && board(String(s.boardId), userId));
    if (!sprint) return missingSprint(params.sprintId!);
    const request = (body ?? {}) as { name?: string; state?: string; startDate?: string; endDate?: string; goal?: string };
    if (sprint.state === 'closed') return jiraError(400, 'A closed sprint cannot be updated.');
    const next = { ...sprint, ...Object.fromEntries(Object.entries(request).filter(([key, value]) => ['name', 'startDate', 'endDate', 'goal'].includes(key) && value !== undefined)) };
    if (request.state && request.state !== sprint.state) {
      const allowed = { future: 'active', active: 'closed' } as Record<string, string>;
      if (allowed[sprint.state] !== request.state) return jiraError(400, `A sprint cannot move from ${sprint.state} to ${request.state}.`);
      if (request.state === 'active' && (!next.startDate || !next.endDate)) return jiraError(400, 'A sprint needs a start and end date to be started.');
      if (request.state === 'active' && site.data.sprints.some((s) => s.boardId === sprint.boardId && s.state === 'active')) {
        return jiraError(400, 'Another sprint is already active on this board.');
      }
      next.state = request.state as typeof sprint.state;
      if (request.state === 'closed') next.completeDate = new Date().toISOString();
    }
    Object.assign(sprint, next);
    return { body: sprintJson(site, sprint.id) };
  });

  const moveIssues = (body: unknown, userId: string, apply: (issue: SandboxIssue) => void): RouteResponse => {
    const keys = (body as { issues?: unknown } | undefined)?.issues;
    if (!Array.isArray(keys) || keys.length === 0) return jiraError(400, 'issues: at least one issue is required.');
    if (keys.length > 50) return jiraError(400, 'issues: at most 50 issues can be moved at once.');
    const issues = keys.map((key) => site.findIssue(String(key), userId));
    const missing = keys.filter((_, index) => !issues[index]);
    if (missing.length) return jiraError(400, `Issues do not exist or you do not have permission to see them: ${missing.join(', ')}.`);
    issues.forEach((issue) => apply(issue!));
    return { status: 204 };
  };

  router.on('POST', `${agile}/sprint/{sprintId}/issue`, ({ params, body, userId }) => {
    const sprint = site.data.sprints.find((s) => String(s.id) === params.sprintId && board(String(s.boardId), userId));
    if (!sprint) return missingSprint(params.sprintId!);
    if (sprint.state === 'closed') return jiraError(400, 'Issues cannot be moved to a closed sprint.');
    return moveIssues(body, userId, (issue) => {
      const open = new Set(site.data.sprints.filter((s) => s.state !== 'closed').map((s) => s.id));
      issue.sprints = [...issue.sprints.filter((id) => !open.has(id)), sprint.id];
    });
  });

  router.on('POST', `${agile}/backlog/issue`, ({ body, userId }) => moveIssues(body, userId, (issue) => {
    const open = new Set(site.data.sprints.filter((s) => s.state !== 'closed').map((s) => s.id));
    issue.sprints = issue.sprints.filter((id) => !open.has(id));
  }));
}
