import { matchSequences } from './diff.js';
import { StorageWriter } from './from-markdown.js';
import { KeyTable, reparse, unitKey, unitsOfMarkdown } from './keys.js';
import { parseEditable } from './parse-markdown.js';
import { pairSegment } from './pairs.js';
import { serialize } from './serialize.js';
import { readStorage } from './to-markdown.js';

import type { RootContent } from 'mdast';
import type { Container, Level, Placeholder, Segment, StorageReadOptions } from './context.js';
import type { WriteOriginals } from './from-markdown.js';
import type { Unit } from './sequence.js';
import type { ReadStorage } from './to-markdown.js';

/**
 * Applies edited Markdown to the storage it was read from, losing nothing
 * the agent did not change. At each level (page body, layout cell, macro
 * body) the edited blocks are lined up with the original ones (Myers diff of
 * parsed blocks): an unchanged block keeps its exact original bytes; a
 * changed block is matched to the original block it replaces where that is
 * clear (same kind, in order) and keeps that block's tags and untouched
 * parts; placeholders and containers come back by number, wherever the
 * agent left or moved them; anything else is written fresh.
 */

export interface MergeReport {
  storage: string;
  /** Blocks of the page body kept byte for byte, rewritten, and dropped. */
  kept: number;
  changed: number;
  removed: number;
  /** Placeholders and containers of the original the edited Markdown no longer has. */
  removedPlaceholders: { id: number; kind: string; note: string }[];
}

interface OriginalUnit {
  unit: Unit;
  segment: number;
}

export class Merger implements WriteOriginals {
  readonly writer = new StorageWriter(this);
  private readonly restoredIds = new Set<number>();
  private readonly reused = new Map<string, number>();
  private readonly keys = new KeyTable();
  readonly stats = { kept: 0, changed: 0, removed: 0 };

  constructor(readonly read: ReadStorage) {}

  get storage(): string {
    return this.read.ctx.storage;
  }

  placeholder(id: number): Placeholder | undefined {
    return this.read.ctx.placeholders.get(id);
  }

  container(id: number): Container | undefined {
    return this.read.ctx.containers.get(id);
  }

  reuse(key: string): string | undefined {
    const copies = this.read.ctx.reuse.get(key);
    if (!copies) return undefined;
    // Hand out copies in document order (each keeps its own macro id); repeat the last when more are needed.
    const used = this.reused.get(key) ?? 0;
    this.reused.set(key, used + 1);
    return copies[Math.min(used, copies.length - 1)];
  }

  restored(id: number): void {
    this.restoredIds.add(id);
  }

  nextTaskId(): number {
    this.read.ctx.maxTaskId += 1;
    return this.read.ctx.maxTaskId;
  }

  rebuildContainer(container: Container, slots: RootContent[][]): string {
    this.restored(container.id);
    for (const id of container.slotIds) this.restored(id);
    const out = [container.pieces[0]!];
    container.slots.forEach((slot, index) => {
      out.push(this.mergeLevel(slot, slots[index] ?? []), container.pieces[index + 1]!);
    });
    return out.join('');
  }

  /** Rebuilds a level from its edited blocks. */
  mergeLevel(level: Level, edited: RootContent[], top = false): string {
    const editedUnits = unitsOfMarkdown(edited, this);
    const originalUnits: OriginalUnit[] = [];
    level.segments.forEach((segment, index) => {
      for (const unit of unitsOfMarkdown(reparse(segment.blocks), this)) originalUnits.push({ unit, segment: index });
    });
    const matches = matchSequences(
      Int32Array.from(originalUnits, (original) => this.keys.id(unitKey(original.unit))),
      Int32Array.from(editedUnits, (unit) => this.keys.id(unitKey(unit))),
    );
    const kept = keptSegments(level.segments.length, originalUnits, matches);
    const out = [this.storage.slice(level.start, level.prefixEnd)];
    let removed: number[] = [];
    let next = 0;
    level.segments.forEach((segment, index) => {
      const span = kept.get(index);
      if (!span) {
        removed.push(index);
        return;
      }
      out.push(this.hunk(level, removed, editedUnits.slice(next, span[0]), top));
      out.push(this.storage.slice(segment.start, segment.end));
      for (let id = segment.firstId; id <= segment.lastId; id += 1) this.restored(id);
      if (top) this.stats.kept += 1;
      removed = [];
      next = span[1] + 1;
    });
    out.push(this.hunk(level, removed, editedUnits.slice(next), top));
    return out.join('');
  }

