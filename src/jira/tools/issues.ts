import { createHash } from 'node:crypto';

import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { decodeCursor, encodeCursor, pageSummary, shortDateTime, untrusted } from '../../mcp/result.js';
import { fieldText, issueFieldsRow, issueRow, richTextToMarkdown, ROW_FIELDS } from '../format.js';
import { jira } from './common.js';


export const JIRA_SEARCH = 'jira_search';
export const JIRA_GET_ISSUE = 'jira_get_issue';

const ISSUE_KEY = /^([A-Za-z][A-Za-z0-9_]*-\d+|\d+)$/;

/** "summary, status" -> ['summary', 'status']; empty entries dropped. */
function fieldList(fields: string | undefined): string[] {
  return (fields ?? '').split(',').map((field) => field.trim()).filter(Boolean);
}

const issueSummary = z.object({
  key: z.string(),
  summary: z.string(),
  type: z.string(),
  status: z.string(),
  priority: z.string(),
  assignee: z.string(),
  updated: z.string(),
  fields: z.record(z.string(), z.string()).optional().describe('Requested fields by display name, as text'),
});

export const jiraSearch = defineTool({
  name: JIRA_SEARCH,
  title: 'Search Jira issues',
  description: 'Search issues with JQL. Returns one line per issue (key, type, status, priority, assignee, updated, summary), ' +
    'or the requested fields, plus a cursor when more match. Use jira_get_issue for one issue in full.',
  product: 'jira',
  toolset: 'jira_issues',
  kind: 'read',
  input: {
    jql: z.string().min(1).max(10_000).describe('JQL, e.g. \'project = PROJ AND status = "In Progress" ORDER BY updated DESC\''),
    fields: z.string().max(2000).optional().describe('Comma-separated field ids to show instead of the default row, e.g. \'summary,labels,customfield_10016\'; \'*all\' for every field'),
    limit: z.number().int().min(1).max(100).default(20).describe('Issues to return, 1-100'),
    cursor: z.string().max(2000).optional().describe('From the previous result, to get the next page'),
  },
  output: {
    issues: z.array(issueSummary),
    returned: z.number(),
    total: z.number().optional().describe('Total matches, when Jira reports it (Server/DC)'),
    cursor: z.string().optional().describe('Pass back to get the next page; absent on the last page'),
  },
  async handler({ jql, fields, limit, cursor }, context) {
    const client = jira(context);
    const requested = fieldList(fields);
    // The cursor remembers which query it belongs to, so it cannot silently page through another one.
    const queryId = createHash('sha256').update(`${jql}\n${requested.join(',')}`).digest('base64url').slice(0, 12);
    const state = cursor ? decodeCursor(JIRA_SEARCH, cursor, { q: z.string(), n: z.string().optional(), s: z.number().optional() }) : undefined;
    if (state && state.q !== queryId) {
      throw new ToolInputError('cursor: it belongs to a different jql or fields; repeat the original search, or omit cursor to start over');
    }
    const wantsNames = requested.some((field) => field.startsWith('customfield_') || field === '*all');
    const page = await client.search({
      jql,
      fields: [...new Set([...ROW_FIELDS, ...requested])],
      limit,
      names: wantsNames,
      next: state ? { token: state.n, startAt: state.s } : undefined,
      signal: context.signal,
    });
    const nextCursor = page.next ? encodeCursor(JIRA_SEARCH, { q: queryId, n: page.next.token, s: page.next.startAt }) : undefined;
    const shownFields = requested.includes('*all')
      ? [...new Set(page.issues.flatMap((issue) => Object.keys(issue.fields)))].filter((f) => f !== 'summary').sort()
      : requested;
    const rows = page.issues.map((issue) => (shownFields.length ? issueFieldsRow(issue, shownFields, page.names) : issueRow(issue)));
    const issues = page.issues.map((issue) => ({
      key: issue.key,
      summary: fieldText(issue.fields.summary),
      type: fieldText(issue.fields.issuetype),
      status: fieldText(issue.fields.status),
      priority: fieldText(issue.fields.priority),
      assignee: fieldText(issue.fields.assignee),
      updated: fieldText(issue.fields.updated),
      ...(shownFields.length
        ? { fields: Object.fromEntries(shownFields.map((field) => [page.names[field] ?? field, fieldText(issue.fields[field])])) }
        : {}),
    }));
    const listing = rows.length ? `${untrusted('Jira search results', rows.join('\n'))}\n` : '';
    const text = listing + pageSummary(issues.length, 'issue', nextCursor, page.total);
    return { text, data: { issues, returned: issues.length, total: page.total, cursor: nextCursor } };
  },
});

