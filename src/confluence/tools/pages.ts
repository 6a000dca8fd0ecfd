import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { decodeCursor, encodeCursor, untrusted } from '../../mcp/result.js';
import { TemplatesApi, templateToPageStorage } from '../api/templates.js';
import { bodyToStorage, contentFormatArg, describeMerge, mergeMarkdown, pageSlice, replaceSectionMarkdown } from '../convert.js';
import { confluence, pageFacts, pageIdArg, pageRef, pageRefOf } from './common.js';
import { templateIdArg } from './templates.js';

// One page: read it (whole, in pieces, or one section), create it, edit it without losing what
// Markdown cannot say, delete it. Edits carry the version the caller read; a page that moved on
// since is never overwritten.

export const CONFLUENCE_GET_PAGE = 'confluence_get_page';
export const CONFLUENCE_CREATE_PAGE = 'confluence_create_page';
export const CONFLUENCE_UPDATE_PAGE = 'confluence_update_page';
export const CONFLUENCE_UPDATE_PAGE_SECTION = 'confluence_update_page_section';
export const CONFLUENCE_DELETE_PAGE = 'confluence_delete_page';

const spaceKeyArg = z.string().min(1).max(255);
const titleArg = z.string().min(1).max(255);
const versionArg = z.number().int().min(1).max(1_000_000).describe('The version you read, e.g. 7');
const versionComment = z.string().max(255).optional().describe('Version comment, e.g. \'Fix typo\'');
const occurrenceArg = z.number().int().min(1).max(99).optional().describe('Which one (from 1) if headings repeat, e.g. 2');

export const confluenceGetPage = defineTool({
  name: CONFLUENCE_GET_PAGE,
  title: 'Get a Confluence page',
  description: 'A page by page_id or space_key + title: version, URL and body as Markdown (<!-- confluence:… --> markers keep what ' +
    'Markdown cannot) or storage. Large pages: max_chars + cursor, or section.',
  product: 'confluence',
  toolset: 'confluence_pages',
  kind: 'read',
  continuation: 'Read it in pieces: call again with format=markdown and max_chars (e.g. 20000), following the cursor, or read one section.',
  input: {
    page_id: pageIdArg.optional(),
    space_key: spaceKeyArg.optional().describe('Space key, with title, e.g. \'DOC\''),
    title: titleArg.optional().describe('Exact title, e.g. \'Release Notes\''),
    format: z.enum(['markdown', 'storage']).default('markdown').describe('Body format, e.g. \'storage\''),
    section: z.string().min(1).max(255).optional().describe('Only this heading\'s part, e.g. \'Rollback\''),
    occurrence: occurrenceArg,
    max_chars: z.number().int().min(500).max(1_000_000).optional().describe('Body characters at most, e.g. 20000'),
    cursor: z.string().max(4000).optional().describe('Next piece, from the last result'),
  },
  output: {
    ...pageRef,
    updated: z.string().optional(),
    body: z.string(),
    cursor: z.string().optional(),
  },
  async handler({ page_id, space_key, title, format, section, occurrence, max_chars, cursor }, context) {
    const client = confluence(context);
    const state = cursor ? decodeCursor(CONFLUENCE_GET_PAGE, cursor, { p: z.string(), v: z.number(), o: z.number(), m: z.number(), f: z.enum(['markdown', 'storage']), s: z.string().optional(), n: z.number().optional() }) : undefined;
    if (state) {
      if (page_id !== undefined && page_id !== state.p) throw new ToolInputError('cursor: it belongs to another page; omit cursor to start this one.');
      page_id = state.p;
      space_key = title = undefined;
    }
    if (!page_id && !(space_key && title)) throw new ToolInputError('Give page_id, or space_key together with title.');
    if (page_id && (space_key || title)) throw new ToolInputError('Give either page_id or space_key + title, not both.');
    const page = await client.pages.get(page_id ? { pageId: page_id } : { spaceKey: space_key!, title: title! }, context.signal);
    if (state && state.v !== page.version) {
      throw new ToolInputError(`Page ${page.id} changed (version ${state.v} -> ${page.version}) while you were reading it; start again without cursor.`);
    }
    const chosen = state?.f ?? format;
    const names = chosen === 'markdown' ? await client.users.mentionNames([page.storage], context.signal) : undefined;
    // A continuation reads the same part of the same version in pieces of the same size.
    const part = state ? { s: state.s, n: state.n, m: state.m } : { s: section, n: occurrence, m: max_chars };
    const slice = pageSlice(page.storage, { format: chosen, section: part.s, occurrence: part.n, maxChars: part.m, offset: state?.o ?? 0, names });
    const next = slice.nextOffset === undefined ? undefined
      : encodeCursor(CONFLUENCE_GET_PAGE, { p: page.id, v: page.version, o: slice.nextOffset, m: part.m, f: chosen, s: part.s, n: part.n });
    const where = slice.note ? `${slice.note}\n` : '';
    // The title is user text like the body, in a block of its own: the body's block is what an edit copies.
    const text = [untrusted(`Confluence page ${page.id} title`, page.title), pageFacts(page), `URL: ${page.url}`, '',
      slice.body ? untrusted(`Confluence page ${page.id} body`, slice.body) : '(empty page)',
      ...(next ? [`${where}More follows: pass cursor="${next}" to read on.`] : where ? [where.trim()] : [])].join('\n');
    return { text, data: { ...pageRefOf(page), updated: page.updated, body: slice.body, cursor: next } };
  },
});

