import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

import type { Link, Nodes, Paragraph, Parent, PhrasingContent, Root, RootContent } from 'mdast';

const gfmMdast = gfmFromMarkdown();
const mdastExtensions = [gfmMdast];
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
    let text = source.slice(start, end);
    let root = parsePiece(text);
    let fence = end < source.length ? openFence(root, text) : undefined;
    while (fence !== undefined) {
      const closed = pastClosingFence(source, end, fence);
      while (cuts[next]! < closed) next += 1;
      end = cuts[next]!;
      text = source.slice(start, end);
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

/** Link and image definitions (`[id]: url "title"`) by identifier, for reference-style links. */
export type Definitions = Map<string, { url: string; title: string | null }>;

export function collectDefinitions(root: Root): Definitions {
  const definitions: Definitions = new Map();
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    // The first definition of an identifier wins, as in CommonMark.
    if (node.type === 'definition' && !definitions.has(node.identifier)) {
      definitions.set(node.identifier, { url: node.url, title: node.title ?? null });
    }
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i]!);
  }
  return definitions;
}

// GFM links URLs and e-mail addresses found in text after parsing; these are those transforms.
const literalLinkTransforms = gfmMdast.flatMap((extension) => extension.transforms ?? []);

/**
 * Plain text (raw HTML the writers do not translate, a <summary> title) as
 * the Markdown it becomes once a reader has escaped it: still text, except
 * that GFM links bare URLs and e-mail addresses whatever the escaping.
 * Treating it so on the first write keeps write -> read -> write stable.
 */
export function textAsMarkdown(value: string): PhrasingContent[] {
  return linkLiterals([{ type: 'text', value }]);
}

/**
 * Inline content taken out of a link (whose text GFM leaves alone) to stand
 * as text: the bare URLs in it become links, as they will when read back.
 */
export function linkLiterals(nodes: PhrasingContent[]): PhrasingContent[] {
  const paragraph: Paragraph = { type: 'paragraph', children: structuredClone(nodes) };
  const root: Root = { type: 'root', children: [paragraph] };
  for (const transform of literalLinkTransforms) transform(root);
  return paragraph.children;
}

/**
 * Replaces the links a writer cannot keep (`unwrap` says which) by their
 * text, then links the bare URLs and addresses that text now exposes, as GFM
 * will when the result is read back: `[~bob](x)@example.com` is an e-mail
 * address once the link is gone.
 */
export function unwrapLinks(root: Root, unwrap: (link: Link, insideLink: boolean) => boolean): void {
  let changed = false;
  const stack: { parent: Parent; insideLink: boolean }[] = [{ parent: root, insideLink: false }];
  while (stack.length > 0) {
    const { parent, insideLink } = stack.pop()!;
    const children = parent.children as Nodes[];
    for (let i = 0; i < children.length; i += 1) {
      const child = children[i]!;
      if (child.type === 'link' && unwrap(child, insideLink)) {
        children.splice(i, 1, ...child.children);
        changed = true;
        i -= 1;
      } else if ('children' in child) {
        stack.push({ parent: child, insideLink: insideLink || child.type === 'link' });
      }
    }
  }
  if (!changed) return;
  mergeTexts(root);
  for (const transform of literalLinkTransforms) transform(root);
}

/** Joins neighbouring text nodes, so a URL split across them is seen whole. */
function mergeTexts(root: Root): void {
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!('children' in node)) continue;
    const children = node.children as Nodes[];
    for (let i = children.length - 1; i > 0; i -= 1) {
      const [left, right] = [children[i - 1]!, children[i]!];
      if (left.type === 'text' && right.type === 'text') children.splice(i - 1, 2, { type: 'text', value: left.value + right.value });
    }
    stack.push(...children);
  }
}
