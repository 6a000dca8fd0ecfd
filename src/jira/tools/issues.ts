import { z } from 'zod';

import { quote } from '../../atlassian/query.js';
import { defineTool } from '../../mcp/define-tool.js';
import { pageSummary, untrusted } from '../../mcp/result.js';
import { containerText, fieldLabel, fieldText, issueFieldsRow, issueRow, ROW_FIELDS } from '../format.js';
import { fieldList, jira, projectKeyArg } from './common.js';
import { cursorArg, makeCursor, readCursor } from './paging.js';

import type { ToolContext } from '../../mcp/define-tool.js';
import type { RawIssue } from '../client.js';

export const JIRA_SEARCH = 'jira_search';
export const JIRA_GET_PROJECT_ISSUES = 'jira_get_project_issues';

const issueSummary = z.object({
  key: z.string(),
  summary: z.string(),
  type: z.string(),
  status: z.string(),
  priority: z.string(),
  assignee: z.string(),
  updated: z.string(),
  fields: z.record(z.string(), z.string()).optional(),
});

/** The output of every tool that lists issues. */
export const issueListOutput = {
  issues: z.array(issueSummary),
  returned: z.number(),
  total: z.number().optional(),
  cursor: z.string().optional(),
};

export const fieldsArg = z.string().optional()
  .describe('Field ids instead of the default row, e.g. \'summary,labels\'; \'*all\' for all');

/** Issues as rows (or requested fields) plus their structured form, closed by the page summary. */
export function issueList(issues: RawIssue[], requested: string[], names: Record<string, string>, cursor: string | undefined, total?: number) {
  const shownFields = requested.includes('*all')
    ? [...new Set(issues.flatMap((issue) => Object.keys(issue.fields)))].filter((f) => f !== 'summary').sort()
    : requested;
  const rows = issues.map((issue) => (shownFields.length ? issueFieldsRow(issue, shownFields, names) : issueRow(issue)));
  const data = issues.map((issue) => ({
    key: issue.key,
    summary: fieldText(issue.fields.summary),
    type: fieldText(issue.fields.issuetype),
    status: fieldText(issue.fields.status),
    priority: fieldText(issue.fields.priority),
    assignee: fieldText(issue.fields.assignee),
    updated: fieldText(issue.fields.updated),
    ...(shownFields.length
      ? { fields: Object.fromEntries(shownFields.map((field) => [fieldLabel(field, shownFields, names), containerText(field, issue.fields[field]) ?? fieldText(issue.fields[field])])) }
      : {}),
  }));
  const listing = rows.length ? `${untrusted('Jira issues', rows.join('\n'))}\n` : '';
  return {
    text: listing + pageSummary(data.length, 'issue', cursor, total),
    data: { issues: data, returned: data.length, ...(total !== undefined ? { total } : {}), ...(cursor ? { cursor } : {}) },
  };
}

/** A JQL search as a tool answers it: scoped, paged with a cursor bound to the query and fields. */
export async function searchIssues(tool: string, context: ToolContext, args: { jql: string; fields?: string; limit: number; cursor?: string }) {
  const client = jira(context);
  const requested = fieldList(args.fields);
  const binding = [args.jql, requested];
  const state = readCursor(tool, args.cursor, binding);
  const page = await client.search({
    jql: args.jql,
    fields: [...new Set([...ROW_FIELDS, ...requested])],
    limit: args.limit,
    names: requested.some((field) => field.startsWith('customfield_') || field === '*all'),
    next: args.cursor ? { token: state.token, startAt: state.startAt } : undefined,
    signal: context.signal,
  });
  const next = page.next ? { startAt: page.next.startAt ?? 0, token: page.next.token } : undefined;
  return issueList(page.issues, requested, page.names, makeCursor(tool, binding, next), page.total);
}

export const jiraSearch = defineTool({
  name: JIRA_SEARCH,
  title: 'Search Jira issues',
  description: 'Issues matching JQL, one line each (key, type, status, priority, assignee, updated, summary) or the fields asked for.',
  product: 'jira',
  toolset: 'jira_issues',
  kind: 'read',
  input: {
    jql: z.string().min(1).describe('JQL, e.g. \'project = PROJ AND status = Open\''),
    fields: fieldsArg,
    limit: z.number().int().min(1).max(100).default(20).describe('Issues to return'),
    cursor: cursorArg,
  },
  output: issueListOutput,
  handler: (args, context) => searchIssues(JIRA_SEARCH, context, args),
});

export const jiraGetProjectIssues = defineTool({
  name: JIRA_GET_PROJECT_ISSUES,
  title: 'List a project\'s issues',
  description: 'A project\'s issues, newest first, one line each (any other filter: jira_search).',
  product: 'jira',
  toolset: 'jira_issues',
  kind: 'read',
  input: {
    project_key: projectKeyArg,
    limit: z.number().int().min(1).max(100).default(20).describe('Issues to return'),
    cursor: cursorArg,
  },
  output: issueListOutput,
  async handler({ project_key, limit, cursor }, context) {
    jira(context).assertProjectAllowed(project_key);
    return searchIssues(JIRA_GET_PROJECT_ISSUES, context, { jql: `project = ${quote(project_key.toUpperCase())} ORDER BY created DESC`, limit, cursor });
  },
});

// src/server.ts serves the jira://issue/{key} resource through this tool.
export { JIRA_GET_ISSUE, jiraGetIssue } from './get-issue.js';
