import { paragraph, text } from '../markdown.js';
import { attr, childElements, findChild } from './dom.js';
import { markerParagraph } from './markers.js';
import { innerRange, rangeOf } from './source.js';

import type { Element } from 'domhandler';
import type { BlockContent, Html, Paragraph } from 'mdast';
import type { Flow } from '../markdown.js';
import type { Container, Level } from './context.js';
import type { StorageReader } from './reader.js';

/**
 * Containers: elements whose tags Markdown cannot express but whose content
 * it can. The tags stay in `pieces` (exact bytes); the content is a Level of
 * ordinary blocks the agent can edit.
 */

const blocksOf = (level: Level): BlockContent[] => level.segments.flatMap((segment) => segment.blocks);

const markerValue = (paragraph: Paragraph): string => (paragraph.children[0] as Html).value;

function register(reader: StorageReader, container: Container): void {
  reader.ctx.containers.set(container.id, container);
  reader.ctx.containerOf.set(container.element, container);
}

/** `<ac:layout>`: sections of cells; each cell's content is editable, the grid is kept. */
export function layoutContainer(reader: StorageReader, element: Element, depth: number): Flow[] | undefined {
  const range = rangeOf(element);
  const sections = childElements(element).filter((child) => child.name === 'ac:layout-section');
  const cells = sections.flatMap((section) => childElements(section).filter((child) => child.name === 'ac:layout-cell'));
  const inners = cells.map((cell) => innerRange(cell));
  if (!range?.balanced || cells.length === 0 || inners.some((inner) => inner === undefined)) return undefined;
  const storage = reader.ctx.storage;
  const id = reader.ctx.nextId();
  const note = sections.map((section) => attr(section, 'ac:type') ?? 'single').join(', ');
  const open = markerParagraph('open', 'layout', id, note);
  const container: Container = {
    id, kind: 'layout', style: 'markers', label: '', pieces: [], slots: [], slotIds: [], element,
    markers: { open: markerValue(open), cells: [], close: '' },
  };
  const blocks: BlockContent[] = [open];
  let cursor = range.start;
  cells.forEach((cell, index) => {
    const inner = inners[index]!;
    container.pieces.push(storage.slice(cursor, inner.start));
    const cellId = reader.ctx.nextId();
    container.slotIds.push(cellId);
    const cellMarker = markerParagraph('cell', 'layout-cell', cellId);
    container.markers.cells.push(markerValue(cellMarker));
    blocks.push(cellMarker);
    const level = reader.level(cell, inner.start, inner.end, depth + 1);
    container.slots.push(level);
    blocks.push(...blocksOf(level));
    cursor = inner.end;
  });
  container.pieces.push(storage.slice(cursor, range.end));
  const close = markerParagraph('close', 'layout', id);
  container.markers.close = markerValue(close);
  blocks.push(close);
  register(reader, container);
  return blocks;
}

/** A macro with a rich-text body (expand, excerpt, details, unknown ones): markers around its body. */
export function macroContainer(reader: StorageReader, element: Element, kind: string, note: string, depth: number): Flow[] | undefined {
  const range = rangeOf(element);
  const body = findChild(element, 'ac:rich-text-body');
  const inner = body && innerRange(body);
  if (!range?.balanced || !inner) return undefined;
  const storage = reader.ctx.storage;
  const id = reader.ctx.nextId();
  const open = markerParagraph('open', kind, id, note);
  const level = reader.level(body, inner.start, inner.end, depth + 1);
  const close = markerParagraph('close', kind, id);
  register(reader, {
    id, kind, style: 'markers', label: '', element, slots: [level], slotIds: [],
    pieces: [storage.slice(range.start, inner.start), storage.slice(inner.end, range.end)],
    markers: { open: markerValue(open), cells: [], close: markerValue(close) },
  });
  return [open, ...blocksOf(level), close];
}

/**
 * A panel or blockquote as a Markdown blockquote led by its label
 * (`**Info:**`, `**Warning: Careful**`, a panel's `**Title**`). An edited
 * quote is matched to the original by that label.
 */
export function quoteContainer(
  reader: StorageReader, element: Element, slotElement: Element | undefined, label: string, shown: string, depth: number,
): Flow[] | undefined {
  const range = rangeOf(element);
  const inner = slotElement && innerRange(slotElement);
  if (!range?.balanced || !inner) return undefined;
  const storage = reader.ctx.storage;
  const id = reader.ctx.nextId();
  const level = reader.level(slotElement, inner.start, inner.end, depth + 1);
  register(reader, {
    id, kind: label, style: 'quote', label, element, slots: [level], slotIds: [],
    pieces: [storage.slice(range.start, inner.start), storage.slice(inner.end, range.end)],
    markers: { open: '', cells: [], close: '' },
  });
  const title = shown ? [paragraph([{ type: 'strong', children: [text(shown)] }])] : [];
  return [{ type: 'blockquote', children: [...title, ...blocksOf(level)] }];
}
