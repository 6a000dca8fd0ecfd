import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { shortDateTime, untrusted } from '../../mcp/result.js';
import { listComments, listRemoteLinks, listTransitions, listWatchers, listWorklogs } from '../api/parts.js';
import { attachment, history, issueLink } from '../api/schemas.js';
import { containerText, fieldLabel, fieldMarkdown, fieldText, richTextToMarkdown } from '../format.js';
import { attachmentLine, commentBlock, historyLine, linkLine, remoteLinkLine, transitionLine, userRow, worklogLine } from '../render.js';
import { fieldList, issueKeyArg, jira } from './common.js';

import type { ToolContext } from '../../mcp/define-tool.js';
import type { JiraClient, RawIssue } from '../client.js';

export const JIRA_GET_ISSUE = 'jira_get_issue';

const INCLUDES = ['comments', 'transitions', 'changelog', 'links', 'remote_links', 'worklogs', 'attachments', 'watchers'] as const;
type Include = (typeof INCLUDES)[number];

/** System fields shown besides the headline when no `fields` are asked for; custom fields with a value are added. */
const SHOWN_SYSTEM = ['duedate', 'labels', 'components', 'fixVersions', 'parent', 'resolution', 'subtasks', 'environment'];
const HEADLINE = ['summary', 'status', 'issuetype', 'priority', 'assignee', 'reporter', 'created', 'updated', 'description', 'project'];
const LABELS: Record<string, string> = {
  duedate: 'Due', labels: 'Labels', components: 'Components', fixVersions: 'Fix versions', parent: 'Parent', resolution: 'Resolution',
  subtasks: 'Sub-tasks', environment: 'Environment',
};
/** Recent items shown per included part; the part's own tool pages through the rest. */
const PART_LIMIT = 10;

/** A field value as text: issue references with their summary, rich text as Markdown, others one line. */
function valueText(field: string, value: unknown, schema?: { custom?: string }): string {
  if (field === 'parent' && value && typeof value === 'object') {
    const parent = value as { key?: string; fields?: { summary?: unknown } };
    return `${parent.key ?? ''} (${fieldText(parent.fields?.summary)})`;
  }
  if (field === 'subtasks' && Array.isArray(value)) {
    return value.map((sub: { key?: string; fields?: { summary?: unknown; status?: unknown } }) =>
      `${sub.key} [${fieldText(sub.fields?.status)}] ${fieldText(sub.fields?.summary)}`).join('; ');
  }
  return containerText(field, value) ?? fieldMarkdown(field, value, schema);
}

async function includedParts(client: JiraClient, issue: RawIssue, include: Set<Include>, signal: AbortSignal): Promise<Record<string, string[]>> {
  const key = issue.key;
  const parts: Record<string, string[]> = {};
  const jobs: Promise<void>[] = [];
  if (include.has('comments')) {
    jobs.push(listComments(client, key, { startAt: 0, maxResults: PART_LIMIT, newestFirst: true, signal }).then((page) => {
      parts.comments = page.comments.reverse().map(commentBlock);
      if ((page.total ?? 0) > page.comments.length) parts.comments.unshift(`(latest ${page.comments.length} of ${page.total}; jira_get_comments for all)`);
    }));
  }
  if (include.has('transitions')) jobs.push(listTransitions(client, key, signal).then((list) => { parts.transitions = list.map(transitionLine); }));
  if (include.has('worklogs')) {
    jobs.push(listWorklogs(client, key, { startAt: 0, maxResults: PART_LIMIT, signal }).then((page) => {
      parts.worklogs = page.worklogs.slice(0, PART_LIMIT).map(worklogLine);
      const total = page.total ?? page.worklogs.length;
      if (total > parts.worklogs.length) parts.worklogs.push(`(${parts.worklogs.length} of ${total}; jira_get_worklog for all)`);
    }));
  }
  if (include.has('remote_links')) jobs.push(listRemoteLinks(client, key, signal).then((list) => { parts.remote_links = list.map(remoteLinkLine); }));
  if (include.has('watchers')) {
    jobs.push(listWatchers(client, key, signal).then((page) => {
      parts.watchers = page.watchers.map(userRow);
      if (page.isWatching !== undefined) parts.watchers.push(`(you are ${page.isWatching ? '' : 'not '}watching)`);
    }));
  }
  await Promise.all(jobs);
  if (include.has('links')) parts.links = z.array(issueLink).parse(issue.fields.issuelinks ?? []).map(linkLine);
  if (include.has('attachments')) parts.attachments = z.array(attachment).parse(issue.fields.attachment ?? []).map(attachmentLine);
  if (include.has('changelog')) {
    const histories = z.array(history).parse(issue.changelog?.histories ?? []);
    parts.changelog = histories.slice(-PART_LIMIT).map(historyLine);
    if (histories.length > PART_LIMIT) parts.changelog.unshift(`(latest ${PART_LIMIT} of ${histories.length}; jira_get_changelog for all)`);
  }
  return parts;
}

