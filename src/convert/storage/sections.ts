import { plainText } from './links.js';
import { Merger } from './merge.js';
import { parseEditable } from './parse-markdown.js';
import { readStorage } from './to-markdown.js';

import type { Heading, PhrasingContent } from 'mdast';
import type { Level, Segment, StorageReadOptions } from './context.js';
import type { MergeReport } from './merge.js';
import type { ReadStorage } from './to-markdown.js';

/**
 * Sections of a page: a heading and everything after it up to the next
 * heading of the same or a higher level, within the same part of the page
 * (the page body, or one layout cell or macro body).
 */

export interface Section {
  heading: string;
  depth: number;
  /** 1-based among the headings with the same text; pass it when a heading text is not unique. */
  occurrence: number;
  /** The headings this one sits under, outermost first. */
  path: string[];
  /** Length of the section's Markdown, heading included. */
  chars: number;
}

export class SectionError extends Error {
  override readonly name = 'SectionError';

  constructor(message: string, readonly reason: 'not-found' | 'ambiguous', readonly candidates: Section[]) {
    super(message);
  }
}

export interface SectionOptions extends StorageReadOptions {
  /** Which of several headings with the same text (1-based). */
  occurrence?: number;
}

interface Located {
  section: Section;
  level: Level;
  /** The heading's segment, and the end (exclusive) of the section's segments. */
  from: number;
  to: number;
}

const normalise = (value: string): string => value.replace(/\s+/g, ' ').trim();

/** A heading's words, without placeholders (an anchor macro often sits in front of them). */
const headingText = (children: PhrasingContent[]): string =>
  normalise(plainText(children.filter((child) => child.type !== 'html')));

/** Headings at the levels sections live in: the page body and the bodies of marker containers (layouts, expand…). */
function collect(read: ReadStorage): Located[] {
  const found: Located[] = [];
  const counts = new Map<string, number>();
  const lengthOf = (segment: Segment): number => segment.markdown?.length ?? 0;
  const visit = (level: Level, outer: { text: string; depth: number }[]): void => {
    const open = [...outer];
    level.segments.forEach((segment, index) => {
      const heading = segment.blocks.length === 1 && segment.blocks[0]!.type === 'heading' ? segment.blocks[0] as Heading : undefined;
      if (heading) {
        const text = headingText(heading.children);
        while (open.length > 0 && open.at(-1)!.depth >= heading.depth) open.pop();
        let to = index + 1;
        while (to < level.segments.length && !endsSection(level.segments[to]!.blocks[0], heading.depth)) to += 1;
        const occurrence = (counts.get(text) ?? 0) + 1;
        counts.set(text, occurrence);
        let chars = 0;
        for (const part of level.segments.slice(index, to)) chars += lengthOf(part) + 2;
        found.push({
          section: { heading: text, depth: heading.depth, occurrence, path: open.map((item) => item.text), chars: chars - 2 },
          level, from: index, to,
        });
        open.push({ text, depth: heading.depth });
      }
      if (segment.container?.style === 'markers') {
        for (const slot of segment.container.slots) visit(slot, open);
      }
    });
  };
  visit(read.level, []);
  return found;
}

/** Blocks' Markdown exactly as in the whole page's. */
function textOf(segments: Segment[]): string {
  return segments.map((segment) => segment.markdown ?? '').filter((text) => text !== '').join('\n\n');
}

function endsSection(block: { type: string; depth?: number } | undefined, depth: number): boolean {
  return block?.type === 'heading' && (block.depth ?? 7) <= depth;
}

function describe(section: Section): string {
  const under = section.path.length > 0 ? ` under '${section.path.at(-1)}'` : '';
  return `'${section.heading}' (h${section.depth}${under})`;
}

