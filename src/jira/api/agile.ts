import { z } from 'zod';

import type { JiraClient, RawIssue } from '../client.js';

// Jira Software's agile API (/rest/agile/1.0): the same paths on Cloud and Server/DC.

export const board = z.object({
  id: z.number(),
  name: z.string(),
  type: z.string(),
  location: z.object({ projectKey: z.string().optional(), projectName: z.string().optional() }).optional(),
});
export type Board = z.infer<typeof board>;

export const sprint = z.object({
  id: z.number(),
  name: z.string(),
  state: z.string(),
  startDate: z.string().optional(),
  endDate: z.string().optional(),
  completeDate: z.string().optional(),
  goal: z.string().optional(),
  originBoardId: z.number().optional(),
});
export type Sprint = z.infer<typeof sprint>;

const page = <T extends z.ZodType>(item: T) => z.object({ values: z.array(item), total: z.number().optional(), isLast: z.boolean().optional() });

const issuePage = z.object({
  issues: z.array(z.object({ id: z.string(), key: z.string(), fields: z.record(z.string(), z.unknown()).default({}) })),
  total: z.number().optional(),
});

export function listBoards(client: JiraClient, options: { name?: string; projectKey?: string; type?: string; startAt: number; maxResults: number; signal?: AbortSignal }) {
  return client.call(page(board), {
    path: `${client.agile}/board`,
    searchParams: { name: options.name, projectKeyOrId: options.projectKey, type: options.type, startAt: options.startAt, maxResults: options.maxResults },
    subject: 'the board list', signal: options.signal,
  });
}

export function getBoard(client: JiraClient, boardId: number, signal?: AbortSignal) {
  return client.call(board, { path: `${client.agile}/board/${boardId}`, subject: `board ${boardId}`, signal });
}

/** Issues of a board or a sprint, scoped by JIRA_PROJECTS_FILTER through the `jql` parameter. */
export async function listAgileIssues(client: JiraClient, where: { boardId?: number; sprintId?: number }, options: { jql?: string; fields: string[]; startAt: number; maxResults: number; signal?: AbortSignal }): Promise<{ issues: RawIssue[]; total?: number }> {
  const path = where.boardId !== undefined ? `${client.agile}/board/${where.boardId}/issue` : `${client.agile}/sprint/${where.sprintId}/issue`;
  const jql = options.jql ? client.scopeJql(options.jql) : client.projectClause();
  return client.call(issuePage, {
    path,
    searchParams: { jql, fields: options.fields.join(','), startAt: options.startAt, maxResults: options.maxResults },
    subject: where.boardId !== undefined ? `board ${where.boardId}` : `sprint ${where.sprintId}`, signal: options.signal,
  });
}

export function listSprints(client: JiraClient, boardId: number, options: { state?: string; startAt: number; maxResults: number; signal?: AbortSignal }) {
  return client.call(page(sprint), {
    path: `${client.agile}/board/${boardId}/sprint`,
    searchParams: { state: options.state, startAt: options.startAt, maxResults: options.maxResults },
    subject: `board ${boardId}`, signal: options.signal,
  });
}

export function getSprint(client: JiraClient, sprintId: number, signal?: AbortSignal) {
  return client.call(sprint, { path: `${client.agile}/sprint/${sprintId}`, subject: `sprint ${sprintId}`, signal });
}

export function createSprint(client: JiraClient, body: Record<string, unknown>, signal?: AbortSignal) {
  return client.call(sprint, { method: 'POST', path: `${client.agile}/sprint`, json: body, subject: 'the new sprint', signal });
}

/** A partial update: only the properties sent change. */
export function updateSprint(client: JiraClient, sprintId: number, body: Record<string, unknown>, signal?: AbortSignal) {
  return client.call(sprint, { method: 'POST', path: `${client.agile}/sprint/${sprintId}`, json: body, subject: `sprint ${sprintId}`, signal });
}

export function moveToSprint(client: JiraClient, sprintId: number, issueKeys: string[], signal?: AbortSignal) {
  return client.send({ method: 'POST', path: `${client.agile}/sprint/${sprintId}/issue`, json: { issues: issueKeys }, subject: `sprint ${sprintId}`, signal });
}

export function moveToBacklog(client: JiraClient, issueKeys: string[], signal?: AbortSignal) {
  return client.send({ method: 'POST', path: `${client.agile}/backlog/issue`, json: { issues: issueKeys }, subject: 'the backlog', signal });
}
