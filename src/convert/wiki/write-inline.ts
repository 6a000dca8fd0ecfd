import { isAutolinkEmail, isBareEmailLink, isoDate, plainText, readMediaUrl, readSpecialLink } from '../conventions.js';
import { linkLiterals, textAsMarkdown } from '../markdown-links.js';
import { escapeWikiText, FOLLOWED, isSpace, isWordChar } from './escape.js';

import type { Image, Link, PhrasingContent } from 'mdast';
import type { Definitions } from '../markdown-links.js';

export interface InlineOptions {
  definitions: Definitions;
  /** Inside a list item, table cell or heading a newline would end the block: breaks become `\\`. */
  singleLine: boolean;
}

interface State extends InlineOptions {
  /** The last character written, '\n' at the start of a line. */
  last: string;
  /** What follows the node being written: FOLLOWED when another node does, else the end of the block. */
  after: string | undefined;
  /** Inside a link's label, where Jira cannot open another link. */
  inLink: boolean;
  /** Marks open around the current node; Jira cannot nest a mark in itself. */
  openMarks: Set<string>;
  depth: number;
}

const MAX_DEPTH = 32;
const markFor: Record<string, string> = { strong: '*', emphasis: '_', delete: '-' };

/** A piece of output; a mark keeps its parts apart until its neighbours are known. */
type Piece = string | { mark: string; inner: string };

function write(state: State, value: string): string {
  if (value) state.last = value.at(-1)!;
  return value;
}

function text(value: string, state: State): string {
  let out = '';
  const lines = value.split(/\r\n|\r|\n/);
  lines.forEach((line, i) => {
    if (i > 0) out += lineBreak(state);
    out += write(state, escapeWikiText(line, state.last, i < lines.length - 1 ? FOLLOWED : state.after));
  });
  return out;
}

function lineBreak(state: State): string {
  // A link label is one line of text; marks do not span lines in Jira, so inside one the break stays on the line.
  if (state.inLink) return write(state, ' ');
  if (state.singleLine || state.openMarks.size > 0) return write(state, '\\\\');
  return write(state, '\n');
}

/** URLs cannot carry the characters that end (or escape the end of) a wiki link or image. */
function safeUrl(url: string): string {
  return url.replaceAll('\\', '%5C').replaceAll('|', '%7C').replaceAll(']', '%5D').replaceAll('[', '%5B')
    .replaceAll('!', '%21').replaceAll(' ', '%20').replaceAll('\n', '');
}

function image(node: Pick<Image, 'url' | 'alt'>, state: State): string {
  const alt = (node.alt ?? '').replace(/[|!,=\s]+/g, ' ').trim();
  const url = safeUrl(node.url);
  // Jira shows `!name.ext!` or `!https://…!`; a Cloud media id, or a URL that would not read as a
  // picture (no extension, braces), leaves the picture's name as text, with its URLs linked as GFM would.
  if (readMediaUrl(node.url) || !url.includes('.') || /[{}\\]/.test(url)) {
    const name = alt || (readMediaUrl(node.url) ? '' : node.url) || 'image';
    return inline(textAsMarkdown(name), state, state.after);
  }
  return write(state, `!${url}${alt ? `|alt=${alt}` : ''}!`);
}

