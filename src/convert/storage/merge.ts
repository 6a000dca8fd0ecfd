import { matchSequences } from './diff.js';
import { StorageWriter } from './from-markdown.js';
import { KeyTable, reparse, unitKey, unitsOfMarkdown } from './keys.js';
import { segmentOffsets } from './layout.js';
import { SEPARATOR, commonPrefix, commonSuffix, flatText, keptSegments, select } from './merge-text.js';
import { parseEditable } from './parse-markdown.js';
import { pairSegment } from './pairs.js';
import { serialize } from './serialize.js';
import { readStorage } from './to-markdown.js';

import type { RootContent } from 'mdast';
import type { Container, Level, Placeholder, Segment, StorageReadOptions } from './context.js';
import type { WriteOriginals } from './from-markdown.js';
import type { Hints, OriginalUnit, Parsed } from './merge-text.js';
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
  /** Blocks kept byte for byte, blocks written from the edited Markdown, and original blocks dropped. */
  kept: number;
  changed: number;
  removed: number;
  /** Placeholders and containers of the original the edited Markdown no longer has. */
  removedPlaceholders: { id: number; kind: string; note: string }[];
}

interface HunkContext {
  level: Level;
  source: string | undefined;
  originalSlots: Map<number, RootContent[][]>;
  originalSource: string | undefined;
  segmentNodes: RootContent[][];
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

  emoticons(): ReadonlySet<string> {
    return this.read.ctx.emoticons;
  }

  restored(id: number): void {
    this.restoredIds.add(id);
  }

  nextTaskId(): number {
    this.read.ctx.maxTaskId += 1;
    return this.read.ctx.maxTaskId;
  }

  /**
   * A container around its edited slots. With the Markdown the slots were
   * parsed from (when they sat at the start of lines, not inside a list or
   * quote), each slot is merged as text, so its untouched blocks are not
   * parsed again.
   */
  rebuildContainer(container: Container, slots: RootContent[][], source?: string, original?: Parsed<RootContent[][]>): string {
    this.restored(container.id);
    for (const id of container.slotIds) this.restored(id);
    const out = [container.pieces[0]!];
    container.slots.forEach((slot, index) => {
      const nodes = slots[index] ?? [];
      const text = source !== undefined && slot.markdown !== undefined ? flatText(nodes, source) : undefined;
      // What both sides were parsed into already, so the slot is not parsed again.
      const hints: Hints | undefined = source === undefined ? undefined : {
        edited: { nodes, source },
        original: original?.nodes[index] ? { nodes: original.nodes[index]!, source: original.source } : undefined,
      };
      const merged = text !== undefined ? this.mergeText(slot, text, hints) : this.mergeLevel(slot, nodes);
      out.push(merged, container.pieces[index + 1]!);
    });
    return out.join('');
  }

  private keep(segments: Segment[]): string {
    this.stats.kept += segments.length;
    for (const segment of segments) {
      for (let id = segment.firstId; id <= segment.lastId; id += 1) this.restored(id);
    }
    return segments.map((segment) => this.storage.slice(segment.start, segment.end)).join('');
  }

  /**
   * Merges a laid-out level (layout.ts) with its edited Markdown: the blocks
   * whose text lies in the unchanged start and end of the text are kept
   * without parsing; only the changed middle is parsed and lined up block by
   * block. An edit inside one slot of a container goes down into that slot.
   */
  mergeText(level: Level, edited: string, hints?: Hints): string {
    const original = level.markdown;
    if (original === undefined) return this.mergeLevel(level, parseEditable(edited).children, edited);
    const segments = level.segments;
    const prefixBytes = this.storage.slice(level.start, level.prefixEnd);
    if (original === edited) return prefixBytes + this.keep(segments);
    const offsets = segmentOffsets(level);
    // Blank lines around both texts, so the first and last blocks end like the others.
    const before = SEPARATOR + original + SEPARATOR;
    const after = SEPARATOR + edited + SEPARATOR;
    const common = commonPrefix(before, after);
    // The start and end may share the blank line between them (text inserted between two blocks).
    const commonEnd = Math.min(commonSuffix(before, after), Math.min(before.length, after.length) - common + SEPARATOR.length);
    const changedFrom = before.length - commonEnd;
    let first = 0;
    while (first < segments.length && offsets[first]![1] + 2 * SEPARATOR.length <= common) first += 1;
    let last = segments.length;
    while (last > first && offsets[last - 1]![0] >= changedFrom) last -= 1;
    const head = this.keep(segments.slice(0, first));
    const tail = this.keep(segments.slice(last));
    const middle = segments.slice(first, last);
    const textStart = first > 0 ? offsets[first - 1]![1] : 0;
    const textEnd = last < segments.length ? offsets[last]![0] : original.length;
    const editedMiddle = edited.slice(textStart, edited.length - (original.length - textEnd));
    const inside = middle.length === 1 ? this.insideSlot(middle[0]!, offsets[first]![0], common, changedFrom, after, before.length) : undefined;
    if (inside !== undefined) return prefixBytes + head + inside + tail;
    const editedEnd = edited.length - (original.length - textEnd);
    const editedNodes = select(hints?.edited, textStart, editedEnd)
      ?? { nodes: parseEditable(editedMiddle).children, source: editedMiddle };
    const originalText = original.slice(textStart, textEnd);
    const originalNodes = this.nodesBySegment(middle, offsets.slice(first, last), textStart, select(hints?.original, textStart, textEnd)
      ?? { nodes: parseEditable(originalText).children, source: originalText, base: 0 });
    const boundary = first > 0 ? segments[first - 1]!.end : level.prefixEnd;
    const part: Level = {
      start: middle[0]?.start ?? boundary, prefixEnd: middle[0]?.start ?? boundary, end: middle.at(-1)?.end ?? boundary, segments: middle,
    };
    const merged = this.mergeLevel(part, editedNodes.nodes, editedNodes.source, originalNodes);
    return prefixBytes + head + merged + tail;
  }

