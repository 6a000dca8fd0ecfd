import { adfToMarkdown } from '../convert/adf/to-markdown.js';
import { wikiToMarkdown } from '../convert/wiki/to-markdown.js';
import { shortDate, shortDateTime } from '../mcp/result.js';

import type { RawIssue } from './client.js';

// Jira field values to compact text. One function knows every shape Jira uses for a value
// (users, named objects, options, lists, rich text), so rows and issue pages agree.

/** Rich text as Markdown: ADF on Cloud, wiki markup on Server/DC. */
export function richTextToMarkdown(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return wikiToMarkdown(value);
  return adfToMarkdown(value);
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
      const text = fieldText(issue.fields[field]).split('\n').join(' ');
      return `${names[field] ?? field}: ${text.length > 300 ? `${text.slice(0, 300)}… (truncated; read it with jira_get_issue)` : text || '—'}`;
    });
  const summary = issue.fields.summary === undefined ? '' : ` ${fieldText(issue.fields.summary)}`;
  return `- ${issue.key}${summary}${parts.length ? ` — ${parts.join('; ')}` : ''}`;
}
