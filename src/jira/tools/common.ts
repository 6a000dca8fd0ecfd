import { z } from 'zod';

import { ToolInputError } from '../../mcp/errors.js';
import { untrusted } from '../../mcp/result.js';

import type { ToolContext } from '../../mcp/define-tool.js';
import type { JiraClient } from '../client.js';

/** The Jira client of a call; tools are only registered when Jira is configured, so this is a safety net. */
export function jira(context: ToolContext): JiraClient {
  if (!context.jira) throw new ToolInputError('Jira is not configured on this server: set JIRA_URL and its credentials.');
  return context.jira;
}

export const ISSUE_KEY = /^([A-Za-z][A-Za-z0-9_]*-\d+|\d+)$/;
export const PROJECT_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

/** A string argument checked against a pattern; the check stays out of the listed schema, which stays small. */
export const matching = (pattern: RegExp, message: string) => z.string().refine((value) => pattern.test(value), message);

export const issueKeyArg = matching(ISSUE_KEY, 'an issue key like PROJ-123 or a numeric id').describe('Issue key, e.g. \'PROJ-123\'');
export const projectKeyArg = matching(PROJECT_KEY, 'a project key like PROJ').describe('Project key, e.g. \'PROJ\'');
export const numericIdArg = (what: string, example: string) => matching(/^\d+$/, `a numeric ${what} id`).describe(`${what[0]!.toUpperCase()}${what.slice(1)} id, e.g. '${example}'`);

/** "summary, status" -> ['summary', 'status']; empty entries dropped. */
export function fieldList(fields: string | undefined): string[] {
  return (fields ?? '').split(',').map((field) => field.trim()).filter(Boolean);
}

/** The result of a write: what was touched, where to see it, and what changed. */
export const writeOutput = { key: z.string(), id: z.string(), url: z.string(), changed: z.array(z.string()) };

/** A whole list (no paging): one line per item, user text inside an untrusted block, then the count. */
export function listText(lines: string[], noun: [singular: string, plural: string], untrustedLabel?: string): string {
  const body = lines.length ? `${untrustedLabel ? untrusted(untrustedLabel, lines.join('\n')) : lines.join('\n')}\n` : '';
  return `${body}${lines.length} ${lines.length === 1 ? noun[0] : noun[1]} returned; no more.`;
}

export function writeText(title: string, url: string, changed: string[]): string {
  return [title, `URL: ${url}`, ...changed.map((line) => `- ${line}`)].join('\n');
}
