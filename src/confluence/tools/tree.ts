import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { pageSummary, shortDate, untrusted } from '../../mcp/result.js';
import { confluence, contentId, cursorArg, listCursor, pageIdArg, pageRef, pageRefOf, readListCursor } from './common.js';

// The page tree: what is under a page, above it, or in a whole space; moving and copying within it.
// Titles are user-written, so listings of them are marked untrusted like bodies.

export const CONFLUENCE_GET_PAGE_CHILDREN = 'confluence_get_page_children';
export const CONFLUENCE_GET_PAGE_ANCESTORS = 'confluence_get_page_ancestors';
export const CONFLUENCE_GET_SPACE_PAGE_TREE = 'confluence_get_space_page_tree';
export const CONFLUENCE_MOVE_PAGE = 'confluence_move_page';
export const CONFLUENCE_COPY_PAGE = 'confluence_copy_page';

const summary = z.object({ id: z.string(), title: z.string() });

export const confluenceGetPageChildren = defineTool({
  name: CONFLUENCE_GET_PAGE_CHILDREN,
  title: 'List child pages',
  description: 'A page\'s direct children in their order, one line each with id and title.',
  product: 'confluence',
  toolset: 'confluence_pages',
  kind: 'read',
  input: {
    parent_id: contentId('parent page', '98301'),
    limit: z.number().int().min(1).max(100).default(25).describe('Children to return'),
    cursor: cursorArg,
  },
  output: { children: z.array(summary.extend({ type: z.string().optional() })), cursor: z.string().optional() },
  async handler({ parent_id, limit, cursor }, context) {
    const client = confluence(context);
    const page = await client.tree.children(parent_id, { limit, next: readListCursor(CONFLUENCE_GET_PAGE_CHILDREN, parent_id, cursor) }, context.signal);
    const next = listCursor(CONFLUENCE_GET_PAGE_CHILDREN, parent_id, page.next);
    const lines = page.items.map((child) => `- ${child.title} (${[child.type && child.type !== 'page' ? child.type : '', `id ${child.id}`,
      child.updated ? `updated ${shortDate(child.updated)}` : ''].filter(Boolean).join(' · ')})`);
    const listing = lines.length ? `${untrusted(`children of page ${parent_id}`, lines.join('\n'))}\n` : '';
    return {
      text: `${listing}${pageSummary(lines.length, 'child page', next)}`,
      data: { children: page.items.map((child) => ({ id: child.id, title: child.title, type: child.type })), cursor: next },
    };
  },
});

export const confluenceGetPageAncestors = defineTool({
  name: CONFLUENCE_GET_PAGE_ANCESTORS,
  title: 'Get page ancestors',
  description: 'A page\'s parent chain from the top of its space, one line each with id and title.',
  product: 'confluence',
  toolset: 'confluence_pages',
  kind: 'read',
  input: { page_id: pageIdArg },
  output: { ancestors: z.array(summary), page: summary },
  async handler({ page_id }, context) {
    const { page, ancestors } = await confluence(context).tree.ancestors(page_id, context.signal);
    const chain = [...ancestors, page].map((entry, index) => `${'  '.repeat(index)}- ${entry.title} (id ${entry.id})`);
    const text = `${untrusted(`ancestors of page ${page_id}`, chain.join('\n'))}\n` +
      (ancestors.length ? `${ancestors.length} ancestor(s); the last line is the page itself.` : 'A top-level page: no ancestors.');
    return { text, data: { ancestors: ancestors.map(({ id, title }) => ({ id, title })), page: { id: page.id, title: page.title } } };
  },
});

