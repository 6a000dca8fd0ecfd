import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { createSprint, getBoard, getSprint, moveToBacklog, moveToSprint, updateSprint } from '../api/agile.js';
import { ISSUE_KEY, jira, matching, writeOutput, writeText } from './common.js';
import { boardIdArg, sprintData, sprintIdArg, sprintLine } from './boards.js';

import type { JiraClient } from '../client.js';

// Changing sprints and what is in them.

const dateArg = (example: string) => z.string().optional().describe(`Date or date-time, e.g. '${example}'`);
const issueKeysArg = z.array(matching(ISSUE_KEY, 'an issue key like PROJ-123')).min(1).max(50).describe('Issue keys, e.g. [\'PROJ-1\',\'PROJ-2\']');

/** A caller's date ('2026-11-02' or a full date-time) as the ISO date-time the agile API takes. */
function isoDate(value: string | undefined, argument: string): string | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new ToolInputError(`${argument}: '${value}' is not a date; use e.g. '2026-11-02' or '2026-11-02T09:00:00+01:00'`);
  return date.toISOString();
}

function sprintUrl(client: JiraClient, boardId: number | undefined, sprintId: number): string {
  return boardId ? `${client.http.config.url}/secure/RapidBoard.jspa?rapidView=${boardId}&sprint=${sprintId}` : `${client.http.config.url}/secure/RapidBoard.jspa`;
}

export const jiraCreateSprint = defineTool({
  name: 'jira_create_sprint',
  title: 'Create a sprint',
  description: 'Create a future sprint on a scrum board (start it with jira_update_sprint).',
  product: 'jira',
  toolset: 'jira_agile',
  kind: 'write',
  input: {
    board_id: boardIdArg,
    sprint_name: z.string().min(1).describe('Sprint name, e.g. \'Sprint 24\''),
    start_date: dateArg('2026-11-02'),
    end_date: dateArg('2026-11-16'),
    goal: z.string().optional().describe('Sprint goal, e.g. \'Ship CSV export\''),
  },
  output: writeOutput,
  async handler({ board_id, sprint_name, start_date, end_date, goal }, context) {
    const client = jira(context);
    const board = await getBoard(client, board_id, context.signal);
    if (board.location?.projectKey) client.assertProjectAllowed(board.location.projectKey);
    const sprint = await createSprint(client, {
      name: sprint_name, originBoardId: board_id,
      ...(start_date ? { startDate: isoDate(start_date, 'start_date') } : {}), ...(end_date ? { endDate: isoDate(end_date, 'end_date') } : {}),
      ...(goal ? { goal } : {}),
    }, context.signal);
    const url = sprintUrl(client, board_id, sprint.id);
    const changed = [`created ${sprint.state} sprint ${sprint.name} on board ${board.name}`, ...(goal ? [`goal: ${goal}`] : [])];
    return { text: writeText(`Created sprint ${sprint.id}.\n${sprintLine(sprint).slice(2)}`, url, changed), data: { key: String(sprint.id), id: String(sprint.id), url, changed } };
  },
});

export const jiraUpdateSprint = defineTool({
  name: 'jira_update_sprint',
  title: 'Update a sprint',
  description: 'Change a sprint\'s name, dates or goal, or start or complete it; reports what changed.',
  product: 'jira',
  toolset: 'jira_agile',
  kind: 'write',
  input: {
    sprint_id: sprintIdArg,
    sprint_name: z.string().min(1).optional().describe('New name, e.g. \'Sprint 24b\''),
    state: z.enum(['active', 'closed']).optional().describe('\'active\' starts it, \'closed\' completes it, e.g. \'active\''),
    start_date: dateArg('2026-11-02'),
    end_date: dateArg('2026-11-16'),
    goal: z.string().optional().describe('New goal, e.g. \'Ship CSV export\''),
  },
  output: writeOutput,
  async handler({ sprint_id, sprint_name, state, start_date, end_date, goal }, context) {
    const client = jira(context);
    const body = {
      ...(sprint_name ? { name: sprint_name } : {}), ...(state ? { state } : {}), ...(goal !== undefined ? { goal } : {}),
      ...(start_date ? { startDate: isoDate(start_date, 'start_date') } : {}), ...(end_date ? { endDate: isoDate(end_date, 'end_date') } : {}),
    };
    if (Object.keys(body).length === 0) throw new ToolInputError('Nothing to change: give sprint_name, state, start_date, end_date or goal.');
    const before = await getSprint(client, sprint_id, context.signal);
    if (before.originBoardId) {
      const board = await getBoard(client, before.originBoardId, context.signal);
      if (board.location?.projectKey) client.assertProjectAllowed(board.location.projectKey);
    }
    const after = await updateSprint(client, sprint_id, body, context.signal);
    const previous = sprintData(before) as Record<string, unknown>;
    const current = sprintData(after) as Record<string, unknown>;
    const changed = ['name', 'state', 'start', 'end', 'goal'].filter((key) => previous[key] !== current[key])
      .map((key) => `${key}: ${String(previous[key] ?? '∅')} → ${String(current[key] ?? '∅')}`);
    const url = sprintUrl(client, after.originBoardId, after.id);
    return { text: writeText(`Updated sprint ${after.id}.\n${sprintLine(after).slice(2)}`, url, changed.length ? changed : ['nothing changed']), data: { key: String(after.id), id: String(after.id), url, changed } };
  },
});

async function checkIssues(client: JiraClient, keys: string[], signal: AbortSignal): Promise<string[]> {
  const checked: string[] = [];
  for (const key of new Set(keys.map((candidate) => candidate.toUpperCase()))) checked.push(await client.allowedKey(key, signal));
  return checked;
}

export const jiraAddIssuesToSprint = defineTool({
  name: 'jira_add_issues_to_sprint',
  title: 'Add issues to a sprint',
  description: 'Move issues into a future or active sprint.',
  product: 'jira',
  toolset: 'jira_agile',
  kind: 'write',
  input: { sprint_id: sprintIdArg, issue_keys: issueKeysArg },
  output: writeOutput,
  async handler({ sprint_id, issue_keys }, context) {
    const client = jira(context);
    const keys = await checkIssues(client, issue_keys, context.signal);
    const sprint = await getSprint(client, sprint_id, context.signal);
    await moveToSprint(client, sprint_id, keys, context.signal);
    const url = sprintUrl(client, sprint.originBoardId, sprint.id);
    const changed = keys.map((key) => `${key} → sprint ${sprint.name}`);
    return { text: writeText(`Moved ${keys.length} issue(s) into sprint ${sprint.id} (${sprint.name}).`, url, changed), data: { key: String(sprint.id), id: String(sprint.id), url, changed } };
  },
});

export const jiraMoveIssuesToBacklog = defineTool({
  name: 'jira_move_issues_to_backlog',
  title: 'Move issues to the backlog',
  description: 'Move issues out of their sprint, back to the backlog.',
  product: 'jira',
  toolset: 'jira_agile',
  kind: 'write',
  input: { issue_keys: issueKeysArg },
  output: writeOutput,
  async handler({ issue_keys }, context) {
    const client = jira(context);
    const keys = await checkIssues(client, issue_keys, context.signal);
    await moveToBacklog(client, keys, context.signal);
    const changed = keys.map((key) => `${key} → backlog`);
    const url = client.browseUrl(keys[0]!);
    return { text: writeText(`Moved ${keys.length} issue(s) to the backlog.`, url, changed), data: { key: keys.join(','), id: keys.join(','), url, changed } };
  },
});
