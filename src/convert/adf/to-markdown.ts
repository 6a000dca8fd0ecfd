import {
  asPhrasing, isPhrasing, labelledQuote, list, listItem, paragraph, renderMarkdown, root, text, toBlocks, toPhrasing,
  wrapMark,
} from '../markdown.js';
import { dateLink, isoDate, mediaImage, mentionLink, statusLink } from '../conventions.js';
import { detailsHtml, readDetailsOpening } from '../details.js';
import { table } from '../table.js';
import { nest, textRun } from './marks.js';
import { asNode, attr, isRecord } from './node.js';

import type { ListItem, PhrasingContent } from 'mdast';
import type { Flow } from '../markdown.js';
import type { CellSpec } from '../table.js';
import type { ParsedNode } from './node.js';
import type { Run } from './marks.js';

// Deeper than any real document; stops runaway recursion on hostile input.
const MAX_DEPTH = 64;

const inlineTypes = new Set([
  'text', 'hardBreak', 'mention', 'emoji', 'date', 'status', 'inlineCard', 'placeholder', 'mediaInline',
  'inlineExtension',
]);

/**
 * Panels become a blockquote led by a bold label (`**Warning:**`) rather than
 * a GFM alert (`[!WARNING]`): alerts have no success/error kinds and read as
 * noise wherever they are not rendered. Custom panels fall back to `Note:`.
 */
const panelLabels: Record<string, string> = {
  info: 'Info:', note: 'Note:', tip: 'Tip:', warning: 'Warning:', error: 'Error:', success: 'Success:',
};

function inline(content: unknown[], depth: number): PhrasingContent[] {
  const runs: Run[] = [];
  for (const raw of content) {
    const node = asNode(raw);
    if (node === undefined) continue;
    if (node.type === 'text') runs.push(textRun(node.text ?? '', node.marks));
    else runs.push({ marks: [], nodes: asPhrasing(convert(node, depth + 1)) });
  }
  return nest(runs);
}

/** Content that should be blocks but may hold inline nodes (taskItem, malformed input). */
function flow(content: unknown[], depth: number): Flow[] {
  const out: Flow[] = [];
  let pending: unknown[] = [];
  const flush = (): void => {
    if (pending.length > 0) out.push(paragraph(inline(pending, depth)));
    pending = [];
  };
  for (const raw of content) {
    const node = asNode(raw);
    if (node === undefined) continue;
    if (inlineTypes.has(node.type)) pending.push(raw);
    else {
      flush();
      out.push(...convert(node, depth + 1));
    }
  }
  flush();
  return out;
}

function listItems(node: ParsedNode, depth: number): ListItem[] {
  const items: ListItem[] = [];
  for (const raw of node.content) {
    const child = asNode(raw);
    if (child === undefined) continue;
    const previous = items.at(-1);
    // A nested taskList sits beside its taskItems, not inside one.
    if (child.type.endsWith('List') && previous !== undefined) {
      previous.children.push(...toBlocks(convert(child, depth + 1)));
    } else if (child.type === 'listItem' || child.type === 'taskItem' || child.type === 'decisionItem') {
      const checked = child.type === 'taskItem' ? child.attrs.state === 'DONE' : null;
      items.push(listItem(flow(child.content, depth + 1), checked));
    } else {
      items.push(listItem(convert(child, depth + 1)));
    }
  }
  return items;
}

/** A table cell is one line: an expand in it shows its title in bold instead of <details> tags. */
function cellPhrasing(nodes: Flow[]): PhrasingContent[] {
  return toPhrasing(nodes).flatMap((node): PhrasingContent[] => {
    if (node.type !== 'html') return [node];
    if (node.value === detailsHtml('').close.value) return [];
    const opening = readDetailsOpening(node.value);
    if (opening === undefined) return [node];
    return opening.title ? [...wrapMark('strong', [text(opening.title)]), text(' ')] : [];
  });
}

function tableRows(node: ParsedNode, depth: number): CellSpec[][] {
  return node.content.map(asNode).filter((row) => row !== undefined).map((row) =>
    row.content.map(asNode).filter((cell) => cell !== undefined).map((cell) => ({
      children: cellPhrasing(flow(cell.content, depth + 2)),
      colspan: Number(cell.attrs.colspan),
      rowspan: Number(cell.attrs.rowspan),
    })),
  );
}

/** Media as an image: a Jira file by its media id (`media:`), an external one by its URL. */
function media(node: ParsedNode): PhrasingContent[] {
  const alt = attr(node, 'alt') ?? '';
  const url = attr(node, 'url');
  const id = attr(node, 'id');
  if (id !== undefined && attr(node, 'type') !== 'external') {
    const collection = typeof node.attrs.collection === 'string' ? node.attrs.collection : '';
    return [mediaImage(alt, id, collection)];
  }
  if (url !== undefined) return [{ type: 'image', url, alt }];
  return [text(`[attachment: ${alt || 'file'}]`)];
}