const TITLES: Record<Include, string> = {
  comments: 'Comments', transitions: 'Transitions', changelog: 'Changelog', links: 'Links', remote_links: 'Remote links',
  worklogs: 'Worklogs', attachments: 'Attachments', watchers: 'Watchers',
};
/** Parts whose text users wrote. */
const USER_TEXT = new Set<string>(['comments', 'worklogs', 'links', 'remote_links', 'changelog', 'attachments']);

export const jiraGetIssue = defineTool({
  name: JIRA_GET_ISSUE,
  title: 'Get a Jira issue',
  description: 'One issue: fields (custom ones by name) and description as Markdown; include adds related parts in one call.',
  product: 'jira',
  toolset: 'jira_issues',
  kind: 'read',
  continuation: 'Ask for fewer fields or parts (fields, include), and page through comments with jira_get_comments.',
  input: {
    issue_key: issueKeyArg,
    fields: z.string().optional().describe('Field ids instead of the default set, e.g. \'summary,labels\'; \'*all\' for all'),
    include: z.array(z.enum(INCLUDES)).max(INCLUDES.length).optional().describe('Parts to add, e.g. [\'comments\']'),
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
    description: z.string(),
    fields: z.record(z.string(), z.string()),
    parts: z.record(z.string(), z.array(z.string())).optional(),
  },
  async handler({ issue_key, fields, include = [] }, context: ToolContext) {
    const client = jira(context);
    const requested = fieldList(fields);
    const wanted = new Set(include);
    const fetchFields = requested.length ? [...requested] : ['*navigable'];
    if (wanted.has('links')) fetchFields.push('issuelinks');
    if (wanted.has('attachments')) fetchFields.push('attachment');
    const names = requested.length === 0 || requested.some((field) => field.startsWith('customfield_') || field === '*all');
    const issue = await client.getIssue(issue_key.toUpperCase(), fetchFields, {
      names, expand: wanted.has('changelog') ? ['changelog'] : [], signal: context.signal,
    });
    const f = issue.fields;
    const fieldNames = issue.names ?? {};
    const url = client.browseUrl(issue.key);
    const description = richTextToMarkdown(f.description);
    const others: Record<string, string> = {};
    const shown = requested.length
      ? Object.keys(f).filter((field) => !['issuelinks', 'attachment'].includes(field) || requested.includes(field) || requested.includes('*all'))
      : [...SHOWN_SYSTEM, ...Object.keys(f).filter((field) => field.startsWith('customfield_')).sort()];
    for (const field of shown) {
      if (HEADLINE.includes(field) || !(field in f)) continue;
      const text = valueText(field, f[field], issue.schema?.[field]);
      if (text) others[LABELS[field] ?? fieldLabel(field, shown, fieldNames)] = text;
    }
    const parts = wanted.size ? await includedParts(client, issue, wanted, context.signal) : undefined;
    const facts = [fieldText(f.issuetype), fieldText(f.status), fieldText(f.priority),
      f.assignee !== undefined ? `assignee ${fieldText(f.assignee) || 'unassigned'}` : '',
      f.reporter ? `reporter ${fieldText(f.reporter)}` : ''].filter(Boolean).join(' · ');
    const dates = [f.created ? `Created ${shortDateTime(f.created)}` : '', f.updated ? `Updated ${shortDateTime(f.updated)}` : '']
      .filter(Boolean).join(' · ');
    // The summary and the fields (sub-task summaries, labels, free-text custom fields) are user text.
    const written = [`Summary: ${fieldText(f.summary)}`,
      ...Object.entries(others).map(([name, value]) => (value.includes('\n') ? `${name}:\n${value}` : `${name}: ${value}`))];
    const lines = [`# ${issue.key}`, facts, dates, untrusted(`Jira ${issue.key} summary and fields`, written.join('\n')), `URL: ${url}`].filter(Boolean);
    if (f.description !== undefined) {
      lines.push('', '## Description', description ? untrusted(`Jira ${issue.key} description`, description) : '(empty)');
    }
    for (const part of INCLUDES.filter((name) => parts?.[name])) {
      const items = parts![part]!;
      const body = items.length ? items.join(part === 'comments' ? '\n\n' : '\n') : '(none)';
      lines.push('', `## ${TITLES[part]}`, items.length && USER_TEXT.has(part) ? untrusted(`Jira ${issue.key} ${part}`, body) : body);
    }
    return {
      text: lines.join('\n'),
      data: {
        key: issue.key, id: issue.id, url, summary: fieldText(f.summary), status: fieldText(f.status), type: fieldText(f.issuetype),
        priority: fieldText(f.priority), assignee: fieldText(f.assignee), reporter: fieldText(f.reporter),
        created: fieldText(f.created), updated: fieldText(f.updated), description, fields: others, ...(parts ? { parts } : {}),
      },
    };
  },
});
