import { USERS, userById, userJson } from '../data/users.js';
import { CATEGORIES, STATUSES } from './catalog.js';

import type { JiraData, RichText, SandboxHistoryItem, SandboxIssue } from '../data/jira.js';
import type { RouteResponse } from '../router.js';

// What every Jira route of the sandbox shares: the data, the flavor, and the helpers that make
// answers look like the real product's (users, rich text, errors, history).

export const jiraError = (status: number, ...errorMessages: string[]): RouteResponse =>
  ({ status, body: { errorMessages, errors: {} } });

/** A 400 naming fields, the way Jira reports invalid field values. */
export const fieldErrors = (errors: Record<string, string>): RouteResponse =>
  ({ status: 400, body: { errorMessages: [], errors } });

/** Tells an error answer from a value (helpers return either). */
export function failed(value: unknown): value is RouteResponse {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
}

export const NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

export class JiraSite {
  readonly data: JiraData;
  readonly cloud: boolean;
  readonly siteUrl: string;
  readonly api: string;
  readonly agile = '/rest/agile/1.0';

  constructor(data: JiraData, cloud: boolean, siteUrl: string) {
    this.data = data;
    this.cloud = cloud;
    this.siteUrl = siteUrl;
    this.api = cloud ? '/rest/api/3' : '/rest/api/2';
  }

  nextId(): string {
    this.data.nextId += 1;
    return String(this.data.nextId);
  }

  user(id: string | undefined): Record<string, unknown> | null {
    return userJson(id, this.cloud, this.siteUrl);
  }

  /** A user reference from a request body or query: accountId on Cloud, name or key on Server/DC. */
  userFrom(ref: { accountId?: unknown; name?: unknown; key?: unknown; username?: unknown } | string | undefined): string | undefined {
    if (ref === undefined) return undefined;
    const value = typeof ref === 'string' ? ref : this.cloud ? ref.accountId : ref.name ?? ref.username ?? ref.key;
    if (typeof value !== 'string') return undefined;
    const user = USERS.find((candidate) => (this.cloud
      ? candidate.accountId === value
      : candidate.username === value || `JIRAUSER${10000 + USERS.indexOf(candidate)}` === value));
    return user?.id;
  }

  userKeyOf(id: string): string {
    return this.cloud ? userById(id).accountId : userById(id).username;
  }

  project(keyOrId: string, userId: string) {
    return this.data.projects.find((p) => (p.key === keyOrId.toUpperCase() || p.id === keyOrId) && !p.hiddenFrom.includes(userId));
  }

  visible(issue: SandboxIssue, userId: string): boolean {
    return !this.data.projects.find((project) => project.key === issue.project)?.hiddenFrom.includes(userId);
  }

  findIssue(idOrKey: string, userId: string): SandboxIssue | undefined {
    return this.data.issues.find((issue) => (issue.key === idOrKey.toUpperCase() || issue.id === idOrKey) && this.visible(issue, userId));
  }

  /** Rich text in this flavor's form; the other form stands in (as plain text) when only it exists. */
  richOut(value: RichText | null | undefined): unknown {
    if (!value) return null;
    if (this.cloud) {
      return value.adf ?? { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: value.wiki ?? '' }] }] };
    }
    return value.wiki ?? adfPlainText(value.adf);
  }

  /** Rich text from a request: Cloud takes only ADF documents, Server/DC only wiki strings. */
  richIn(value: unknown, field: string): RichText | null | RouteResponse {
    if (value === null) return null;
    if (this.cloud) {
      const doc = value as { type?: unknown; version?: unknown; content?: unknown };
      if (typeof value !== 'object' || doc.type !== 'doc' || doc.version !== 1 || !Array.isArray(doc.content)) {
        return fieldErrors({ [field]: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)' });
      }
      return { adf: value as Record<string, unknown> };
    }
    if (typeof value !== 'string') return fieldErrors({ [field]: 'Operation value must be a string' });
    return { wiki: value };
  }

  /** Searchable text of rich text, whichever form it has. */
  plain(value: RichText | null | undefined): string {
    if (!value) return '';
    return value.wiki ?? adfPlainText(value.adf);
  }

  statusJson(name: string): Record<string, unknown> {
    const status = STATUSES.find((candidate) => candidate.name === name) ?? STATUSES[0]!;
    const category = CATEGORIES[status.category];
    return { self: `${this.siteUrl}${this.api}/status/${status.id}`, id: status.id, name: status.name, description: '', statusCategory: category };
  }

  /** Records a change the way Jira's changelog does, and bumps `updated`. */
  recordChange(issue: SandboxIssue, userId: string, items: SandboxHistoryItem[]): void {
    const now = new Date().toISOString().replace('Z', '+0000');
    issue.updated = now;
    if (items.length) issue.history.push({ id: this.nextId(), author: userId, created: now, items });
  }
}

export function now(): string {
  return new Date().toISOString().replace('Z', '+0000');
}

function adfPlainText(node: unknown): string {
  if (!node || typeof node !== 'object') return '';
  const record = node as { type?: string; text?: string; content?: unknown[]; attrs?: { text?: string } };
  if (typeof record.text === 'string') return record.text;
  if (record.type === 'mention') return record.attrs?.text ?? '';
  const inner = (record.content ?? []).map(adfPlainText);
  return inner.join(['paragraph', 'heading', 'listItem', 'codeBlock'].includes(record.type ?? '') ? '' : '\n').trim() +
    (['paragraph', 'heading', 'codeBlock'].includes(record.type ?? '') ? '\n' : '');
}

/** Seconds as Jira writes durations: 1w = 5d, 1d = 8h. */
export function formatDuration(seconds: number): string {
  const units: [string, number][] = [['w', 5 * 8 * 3600], ['d', 8 * 3600], ['h', 3600], ['m', 60]];
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join(' ') || '0m';
}

/** "1h 30m", "2d", "45m" -> seconds; undefined when Jira would refuse it. */
export function parseDuration(text: string): number | undefined {
  const sizes: Record<string, number> = { w: 5 * 8 * 3600, d: 8 * 3600, h: 3600, m: 60 };
  const parts = text.trim().split(/\s+/);
  let total = 0;
  for (const part of parts) {
    const unit = part.slice(-1);
    const amount = Number(part.slice(0, -1));
    if (!(unit in sizes) || !Number.isFinite(amount) || amount <= 0) return undefined;
    total += amount * sizes[unit]!;
  }
  return total > 0 ? Math.round(total) : undefined;
}
