import { z } from 'zod';

import { quote } from '../../atlassian/query.js';
import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { pageSummary, untrusted } from '../../mcp/result.js';
import { history } from '../api/schemas.js';
import { historyLine, who } from '../render.js';
import { ISSUE_KEY, fieldList, jira } from './common.js';
import { datesOutput, datesText, issueDates } from './issue-dates.js';
import { cursorArg, makeCursor, readCursor } from './paging.js';

import type { History } from '../api/schemas.js';

export const JIRA_GET_CHANGELOG = 'jira_get_changelog';

const bulkPage = z.object({
  issueChangeLogs: z.array(z.object({ issueId: z.string(), changeHistories: z.array(history).default([]) })).default([]),
  nextPageToken: z.string().nullish(),
});

export const jiraGetChangelog = defineTool({
  name: JIRA_GET_CHANGELOG,
  title: 'Get issue changelogs',
  description: 'Change history of issues (who changed what, oldest first), optionally of some fields only; or, with dates, key dates and time in each status.',
  product: 'jira',
  toolset: 'jira_issues',
  kind: 'read',
  input: {
    issue_key: z.string().min(1).describe('Issue key, or several comma-separated, e.g. \'PROJ-1,PROJ-2\''),
    fields: z.string().optional().describe('Only changes of these field ids, e.g. \'status,assignee\''),
    dates: z.boolean().default(false).describe('Dates and status durations instead, e.g. true'),
    limit: z.number().int().min(1).max(100).default(50).describe('Changes to return'),
    cursor: cursorArg,
  },
  output: {
    changes: z.array(z.object({ issue: z.string(), created: z.string(), author: z.string(), items: z.array(z.string()) })),
    returned: z.number(),
    cursor: z.string().optional(),
    dates: datesOutput.optional(),
  },
  async handler({ issue_key, fields, dates, limit, cursor }, context) {
    const client = jira(context);
    const keys = [...new Set(fieldList(issue_key).map((key) => key.toUpperCase()))];
    const bad = keys.find((key) => !ISSUE_KEY.test(key));
    if (bad) throw new ToolInputError(`issue_key: '${bad}' is not an issue key like PROJ-123`);
    if (keys.length > 100) throw new ToolInputError('issue_key: at most 100 issues at once');
    for (const [index, key] of keys.entries()) keys[index] = await client.allowedKey(key, context.signal);
    if (dates) {
      const rows = await issueDates(client, keys, context.signal);
      return { text: `${datesText(rows)}\n${pageSummary(rows.length, 'issue', undefined)}`, data: { changes: [], returned: rows.length, dates: rows } };
    }
    const only = fieldList(fields);
    const binding = [keys, only];
    const state = readCursor(JIRA_GET_CHANGELOG, cursor, binding);
    const entries: { issue: string; history: History }[] = [];
    let next: { startAt: number; token?: string } | undefined;
    if (client.cloud) {
      // The bulk endpoint answers with issue ids: one scoped search maps them back to keys.
      const found = await client.search({ jql: `key in (${keys.map(quote).join(', ')})`, fields: ['summary'], limit: keys.length, names: false, signal: context.signal });
      const keyOf = new Map(found.issues.map((issue) => [issue.id, issue.key]));
      const missing = keys.filter((key) => !found.issues.some((issue) => issue.key === key || issue.id === key));
      if (missing.length) throw new ToolInputError(`Not found or not visible: ${missing.join(', ')}.`);
      const page = await client.call(bulkPage, {
        method: 'POST', path: 'rest/api/3/changelog/bulkfetch', readOnlyPost: true, subject: 'the changelog',
        json: { issueIdsOrKeys: found.issues.map((issue) => issue.key), maxResults: limit, ...(state.token ? { nextPageToken: state.token } : {}), ...(only.length ? { fieldIds: only } : {}) },
        signal: context.signal,
      });
      for (const log of page.issueChangeLogs) {
        for (const entry of log.changeHistories) entries.push({ issue: keyOf.get(log.issueId) ?? log.issueId, history: entry });
      }
      next = page.nextPageToken ? { startAt: 0, token: page.nextPageToken } : undefined;
    } else {
      const all: { issue: string; history: History }[] = [];
      for (const key of keys) {
        const issue = await client.getIssue(key, ['summary'], { expand: ['changelog'], signal: context.signal });
        for (const entry of z.array(history).parse(issue.changelog?.histories ?? [])) {
          const items = entry.items.filter((item) => !only.length || only.includes(item.fieldId ?? item.field) || only.includes(item.field));
          if (items.length) all.push({ issue: issue.key, history: { ...entry, items } });
        }
      }
      entries.push(...all.slice(state.startAt, state.startAt + limit));
      next = state.startAt + limit < all.length ? { startAt: state.startAt + limit } : undefined;
    }
    const nextCursor = makeCursor(JIRA_GET_CHANGELOG, binding, next);
    const lines = entries.map(({ issue, history: entry }) => (keys.length > 1 ? `${historyLine(entry).replace('- ', `- ${issue} `)}` : historyLine(entry)));
    const text = (lines.length ? `${untrusted('Jira changelog', lines.join('\n'))}\n` : '') + pageSummary(entries.length, 'change', nextCursor);
    return {
      text,
      data: {
        changes: entries.map(({ issue, history: entry }) => ({
          issue, created: entry.created, author: who(entry.author),
          items: entry.items.map((item) => `${item.field}: ${item.fromString || '∅'} → ${item.toString || '∅'}`),
        })),
        returned: entries.length,
        ...(nextCursor ? { cursor: nextCursor } : {}),
      },
    };
  },
});
