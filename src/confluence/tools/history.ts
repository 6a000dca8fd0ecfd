import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { pageSummary, shortDateTime, untrusted } from '../../mcp/result.js';
import { markdownDiff, readMarkdown } from '../convert.js';
import { confluence, cursorArg, listCursor, pageFacts, pageIdArg, pageRef, pageRefOf, readListCursor } from './common.js';

export const CONFLUENCE_GET_PAGE_HISTORY = 'confluence_get_page_history';
export const CONFLUENCE_GET_PAGE_VERSION = 'confluence_get_page_version';
export const CONFLUENCE_GET_PAGE_DIFF = 'confluence_get_page_diff';

const versionArg = (what: string, example: number) => z.number().int().min(1).max(1_000_000).describe(`${what}, e.g. ${example}`);

export const confluenceGetPageHistory = defineTool({
  name: CONFLUENCE_GET_PAGE_HISTORY,
  title: 'Get page history',
  description: 'A page\'s versions, newest first, with date, author and message.',
  product: 'confluence',
  toolset: 'confluence_history',
  kind: 'read',
  input: {
    page_id: pageIdArg,
    limit: z.number().int().min(1).max(50).default(10).describe('Versions to return'),
    cursor: cursorArg,
  },
  output: {
    versions: z.array(z.object({ number: z.number(), when: z.string().optional(), by: z.string().optional(), message: z.string() })),
    current: z.number(),
    cursor: z.string().optional(),
  },
  async handler({ page_id, limit, cursor }, context) {
    const { page, versions, next } = await confluence(context).history.list(page_id, { limit, next: readListCursor(CONFLUENCE_GET_PAGE_HISTORY, page_id, cursor) }, context.signal);
    const nextCursor = listCursor(CONFLUENCE_GET_PAGE_HISTORY, page_id, next);
    const lines = versions.map((version) => `- v${version.number} · ${shortDateTime(version.when)}${version.by ? ` · ${version.by}` : ''}` +
      `${version.minorEdit ? ' · minor' : ''}${version.message ? ` — ${version.message}` : ''}`);
    // The title and version messages are user text: both inside the block.
    const text = `Page ${page.id}, current version ${page.version}:\n` +
      `${untrusted(`history of page ${page.id}`, [`# ${page.title}`, ...lines].join('\n'))}\n${pageSummary(lines.length, 'version', nextCursor)}`;
    return {
      text,
      data: { versions: versions.map(({ number, when, by, message }) => ({ number, when, by, message })), current: page.version, cursor: nextCursor },
    };
  },
});

export const confluenceGetPageVersion = defineTool({
  name: CONFLUENCE_GET_PAGE_VERSION,
  title: 'Get a page version',
  description: 'A page as it was at one version: title, date, author and body.',
  product: 'confluence',
  toolset: 'confluence_history',
  kind: 'read',
  continuation: 'See what changed with confluence_get_page_diff instead, or read the current version in pieces with confluence_get_page max_chars.',
  input: {
    page_id: pageIdArg,
    version: versionArg('Version number', 3),
    format: z.enum(['markdown', 'storage']).default('markdown').describe('Body format, e.g. \'storage\''),
  },
  output: { ...pageRef, updated: z.string().optional(), body: z.string() },
  async handler({ page_id, version, format }, context) {
    const client = confluence(context);
    const page = await client.history.version(page_id, version, context.signal);
    const body = format === 'storage' ? page.storage : readMarkdown(page.storage, await client.users.mentionNames([page.storage], context.signal));
    // Title and version message are user text, in a block of their own: the body's block is what an edit copies.
    const written = [page.title, ...(page.message ? [`Message: ${page.message}`] : [])].join('\n');
    const text = `${untrusted(`Confluence page ${page.id} version ${page.version} title`, written)}\n${pageFacts(page)}\n\n` +
      (body ? untrusted(`Confluence page ${page.id} version ${page.version} body`, body) : '(empty page)');
    return { text, data: { ...pageRefOf(page), updated: page.updated, body } };
  },
});

export const confluenceGetPageDiff = defineTool({
  name: CONFLUENCE_GET_PAGE_DIFF,
  title: 'Diff two page versions',
  description: 'What changed in a page between two versions, as a unified diff of their Markdown.',
  product: 'confluence',
  toolset: 'confluence_history',
  kind: 'read',
  continuation: 'Compare versions closer together (from_version, to_version).',
  input: {
    page_id: pageIdArg,
    from_version: versionArg('Older version', 5),
    to_version: versionArg('Newer version; default current', 7).optional(),
  },
  output: { page_id: z.string(), from_version: z.number(), to_version: z.number(), diff: z.string(), changed: z.boolean() },
  async handler({ page_id, from_version, to_version }, context) {
    const client = confluence(context);
    const to = await (to_version === undefined ? client.pages.get({ pageId: page_id }, context.signal) : client.history.version(page_id, to_version, context.signal));
    if (from_version >= to.version) throw new ToolInputError(`from_version (${from_version}) must be older than to_version (${to.version}).`);
    const from = await client.history.version(page_id, from_version, context.signal);
    const names = await client.users.mentionNames([from.storage, to.storage], context.signal);
    const diff = markdownDiff(readMarkdown(from.storage, names), readMarkdown(to.storage, names), `version ${from.version}`, `version ${to.version}`);
    const title = from.title === to.title ? '' : `Title: "${from.title}" -> "${to.title}"\n`;
    const changed = diff !== '' || title !== '';
    // Titles are user text like the diff: both inside the block.
    const text = `Page ${page_id}, version ${from.version} -> ${to.version}:\n` +
      untrusted(`diff of page ${page_id}`, `${title || `Title: "${to.title}"\n`}${diff}`.trimEnd()) + (diff ? '' : '\nThe bodies are identical.');
    return { text, data: { page_id, from_version: from.version, to_version: to.version, diff, changed } };
  },
});
