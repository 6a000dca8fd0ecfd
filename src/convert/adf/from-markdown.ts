import { readCallout } from '../callout.js';
import { plainText, readSpecialLink } from '../conventions.js';
import { groupDetails } from '../details.js';
import { collectDefinitions, textAsMarkdown, unwrapLinks } from '../markdown-links.js';
import { parseMarkdown } from '../markdown-parse.js';
import { adfParagraph, adfText, mergeText } from './build.js';
import { fit, withContent } from './fit.js';
import { inline, mediaNode } from './write-inline.js';

import type { List, ListItem, Nodes, Paragraph, PhrasingContent, Table } from 'mdast';
import type { Block } from '../details.js';
import type { AdfDoc, AdfNode } from './build.js';
import type { Definitions } from '../markdown-links.js';

export type { AdfDoc, AdfMark, AdfNode } from './build.js';

// Deeper than any real document; beyond it content is kept as plain text.
const MAX_DEPTH = 48;

interface Context {
  definitions: Definitions;
  taskIds: number;
}

function flatText(node: Nodes): string {
  return plainText([node]);
}

function paragraph(node: Paragraph, ctx: Context): AdfNode[] {
  const meaningful = node.children.filter((child) => child.type !== 'text' || child.value.trim() !== '');
  // A paragraph of nothing but images is a picture (or a row of files), not text.
  if (meaningful.length > 0 && meaningful.every((child) => child.type === 'image')) {
    const media = meaningful.map((child) => mediaNode(child as { url: string; alt?: string | null }));
    if (media.every((item) => item !== undefined)) {
      return media.length === 1
        ? [{ type: 'mediaSingle', attrs: { layout: 'center' }, content: media }]
        : [{ type: 'mediaGroup', content: media }];
    }
  }
  return [adfParagraph(inline(node.children, [], ctx.definitions))];
}

function taskItemContent(item: ListItem, ctx: Context, depth: number): { inline: AdfNode[]; nested: AdfNode[] } {
  const parts: AdfNode[][] = [];
  const nested: AdfNode[] = [];
  for (const child of item.children) {
    if (child.type === 'list' && isTaskList(child)) nested.push(...lists(child, ctx, depth + 1));
    else if (child.type === 'paragraph') parts.push(inline(child.children, [], ctx.definitions));
    else if (child.type === 'code') parts.push(child.value ? [adfText(child.value, [{ type: 'code' }])] : []);
    else if (child.type === 'list') {
      // A plain list under a task: tasks hold one line of inline content, so its items become lines.
      for (const sub of child.children) parts.push([adfText('• '), ...inline(phrasingOf(sub), [], ctx.definitions)]);
    } else parts.push(mergeText([adfText(flatText(child))]));
  }
  const joined = parts.filter((p) => p.length > 0).flatMap((p, i) => (i > 0 ? [{ type: 'hardBreak' }, ...p] : p));
  return { inline: mergeText(joined.flatMap(splitLines)), nested };
}

/** Code and flattened blocks keep their line breaks inside the task's single line. */
function splitLines(node: AdfNode): AdfNode[] {
  if (node.type !== 'text' || !node.text?.includes('\n')) return [node];
  return node.text.split('\n').flatMap((line, i) => [
    ...(i > 0 ? [{ type: 'hardBreak' }] : []),
    ...(line ? [{ ...node, text: line }] : []),
  ]);
}

function phrasingOf(item: ListItem): PhrasingContent[] {
  const first = item.children.find((child) => child.type === 'paragraph');
  return first?.type === 'paragraph' ? first.children : [];
}

function isTaskList(list: List): boolean {
  return list.children.length > 0 && list.children.every((item) => typeof item.checked === 'boolean');
}

function taskList(items: ListItem[], ctx: Context, depth: number): AdfNode {
  // Ids in document order; unique within the document, which is all ADF asks.
  ctx.taskIds += 1;
  const localId = `tasks-${ctx.taskIds}`;
  const content: AdfNode[] = [];
  for (const item of items) {
    ctx.taskIds += 1;
    const attrs = { localId: `task-${ctx.taskIds}`, state: item.checked ? 'DONE' : 'TODO' };
    const { inline: itemContent, nested } = taskItemContent(item, ctx, depth);
    if (itemContent.length > 0) content.push({ type: 'taskItem', attrs, content: itemContent });
    content.push(...nested);
  }
  return { type: 'taskList', attrs: { localId }, content };
}

/**
 * A Markdown list as ADF lists. GFM allows task and plain items in one list;
 * ADF does not, so each run of alike items becomes its own list.
 */
function lists(node: List, ctx: Context, depth: number): AdfNode[] {
  const out: AdfNode[] = [];
  let index = 0;
  while (index < node.children.length) {
    const tasks = typeof node.children[index]!.checked === 'boolean';
    let end = index;
    while (end < node.children.length && (typeof node.children[end]!.checked === 'boolean') === tasks) end += 1;
    const run = node.children.slice(index, end);
    if (tasks) {
      const list = taskList(run, ctx, depth);
      if (list.content!.length > 0) out.push(list);
    } else {
      // An item with nothing in it says nothing, and nested empty items do not survive Markdown (`- -`).
      const items = run.map((item) => itemBlocks(item, ctx, depth)).filter((content) => content.some(hasContent))
        .map((content) => ({ type: 'listItem', content }));
      const start = (node.start ?? 1) + index;
      if (items.length > 0) {
        out.push(node.ordered
          ? { type: 'orderedList', ...(start !== 1 && start >= 0 ? { attrs: { order: start } } : {}), content: items }
          : { type: 'bulletList', content: items });
      }
    }
    index = end;
  }
  return out;
}

