import { adfToMarkdown } from '../convert/adf/to-markdown.js';
import { wikiToMarkdown } from '../convert/wiki/to-markdown.js';
import { shortDate, shortDateTime } from '../mcp/result.js';

import type { RawIssue } from './client.js';

// Jira field values to compact text. One function knows every shape Jira uses for a value
// (users, named objects, options, lists, rich text), so rows and issue pages agree.

/**
 * Recent conversions, by their source. An agent reads the same issues and comments again and again,
 * and converting a description costs far more (about 0.4 ms for a short one) than finding it here.
 * Bounded by characters, oldest dropped first; a source is only ever answered with its own Markdown.
 */
const converted = new Map<string, string>();
let convertedChars = 0;
const CONVERTED_MAX_CHARS = 2_000_000;
const CONVERTED_MAX_SOURCE = 100_000;

/** How much the conversion cache holds (for its bound's test). */
export function convertedCacheChars(): number {
  return convertedChars;
}

/** Rich text as Markdown: ADF on Cloud, wiki markup on Server/DC. */
export function richTextToMarkdown(value: unknown): string {
  if (value === null || value === undefined) return '';
  const key = typeof value === 'string' ? `w${value}` : `a${JSON.stringify(value)}`;
  const known = converted.get(key);
  if (known !== undefined) {
    converted.delete(key);
    converted.set(key, known);
    return known;
  }
  const markdown = typeof value === 'string' ? wikiToMarkdown(value) : adfToMarkdown(value);
  if (key.length <= CONVERTED_MAX_SOURCE) {
    converted.set(key, markdown);
    convertedChars += key.length + markdown.length;
    for (const [oldKey, oldMarkdown] of converted) {
      if (convertedChars <= CONVERTED_MAX_CHARS) break;
      converted.delete(oldKey);
      convertedChars -= oldKey.length + oldMarkdown.length;
    }
  }
  return markdown;
}

/** Whether a field holds rich text: description, environment, or a multi-line text custom field. */
export function isRichField(field: string, schema?: { custom?: string }): boolean {
  return field === 'description' || field === 'environment' || (schema?.custom?.endsWith(':textarea') ?? false);
}

/** A field value as text, rich text (ADF or wiki markup) as Markdown. */
export function fieldMarkdown(field: string, value: unknown, schema?: { custom?: string }): string {
  return isRichField(field, schema) || isAdf(value) ? richTextToMarkdown(value) : fieldText(value);
}

function isAdf(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'doc';
}

/** A field value as one short line of text ('' when empty). */
export function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}T/.test(value) ? shortDateTime(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(fieldText).filter(Boolean).join(', ');
  if (isAdf(value)) return adfToMarkdown(value);
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of ['displayName', 'name', 'value', 'key', 'id']) {
      if (typeof record[key] === 'string') {
        const child = record.child as Record<string, unknown> | undefined;
        return child && typeof child.value === 'string' ? `${record[key]} / ${child.value}` : (record[key] as string);
      }
    }
  }
  return JSON.stringify(value);
}

/**
 * The containers of an issue's parts (comments, worklogs, links, attachments, watchers, time
 * tracking) as a count and where to read them, never their raw JSON; undefined for other fields.
 */
export function containerText(field: string, value: unknown): string | undefined {
  const record = (value ?? {}) as { total?: number; watchCount?: number; votes?: number; timeSpent?: string; remainingEstimate?: string; originalEstimate?: string };
  switch (field) {
    case 'comment': return `${record.total ?? 0} (include 'comments', or jira_get_comments)`;
    case 'worklog': return `${record.total ?? 0} (include 'worklogs', or jira_get_worklog)`;
    case 'watches': return `${record.watchCount ?? 0} (include 'watchers')`;
    case 'votes': return String(record.votes ?? 0);
    case 'issuelinks': return Array.isArray(value) ? `${value.length} (include 'links')` : '';
    case 'attachment': return Array.isArray(value) ? `${value.length} (include 'attachments')` : '';
    case 'timetracking': return [record.originalEstimate && `estimate ${record.originalEstimate}`, record.remainingEstimate && `remaining ${record.remainingEstimate}`,
      record.timeSpent && `spent ${record.timeSpent}`].filter(Boolean).join(', ');
    default: return undefined;
  }
}

/** A field's display name; when two shown fields share a name (two "Team" fields), the id is added. */
export function fieldLabel(field: string, shown: string[], names: Record<string, string>): string {
  const name = names[field];
  if (!name) return field;
  return shown.some((other) => other !== field && names[other] === name) ? `${name} (${field})` : name;
}

/** The fields a search row shows when the caller does not ask for others. */
export const ROW_FIELDS = ['summary', 'status', 'issuetype', 'priority', 'assignee', 'updated'];

/** One line per issue: key, type, status, priority, assignee, updated, summary. */
export function issueRow(issue: RawIssue): string {
  const f = issue.fields;
  const facts = [fieldText(f.issuetype), fieldText(f.status), fieldText(f.priority),
    f.assignee ? fieldText(f.assignee) : 'unassigned', shortDate(f.updated)].filter(Boolean);
  return `- ${issue.key} [${facts.join(' · ')}] ${fieldText(f.summary)}`;
}

/** A row for explicitly requested fields: `- KEY summary — Name: value; Name: value`. */
export function issueFieldsRow(issue: RawIssue, fields: string[], names: Record<string, string>): string {
  const parts = fields
    .filter((field) => field !== 'summary' && field !== 'key')
    .map((field) => {
      const text = (containerText(field, issue.fields[field]) ?? fieldText(issue.fields[field])).split('\n').join(' ');
      return `${fieldLabel(field, fields, names)}: ${text.length > 300 ? `${text.slice(0, 300)}… (truncated; read it with jira_get_issue)` : text || '—'}`;
    });
  const summary = issue.fields.summary === undefined ? '' : ` ${fieldText(issue.fields.summary)}`;
  return `- ${issue.key}${summary}${parts.length ? ` — ${parts.join('; ')}` : ''}`;
}