/** A URL a wiki link can point at; anything else would read as the name of a page or issue. */
export function isLinkTarget(url: string): boolean {
  return url.includes('://') || /^(mailto:|\/|#|\.\.?\/)/i.test(url);
}

function link(node: Link, state: State): string {
  const special = readSpecialLink(node);
  if (special?.kind === 'mention') {
    return special.scheme === 'username' ? write(state, `[~${safeUrl(special.id)}]`) : text(`@${special.name}`, state);
  }
  if (special?.kind === 'status') return text(`[${special.text}]`, state);
  if (special?.kind === 'date') return text(isoDate(special.timestamp) ?? '', state);
  if (special?.kind === 'attachment') {
    const label = plainText(node.children);
    const target = `^${safeUrl(special.name)}`;
    return write(state, label && label !== special.name ? `[${escapeWikiText(label, '[', FOLLOWED)}|${target}]` : `[${target}]`);
  }
  const label = node.children.length === 1 && node.children[0]!.type === 'text' ? node.children[0]!.value : undefined;
  // Jira links do not nest; one inside a label is its text.
  if (state.inLink) return inline(node.children, state, state.after);
  // What Server/DC cannot follow (no URL, a Cloud media id, a bare name) is kept as its text.
  if (!node.url || readMediaUrl(node.url) || !isLinkTarget(node.url)) return inline(linkLiterals(node.children), state, state.after);
  if (label !== undefined && isBareEmailLink(node.url, label) && !isAutolinkEmail(label)) return text(label, state);
  if (label === node.url && isLinkTarget(node.url)) return write(state, `[${safeUrl(node.url)}]`);
  state.last = '[';
  state.inLink = true;
  const inner = inline(node.children, state, FOLLOWED);
  state.inLink = false;
  return write(state, `[${inner}${inner ? '|' : ''}${safeUrl(node.url)}]`);
}

function piece(node: PhrasingContent, state: State): Piece {
  switch (node.type) {
    case 'text':
      return text(node.value, state);
    case 'strong': case 'emphasis': case 'delete': {
      const mark = markFor[node.type]!;
      if (state.openMarks.has(mark)) return inline(node.children, state, state.after);
      state.last = mark;
      state.openMarks.add(mark);
      const inner = inline(node.children, state, FOLLOWED);
      state.openMarks.delete(mark);
      state.last = mark;
      return inner ? { mark, inner } : '';
    }
    case 'inlineCode': {
      if (!node.value) return '';
      // Jira renders markup inside {{…}}, so its content is escaped like text.
      // A line ending in a code span is a space (CommonMark).
      const inner = escapeWikiText(node.value.replace(/\r\n|\r|\n/g, ' '), '{', FOLLOWED);
      return write(state, `{{${inner}}}`);
    }
    case 'break':
      return lineBreak(state);
    case 'link':
      return link(node, state);
    case 'linkReference': {
      const target = state.definitions.get(node.identifier);
      return target ? link({ type: 'link', url: target.url, title: target.title, children: node.children }, state) : inline(node.children, state, state.after);
    }
    case 'image':
      return image(node, state);
    case 'imageReference': {
      const target = state.definitions.get(node.identifier);
      return target ? image({ url: target.url, alt: node.alt ?? null }, state) : text(node.alt ?? '', state);
    }
    case 'html':
      return /^<br\s*\/?>$/i.test(node.value.trim()) ? lineBreak(state) : inline(textAsMarkdown(node.value), state, state.after);
    case 'footnoteReference':
      return text(`[^${node.label ?? node.identifier}]`, state);
    default: {
      const unknown = node as { children?: PhrasingContent[]; value?: unknown };
      if (unknown.children) return inline(unknown.children, state, state.after);
      return typeof unknown.value === 'string' ? text(unknown.value, state) : '';
    }
  }
}

/**
 * A mark hugging its text between non-word characters is `*bold*`; one
 * inside a word (`foo**bar**baz`) needs Jira's brace form `{*}bar{*}`.
 */
function joinPieces(pieces: Piece[]): string {
  let out = '';
  pieces.forEach((item, i) => {
    if (typeof item === 'string') {
      out += item;
      return;
    }
    const following = pieces[i + 1];
    const next = typeof following === 'string' ? following[0] : following ? '{' : undefined;
    const trimmed = item.inner.trim();
    const lead = item.inner.slice(0, item.inner.length - item.inner.trimStart().length);
    const trail = item.inner.slice(item.inner.trimEnd().length);
    const before = lead ? lead.at(-1) : out.at(-1);
    const after = trail ? trail[0] : next;
    const plain = !isWordChar(before) && !isWordChar(after) && !isSpace(trimmed[0]) && trimmed[0] !== item.mark;
    out += plain ? `${lead}${item.mark}${trimmed}${item.mark}${trail}` : `${lead}{${item.mark}}${trimmed}{${item.mark}}${trail}`;
  });
  return out;
}

function inline(nodes: PhrasingContent[], state: State, after: string | undefined): string {
  const outer = state.after;
  if (state.depth > MAX_DEPTH) {
    state.after = after;
    const flat = text(plainText(nodes), state);
    state.after = outer;
    return flat;
  }
  state.depth += 1;
  const pieces: Piece[] = [];
  nodes.forEach((node, i) => {
    state.after = i < nodes.length - 1 ? FOLLOWED : after;
    pieces.push(piece(node, state));
  });
  state.depth -= 1;
  state.after = outer;
  return joinPieces(pieces);
}

/** Markdown inline content as wiki markup; `before` is what precedes it on its line. */
export function renderInline(nodes: PhrasingContent[], options: InlineOptions, before = '\n'): string {
  return inline(nodes, { ...options, last: before, after: undefined, inLink: false, openMarks: new Set(), depth: 0 }, undefined);
}
