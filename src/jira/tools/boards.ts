import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { pageSummary, shortDate, untrusted } from '../../mcp/result.js';
import { getBoard, listAgileIssues, listBoards, listSprints } from '../api/agile.js';
import { ROW_FIELDS } from '../format.js';
import { fieldList, jira, projectKeyArg } from './common.js';
import { fieldsArg, issueList, issueListOutput } from './issues.js';
import { cursorArg, makeCursor, readCursor } from './paging.js';

import type { ToolContext } from '../../mcp/define-tool.js';
import type { Sprint } from '../api/agile.js';

// Reading boards and sprints: which boards exist, their issues, their sprints and a sprint's issues.

export const boardIdArg = z.number().int().positive().describe('Board id, e.g. 1');
export const sprintIdArg = z.number().int().positive().describe('Sprint id, e.g. 42');
const limitArg = z.number().int().min(1).max(100).default(20).describe('Items to return');

export function sprintLine(sprint: Sprint): string {
  const dates = sprint.startDate || sprint.endDate ? ` · ${shortDate(sprint.startDate) || '?'} → ${shortDate(sprint.endDate) || '?'}` : '';
  return `- ${sprint.id}: ${sprint.name} · ${sprint.state}${dates}${sprint.goal ? ` · goal: ${sprint.goal}` : ''}`;
}

export function sprintData(sprint: Sprint) {
  return { id: sprint.id, name: sprint.name, state: sprint.state, ...(sprint.startDate ? { start: sprint.startDate } : {}), ...(sprint.endDate ? { end: sprint.endDate } : {}), ...(sprint.goal ? { goal: sprint.goal } : {}) };
}

export const sprintShape = z.object({ id: z.number(), name: z.string(), state: z.string(), start: z.string().optional(), end: z.string().optional(), goal: z.string().optional() });

export const jiraGetAgileBoards = defineTool({
  name: 'jira_get_agile_boards',
  title: 'List agile boards',
  description: 'Scrum and kanban boards by name, project or type; their ids feed the agile tools.',
  product: 'jira',
  toolset: 'jira_agile',
  kind: 'read',
  input: {
    board_name: z.string().optional().describe('Part of the board name, e.g. \'platform\''),
    project_key: projectKeyArg.optional(),
    board_type: z.enum(['scrum', 'kanban']).optional().describe('Board type, e.g. \'scrum\''),
    limit: limitArg,
    cursor: cursorArg,
  },
  output: {
    boards: z.array(z.object({ id: z.number(), name: z.string(), type: z.string(), project: z.string().optional() })),
    returned: z.number(),
    cursor: z.string().optional(),
  },
  async handler({ board_name, project_key, board_type, limit, cursor }, context) {
    const client = jira(context);
    if (project_key) client.assertProjectAllowed(project_key);
    const binding = [board_name ?? '', project_key ?? '', board_type ?? ''];
    const { startAt } = readCursor('jira_get_agile_boards', cursor, binding);
    const page = await listBoards(client, { name: board_name, projectKey: project_key?.toUpperCase(), type: board_type, startAt, maxResults: limit, signal: context.signal });
    // Boards of projects outside JIRA_PROJECTS_FILTER are not shown.
    const allowed = client.allowedProjects;
    const boards = page.values.filter((b) => !allowed.length || (b.location?.projectKey !== undefined && allowed.includes(b.location.projectKey)))
      .map((b) => ({ id: b.id, name: b.name, type: b.type, ...(b.location?.projectKey ? { project: b.location.projectKey } : {}) }));
    const more = page.isLast === false || (page.total !== undefined && startAt + page.values.length < page.total);
    const next = makeCursor('jira_get_agile_boards', binding, more ? { startAt: startAt + page.values.length } : undefined);
    const lines = boards.map((b) => `- ${b.id}: ${b.name} · ${b.type}${b.project ? ` · ${b.project}` : ''}`);
    return { text: [...lines, pageSummary(boards.length, 'board', next)].join('\n'), data: { boards, returned: boards.length, ...(next ? { cursor: next } : {}) } };
  },
});

