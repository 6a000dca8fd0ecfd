import { createHash } from 'node:crypto';

import { z } from 'zod';

import { looksLikeQuery, quote } from '../../atlassian/query.js';
import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { decodeCursor, encodeCursor, pageSummary, shortDate, untrusted } from '../../mcp/result.js';
import { confluence } from './common.js';

import type { SearchResult } from '../client.js';

export const CONFLUENCE_SEARCH = 'confluence_search';

/** Cloud marks matched words with @@@hl@@@…@@@endhl@@@; the model needs the words, not the markers. */
function stripHighlights(text: string): string {
  return text.split('@@@hl@@@').join('').split('@@@endhl@@@').join('');
}

function oneLine(text: string, max: number): string {
  const flat = stripHighlights(text).split(/\s+/).filter(Boolean).join(' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function row(result: SearchResult): { line: string; data: { id: string; title: string; type: string; space: string; updated: string; excerpt: string } } {
  const id = result.content?.id ?? '';
  const type = result.content?.type ?? result.entityType ?? '';
  const title = stripHighlights(result.title || result.content?.title || '');
  const space = result.resultGlobalContainer?.title ?? '';
  const updated = shortDate(result.lastModified);
  const excerpt = oneLine(result.excerpt, 160);
  const facts = [type === 'page' ? '' : type, id ? `id ${id}` : '', space, updated].filter(Boolean).join(' · ');
  return {
    line: `- ${title} (${facts})${excerpt ? ` — ${excerpt}` : ''}`,
    data: { id, title, type, space, updated, excerpt },
  };
}

export const confluenceSearch = defineTool({
  name: CONFLUENCE_SEARCH,
  title: 'Search Confluence',
  description: 'Search pages and blog posts with CQL or a plain phrase: one line each (title, id, space, updated, excerpt).',
  product: 'confluence',
  toolset: 'confluence_search',
  kind: 'read',
  input: {
    query: z.string().min(1).max(10_000).describe('CQL or a phrase, e.g. \'space = DOC AND label = runbook\''),
    limit: z.number().int().min(1).max(50).default(10).describe('Results to return'),
    cursor: z.string().max(4000).optional().describe('Next page, from the last result'),
  },
  output: {
    results: z.array(z.object({ id: z.string(), title: z.string(), type: z.string(), space: z.string(), updated: z.string(), excerpt: z.string() })),
    returned: z.number(),
    total: z.number().optional(),
    cql: z.string(),
    cursor: z.string().optional(),
  },
  async handler({ query, limit, cursor }, context) {
    const client = confluence(context);
    const cql = looksLikeQuery(query) ? query : `text ~ ${quote(query)} AND type in (page, blogpost)`;
    const queryId = createHash('sha256').update(cql).digest('base64url').slice(0, 12);
    const state = cursor ? decodeCursor(CONFLUENCE_SEARCH, cursor, { q: z.string(), c: z.string().optional(), s: z.number().optional() }) : undefined;
    if (state && state.q !== queryId) {
      throw new ToolInputError('cursor: it belongs to a different query; repeat the original search, or omit cursor to start over');
    }
    const page = await client.search({ cql, limit, next: state ? { cursor: state.c, start: state.s } : undefined, signal: context.signal });
    const nextCursor = page.next ? encodeCursor(CONFLUENCE_SEARCH, { q: queryId, c: page.next.cursor, s: page.next.start }) : undefined;
    const rows = page.results.map(row);
    const listing = rows.length ? `${untrusted('Confluence search results', rows.map((r) => r.line).join('\n'))}\n` : '';
    const text = `${listing}${pageSummary(rows.length, 'result', nextCursor, page.total)}`;
    return { text, data: { results: rows.map((r) => r.data), returned: rows.length, total: page.total, cql, cursor: nextCursor } };
  },
});

export const CONFLUENCE_SEARCH_USER = 'confluence_search_user';

export const confluenceSearchUser = defineTool({
  name: CONFLUENCE_SEARCH_USER,
  title: 'Find Confluence users',
  description: 'People by name, with account id (Cloud) or username (Server/DC), for mentions and CQL.',
  product: 'confluence',
  toolset: 'confluence_search',
  kind: 'read',
  input: {
    query: z.string().min(1).max(200).describe('Part of a name, e.g. \'okafor\''),
    limit: z.number().int().min(1).max(50).default(10).describe('People to return'),
    group_name: z.string().min(1).max(255).default('confluence-users').describe('Server/DC: the group searched, e.g. \'staff\''),
  },
  output: { users: z.array(z.object({ display_name: z.string(), account_id: z.string().optional(), username: z.string().optional(), email: z.string().optional() })) },
  async handler({ query, limit, group_name }, context) {
    const users = await confluence(context).users.search(query, limit, group_name, context.signal);
    const lines = users.map((user) => `- ${user.displayName} (${user.accountId ? `accountId ${user.accountId}` : `username ${user.username ?? '?'}`}${user.email ? ` · ${user.email}` : ''})`);
    const text = lines.length ? `${lines.join('\n')}\n${pageSummary(lines.length, 'user', undefined)}` : `No users match "${query}".`;
    return { text, data: { users: users.map((user) => ({ display_name: user.displayName, account_id: user.accountId, username: user.username, email: user.email })) } };
  },
});