  /** When the whole change lies inside one slot of a container: that slot merged, the rest of the container kept. */
  private insideSlot(segment: Segment, chunkStart: number, common: number, changedFrom: number, after: string, beforeLength: number): string | undefined {
    const container = segment.container;
    if (container?.style !== 'markers' || !container.slotRanges) return undefined;
    const at = SEPARATOR.length + chunkStart;
    const slot = container.slotRanges.findIndex(([start, end]) => common >= at + start && changedFrom <= at + end);
    if (slot < 0) return undefined;
    const [start, end] = container.slotRanges[slot]!;
    const editedSlot = after.slice(at + start, after.length - (beforeLength - (at + end)));
    this.restored(container.id);
    for (const id of container.slotIds) this.restored(id);
    const out = [container.pieces[0]!];
    container.slots.forEach((level, index) => {
      const content = index === slot ? this.mergeText(level, editedSlot)
        : this.storage.slice(level.start, level.prefixEnd) + this.keep(level.segments);
      out.push(content, container.pieces[index + 1]!);
    });
    return out.join('') + this.storage.slice(segment.contentEnd, segment.end);
  }

  /** The original blocks' parsed Markdown, shared out by where each block's text lies; undefined if it does not line up. */
  private nodesBySegment(segments: Segment[], offsets: [number, number][], textStart: number, parsed: Parsed<RootContent[]> & { base: number }): Parsed<RootContent[][]> | undefined {
    if (segments.length === 0) return { nodes: [], source: parsed.source };
    const nodes = segments.map((): RootContent[] => []);
    // From a position in the parsed text to one in the level's Markdown.
    const shift = textStart - parsed.base;
    let index = 0;
    for (const node of parsed.nodes) {
      const start = shift + (node.position?.start.offset ?? 0);
      while (index < segments.length - 1 && start >= offsets[index]![1]) index += 1;
      nodes[index]!.push(node);
    }
    return nodes.every((list, at) => list.length > 0 || !segments[at]!.markdown) ? { nodes, source: parsed.source } : undefined;
  }

  /** Rebuilds a level from its edited blocks. */
  mergeLevel(level: Level, edited: RootContent[], source?: string, original?: Parsed<RootContent[][]>): string {
    const editedUnits = unitsOfMarkdown(edited, this);
    const originalUnits: OriginalUnit[] = [];
    const segmentNodes = level.segments.map((segment, index) => original?.nodes[index] ?? reparse(segment.blocks));
    segmentNodes.forEach((nodes, index) => {
      for (const unit of unitsOfMarkdown(nodes, this)) originalUnits.push({ unit, segment: index });
    });
    // The original containers' slots as parsed: rebuilding one need not parse them again.
    const originalSlots = new Map<number, RootContent[][]>();
    for (const { unit } of originalUnits) if (unit.type === 'container') originalSlots.set(unit.container.id, unit.slots);
    const context: HunkContext = { level, source, originalSlots, originalSource: original?.source, segmentNodes };
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
      out.push(this.hunk(context, removed, editedUnits.slice(next, span[0])));
      out.push(this.keep([segment]));
      removed = [];
      next = span[1] + 1;
    });
    out.push(this.hunk(context, removed, editedUnits.slice(next)));
    return out.join('');
  }

  /** Writes the edited units that replace a run of removed segments, pairing each with one it changes where possible. */
  private hunk(context: HunkContext, removed: number[], inserted: Unit[]): string {
    const { level, source } = context;
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
        const slots = context.originalSlots.get(unit.container.id);
        const original = slots && context.originalSource !== undefined ? { nodes: slots, source: context.originalSource } : undefined;
        out.push(this.rebuildContainer(unit.container, unit.slots, source, original) + glueOf((segment) => segment.container === unit.container));
      } else if (unit.type === 'placeholder') {
        this.restored(unit.placeholder.id);
        const { storage, inline } = unit.placeholder;
        const glue = glueOf((segment) => this.storage.slice(segment.start, segment.contentEnd) === storage);
        out.push((inline ? `<p>${storage}</p>` : storage) + glue);
      } else {
        let written: string | undefined;
        for (let index = pointer; index < removed.length && written === undefined; index += 1) {
          const segment: Segment = level.segments[removed[index]!]!;
          written = pairSegment(this, segment, unit.node, context.segmentNodes[removed[index]!]);
          if (written !== undefined) {
            out.push(written + this.storage.slice(segment.contentEnd, segment.end));
            pointer = index + 1;
            paired += 1;
          }
        }
        if (written === undefined) out.push(serialize(this.writer.block(unit.node)));
      }
      if (unit.type === 'block') this.stats.changed += 1;
    }
    this.stats.removed += removed.length - paired;
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

export function mergeEditedMarkdownWithReport(
  originalStorage: string, editedMarkdown: string, options: StorageReadOptions = {},
): MergeReport {
  const merger = new Merger(readStorage(originalStorage, options));
  const edited = typeof editedMarkdown === 'string' ? editedMarkdown : '';
  const storage = merger.mergeText(merger.read.level, edited);
  return { storage, ...merger.stats, removedPlaceholders: merger.removedPlaceholders() };
}

/**
 * The storage for a page after its Markdown (as storageToMarkdown gave it)
 * was edited: unchanged blocks byte-identical, placeholders restored exactly.
 */
export function mergeEditedMarkdown(originalStorage: string, editedMarkdown: string, options: StorageReadOptions = {}): string {
  return mergeEditedMarkdownWithReport(originalStorage, editedMarkdown, options).storage;
}
