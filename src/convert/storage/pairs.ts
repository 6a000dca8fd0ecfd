import { isTag, isText } from 'domhandler';

import { attr, childElements, findChild, macroParams } from './dom.js';
import { reparse } from './keys.js';
import { pairList } from './pair-list.js';
import { pairTable } from './pair-table.js';
import { quoteLabel } from './quotes.js';
import { cdata, serialize, text } from './serialize.js';
import { innerRange, rangeOf } from './source.js';

import type { ChildNode, Element } from 'domhandler';
import type { List, RootContent, Table } from 'mdast';
import type { Segment } from './context.js';
import type { Merger } from './merge.js';

/**
 * A changed block written over the original block it replaces, keeping what
 * Markdown does not show: the element's own tags and attributes (alignment,
 * ids, macro parameters), a panel's macro, the untouched blocks inside it.
 * Undefined when the two are not the same kind of block.
 */

const headingDepth: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

/** The element's own tags around new content. */
function reshell(merger: Merger, element: Element, content: string): string | undefined {
  const range = rangeOf(element);
  const inner = innerRange(element);
  if (!range || !inner) return undefined;
  return merger.storage.slice(range.start, inner.start) + content + merger.storage.slice(inner.end, range.end);
}

function inline(merger: Merger, children: Parameters<Merger['writer']['inline']>[0]): string {
  return serialize(merger.writer.inline(children) as ChildNode[]);
}

function codeMacro(merger: Merger, element: Element, node: RootContent): string | undefined {
  if (node.type !== 'code') return undefined;
  const name = attr(element, 'ac:name');
  const language = name === 'code' ? macroParams(element).get('language') ?? '' : name === 'noformat' ? '' : undefined;
  const body = findChild(element, 'ac:plain-text-body');
  if (language === undefined || !body || language !== (node.lang ?? '')) return undefined;
  const range = rangeOf(element);
  const inner = innerRange(body);
  if (!range?.balanced || !inner) return undefined;
  return merger.storage.slice(range.start, inner.start) + serialize([cdata(node.value)]) + merger.storage.slice(inner.end, range.end);
}

export function pairSegment(merger: Merger, segment: Segment, node: RootContent, parsed?: RootContent[]): string | undefined {
  const container = segment.container;
  if (container?.style === 'quote') {
    if (node.type !== 'blockquote') return undefined;
    const label = quoteLabel(node);
    if (label.key !== container.label) return undefined;
    return container.pieces[0]! + merger.mergeLevel(container.slots[0]!, label.body) + container.pieces[1]!;
  }
  const element = segment.element;
  // Inline content written straight into a page body, cell or list item: stays without a <p>.
  if (!element && segment.blocks.length === 1 && segment.blocks[0]!.type === 'paragraph' && node.type === 'paragraph') {
    return inline(merger, node.children);
  }
  if (!element || container) return undefined;
  return pairElement(merger, element, segment, node, parsed);
}

function pairElement(merger: Merger, element: Element, segment: Segment, node: RootContent, parsed?: RootContent[]): string | undefined {
  const name = element.name;
  if (name === 'p' && node.type === 'paragraph') return reshell(merger, element, inline(merger, node.children));
  if (headingDepth[name] !== undefined && node.type === 'heading' && node.depth === headingDepth[name]) {
    return reshell(merger, element, inline(merger, node.children));
  }
  if (name === 'pre' && node.type === 'code' && !node.lang) return reshell(merger, element, serialize([text(node.value)]));
  if (name === 'ac:structured-macro' || name === 'ac:macro') return codeMacro(merger, element, node);
  if ((name === 'table' && node.type === 'table') || ((name === 'ul' || name === 'ol' || name === 'ac:task-list') && node.type === 'list')) {
    const [original, ...more] = parsed ?? reparse(segment.blocks);
    if (more.length > 0 || original?.type !== node.type) return undefined;
    return original.type === 'table' ? pairTable(merger, element, original, node as Table)
      : pairList(merger, element, original as List, node as List);
  }
  // A wrapper around one block (Data Center's <div class="table-wrap"> around tables): keep it, pair what it wraps.
  const only = childElements(element);
  const blank = element.children.every((child) => isTag(child) || (isText(child) && child.data.trim() === ''));
  if ((name === 'div' || name === 'section') && only.length === 1 && blank) {
    const inner = pairElement(merger, only[0]!, segment, node, parsed);
    const range = rangeOf(element);
    const wrapped = rangeOf(only[0]!);
    if (inner === undefined || !range?.balanced || !wrapped) return undefined;
    return merger.storage.slice(range.start, wrapped.start) + inner + merger.storage.slice(wrapped.end, range.end);
  }
  return undefined;
}