export const confluenceCreatePage = defineTool({
  name: CONFLUENCE_CREATE_PAGE,
  title: 'Create a Confluence page',
  description: 'Create a page from Markdown (tables, task lists, > [!NOTE] callouts) or storage XHTML, under parent_id or the space home page.',
  product: 'confluence',
  toolset: 'confluence_pages',
  kind: 'write',
  input: {
    space_key: spaceKeyArg.optional().describe('Space key (optional with parent_id), e.g. \'DOC\''),
    title: titleArg.describe('Title, unique in the space, e.g. \'Q3 Review\''),
    content: z.string().max(2_000_000).optional().describe('The body, e.g. \'## Goals\''),
    parent_id: pageIdArg.optional(),
    content_format: contentFormatArg,
    template_id: templateIdArg.optional().describe('Or a template (Cloud), e.g. \'393217\''),
  },
  output: pageRef,
  async handler({ space_key, title, content, parent_id, content_format, template_id }, context) {
    if ((content === undefined) === (template_id === undefined)) throw new ToolInputError('Give either content or template_id.');
    const client = confluence(context);
    const storage = template_id === undefined
      ? bodyToStorage(content!, content_format)
      : templateToPageStorage((await new TemplatesApi(client).get(template_id, context.signal)).storage ?? '');
    const page = await client.pages.create({ spaceKey: space_key, parentId: parent_id, title, storage }, context.signal);
    return { text: `Created page ${page.id} "${page.title}" in space ${page.spaceKey}, version ${page.version}.\nURL: ${page.url}`, data: pageRefOf(page) };
  },
});

export const confluenceUpdatePage = defineTool({
  name: CONFLUENCE_UPDATE_PAGE,
  title: 'Update a Confluence page',
  description: 'Replace a page\'s body (and title) with confluence_get_page\'s Markdown, edited; kept <!-- confluence:… --> markers ' +
    'restore their originals. Refused if the page changed since version.',
  product: 'confluence',
  toolset: 'confluence_pages',
  kind: 'write',
  input: {
    page_id: pageIdArg,
    version: versionArg,
    content: z.string().max(2_000_000).describe('The whole new body, e.g. \'## Goals\''),
    title: titleArg.optional().describe('New title, e.g. \'Q3 Review\''),
    content_format: contentFormatArg,
    version_comment: versionComment,
  },
  output: { ...pageRef, previous_version: z.number() },
  async handler({ page_id, version, content, title, content_format, version_comment }, context) {
    const client = confluence(context);
    let merged = '';
    const { before, after } = await client.pages.update({
      pageId: page_id, expected: version, title, message: version_comment,
      storage: content_format === 'storage' ? content : async (current) => {
        const report = mergeMarkdown(current.storage, content, await client.users.mentionNames([current.storage], context.signal));
        merged = ` ${describeMerge(report)}`;
        return report.storage;
      },
    }, context.signal);
    const renamed = before.title !== after.title ? `, title "${before.title}" -> "${after.title}"` : '';
    return {
      text: `Updated page ${after.id} "${after.title}": version ${before.version} -> ${after.version}${renamed}.${merged}\nURL: ${after.url}`,
      data: { ...pageRefOf(after), previous_version: before.version },
    };
  },
});

export const confluenceUpdatePageSection = defineTool({
  name: CONFLUENCE_UPDATE_PAGE_SECTION,
  title: 'Update one section of a page',
  description: 'Replace what is under one heading (to the next heading of its level or higher); the rest stays byte-identical.',
  product: 'confluence',
  toolset: 'confluence_pages',
  kind: 'write',
  input: {
    page_id: pageIdArg,
    version: versionArg,
    heading: z.string().min(1).max(255).describe('The heading text, e.g. \'Rollback\''),
    occurrence: occurrenceArg,
    content: z.string().max(2_000_000).describe('Markdown under it (a same-level heading first renames it), e.g. \'1. Revert\''),
    version_comment: versionComment,
  },
  output: { ...pageRef, previous_version: z.number() },
  async handler({ page_id, version, heading, occurrence, content, version_comment }, context) {
    const client = confluence(context);
    let merged = '';
    const { before, after } = await client.pages.update({
      pageId: page_id, expected: version, message: version_comment,
      storage: async (current) => {
        const report = replaceSectionMarkdown(current.storage, heading, content, { occurrence, names: await client.users.mentionNames([current.storage], context.signal) });
        merged = ` ${describeMerge(report)}`;
        return report.storage;
      },
    }, context.signal);
    return {
      text: `Updated section "${heading}" of page ${after.id} "${after.title}": version ${before.version} -> ${after.version}.${merged}\nURL: ${after.url}`,
      data: { ...pageRefOf(after), previous_version: before.version },
    };
  },
});

export const confluenceDeletePage = defineTool({
  name: CONFLUENCE_DELETE_PAGE,
  title: 'Delete a Confluence page',
  description: 'Move a page to the space trash (an admin can restore it); its children move up.',
  product: 'confluence',
  toolset: 'confluence_pages',
  kind: 'destructive',
  input: { page_id: pageIdArg },
  output: pageRef,
  async handler({ page_id }, context) {
    const page = await confluence(context).pages.delete(page_id, context.signal);
    return { text: `Deleted page ${page.id} "${page.title}" (version ${page.version}) from space ${page.spaceKey}; it is in the space trash.`, data: pageRefOf(page) };
  },
});
