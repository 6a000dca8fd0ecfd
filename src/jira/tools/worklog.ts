import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { pageSummary, untrusted } from '../../mcp/result.js';
import { listWorklogs } from '../api/parts.js';
import { worklog as worklogSchema } from '../api/schemas.js';
import { toRichText } from '../content.js';
import { richTextToMarkdown } from '../format.js';
import { who, worklogLine } from '../render.js';
import { issueKeyArg, jira, matching, numericIdArg, writeOutput, writeText } from './common.js';
import { cursorArg, makeCursor, readCursor } from './paging.js';

// Time tracking: read an issue's worklogs, log time ("1h 30m", optional start and Markdown
// comment, optional new remaining estimate), delete a worklog.

const JIRA_GET_WORKLOG = 'jira_get_worklog';
const DURATION = /^(\d+(\.\d+)?[wdhm])(\s+\d+(\.\d+)?[wdhm])*$/;
const durationArg = () => matching(DURATION, 'a duration like \'1h 30m\' (units w, d, h, m)');

/** A date-time as Jira's worklog `started` wants it: yyyy-MM-dd'T'HH:mm:ss.SSS+0000. */
function jiraDateTime(value: string | undefined): string {
  const date = value === undefined ? new Date() : new Date(value.includes('T') || value.length <= 10 ? value : value.replace(' ', 'T'));
  if (Number.isNaN(date.getTime())) throw new ToolInputError(`started: '${value}' is not a date-time, e.g. '2026-10-21T09:30:00+02:00'`);
  return date.toISOString().replace('Z', '+0000');
}

export const jiraGetWorklog = defineTool({
  name: JIRA_GET_WORKLOG,
  title: 'Get worklogs',
  description: 'Time logged on an issue: who, how long, when and the comment, oldest first.',
  product: 'jira',
  toolset: 'jira_worklog',
  kind: 'read',
  input: {
    issue_key: issueKeyArg,
    limit: z.number().int().min(1).max(100).default(20).describe('Worklogs to return'),
    cursor: cursorArg,
  },
  output: {
    worklogs: z.array(z.object({ id: z.string(), author: z.string(), time_spent: z.string(), seconds: z.number(), started: z.string(), comment: z.string() })),
    returned: z.number(),
    total: z.number().optional(),
    cursor: z.string().optional(),
  },
  async handler({ issue_key, limit, cursor }, context) {
    const client = jira(context);
    const key = await client.allowedKey(issue_key, context.signal);
    const { startAt } = readCursor(JIRA_GET_WORKLOG, cursor, [key]);
    const page = await listWorklogs(client, key, { startAt, maxResults: limit, signal: context.signal });
    // Server/DC answers with every worklog from the start: take this page's slice.
    const all = client.cloud ? page.worklogs : page.worklogs.slice(startAt);
    const shown = all.slice(0, limit);
    const total = page.total ?? page.worklogs.length;
    const next = makeCursor(JIRA_GET_WORKLOG, [key], startAt + shown.length < total && shown.length ? { startAt: startAt + shown.length } : undefined);
    const seconds = shown.reduce((sum, entry) => sum + (entry.timeSpentSeconds ?? 0), 0);
    const listing = shown.length ? `${untrusted(`Jira ${key} worklogs`, shown.map(worklogLine).join('\n'))}\n` : '';
    return {
      text: `${listing}${pageSummary(shown.length, 'worklog', next, total)}${shown.length ? ` Time on this page: ${(seconds / 3600).toFixed(2)}h.` : ''}`,
      data: {
        worklogs: shown.map((entry) => ({
          id: entry.id, author: who(entry.author), time_spent: entry.timeSpent ?? '', seconds: entry.timeSpentSeconds ?? 0,
          started: entry.started ?? '', comment: richTextToMarkdown(entry.comment),
        })),
        returned: shown.length, total, ...(next ? { cursor: next } : {}),
      },
    };
  },
});

export const jiraAddWorklog = defineTool({
  name: 'jira_add_worklog',
  title: 'Log work',
  description: 'Log time on an issue, optionally with a start, a Markdown comment and a new remaining estimate.',
  product: 'jira',
  toolset: 'jira_worklog',
  kind: 'write',
  input: {
    issue_key: issueKeyArg,
    time_spent: durationArg().describe('Time spent, e.g. \'1h 30m\' (w, d, h, m)'),
    started: z.string().optional().describe('Start (default now), e.g. \'2026-10-21T09:30:00Z\''),
    comment: z.string().optional().describe('Markdown, e.g. \'Pairing on the SSO fix\''),
    remaining_estimate: durationArg().optional().describe('New remaining estimate, e.g. \'2h\'; default: reduced automatically'),
  },
  output: writeOutput,
  async handler({ issue_key, time_spent, started, comment, remaining_estimate }, context) {
    const client = jira(context);
    const issue = await client.requireIssue(issue_key.toUpperCase(), context.signal);
    const saved = await client.call(worklogSchema, {
      method: 'POST', path: `${client.api}/issue/${encodeURIComponent(issue.key)}/worklog`,
      searchParams: remaining_estimate ? { adjustEstimate: 'new', newEstimate: remaining_estimate } : undefined,
      json: { timeSpent: time_spent, started: jiraDateTime(started), ...(comment ? { comment: toRichText(client.cloud, comment) } : {}) },
      subject: `issue ${issue.key}`, signal: context.signal,
    });
    const url = `${client.browseUrl(issue.key)}?focusedWorklogId=${saved.id}`;
    const changed = [`logged ${saved.timeSpent ?? time_spent} (worklog ${saved.id}) starting ${saved.started ?? ''}`,
      ...(remaining_estimate ? [`remaining estimate: ${remaining_estimate}`] : [])];
    return { text: writeText(`Logged ${saved.timeSpent ?? time_spent} on ${issue.key}.`, url, changed), data: { key: issue.key, id: saved.id, url, changed } };
  },
});

export const jiraDeleteWorklog = defineTool({
  name: 'jira_delete_worklog',
  title: 'Delete a worklog',
  description: 'Delete a worklog; its time goes back to the remaining estimate.',
  product: 'jira',
  toolset: 'jira_worklog',
  kind: 'destructive',
  input: { issue_key: issueKeyArg, worklog_id: numericIdArg('worklog', '10200') },
  output: writeOutput,
  async handler({ issue_key, worklog_id }, context) {
    const client = jira(context);
    const issue = await client.requireIssue(issue_key.toUpperCase(), context.signal);
    await client.send({
      method: 'DELETE', path: `${client.api}/issue/${encodeURIComponent(issue.key)}/worklog/${worklog_id}`,
      subject: `worklog ${worklog_id} of ${issue.key}`, signal: context.signal,
    });
    const url = client.browseUrl(issue.key);
    const changed = [`deleted worklog ${worklog_id}`];
    return { text: writeText(`Deleted worklog ${worklog_id} from ${issue.key}.`, url, changed), data: { key: issue.key, id: worklog_id, url, changed } };
  },
});