function convert(node: ParsedNode, depth: number): Flow[] {
  if (depth > MAX_DEPTH) return [text('[truncated: nested too deeply]')];
  const { attrs } = node;
  switch (node.type) {
    case 'doc': case 'layoutSection': case 'layoutColumn':
      return flow(node.content, depth);
    case 'mediaSingle': {
      // The picture in a paragraph of its own, so neighbouring pictures stay apart; then its caption.
      const parts = flow(node.content, depth);
      const pictures = parts.filter(isPhrasing);
      return [...(pictures.length > 0 ? [paragraph(pictures)] : []), ...parts.filter((part) => !isPhrasing(part))];
    }
    case 'paragraph':
      return [paragraph(inline(node.content, depth))];
    case 'heading': {
      const level = Math.min(6, Math.max(1, Math.trunc(Number(attrs.level)) || 1)) as 1 | 2 | 3 | 4 | 5 | 6;
      return [{ type: 'heading', depth: level, children: toPhrasing(inline(node.content, depth)) }];
    }
    case 'text':
      return [text(node.text ?? '')];
    case 'hardBreak':
      return [{ type: 'break' }];
    case 'bulletList': case 'taskList': case 'decisionList':
      return [list(listItems(node, depth))];
    case 'orderedList': {
      const order = Number(attrs.order);
      return [list(listItems(node, depth), true, Number.isInteger(order) && order >= 0 ? order : 1)];
    }
    case 'listItem': case 'taskItem': case 'decisionItem':
      return [list(listItems({ ...node, content: [node] }, depth))];
    case 'codeBlock': {
      const value = node.content.map(asNode).map((child) => child?.text ?? '').join('');
      return [{ type: 'code', lang: attr(node, 'language') ?? null, value }];
    }
    case 'blockquote':
      return [{ type: 'blockquote', children: toBlocks(flow(node.content, depth)) }];
    case 'rule':
      return [{ type: 'thematicBreak' }];
    case 'table': {
      const built = table(tableRows(node, depth));
      return built ? [built] : [];
    }
    case 'panel':
      return [labelledQuote(panelLabels[attr(node, 'panelType') ?? ''] ?? 'Note:', flow(node.content, depth))];
    case 'expand': case 'nestedExpand': {
      // Each tag in a paragraph of its own, so it never runs into the text beside it.
      const { open, close } = detailsHtml(attr(node, 'title') ?? '');
      return [paragraph([open]), ...flow(node.content, depth), paragraph([close])];
    }
    case 'extension': case 'bodiedExtension': case 'inlineExtension': {
      const marker = text(`[macro: ${attr(node, 'extensionKey') ?? 'unknown'}]`);
      return node.type === 'inlineExtension' ? [marker] : [paragraph([marker]), ...flow(node.content, depth)];
    }
    case 'status': {
      const label = attr(node, 'text');
      return label ? [statusLink(label, attr(node, 'color') ?? 'neutral')] : [];
    }
    case 'date': {
      const timestamp = attr(node, 'timestamp');
      const day = isoDate(timestamp);
      return day ? [dateLink(day)] : [text(timestamp ?? '')];
    }
    case 'emoji':
      return [text(attr(node, 'text') ?? attr(node, 'shortName') ?? '')];
    case 'mention': {
      const id = attr(node, 'id');
      const name = attr(node, 'text') ?? id ?? 'unknown';
      return [id ? mentionLink(name, id) : text(name.startsWith('@') ? name : `@${name}`)];
    }
    case 'inlineCard': case 'blockCard': case 'embedCard': {
      const url = attr(node, 'url');
      if (url === undefined) return [text(`[unsupported: ${node.type}]`)];
      const link: PhrasingContent = { type: 'link', url, children: [text(url)] };
      return node.type === 'inlineCard' ? [link] : [paragraph([link])];
    }
    case 'mediaGroup':
      return [paragraph(node.content.map(asNode).flatMap((child) => (child ? [...media(child), text(' ')] : [])))];
    case 'media': case 'mediaInline':
      return media(node);
    case 'caption':
      return [paragraph(inline(node.content, depth))];
    case 'placeholder':
      // Template hint text shown only while editing; not part of the content.
      return [];
    default:
      if (node.content.length > 0) return flow(node.content, depth);
      return [text(node.text ?? `[unsupported: ${node.type}]`)];
  }
}

/**
 * Converts an Atlassian Document Format value (Jira Cloud descriptions and
 * comments) to Markdown. Input comes from the network, so any shape is
 * accepted: strings pass through as text, anything unrecognisable yields ''.
 */
export function adfToMarkdown(doc: unknown): string {
  if (typeof doc === 'string') return renderMarkdown(root([text(doc)]));
  // A bare content array, or a type-less wrapper around one, is still usable.
  const content = asNode(doc) ? [doc]
    : Array.isArray(doc) ? doc
    : isRecord(doc) && Array.isArray(doc.content) ? doc.content
    : [];
  return renderMarkdown(root(flow(content, 0)));
}
