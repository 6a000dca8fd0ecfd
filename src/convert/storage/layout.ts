import { renderMarkdown } from '../markdown.js';

import type { BlockContent } from 'mdast';
import type { Container, Level } from './context.js';

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

/** Writes each segment's Markdown and returns the level's. */
export function layoutLevel(level: Level): string {
  const chunks: string[] = [];
  let last: LastList | undefined;
  for (const segment of level.segments) {
    if (segment.container?.style === 'markers') {
      segment.markdown = layoutContainer(segment.container);
      last = undefined;
    } else {
      const first = segment.blocks[0];
      // Two lists rendered apart would run together into one list: switch the second one's bullet.
      const clash = first?.type === 'list' && last !== undefined && last.ordered === Boolean(first.ordered)
        && last.bullet === (first.ordered ? '.' : '-');
      const bullet = clash && !first.ordered ? '*' : '-';
      const ordered = clash && first.ordered ? ')' : '.';
      const overrides = clash ? (first.ordered ? { bulletOrdered: ordered as ')' } : { bullet: '*' as const, bulletOther: '-' as const }) : {};
      segment.markdown = renderMarkdown({ type: 'root', children: segment.blocks }, overrides);
      last = lastList(segment.blocks, bullet, ordered);
    }
    if (segment.markdown) chunks.push(segment.markdown);
  }
  level.markdown = chunks.join(SEPARATOR);
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