/** Fields shown by jira_get_issue unless others are asked for. */
const ISSUE_FIELDS = ['summary', 'status', 'issuetype', 'priority', 'assignee', 'reporter', 'created', 'updated',
  'duedate', 'labels', 'components', 'fixVersions', 'parent', 'resolution', 'project', 'description'];

export const jiraGetIssue = defineTool({
  name: JIRA_GET_ISSUE,
  title: 'Get a Jira issue',
  description: 'Read one issue: summary, status, people, dates, labels, parent and the description as Markdown. ' +
    '`fields` picks other fields (custom fields are shown by name); \'*all\' returns every field.',
  product: 'jira',
  toolset: 'jira_issues',
  kind: 'read',
  input: {
    issue_key: z.string().regex(ISSUE_KEY, 'an issue key like PROJ-123 or a numeric id').describe('Issue key, e.g. \'PROJ-123\''),
    fields: z.string().max(2000).optional().describe('Comma-separated field ids, e.g. \'summary,description,customfield_10016\'; \'*all\' for every field'),
  },
  output: {
    key: z.string(),
    id: z.string(),
    url: z.string(),
    summary: z.string(),
    status: z.string(),
    type: z.string(),
    priority: z.string(),
    assignee: z.string(),
    reporter: z.string(),
    created: z.string(),
    updated: z.string(),
    description: z.string().describe('Markdown'),
    fields: z.record(z.string(), z.string()).describe('Other fields by display name, as text'),
  },
  async handler({ issue_key, fields }, context) {
    const client = jira(context);
    const requested = fieldList(fields);
    const wanted = requested.length ? requested : ISSUE_FIELDS;
    const wantsNames = wanted.some((field) => field.startsWith('customfield_') || field === '*all');
    const issue = await client.getIssue(issue_key.toUpperCase(), wanted, wantsNames, context.signal);
    const f = issue.fields;
    const names = issue.names ?? {};
    const url = client.browseUrl(issue.key);
    const description = richTextToMarkdown(f.description);
    const headline = ['summary', 'status', 'issuetype', 'priority', 'assignee', 'reporter', 'created', 'updated', 'description', 'project'];
    const others: Record<string, string> = {};
    for (const [field, value] of Object.entries(f)) {
      if (headline.includes(field)) continue;
      const text = field === 'parent' && value && typeof value === 'object'
        ? `${fieldText((value as { key?: string }).key)} (${fieldText((value as { fields?: { summary?: unknown } }).fields?.summary)})`
        : richOrPlain(value);
      if (text) others[names[field] ?? FIELD_LABELS[field] ?? field] = text;
    }
    const facts = [fieldText(f.issuetype), fieldText(f.status), fieldText(f.priority),
      f.assignee !== undefined ? `assignee ${fieldText(f.assignee) || 'unassigned'}` : '',
      f.reporter ? `reporter ${fieldText(f.reporter)}` : ''].filter(Boolean).join(' · ');
    const dates = [f.created ? `Created ${shortDateTime(f.created)}` : '', f.updated ? `Updated ${shortDateTime(f.updated)}` : '']
      .filter(Boolean).join(' · ');
    const lines = [`# ${issue.key}: ${fieldText(f.summary)}`, facts, dates,
      ...Object.entries(others).map(([name, value]) => (value.includes('\n') ? `${name}:\n${value}` : `${name}: ${value}`)),
      `URL: ${url}`].filter(Boolean);
    if (f.description !== undefined) {
      lines.push('', '## Description', description ? untrusted(`Jira ${issue.key} description`, description) : '(empty)');
    }
    return {
      text: lines.join('\n'),
      data: {
        key: issue.key, id: issue.id, url, summary: fieldText(f.summary), status: fieldText(f.status), type: fieldText(f.issuetype),
        priority: fieldText(f.priority), assignee: fieldText(f.assignee), reporter: fieldText(f.reporter),
        created: fieldText(f.created), updated: fieldText(f.updated), description, fields: others,
      },
    };
  },
});

const FIELD_LABELS: Record<string, string> = {
  duedate: 'Due', labels: 'Labels', components: 'Components', fixVersions: 'Fix versions', parent: 'Parent', resolution: 'Resolution',
};

/** Rich-text custom fields (ADF documents) become Markdown; everything else one line. */
function richOrPlain(value: unknown): string {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'doc'
    ? richTextToMarkdown(value)
    : fieldText(value);
}
