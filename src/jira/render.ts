import { shortDate, shortDateTime } from '../mcp/result.js';
import { richTextToMarkdown } from './format.js';

import type { Attachment, Comment, History, IssueLink, RemoteLink, Transition, Worklog } from './api/schemas.js';
import type { JiraUser } from './users.js';

// The parts of an issue as compact Markdown: one line per row, bodies converted from ADF or wiki.
// Shared by jira_get_issue's `include` and the tools that list each part.

export const who = (user: JiraUser | null | undefined): string => user?.displayName ?? user?.name ?? user?.accountId ?? 'unknown';

/** "1.2 KB" for sizes, exact bytes below 1 KB. */
export function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function commentBlock(comment: Comment): string {
  const visibility = comment.visibility ? ` · visible to ${comment.visibility.type} ${comment.visibility.value}` : '';
  const edited = comment.updated && comment.created && comment.updated !== comment.created ? ' (edited)' : '';
  return `**Comment ${comment.id}** · ${who(comment.author)} · ${shortDateTime(comment.created)}${edited}${visibility}\n` +
    (richTextToMarkdown(comment.body) || '(empty)');
}

export function commentData(comment: Comment) {
  return { id: comment.id, author: who(comment.author), created: comment.created ?? '', body: richTextToMarkdown(comment.body) };
}

export function worklogLine(worklog: Worklog): string {
  const note = richTextToMarkdown(worklog.comment).split('\n').join(' ');
  return `- ${worklog.id} · ${who(worklog.author)} · ${worklog.timeSpent ?? `${worklog.timeSpentSeconds ?? 0}s`} · started ${shortDateTime(worklog.started)}${note ? `: ${note}` : ''}`;
}

export function attachmentLine(attachment: Attachment): string {
  return `- ${attachment.id} ${attachment.filename} (${attachment.mimeType}, ${size(attachment.size)}) · ${who(attachment.author)} · ${shortDate(attachment.created)}`;
}

/** A link from the point of view of the issue that holds it: "blocks DEMO-3 [To Do] Export…". */
export function linkLine(link: IssueLink): string {
  const other = link.outwardIssue ?? link.inwardIssue;
  const verb = link.outwardIssue ? link.type.outward : link.type.inward;
  const status = other?.fields.status?.name ? ` [${other.fields.status.name}]` : '';
  return `- ${link.id}: ${verb} ${other?.key ?? '?'}${status} ${other?.fields.summary ?? ''}`.trimEnd();
}

export function remoteLinkLine(link: RemoteLink): string {
  const relation = link.relationship ? ` (${link.relationship})` : '';
  return `- ${link.id}: [${link.object.title || link.object.url}](${link.object.url})${relation}${link.object.summary ? ` — ${link.object.summary}` : ''}`;
}

export function transitionLine(transition: Transition): string {
  const required = Object.entries(transition.fields ?? {}).filter(([, field]) => field.required).map(([id, field]) => field.name || id);
  return `- ${transition.id}: ${transition.name} → ${transition.to.name}${required.length ? ` (requires ${required.join(', ')})` : ''}`;
}

export function historyLine(history: History): string {
  const changes = history.items.map((item) => `${item.field}: ${item.fromString || '∅'} → ${item.toString || '∅'}`);
  return `- ${shortDateTime(history.created)} ${who(history.author)}: ${changes.join('; ')}`;
}

export function userRow(user: JiraUser): string {
  const details = [user.emailAddress, user.accountId ?? user.name, user.active === false ? 'inactive' : ''].filter(Boolean);
  return `- ${user.displayName ?? user.name ?? user.accountId}${details.length ? ` (${details.join(', ')})` : ''}`;
}
