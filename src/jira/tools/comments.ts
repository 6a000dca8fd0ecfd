import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { pageSummary, untrusted } from '../../mcp/result.js';
import { listComments } from '../api/parts.js';
import { comment as commentSchema } from '../api/schemas.js';
import { toRichText } from '../content.js';
import { commentBlock, commentData } from '../render.js';
import { issueKeyArg, jira, matching, numericIdArg, writeOutput, writeText } from './common.js';
import { cursorArg, makeCursor, readCursor } from './paging.js';

import type { JiraClient } from '../client.js';

// Comments: read (paged, oldest or newest first), add and edit in Markdown with optional role/group
// visibility, delete.

const JIRA_GET_COMMENTS = 'jira_get_comments';
const commentIdArg = numericIdArg('comment', '10050');
const commentArg = z.string().min(1).describe('Markdown, e.g. \'Fixed in **2.4.1**\'');
const visibilityArg = matching(/^(role|group):.+$/, 'role:<name> or group:<name>').optional()
  .describe('Only this role or group sees it, e.g. \'role:Dev\' or \'group:qa\'');

function visibilityOf(value: string | undefined) {
  if (!value) return undefined;
  const at = value.indexOf(':');
  return { type: value.slice(0, at), value: value.slice(at + 1) };
}

function commentUrl(client: JiraClient, key: string, id: string): string {
  return `${client.browseUrl(key)}?focusedCommentId=${id}`;
}

export const jiraGetComments = defineTool({
  name: JIRA_GET_COMMENTS,
  title: 'Get issue comments',
  description: 'An issue\'s comments as Markdown with author and date.',
  product: 'jira',
  toolset: 'jira_comments',
  kind: 'read',
  input: {
    issue_key: issueKeyArg,
    order: z.enum(['oldest', 'newest']).default('oldest').describe('Which end to start from, e.g. \'newest\''),
    limit: z.number().int().min(1).max(100).default(20).describe('Comments to return'),
    cursor: cursorArg,
  },
  output: {
    comments: z.array(z.object({ id: z.string(), author: z.string(), created: z.string(), body: z.string() })),
    returned: z.number(),
    total: z.number().optional(),
    cursor: z.string().optional(),
  },
  async handler({ issue_key, order, limit, cursor }, context) {
    const client = jira(context);
    const key = await client.allowedKey(issue_key, context.signal);
    const binding = [key, order];
    const { startAt } = readCursor(JIRA_GET_COMMENTS, cursor, binding);
    const page = await listComments(client, key, { startAt, maxResults: limit, newestFirst: order === 'newest', signal: context.signal });
    const comments = page.comments.slice(0, limit);
    const total = page.total;
    const more = total !== undefined ? startAt + comments.length < total : comments.length === limit;
    const next = makeCursor(JIRA_GET_COMMENTS, binding, more && comments.length ? { startAt: startAt + comments.length } : undefined);
    const body = comments.length ? `${untrusted(`Jira ${key} comments`, comments.map(commentBlock).join('\n\n'))}\n` : '';
    return {
      text: body + pageSummary(comments.length, 'comment', next, total),
      data: { comments: comments.map(commentData), returned: comments.length, ...(total !== undefined ? { total } : {}), ...(next ? { cursor: next } : {}) },
    };
  },
});

async function writeComment(client: JiraClient, method: 'POST' | 'PUT', key: string, id: string | undefined, markdown: string, visibility: string | undefined, signal: AbortSignal) {
  const issue = await client.requireIssue(key, signal);
  const path = `${client.api}/issue/${encodeURIComponent(issue.key)}/comment${id ? `/${id}` : ''}`;
  const saved = await client.call(commentSchema, {
    method, path, json: { body: toRichText(client.cloud, markdown), ...(visibility ? { visibility: visibilityOf(visibility) } : {}) },
    subject: id ? `comment ${id} of ${issue.key}` : `issue ${issue.key}`, signal,
  });
  return { issue, saved };
}

export const jiraAddComment = defineTool({
  name: 'jira_add_comment',
  title: 'Add a comment',
  description: 'Comment on an issue in Markdown, optionally visible to one role or group only.',
  product: 'jira',
  toolset: 'jira_comments',
  kind: 'write',
  input: { issue_key: issueKeyArg, comment: commentArg, visibility: visibilityArg },
  output: writeOutput,
  async handler({ issue_key, comment, visibility }, context) {
    const client = jira(context);
    const { issue, saved } = await writeComment(client, 'POST', issue_key.toUpperCase(), undefined, comment, visibility, context.signal);
    const url = commentUrl(client, issue.key, saved.id);
    const changed = [`added comment ${saved.id}${visibility ? ` (visible to ${visibility})` : ''}`];
    return { text: writeText(`Commented on ${issue.key} (comment ${saved.id}).`, url, changed), data: { key: issue.key, id: saved.id, url, changed } };
  },
});

export const jiraEditComment = defineTool({
  name: 'jira_edit_comment',
  title: 'Edit a comment',
  description: 'Replace the Markdown (and visibility) of one of your comments.',
  product: 'jira',
  toolset: 'jira_comments',
  kind: 'write',
  input: { issue_key: issueKeyArg, comment_id: commentIdArg, comment: commentArg, visibility: visibilityArg },
  output: writeOutput,
  async handler({ issue_key, comment_id, comment, visibility }, context) {
    const client = jira(context);
    const { issue, saved } = await writeComment(client, 'PUT', issue_key.toUpperCase(), comment_id, comment, visibility, context.signal);
    const url = commentUrl(client, issue.key, saved.id);
    const changed = [`replaced the text of comment ${saved.id}`, ...(visibility ? [`visibility: ${visibility}`] : [])];
    return { text: writeText(`Edited comment ${saved.id} on ${issue.key}.`, url, changed), data: { key: issue.key, id: saved.id, url, changed } };
  },
});

export const jiraDeleteComment = defineTool({
  name: 'jira_delete_comment',
  title: 'Delete a comment',
  description: 'Permanently delete one comment of an issue.',
  product: 'jira',
  toolset: 'jira_comments',
  kind: 'destructive',
  input: { issue_key: issueKeyArg, comment_id: commentIdArg },
  output: writeOutput,
  async handler({ issue_key, comment_id }, context) {
    const client = jira(context);
    const issue = await client.requireIssue(issue_key.toUpperCase(), context.signal);
    await client.send({
      method: 'DELETE', path: `${client.api}/issue/${encodeURIComponent(issue.key)}/comment/${comment_id}`,
      subject: `comment ${comment_id} of ${issue.key}`, signal: context.signal,
    });
    const url = client.browseUrl(issue.key);
    const changed = [`deleted comment ${comment_id}`];
    return { text: writeText(`Deleted comment ${comment_id} from ${issue.key}.`, url, changed), data: { key: issue.key, id: comment_id, url, changed } };
  },
});