  /** Writes the edited units that replace a run of removed segments, pairing each with one it changes where possible. */
  private hunk(level: Level, removed: number[], inserted: Unit[], top: boolean): string {
    const out: string[] = [];
    let pointer = 0;
    let paired = 0;
    // The whitespace and empty elements after a removed block stay with what took its place.
    const glueOf = (found: (segment: Segment) => boolean): string => {
      const segment = removed.map((index) => level.segments[index]!).find(found);
      return segment ? this.storage.slice(segment.contentEnd, segment.end) : '';
    };
    for (const unit of inserted) {
      if (unit.type === 'container') {
        out.push(this.rebuildContainer(unit.container, unit.slots) + glueOf((segment) => segment.container === unit.container));
      } else if (unit.type === 'placeholder') {
        this.restored(unit.placeholder.id);
        const { storage, inline } = unit.placeholder;
        const glue = glueOf((segment) => this.storage.slice(segment.start, segment.contentEnd) === storage);
        out.push((inline ? `<p>${storage}</p>` : storage) + glue);
      } else {
        let written: string | undefined;
        for (let index = pointer; index < removed.length && written === undefined; index += 1) {
          const segment: Segment = level.segments[removed[index]!]!;
          written = pairSegment(this, segment, unit.node);
          if (written !== undefined) {
            out.push(written + this.storage.slice(segment.contentEnd, segment.end));
            pointer = index + 1;
            paired += 1;
          }
        }
        if (written === undefined) out.push(serialize(this.writer.block(unit.node)));
      }
      if (top && unit.type === 'block') this.stats.changed += 1;
    }
    if (top) this.stats.removed += removed.length - paired;
    return out.join('');
  }

  removedPlaceholders(): MergeReport['removedPlaceholders'] {
    const gone: MergeReport['removedPlaceholders'] = [];
    for (const placeholder of this.read.ctx.placeholders.values()) {
      if (!this.restoredIds.has(placeholder.id)) gone.push({ id: placeholder.id, kind: placeholder.kind, note: placeholder.note });
    }
    for (const container of this.read.ctx.containers.values()) {
      if (container.style === 'markers' && !this.restoredIds.has(container.id)) gone.push({ id: container.id, kind: container.kind, note: '' });
    }
    return gone.sort((left, right) => left.id - right.id);
  }
}

/**
 * Segments whose every unit is matched, to consecutive edited units: they are
 * unchanged and keep their bytes. Maps segment → [first, last] edited unit.
 */
function keptSegments(count: number, originals: OriginalUnit[], matches: [number, number][]): Map<number, [number, number]> {
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

export function mergeEditedMarkdownWithReport(
  originalStorage: string, editedMarkdown: string, options: StorageReadOptions = {},
): MergeReport {
  const merger = new Merger(readStorage(originalStorage, options));
  const edited = parseEditable(typeof editedMarkdown === 'string' ? editedMarkdown : '').children;
  const storage = merger.mergeLevel(merger.read.level, edited, true);
  return { storage, ...merger.stats, removedPlaceholders: merger.removedPlaceholders() };
}

/**
 * The storage for a page after its Markdown (as storageToMarkdown gave it)
 * was edited: unchanged blocks byte-identical, placeholders restored exactly.
 */
export function mergeEditedMarkdown(originalStorage: string, editedMarkdown: string, options: StorageReadOptions = {}): string {
  return mergeEditedMarkdownWithReport(originalStorage, editedMarkdown, options).storage;
}