function locate(read: ReadStorage, heading: string, occurrence: number | undefined): Located {
  const all = collect(read);
  const wanted = normalise(heading.replace(/^#+\s*/, ''));
  let matches = all.filter((item) => item.section.heading === wanted);
  if (matches.length === 0) matches = all.filter((item) => item.section.heading.toLowerCase() === wanted.toLowerCase());
  if (matches.length === 0) {
    const listed = all.slice(0, 30).map((item) => describe(item.section)).join(', ');
    throw new SectionError(all.length === 0
      ? `No heading '${wanted}': this page has no headings.`
      : `No heading '${wanted}' on this page. Its headings: ${listed}${all.length > 30 ? ', …' : ''}.`, 'not-found', all.map((item) => item.section));
  }
  if (occurrence !== undefined) {
    const chosen = matches[occurrence - 1];
    if (!chosen) {
      throw new SectionError(`Heading '${wanted}' appears ${matches.length} time(s); occurrence ${occurrence} does not exist.`,
        'not-found', matches.map((item) => item.section));
    }
    return chosen;
  }
  if (matches.length > 1) {
    const listed = matches.map((item, index) => `${index + 1}: ${describe(item.section)}`).join('; ');
    throw new SectionError(`Heading '${wanted}' appears ${matches.length} times (${listed}); say which one with its occurrence number.`,
      'ambiguous', matches.map((item) => item.section));
  }
  return matches[0]!;
}

/** Every section of the page, in document order. */
export function splitSections(storage: string, options: StorageReadOptions = {}): Section[] {
  return collect(readStorage(storage, options)).map((item) => item.section);
}

/** One section's Markdown, heading included; placeholder numbers are the same as in the whole page's Markdown. */
export function extractSection(storage: string, heading: string, options: SectionOptions = {}): { markdown: string; section: Section } {
  const read = readStorage(storage, options);
  const { level, from, to, section } = locate(read, heading, options.occurrence);
  return { markdown: textOf(level.segments.slice(from, to)), section };
}

/**
 * Replaces the content under one heading; the rest of the page stays byte-identical.
 * When the new Markdown starts with a heading of the same level, that heading replaces the old one too.
 */
export function replaceSection(storage: string, heading: string, markdown: string, options: SectionOptions = {}): MergeReport & { section: Section } {
  const merger = new Merger(readStorage(storage, options));
  const { level, from, to, section } = locate(merger.read, heading, options.occurrence);
  const edited = parseEditable(typeof markdown === 'string' ? markdown : '').children;
  const first = edited[0];
  const withHeading = first?.type === 'heading' && first.depth === section.depth;
  const start = withHeading ? from : from + 1;
  const segments = level.segments.slice(start, to);
  const headingSegment = level.segments[from]!;
  const rangeStart = withHeading ? headingSegment.start : headingSegment.end;
  const rangeEnd = segments.at(-1)?.end ?? rangeStart;
  const part: Level = {
    start: rangeStart, prefixEnd: segments[0]?.start ?? rangeStart, end: rangeEnd, segments, markdown: textOf(segments),
  };
  const merged = merger.mergeText(part, typeof markdown === 'string' ? markdown : '');
  const firstId = segments[0]?.firstId ?? 0;
  const lastId = segments.at(-1)?.lastId ?? -1;
  return {
    storage: storage.slice(0, rangeStart) + merged + storage.slice(rangeEnd),
    ...merger.stats,
    removedPlaceholders: merger.removedPlaceholders().filter((item) => item.id >= firstId && item.id <= lastId),
    section,
  };
}

/** A section of Markdown text (for Markdown not read from storage, such as an old version's). */
export function extractMarkdownSection(markdown: string, heading: string, occurrence = 1): string | undefined {
  const nodes = parseEditable(markdown).children;
  const wanted = normalise(heading.replace(/^#+\s*/, '')).toLowerCase();
  let seen = 0;
  for (let index = 0; index < nodes.length; index += 1) {
    const node = nodes[index]!;
    if (node.type !== 'heading' || headingText(node.children).toLowerCase() !== wanted) continue;
    seen += 1;
    if (seen !== occurrence) continue;
    let end = index + 1;
    while (end < nodes.length && !endsSection(nodes[end], node.depth)) end += 1;
    const stop = nodes[end]?.position?.start.offset ?? markdown.length;
    return markdown.slice(node.position?.start.offset ?? 0, stop).trim();
  }
  return undefined;
}
