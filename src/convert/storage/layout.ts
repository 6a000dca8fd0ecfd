import { randomBytes } from 'node:crypto';

import { renderMarkdown } from '../markdown.js';

import type { BlockContent, RootContent } from 'mdast';
import type { Options } from 'mdast-util-to-markdown';
import type { Container, Level, Segment } from './context.js';

/**
 * Lays a level out as Markdown block by block, so that where each block
 * (and each container's slots) sits in the text is known: an edit can then
 * be located by comparing texts, and unchanged blocks kept without parsing
 * them again (merge.ts). Blocks are joined by a blank line, as
 * mdast-util-to-markdown joins them.
 */

const SEPARATOR = '\n\n';

interface LastList {
  ordered: boolean;
  bullet: string;
}

/**
 * The bullet the last top-level list of a block was written with, following
 * mdast-util-to-markdown: a list right after another list switches bullet.
 */
function lastList(blocks: BlockContent[], bullet: string, ordered: string): LastList | undefined {
  let last: LastList | undefined;
  for (const block of blocks) {
    if (block.type !== 'list') {
      last = undefined;
      continue;
    }
    const primary = block.ordered ? ordered : bullet;
    const other = block.ordered ? (ordered === '.' ? ')' : '.') : (bullet === '-' ? '*' : '-');
    last = { ordered: Boolean(block.ordered), bullet: last?.bullet === primary ? other : primary };
  }
  return last;
}

function layoutContainer(container: Container): string {
  const parts: string[] = [];
  const starts: number[] = [];
  let length = 0;
  const add = (text: string): number => {
    if (!text) return length;
    if (parts.length > 0) length += SEPARATOR.length;
    starts.push(length);
    parts.push(text);
    length += text.length;
    return length - text.length;
  };
  add(container.markers.open);
  const ranges: [number, number][] = [];
  container.slots.forEach((slot, index) => {
    const cell = container.markers.cells[index];
    if (cell) add(cell);
    const text = layoutLevel(slot);
    const start = text ? add(text) : length;
    // The slot's own blocks start lines too.
    for (const offset of blockStarts(slot)) starts.push(start + offset);
    ranges.push([start, start + text.length]);
  });
  add(container.markers.close);
  container.slotRanges = ranges;
  container.blockStarts = [...new Set(starts)].sort((left, right) => left - right);
  return parts.join(SEPARATOR);
}

// Between blocks rendered in one pass; random, so no page content can contain it.
const SENTINEL = `<!--${randomBytes(8).toString('hex')}-->`;

/**
 * Renders plain blocks in one pass with a sentinel between them (rendering
 * block by block costs a serializer set-up each time: slow on pages with
 * thousands of paragraphs). Falls back to one by one if the parts do not
 * come out one per block.
 */
function renderAll(segments: Segment[]): string[] {
  if (segments.length === 0) return [];
  const children: RootContent[] = [];
  segments.forEach((segment, index) => {
    if (index > 0) children.push({ type: 'html', value: SENTINEL });
    children.push(...segment.blocks);
  });
  const parts = renderMarkdown({ type: 'root', children }).split(`${SEPARATOR}${SENTINEL}${SEPARATOR}`);
  if (parts.length === segments.length) return parts.map((part) => part.trim());
  return segments.map((segment) => renderMarkdown({ type: 'root', children: segment.blocks }));
}

/** Writes each segment's Markdown and returns the level's. */
export function layoutLevel(level: Level): string {
  // A list right after a list is written with the other bullet, so the two do not run together.
  const clashes = new Map<Segment, Partial<Options>>();
  let last: LastList | undefined;
  for (const segment of level.segments) {
    if (segment.container?.style === 'markers') {
      segment.markdown = layoutContainer(segment.container);
      last = undefined;
      continue;
    }
    const first = segment.blocks[0];
    const clash = first?.type === 'list' && last !== undefined && last.ordered === Boolean(first.ordered)
      && last.bullet === (first.ordered ? '.' : '-');
    const bullet = clash && !first.ordered ? '*' : '-';
    const ordered = clash && first.ordered ? ')' : '.';
    if (clash) clashes.set(segment, first.ordered ? { bulletOrdered: ')' } : { bullet: '*', bulletOther: '-' });
    last = lastList(segment.blocks, bullet, ordered);
  }
  const plain = level.segments.filter((segment) => segment.container?.style !== 'markers' && !clashes.has(segment));
  renderAll(plain).forEach((text, index) => {
    plain[index]!.markdown = text;
  });
  for (const [segment, overrides] of clashes) segment.markdown = renderMarkdown({ type: 'root', children: segment.blocks }, overrides);
  level.markdown = level.segments.map((segment) => segment.markdown ?? '').filter((text) => text !== '').join(SEPARATOR);
  return level.markdown;
}

/** Where each segment's Markdown starts and ends in its level's Markdown. */
export function segmentOffsets(level: Level): [number, number][] {
  const offsets: [number, number][] = [];
  let position = 0;
  let first = true;
  for (const segment of level.segments) {
    const text = segment.markdown ?? '';
    if (text && !first) position += SEPARATOR.length;
    offsets.push([position, position + text.length]);
    position += text.length;
    if (text) first = false;
  }
  return offsets;
}

/** Offsets in a level's Markdown where a block starts: where a large page can be cut into pieces. */
export function blockStarts(level: Level): number[] {
  const starts: number[] = [];
  segmentOffsets(level).forEach(([start], index) => {
    const container = level.segments[index]!.container;
    if (container?.blockStarts) for (const inner of container.blockStarts) starts.push(start + inner);
    else starts.push(start);
  });
  return starts;
}
