import { trimPhrasing } from '../markdown.js';
import { readMarker } from './markers.js';

import type { PhrasingContent, RootContent } from 'mdast';
import type { Container, Placeholder } from './context.js';
import type { Marker } from './markers.js';

/**
 * Reads the placeholders back out of parsed Markdown: a run of blocks
 * becomes units — ordinary blocks, restored placeholders, and containers
 * with the blocks between their markers.
 */

/** What an update can restore: the original page's placeholders and containers. */
export interface Originals {
  placeholder(id: number): Placeholder | undefined;
  container(id: number): Container | undefined;
}

export type Unit =
  | { type: 'block'; node: RootContent }
  | { type: 'placeholder'; placeholder: Placeholder; node: RootContent }
  | { type: 'container'; container: Container; slots: RootContent[][]; nodes: RootContent[] };

/** The marker a paragraph consists of, if it is nothing else. */
export function markerOf(node: RootContent): Marker | undefined {
  if (node.type !== 'paragraph') return undefined;
  const only = trimPhrasing(node.children);
  return only.length === 1 && only[0]!.type === 'html' ? readMarker(only[0]!.value) : undefined;
}

/** A marker that must stand between blocks (it cannot sit inside a line). */
function isBlockMarker(marker: Marker, originals: Originals): boolean {
  if (marker.role !== 'leaf') return true;
  if (originals.container(marker.id)) return true;
  const placeholder = originals.placeholder(marker.id);
  return placeholder !== undefined && !placeholder.inline;
}

/** A marker for something this page has; others (typos, numbers from another page) are dropped. */
function isKnown(marker: Marker, originals: Originals): boolean {
  return marker.role === 'leaf' && (originals.placeholder(marker.id) !== undefined || originals.container(marker.id) !== undefined);
}

/**
 * Splits paragraphs around block markers, so a marker typed on the same line
 * as text, or without a blank line after it, still counts.
 */
export function splitMarkerParagraphs(nodes: RootContent[], originals: Originals): RootContent[] {
  const out: RootContent[] = [];
  for (const node of nodes) {
    if (node.type !== 'paragraph' || !node.children.some((child) => child.type === 'html')) {
      out.push(node);
      continue;
    }
    let run: PhrasingContent[] = [];
    const flush = (): void => {
      const trimmed = trimPhrasing(run);
      const start = trimmed[0]?.position?.start;
      const end = trimmed.at(-1)?.position?.end;
      if (trimmed.length > 0) out.push({ type: 'paragraph', children: trimmed, ...(start && end ? { position: { start, end } } : {}) });
      run = [];
    };
    for (const child of node.children) {
      const marker = child.type === 'html' ? readMarker(child.value) : undefined;
      if (marker && isBlockMarker(marker, originals)) {
        flush();
        out.push({ type: 'paragraph', children: [child], position: child.position });
      } else if (!marker || isKnown(marker, originals)) run.push(child);
    }
    flush();
  }
  return out;
}

/** Groups a run of blocks (markers already split out) into units. */
export function unitsOf(nodes: RootContent[], originals: Originals): Unit[] {
  const units: Unit[] = [];
  for (let index = 0; index < nodes.length; index += 1) {
    const node = nodes[index]!;
    const marker = markerOf(node);
    if (!marker) {
      units.push({ type: 'block', node });
      continue;
    }
    const container = marker.role === 'leaf' ? originals.container(marker.id) : undefined;
    if (container?.style === 'markers') {
      // The body runs to the matching close marker; one the agent deleted closes at the end.
      let close = index + 1;
      while (close < nodes.length && !isClose(nodes[close]!, marker.id)) close += 1;
      const body = nodes.slice(index + 1, close);
      units.push({ type: 'container', container, slots: slotsOf(container, body), nodes: nodes.slice(index, close + 1) });
      index = close;
      continue;
    }
    const placeholder = marker.role === 'leaf' ? originals.placeholder(marker.id) : undefined;
    // Stray close and cell markers, and numbers this page never had, are dropped.
    if (placeholder) units.push({ type: 'placeholder', placeholder, node });
  }
  return units;
}

function isClose(node: RootContent, id: number): boolean {
  const marker = markerOf(node);
  return marker?.role === 'close' && marker.id === id;
}

/** Splits a container's body at its cell markers; content before the first goes to the first cell. */
function slotsOf(container: Container, body: RootContent[]): RootContent[][] {
  const slots: RootContent[][] = container.slots.map(() => []);
  if (container.slotIds.length === 0) {
    slots[0] = body;
    return slots;
  }
  let current = 0;
  for (const node of body) {
    const marker = markerOf(node);
    const slot = marker?.role === 'cell' ? container.slotIds.indexOf(marker.id) : -1;
    if (slot >= 0) current = slot;
    else slots[current]!.push(node);
  }
  return slots;
}