export const confluenceGetSpacePageTree = defineTool({
  name: CONFLUENCE_GET_SPACE_PAGE_TREE,
  title: 'Get a space\'s page tree',
  description: 'A space\'s outline: pages indented by level down to depth, with ids; to find a page by place.',
  product: 'confluence',
  toolset: 'confluence_pages',
  kind: 'read',
  input: {
    space_key: z.string().min(1).max(255).describe('Space key, e.g. \'DOC\''),
    depth: z.number().int().min(1).max(5).default(3).describe('Levels to show, 1-5, e.g. 2'),
    limit: z.number().int().min(1).max(500).default(200).describe('Pages to show at most, 1-500'),
  },
  output: { pages: z.array(summary.extend({ depth: z.number(), parent_id: z.string().optional() })), truncated: z.boolean() },
  async handler({ space_key, depth, limit }, context) {
    const { nodes, truncated } = await confluence(context).tree.spaceTree(space_key, { depth, limit }, context.signal);
    const lines = nodes.map((node) => `${'  '.repeat(node.depth - 1)}- ${node.title} (${node.type && node.type !== 'page' ? `${node.type} ` : ''}${node.id})`);
    const note = truncated ? `${nodes.length} pages shown; more exist: lower depth, or list a branch with confluence_get_page_children.` : `${nodes.length} pages.`;
    return {
      text: `${lines.length ? `${untrusted(`page tree of space ${space_key}`, lines.join('\n'))}\n` : ''}${note}`,
      data: { pages: nodes.map((node) => ({ id: node.id, title: node.title, depth: node.depth, parent_id: node.parentId })), truncated },
    };
  },
});

export const confluenceMovePage = defineTool({
  name: CONFLUENCE_MOVE_PAGE,
  title: 'Move a page',
  description: 'Move a page and its children under target_parent_id, or under another space\'s home page.',
  product: 'confluence',
  toolset: 'confluence_pages',
  kind: 'write',
  input: {
    page_id: pageIdArg,
    target_parent_id: contentId('new parent page', '98303').optional(),
    target_space_key: z.string().min(1).max(255).optional().describe('Space to move to, e.g. \'OPS\''),
  },
  output: { ...pageRef, parent_id: z.string(), moved_from: z.string().optional() },
  async handler({ page_id, target_parent_id, target_space_key }, context) {
    if (!target_parent_id && !target_space_key) throw new ToolInputError('Give target_parent_id, target_space_key, or both.');
    const { before, after, parent } = await confluence(context).tree.move(page_id, { parentId: target_parent_id, spaceKey: target_space_key }, context.signal);
    const from = before.parentId ? `from under page ${before.parentId}` : 'from the top level';
    const text = `Moved page ${after.id} "${after.title}" ${from} to under "${parent.title}" (${parent.id}) in space ${after.spaceKey}.\nURL: ${after.url}`;
    return { text, data: { ...pageRefOf(after), parent_id: parent.id, moved_from: before.parentId } };
  },
});

export const confluenceCopyPage = defineTool({
  name: CONFLUENCE_COPY_PAGE,
  title: 'Copy a page',
  description: 'Copy a page\'s body, labels and attachments (not its children) to a new page.',
  product: 'confluence',
  toolset: 'confluence_pages',
  kind: 'write',
  input: {
    source_page_id: contentId('source page', '98304'),
    new_title: z.string().min(1).max(255).optional().describe('Title (default "Copy of <title>"), e.g. \'Runbook (EU)\''),
    destination_parent_id: contentId('parent page for the copy', '98303').optional(),
    destination_space_key: z.string().min(1).max(255).optional().describe('Space for the copy, under its home page, e.g. \'OPS\''),
    copy_attachments: z.boolean().default(true).describe('Copy the attachments too, e.g. false'),
  },
  output: { ...pageRef, source_id: z.string(), attachments: z.number(), labels: z.number() },
  async handler({ source_page_id, new_title, destination_parent_id, destination_space_key, copy_attachments }, context) {
    const { source, copy, attachments, labels } = await confluence(context).tree.copy({
      sourceId: source_page_id, title: new_title, parentId: destination_parent_id, spaceKey: destination_space_key, copyAttachments: copy_attachments,
    }, context.signal, (done, total) => context.progress(done, total, 'attachments copied'));
    const text = `Copied page ${source.id} "${source.title}" to page ${copy.id} "${copy.title}" in space ${copy.spaceKey}` +
      ` (${labels} label(s), ${attachments} attachment(s)).\nURL: ${copy.url}`;
    return { text, data: { ...pageRefOf(copy), source_id: source.id, attachments, labels } };
  },
});
