import { parseEditable } from './parse-markdown.js';

/**
 * Large pages in pieces: each piece ends on a block boundary (never inside a
 * paragraph, table or code block unless one block alone is larger than the
 * limit, then at a line break). Only the window being cut is parsed, so
 * reading a 1 MB page piece by piece costs no more than reading it once.
 */

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
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}

export function paginateMarkdown(markdown: string, maxChars: number, cursorOffset = 0): MarkdownPage {
  const totalChars = markdown.length;
  const offset = skipBlank(markdown, Math.max(0, Math.min(Math.floor(cursorOffset), totalChars)));
  const size = Math.max(1, Math.floor(maxChars));
  if (totalChars - offset <= size) {
    return { text: markdown.slice(offset).trimEnd(), offset, nextOffset: undefined, totalChars };
  }
  // Block starts are the same in a window as in the whole text: parsing never looks ahead past a line it has read.
  const window = markdown.slice(offset, offset + size + 1);
  const starts = parseEditable(window).children
    .map((node) => node.position?.start.offset ?? 0)
    .filter((start) => start > 0 && start <= size);
  const cut = starts.length > 0 ? offset + starts.at(-1)! : lineCut(markdown, offset, offset + size);
  return { text: markdown.slice(offset, cut).trimEnd(), offset, nextOffset: skipBlank(markdown, cut), totalChars };
}
