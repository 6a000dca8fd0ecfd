import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { shortDateTime, untrusted } from '../../mcp/result.js';
import { bodyToStorage, contentFormatArg, readMarkdown } from '../convert.js';
import { confluence, contentId, pageIdArg } from './common.js';

import type { NameLookup } from '../api/users.js';
import type { Comment } from '../types.js';

export const CONFLUENCE_GET_COMMENTS = 'confluence_get_comments';
export const CONFLUENCE_ADD_COMMENT = 'confluence_add_comment';
export const CONFLUENCE_REPLY_TO_COMMENT = 'confluence_reply_to_comment';
export const CONFLUENCE_ADD_INLINE_COMMENT = 'confluence_add_inline_comment';

const bodyArg = z.string().min(1).max(100_000).describe('Markdown by default, e.g. \'Looks **good**\'');
const commentOut = { id: z.string(), page_id: z.string(), location: z.string(), parent_id: z.string().optional(), url: z.string().optional() };
const urlLine = (comment: Comment) => (comment.url ? `\nURL: ${comment.url}` : '');

/** Threads: each comment followed by its replies, indented. Bodies as Markdown. */
function renderThreads(comments: Comment[], names: NameLookup): string[] {
  const byParent = new Map<string | undefined, Comment[]>();
  const ids = new Set(comments.map((comment) => comment.id));
  for (const comment of comments) {
    const parent = comment.parentId && ids.has(comment.parentId) ? comment.parentId : undefined;
    byParent.set(parent, [...(byParent.get(parent) ?? []), comment]);
  }
  const lines: string[] = [];
  const visit = (parentId: string | undefined, depth: number) => {
    for (const comment of byParent.get(parentId) ?? []) {
      const indent = '  '.repeat(depth);
      const where = comment.selection ? ` on "${comment.selection}"` : '';
      const state = comment.resolution && comment.resolution !== 'open' ? ` (${comment.resolution})` : '';
      const body = readMarkdown(comment.storage, names).split('\n');
      lines.push(`${indent}- [${comment.id}] ${comment.author ?? 'unknown'} · ${shortDateTime(comment.created)}${where}${state}: ${body[0] ?? ''}`,
        ...body.slice(1).filter((line) => line.trim() !== '').map((line) => `${indent}  ${line}`));
      visit(comment.id, depth + 1);
    }
  };
  visit(undefined, 0);
  return lines;
}

export const confluenceGetComments = defineTool({
  name: CONFLUENCE_GET_COMMENTS,
  title: 'Get page comments',
  description: 'A page\'s footer and inline comments as threads: id, author, date, highlighted text (inline) and Markdown body.',
  product: 'confluence',
  toolset: 'confluence_comments',
  kind: 'read',
  continuation: 'Read footer and inline comments separately (location).',
  input: {
    page_id: pageIdArg,
    location: z.enum(['all', 'footer', 'inline']).default('all').describe('Which comments, e.g. \'inline\''),
  },
  output: {
    comments: z.array(z.object({ ...commentOut, author: z.string().optional(), created: z.string().optional(), selection: z.string().optional(), body: z.string() })),
    truncated: z.boolean(),
  },
  async handler({ page_id, location }, context) {
    const client = confluence(context);
    const { comments, truncated } = await client.comments.list(page_id, context.signal);
    const wanted = comments.filter((comment) => location === 'all' || comment.location === location);
    const names = await client.users.mentionNames(wanted.map((comment) => comment.storage), context.signal);
    const sections: string[] = [];
    for (const kind of ['footer', 'inline'] as const) {
      const ofKind = wanted.filter((comment) => comment.location === kind);
      if (ofKind.length) sections.push(`${kind === 'footer' ? 'Footer' : 'Inline'} comments (${ofKind.length}):\n${renderThreads(ofKind, names).join('\n')}`);
    }
    const text = sections.length
      ? `${untrusted(`comments on page ${page_id}`, sections.join('\n'))}\n${wanted.length} comment(s)${truncated ? '; more exist, only the first 250 are read' : ''}.`
      : `No ${location === 'all' ? '' : `${location} `}comments on page ${page_id}.`;
    return {
      text,
      data: {
        comments: wanted.map((comment) => ({
          id: comment.id, page_id, location: comment.location, parent_id: comment.parentId, author: comment.author, created: comment.created,
          selection: comment.selection, body: readMarkdown(comment.storage, names),
        })),
        truncated,
      },
    };
  },
});

export const confluenceAddComment = defineTool({
  name: CONFLUENCE_ADD_COMMENT,
  title: 'Comment on a page',
  description: 'Add a footer comment to a page (to answer one: confluence_reply_to_comment).',
  product: 'confluence',
  toolset: 'confluence_comments',
  kind: 'write',
  input: { page_id: pageIdArg, body: bodyArg, content_format: contentFormatArg },
  output: commentOut,
  async handler({ page_id, body, content_format }, context) {
    const comment = await confluence(context).comments.add(page_id, bodyToStorage(body, content_format), context.signal);
    return { text: `Added comment ${comment.id} to page ${page_id}.${urlLine(comment)}`, data: { id: comment.id, page_id, location: 'footer', url: comment.url } };
  },
});

export const confluenceReplyToComment = defineTool({
  name: CONFLUENCE_REPLY_TO_COMMENT,
  title: 'Reply to a comment',
  description: 'Reply in the thread of a footer or inline comment.',
  product: 'confluence',
  toolset: 'confluence_comments',
  kind: 'write',
  input: { comment_id: contentId('comment', '196609'), body: bodyArg, content_format: contentFormatArg },
  output: commentOut,
  async handler({ comment_id, body, content_format }, context) {
    const { reply, parent, pageId } = await confluence(context).comments.reply(comment_id, bodyToStorage(body, content_format), context.signal);
    return {
      text: `Added reply ${reply.id} to ${parent.location} comment ${comment_id} on page ${pageId}.${urlLine(reply)}`,
      data: { id: reply.id, page_id: pageId, location: parent.location, parent_id: comment_id, url: reply.url },
    };
  },
});

export const confluenceAddInlineComment = defineTool({
  name: CONFLUENCE_ADD_INLINE_COMMENT,
  title: 'Add an inline comment',
  description: 'Comment on a passage (Cloud): text_selection is words exactly as they appear in one paragraph.',
  product: 'confluence',
  toolset: 'confluence_comments',
  kind: 'write',
  flavors: ['cloud'],
  input: {
    page_id: pageIdArg,
    body: bodyArg,
    text_selection: z.string().min(1).max(500).describe('The words to highlight, e.g. \'three services\''),
    text_selection_match_index: z.number().int().min(0).max(999).default(0).describe('Which occurrence (from 0) if repeated, e.g. 1'),
    content_format: contentFormatArg,
  },
  output: { ...commentOut, selection: z.string() },
  async handler({ page_id, body, text_selection, text_selection_match_index, content_format }, context) {
    const comment = await confluence(context).comments.addInline(page_id, bodyToStorage(body, content_format), text_selection, text_selection_match_index, context.signal);
    return {
      text: `Added inline comment ${comment.id} on "${text_selection}" in page ${page_id}.${urlLine(comment)}`,
      data: { id: comment.id, page_id, location: 'inline', selection: text_selection, url: comment.url },
    };
  },
});
