import { z } from 'zod';

import { quote } from '../../atlassian/query.js';
import { ToolInputError } from '../../mcp/errors.js';
import { shortDate, shortDateTime } from '../../mcp/result.js';
import { history } from '../api/schemas.js';

import type { History } from '../api/schemas.js';
import type { JiraClient, RawIssue } from '../client.js';

// The dates view of jira_get_changelog: an issue's created/updated/due/resolved dates and how long
// it spent in each status, worked out from the status changes of its changelog.

const DATE_FIELDS = ['status', 'created', 'updated', 'duedate', 'resolutiondate'];
/** Bounds the Cloud bulk changelog read: pages of 1000 status changes. */
const MAX_PAGES = 10;

const bulkPage = z.object({
  issueChangeLogs: z.array(z.object({ issueId: z.string(), changeHistories: z.array(history).default([]) })).default([]),
  nextPageToken: z.string().nullish(),
});

export const datesOutput = z.array(z.object({
  issue: z.string(),
  status: z.string(),
  created: z.string().optional(),
  updated: z.string().optional(),
  due: z.string().optional(),
  resolved: z.string().optional(),
  status_times: z.array(z.object({ status: z.string(), seconds: z.number(), visits: z.number() })),
}));
type IssueDates = z.infer<typeof datesOutput>[number];

interface StatusChange {
  at: number;
  from: string;
  to: string;
}

/** "3d 4h", "5h 20m", "12m": calendar time, as a person reads a duration. */
export function span(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const [days, hours, mins] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  if (days) return `${days}d ${hours}h`;
  return hours ? `${hours}h ${mins}m` : `${mins}m`;
}

function statusChanges(histories: History[]): StatusChange[] {
  return histories.flatMap((entry) => entry.items.filter((item) => (item.fieldId ?? item.field) === 'status')
    .map((item) => ({ at: Date.parse(entry.created), from: item.fromString ?? '', to: item.toString ?? '' })))
    .filter((change) => !Number.isNaN(change.at)).sort((a, b) => a.at - b.at);
}

/** Time in each status, in order of first entry: from creation through every status change until now. */
function statusTimes(created: number, current: string, changes: StatusChange[], now: number) {
  const times = new Map<string, { seconds: number; visits: number }>();
  const add = (status: string, from: number, to: number) => {
    const entry = times.get(status) ?? { seconds: 0, visits: 0 };
    entry.seconds += Math.max(0, Math.round((to - from) / 1000));
    entry.visits += 1;
    times.set(status, entry);
  };
  let status = changes[0]?.from || current;
  let since = created;
  for (const change of changes) {
    add(status, since, change.at);
    status = change.to;
    since = change.at;
  }
  add(status, since, now);
  return [...times].map(([name, entry]) => ({ status: name, ...entry }));
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

function datesOf(issue: RawIssue, histories: History[], now: number): IssueDates {
  const fields = issue.fields;
  const status = String((fields.status as { name?: string } | undefined)?.name ?? '');
  const created = text(fields.created);
  return {
    issue: issue.key, status,
    ...(created ? { created } : {}),
    ...(text(fields.updated) ? { updated: text(fields.updated) } : {}),
    ...(text(fields.duedate) ? { due: text(fields.duedate) } : {}),
    ...(text(fields.resolutiondate) ? { resolved: text(fields.resolutiondate) } : {}),
    status_times: created ? statusTimes(Date.parse(created), status, statusChanges(histories), now) : [],
  };
}

/** Dates and status times of some issues (keys already checked against JIRA_PROJECTS_FILTER). */
export async function issueDates(client: JiraClient, keys: string[], signal: AbortSignal): Promise<IssueDates[]> {
  const now = Date.now();
  if (!client.cloud) {
    const result: IssueDates[] = [];
    for (const key of keys) {
      const issue = await client.getIssue(key, DATE_FIELDS, { expand: ['changelog'], signal });
      result.push(datesOf(issue, z.array(history).parse(issue.changelog?.histories ?? []), now));
    }
    return result;
  }
  const found = await client.search({ jql: `key in (${keys.map(quote).join(', ')})`, fields: DATE_FIELDS, limit: keys.length, names: false, signal });
  const missing = keys.filter((key) => !found.issues.some((issue) => issue.key === key || issue.id === key));
  if (missing.length) throw new ToolInputError(`Not found or not visible: ${missing.join(', ')}.`);
  const order = new Map(keys.map((key, index) => [key, index]));
  const rank = (issue: RawIssue) => order.get(issue.key) ?? order.get(issue.id) ?? 0;
  const issues = [...found.issues].sort((a, b) => rank(a) - rank(b));
  const histories = new Map<string, History[]>();
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await client.call(bulkPage, {
      method: 'POST', path: 'rest/api/3/changelog/bulkfetch', readOnlyPost: true, subject: 'the changelog',
      json: { issueIdsOrKeys: issues.map((issue) => issue.key), maxResults: 1000, fieldIds: ['status'], ...(token ? { nextPageToken: token } : {}) },
      signal,
    });
    for (const log of answer.issueChangeLogs) histories.set(log.issueId, [...(histories.get(log.issueId) ?? []), ...log.changeHistories]);
    token = answer.nextPageToken ?? undefined;
    if (!token) break;
  }
  return issues.map((issue) => datesOf(issue, histories.get(issue.id) ?? [], now));
}

/** One block per issue: its dates, then the time spent in each status. */
export function datesText(rows: IssueDates[]): string {
  return rows.map((row) => {
    const dates = [`created ${shortDateTime(row.created) || '?'}`, `updated ${shortDateTime(row.updated) || '?'}`,
      `due ${row.due ? shortDate(row.due) : '—'}`, `resolved ${row.resolved ? shortDateTime(row.resolved) : '—'}`];
    const times = row.status_times.map((entry) => `  - ${entry.status}: ${span(entry.seconds)}${entry.visits > 1 ? ` (${entry.visits} times)` : ''}` +
      `${entry.status === row.status ? ' (current)' : ''}`);
    return [`${row.issue} · ${row.status} · ${dates.join(' · ')}`, '  time in status:', ...times].join('\n');
  }).join('\n');
}
