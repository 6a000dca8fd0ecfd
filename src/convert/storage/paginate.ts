import { blockStarts } from './layout.js';
import { parseEditable } from './parse-markdown.js';
import { readStorage } from './to-markdown.js';

import type { StorageReadOptions } from './context.js';

/**
 * Large pages in pieces: each piece ends on a block boundary (never inside a
 * paragraph, table or code block unless one block alone is larger than the
 * limit, then at a line break). Only the window being cut is parsed, so
 * reading a 1 MB page piece by piece costs no more than reading it once.
 */

/** The last block start after `from` and at most `to`, by binary search. */
function lastStartIn(starts: number[], from: number, to: number): number | undefined {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (starts[middle]! <= to) low = middle + 1;
    else high = middle;
  }
  const found = starts[low - 1];
  return found !== undefined && found > from ? found : undefined;
}

/** Where to cut a window of text: the last block start in it, found by parsing just the window. */
function windowCut(markdown: string, offset: number, size: number): number {
  // Block starts are the same in a window as in the whole text: parsing never looks ahead past a line it has read.
  const window = markdown.slice(offset, offset + size + 1);
  const starts = parseEditable(window).children
    .map((node) => node.position?.start.offset ?? 0)
    .filter((start) => start > 0 && start <= size);
  return starts.length > 0 ? offset + starts.at(-1)! : lineCut(markdown, offset, offset + size);
}

export interface MarkdownPage {
  text: string;
  /** Where this piece starts in the whole Markdown. */
  offset: number;
  /** Where the next piece starts; undefined when this is the last. */
  nextOffset: number | undefined;
  totalChars: number;
}

function skipBlank(markdown: string, offset: number): number {
  let at = offset;
  while (at < markdown.length && (markdown[at] === '\n' || markdown[at] === ' ' || markdown[at] === '\t' || markdown[at] === '\r')) at += 1;
  return at;
}

/** A cut inside one oversized block: the last line break, else the limit itself (not inside a surrogate pair). */
function lineCut(markdown: string, offset: number, limit: number): number {
  const newline = markdown.lastIndexOf('\n', limit - 1);
  if (newline > offset) return newline + 1;
  const code = markdown.charCodeAt(limit - 1);
  // Never split a surrogate pair, and always move forward.
  const cut = code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
  return cut > offset ? cut : Math.min(offset + 2, markdown.length);
}

/**
 * The piece of `markdown` starting at `cursorOffset`, at most `maxChars` long.
 * `blockStarts` (from readStorage) saves parsing the window to find where blocks start.
 */
export function paginateMarkdown(markdown: string, maxChars: number, cursorOffset = 0, blockStarts?: number[]): MarkdownPage {
  const totalChars = markdown.length;
  const offset = skipBlank(markdown, Math.max(0, Math.min(Math.floor(cursorOffset), totalChars)));
  const size = Math.max(1, Math.floor(maxChars));
  if (totalChars - offset <= size) {
    return { text: markdown.slice(offset).trimEnd(), offset, nextOffset: undefined, totalChars };
  }
  const known = blockStarts ? lastStartIn(blockStarts, offset, offset + size) : undefined;
  const cut = known ?? windowCut(markdown, offset, size);
  return { text: markdown.slice(offset, cut).trimEnd(), offset, nextOffset: skipBlank(markdown, cut), totalChars };
}

/** A page body as Markdown, one piece at a time: storageToMarkdown plus paginateMarkdown, cut where blocks start. */
export function storageToMarkdownPage(storage: string, maxChars: number, cursorOffset = 0, options: StorageReadOptions = {}): MarkdownPage {
  const read = readStorage(storage, options);
  return paginateMarkdown(read.markdown, maxChars, cursorOffset, blockStarts(read.level));
}
