import { isTag, isText } from 'domhandler';

import { toBlocks } from '../markdown.js';
import { rangeOf, startOf } from './source.js';

import type { ChildNode, Element } from 'domhandler';
import type { Level, Segment } from './context.js';
import type { StorageReader } from './reader.js';

/**
 * Cuts a run of sibling nodes into blocks, each with the exact source range
 * it came from. A block is one block-level element, or a run of inline
 * content (text written directly in a cell or page body). Whitespace, and
 * elements that read as nothing (`<p />`), travel with the block before them,
 * so the ranges tile the whole run and an unedited page is rebuilt exactly.
 */

const blockTags = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'table', 'blockquote', 'pre', 'hr', 'div', 'section',
  'dl', 'center', 'details', 'figure', 'ac:structured-macro', 'ac:macro', 'ac:layout', 'ac:task-list',
  'ac:adf-extension', 'ac:layout-section', 'ac:layout-cell',
]);

// Macros that sit inside a line of text, also when written straight into a list item or cell.
const inlineMacros = new Set(['status', 'jira', 'anchor']);

function isBlock(node: ChildNode): node is Element {
  if (!isTag(node) || !blockTags.has(node.name)) return false;
  if (node.name !== 'ac:structured-macro' && node.name !== 'ac:macro') return true;
  return !inlineMacros.has(node.attribs['ac:name'] ?? '');
}

function endOf(node: ChildNode): number {
  if (isTag(node)) return rangeOf(node)?.end ?? (node.endIndex ?? 0) + 1;
  return (node.endIndex ?? node.startIndex ?? 0) + 1;
}

function isGlue(node: ChildNode): boolean {
  return isText(node) ? node.data.trim() === '' : !isTag(node);
}

export function readLevel(reader: StorageReader, nodes: ChildNode[], start: number, end: number, depth: number): Level {
  const groups: { nodes: ChildNode[]; block: boolean }[] = [];
  let inlineOpen = false;
  for (const node of nodes) {
    if (isBlock(node)) {
      groups.push({ nodes: [node], block: true });
      inlineOpen = false;
    } else if (inlineOpen) groups.at(-1)!.nodes.push(node);
    else if (!isGlue(node)) {
      groups.push({ nodes: [node], block: false });
      inlineOpen = true;
    }
  }
  const segments: Segment[] = [];
  for (const group of groups) {
    const firstId = reader.ctx.currentId + 1;
    const only = group.block ? group.nodes[0] as Element : undefined;
    const blocks = toBlocks(only ? reader.convert(only, depth) : reader.walk(group.nodes, depth));
    if (blocks.length === 0) continue;
    const previous = segments.at(-1);
    const segmentStart = Math.min(Math.max(startOf(group.nodes[0]!), previous?.start ?? start, start), end);
    if (previous) previous.end = segmentStart;
    segments.push({
      start: segmentStart,
      contentEnd: Math.min(Math.max(endOf(group.nodes.at(-1)!), segmentStart), end),
      end,
      blocks,
      element: only,
      container: only ? reader.ctx.containerOf.get(only) : undefined,
      firstId,
      lastId: reader.ctx.currentId,
    });
  }
  for (const segment of segments) segment.contentEnd = Math.min(segment.contentEnd, segment.end);
  return { start, prefixEnd: segments[0]?.start ?? end, end, segments };
}