function hasContent(block: AdfNode): boolean {
  return block.type !== 'paragraph' || (block.content?.length ?? 0) > 0;
}

function itemBlocks(item: ListItem, ctx: Context, depth: number): AdfNode[] {
  const content = fit(blocks(item.children, ctx, depth + 1), 'listItem');
  // Markdown cannot start an item with a list numbered from 3 (`- 3. x` reads as text): count from 1.
  const index = content.findIndex(hasContent);
  const first = content[index];
  if (first?.type === 'orderedList' && first.attrs) content[index] = { type: 'orderedList', content: first.content ?? [] };
  return content;
}

function table(node: Table, ctx: Context): AdfNode {
  const width = node.children[0]?.children.length ?? 0;
  const rows = node.children.map((row, rowIndex) => ({
    type: 'tableRow',
    content: Array.from({ length: width }, (_, i) => {
      const cell = row.children[i];
      const content = cell ? paragraph({ type: 'paragraph', children: cell.children }, ctx) : [adfParagraph()];
      return { type: rowIndex === 0 ? 'tableHeader' : 'tableCell', content };
    }),
  }));
  return { type: 'table', content: rows };
}

function block(node: Block, ctx: Context, depth: number): AdfNode[] {
  if (depth > MAX_DEPTH) return [adfParagraph(mergeText([adfText(node.type === 'details' ? node.title : flatText(node))]))];
  switch (node.type) {
    case 'paragraph':
      return paragraph(node, ctx);
    case 'heading':
      return [{ type: 'heading', attrs: { level: node.depth }, content: inline(node.children, [], ctx.definitions) }];
    case 'thematicBreak':
      return [{ type: 'rule' }];
    case 'code':
      return [{
        type: 'codeBlock',
        ...(node.lang ? { attrs: { language: node.lang } } : {}),
        content: node.value ? [adfText(node.value)] : [],
      }];
    case 'blockquote': {
      const callout = readCallout(node);
      if (!callout) return [withContent({ type: 'blockquote', content: blocks(node.children, ctx, depth + 1) }, 'blockquote')];
      // ADF panels have no title; it leads the content in bold instead.
      const title = callout.title ? [adfParagraph([adfText(callout.title, [{ type: 'strong' }])])] : [];
      const content = [...title, ...blocks(callout.children, ctx, depth + 1)];
      return [withContent({ type: 'panel', attrs: { panelType: callout.kind }, content }, 'panel')];
    }
    case 'list':
      return lists(node, ctx, depth);
    case 'table':
      return [table(node, ctx)];
    case 'details': {
      const attrs = node.title ? { title: node.title } : {};
      return [withContent({ type: 'expand', attrs, content: blocks(node.children, ctx, depth + 1) }, 'expand')];
    }
    case 'html':
      // Jira shows raw HTML as the text it is.
      return [adfParagraph(inline(textAsMarkdown(node.value), [], ctx.definitions))];
    case 'footnoteDefinition': {
      const content = blocks(node.children, ctx, depth + 1);
      const label = adfText(`[^${node.label ?? node.identifier}]: `);
      const first = content[0];
      if (first?.type === 'paragraph') return [{ ...first, content: mergeText([label, ...(first.content ?? [])]) }, ...content.slice(1)];
      return [adfParagraph([label]), ...content];
    }
    case 'definition':
      // Link targets, already applied to the links that use them.
      return [];
    default:
      return 'children' in node ? blocks(node.children as Block[], ctx, depth + 1) : [adfParagraph(mergeText([adfText(flatText(node))]))];
  }
}

function blocks(nodes: Block[], ctx: Context, depth: number): AdfNode[] {
  const out: AdfNode[] = [];
  for (const node of groupDetails(nodes)) out.push(...block(node, ctx, depth));
  return out;
}

/**
 * Converts Markdown to an Atlassian Document Format document for Jira Cloud
 * (descriptions, comments, worklog comments, rich-text fields). The result
 * always validates against the ADF JSON schema: what ADF cannot nest is
 * degraded to its content. Atlassian-only constructs use the forms in
 * ../conventions.ts, which adfToMarkdown also writes, so the two round-trip.
 */
export function markdownToAdf(markdown: string): AdfDoc {
  const root = parseMarkdown(markdown);
  // An attachment name (a Server/DC form) and an empty URL leave nothing to link to.
  unwrapLinks(root, (link) => !link.url || readSpecialLink(link)?.kind === 'attachment');
  const ctx: Context = { definitions: collectDefinitions(root), taskIds: 0 };
  return { type: 'doc', version: 1, content: fit(blocks(root.children, ctx, 0), 'doc') };
}
