import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

import type { Root, RootContent } from 'mdast';

const mdastExtensions = [gfmFromMarkdown()];
// micromark pairs emphasis delimiters in quadratic time on long runs of them
// (20,000 `*` take about a minute); text with such runs is parsed without emphasis.
const syntax = [gfm()];
const syntaxWithoutEmphasis = [...syntax, { disable: { null: ['attention', 'strikethrough'] } }];
const longestSafeRun = 100;

function hasLongDelimiterRun(markdown: string): boolean {
  let run = 0;
  for (let i = 0; i < markdown.length; i += 1) {
    const ch = markdown.charCodeAt(i);
    // `*`, `_`, `~`
    run = (ch === 42 || ch === 95 || ch === 126) && ch === markdown.charCodeAt(i - 1) ? run + 1 : 0;
    if (run >= longestSafeRun) return true;
  }
  return false;
}

// micromark's time grows with the square of the number of quotes and lists in
// one document (200 KB of short quotes take 20 s). Large documents are parsed
// in pieces, cut before a line that starts a top-level block afresh (after a
// blank line, not indented, not a list item), which gives the same tree. A
// fenced code block left open at the end of a piece is the one thing that
// reaches past such a line; the piece is then extended past its closing fence.
// Documents with constructs that act across blank lines are parsed whole.
const PIECE = 4_000;

function reachesAcrossBlocks(source: string): boolean {
  // Link and footnote definitions, HTML comments, <pre>, <script>…
  return source.includes(']:') || /<[!?]|<(script|pre|style|textarea)/i.test(source);
}

/** Where pieces may start: after a blank line, at a line that cannot continue what came before. */
function cutPoints(source: string, piece: number): number[] {
  const cuts: number[] = [];
  let last = 0;
  let previousBlank = false;
  let pos = 0;
  while (pos < source.length) {
    const newline = source.indexOf('\n', pos);
    const end = newline < 0 ? source.length : newline;
    const first = source[pos];
    const blank = source.slice(pos, end).trim() === '';
    if (previousBlank && !blank && pos - last >= piece && !' \t-+*0123456789'.includes(first!)) {
      cuts.push(pos);
      last = pos;
    }
    previousBlank = blank;
    pos = end + 1;
  }
  return cuts;
}

function fenceOf(line: string): { char: string; length: number } | undefined {
  const text = line.replace(/^ {0,3}/, '');
  const char = text[0];
  if (char !== '`' && char !== '~') return undefined;
  let length = 0;
  while (text[length] === char) length += 1;
  return length >= 3 ? { char, length } : undefined;
}

function closesFence(line: string, fence: { char: string; length: number }): boolean {
  const text = line.replace(/^ {0,3}/, '').replace(/\r$/, '');
  let length = 0;
  while (text[length] === fence.char) length += 1;
  return length >= fence.length && text.slice(length).trim() === '';
}

/** The fence of a top-level fenced code block the parser left open at the end of `text`. */
function openFence(root: Root, text: string): { char: string; length: number } | undefined {
  const last = root.children.at(-1);
  if (last?.type !== 'code' || last.position === undefined) return undefined;
  const lines = text.slice(last.position.start.offset, last.position.end.offset).split('\n');
  const fence = fenceOf(lines[0]!);
  if (fence === undefined) return undefined;
  return lines.length > 1 && closesFence(lines.at(-1)!, fence) ? undefined : fence;
}

/** The end of the line closing `fence` at or after `from`, or the end of the text. */
function pastClosingFence(source: string, from: number, fence: { char: string; length: number }): number {
  let pos = from;
  while (pos < source.length) {
    const newline = source.indexOf('\n', pos);
    const end = newline < 0 ? source.length : newline;
    if (closesFence(source.slice(pos, end), fence)) return end + 1;
    pos = end + 1;
  }
  return source.length;
}

/**
 * A piece without the blank lines before the next cut, which an unclosed
 * fence would take as content at the end of the text but not before the line
 * that closes it. The last piece keeps them, as the whole text does.
 */
function pieceText(source: string, start: number, end: number): string {
  const text = source.slice(start, end);
  return end < source.length ? withoutTrailingBlankLines(text) : text;
}

function withoutTrailingBlankLines(text: string): string {
  let end = text.length;
  let cut = end;
  while (end > 0) {
    const lineStart = text.lastIndexOf('\n', end - 2) + 1;
    if (text.slice(lineStart, end).trim() !== '') break;
    cut = lineStart;
    end = lineStart;
  }
  return text.slice(0, cut);
}

function parsePiece(source: string): Root {
  const extensions = hasLongDelimiterRun(source) ? syntaxWithoutEmphasis : syntax;
  return fromMarkdown(source, { extensions, mdastExtensions });
}

/** parseMarkdown with a chosen piece size (exported for its test). */
export function parseInPieces(source: string, piece: number): Root {
  if (source.length <= piece * 2 || reachesAcrossBlocks(source)) return parsePiece(source);
  const cuts = [...cutPoints(source, piece), source.length];
  const children: RootContent[] = [];
  let start = 0;
  let next = 0;
  while (start < source.length) {
    let end = cuts[next]!;
    let text = pieceText(source, start, end);
    let root = parsePiece(text);
    let fence = end < source.length ? openFence(root, text) : undefined;
    while (fence !== undefined) {
      const closed = pastClosingFence(source, end, fence);
      while (cuts[next]! < closed) next += 1;
      end = cuts[next]!;
      text = pieceText(source, start, end);
      root = parsePiece(text);
      fence = end < source.length ? openFence(root, text) : undefined;
    }
    children.push(...root.children);
    start = end;
    next += 1;
  }
  return { type: 'root', children };
}

/**
 * Parses CommonMark + GFM (tables, task lists, strikethrough, autolink
 * literals, footnotes) into mdast: the one entry point for every writer
 * (ADF, Jira wiki, Confluence storage), so they all read Markdown alike.
 * Never throws: input nested past what the parser's stack allows (thousands
 * of `>`) comes back as one paragraph of its text.
 */
export function parseMarkdown(markdown: string): Root {
  const source = typeof markdown === 'string' ? markdown : '';
  try {
    return parseInPieces(source, PIECE);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: source }] }] };
  }
}
