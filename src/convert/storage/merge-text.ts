import type { RootContent } from 'mdast';
import type { Unit } from './sequence.js';

/** The pieces of the merge (merge.ts) that work on texts and positions alone. */

export const SEPARATOR = '\n\n';

/** Parsed Markdown and the text its positions refer to. */
export interface Parsed<T> {
  nodes: T;
  source: string;
}

/** Blocks already parsed for a slot: the edited ones, and the original ones when known. */
export interface Hints {
  edited: Parsed<RootContent[]>;
  original: Parsed<RootContent[]> | undefined;
}

/** A unit of the original Markdown and the block (segment) it belongs to. */
export interface OriginalUnit {
  unit: Unit;
  segment: number;
}

export function commonPrefix(left: string, right: string): number {
  const limit = Math.min(left.length, right.length);
  let index = 0;
  while (index < limit && left.charCodeAt(index) === right.charCodeAt(index)) index += 1;
  return index;
}

export function commonSuffix(left: string, right: string): number {
  const limit = Math.min(left.length, right.length);
  let index = 0;
  while (index < limit && left.charCodeAt(left.length - 1 - index) === right.charCodeAt(right.length - 1 - index)) index += 1;
  return index;
}

/**
 * The blocks of a slot that fall in [from, to) of the slot's text, by their
 * positions; undefined when a block straddles an end (then the text is parsed).
 */
export function select(parsed: Parsed<RootContent[]> | undefined, from: number, to: number): (Parsed<RootContent[]> & { base: number }) | undefined {
  if (!parsed) return undefined;
  const base = parsed.nodes[0]?.position?.start.offset;
  if (base === undefined) return parsed.nodes.length === 0 ? { nodes: [], source: parsed.source, base: 0 } : undefined;
  const picked: RootContent[] = [];
  for (const node of parsed.nodes) {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return undefined;
    const inside = start - base >= from && start - base < to;
    if (inside && end - base > to) return undefined;
    if (!inside && start - base < from && end - base > from) return undefined;
    if (inside) picked.push(node);
  }
  return { nodes: picked, source: parsed.source, base: base + from };
}

/**
 * The Markdown a run of blocks was parsed from, when they start lines (not
 * indented inside a list or behind `>`): what a slot's text comparison needs.
 */
export function flatText(nodes: RootContent[], source: string): string | undefined {
  if (nodes.length === 0) return '';
  const start = nodes[0]!.position?.start;
  const end = nodes.at(-1)!.position?.end;
  if (start?.offset === undefined || end?.offset === undefined) return undefined;
  if (nodes.some((node) => node.position?.start.column !== 1)) return undefined;
  return source.slice(start.offset, end.offset);
}

/**
 * Segments whose every unit is matched, to consecutive edited units: they are
 * unchanged and keep their bytes. Maps segment → [first, last] edited unit.
 */
export function keptSegments(count: number, originals: OriginalUnit[], matches: [number, number][]): Map<number, [number, number]> {
  const matchedTo = new Int32Array(originals.length).fill(-1);
  for (const [original, edited] of matches) matchedTo[original] = edited;
  const units = Array.from({ length: count }, (): number[] => []);
  originals.forEach((original, index) => units[original.segment]!.push(index));
  const kept = new Map<number, [number, number]>();
  units.forEach((indices, segment) => {
    if (indices.length === 0) return;
    const first = matchedTo[indices[0]!]!;
    const consecutive = indices.every((index, offset) => first >= 0 && matchedTo[index] === first + offset);
    if (consecutive) kept.set(segment, [first, first + indices.length - 1]);
  });
  return kept;
}