async function agileIssues(tool: string, context: ToolContext, where: { boardId?: number; sprintId?: number }, args: { jql?: string; fields?: string; limit: number; cursor?: string }) {
  const client = jira(context);
  const requested = fieldList(args.fields);
  const binding = [where, args.jql ?? '', requested];
  const { startAt } = readCursor(tool, args.cursor, binding);
  const page = await listAgileIssues(client, where, {
    jql: args.jql, fields: [...new Set([...ROW_FIELDS, 'project', ...requested])], startAt, maxResults: args.limit, signal: context.signal,
  });
  const more = page.total !== undefined ? startAt + page.issues.length < page.total : page.issues.length === args.limit;
  const next = makeCursor(tool, binding, more && page.issues.length ? { startAt: startAt + page.issues.length } : undefined);
  return issueList(page.issues, requested, {}, next, page.total);
}

export const jiraGetBoardIssues = defineTool({
  name: 'jira_get_board_issues',
  title: 'List a board\'s issues',
  description: 'Issues on a board (backlog and sprints), optionally filtered by JQL.',
  product: 'jira',
  toolset: 'jira_agile',
  kind: 'read',
  input: {
    board_id: boardIdArg,
    jql: z.string().optional().describe('Extra JQL filter, e.g. \'assignee = currentUser()\''),
    fields: fieldsArg,
    limit: limitArg,
    cursor: cursorArg,
  },
  output: issueListOutput,
  handler: ({ board_id, ...args }, context) => agileIssues('jira_get_board_issues', context, { boardId: board_id }, args),
});

export const jiraGetSprintsFromBoard = defineTool({
  name: 'jira_get_sprints_from_board',
  title: 'List a board\'s sprints',
  description: 'Sprints of a scrum board with state, dates and goal.',
  product: 'jira',
  toolset: 'jira_agile',
  kind: 'read',
  input: {
    board_id: boardIdArg,
    state: z.enum(['future', 'active', 'closed']).optional().describe('Only sprints in this state, e.g. \'active\''),
    limit: limitArg,
    cursor: cursorArg,
  },
  output: { sprints: z.array(sprintShape), returned: z.number(), cursor: z.string().optional() },
  async handler({ board_id, state, limit, cursor }, context) {
    const client = jira(context);
    // Sprint names and goals belong to the board's project: JIRA_PROJECTS_FILTER applies to them too.
    if (context.config.jiraProjectsFilter.length > 0) {
      const board = await getBoard(client, board_id, context.signal);
      if (board.location?.projectKey) client.assertProjectAllowed(board.location.projectKey);
    }
    const binding = [board_id, state ?? ''];
    const { startAt } = readCursor('jira_get_sprints_from_board', cursor, binding);
    const page = await listSprints(client, board_id, { state, startAt, maxResults: limit, signal: context.signal });
    const more = page.isLast === false;
    const next = makeCursor('jira_get_sprints_from_board', binding, more ? { startAt: startAt + page.values.length } : undefined);
    return {
      text: `${page.values.length ? `${untrusted(`Jira board ${board_id} sprints`, page.values.map(sprintLine).join('\n'))}\n` : ''}${pageSummary(page.values.length, 'sprint', next)}`,
      data: { sprints: page.values.map(sprintData), returned: page.values.length, ...(next ? { cursor: next } : {}) },
    };
  },
});

export const jiraGetSprintIssues = defineTool({
  name: 'jira_get_sprint_issues',
  title: 'List a sprint\'s issues',
  description: 'Issues in a sprint, one line each with status and assignee.',
  product: 'jira',
  toolset: 'jira_agile',
  kind: 'read',
  input: { sprint_id: sprintIdArg, fields: fieldsArg, limit: limitArg, cursor: cursorArg },
  output: issueListOutput,
  handler: ({ sprint_id, ...args }, context) => agileIssues('jira_get_sprint_issues', context, { sprintId: sprint_id }, args),
});
