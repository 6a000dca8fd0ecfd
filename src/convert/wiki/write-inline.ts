import { isoDate, plainText, readMediaUrl, readSpecialLink } from '../conventions.js';
import { escapeWikiText, isSpace, isWordChar } from './escape.js';

import type { Image, Link, PhrasingContent } from 'mdast';
import type { Definitions } from '../markdown-parse.js';

export interface InlineOptions {
  definitions: Definitions;
  /** Inside a list item, table cell or heading a newline would end the block: breaks become `\\`. */
  singleLine: boolean;
}

interface State extends InlineOptions {
  /** The last character written, '\n' at the start of a line. */
  last: string;
  markDepth: number;
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
    out += write(state, escapeWikiText(line, state.last));
  });
  return out;
}

function lineBreak(state: State): string {
  // Marks do not span lines in Jira, so inside one the break stays on the line.
  if (state.singleLine || state.markDepth > 0) return write(state, '\\\\');
  return write(state, '\n');
}

/** URLs cannot carry the characters that end a wiki link or image. */
function safeUrl(url: string): string {
  return url.replaceAll('|', '%7C').replaceAll(']', '%5D').replaceAll('[', '%5B').replaceAll('!', '%21')
    .replaceAll(' ', '%20').replaceAll('\n', '');
}

function image(node: Pick<Image, 'url' | 'alt'>, state: State): string {
  const alt = (node.alt ?? '').replace(/[|!,=\n]/g, ' ').trim();
  if (readMediaUrl(node.url) || !node.url) {
    // A Cloud media id means nothing to Server/DC; its name is what is left.
    return text(alt || 'image', state);
  }
  return write(state, `!${safeUrl(node.url)}${alt ? `|alt=${alt}` : ''}!`);
}

function isLinkTarget(url: string): boolean {
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
    return write(state, label && label !== special.name ? `[${escapeWikiText(label, '[')}|${target}]` : `[${target}]`);
  }
  const label = node.children.length === 1 && node.children[0]!.type === 'text' ? node.children[0]!.value : undefined;
  if (!node.url || readMediaUrl(node.url)) return inline(node.children, state);
  if (label === node.url && isLinkTarget(node.url)) return write(state, `[${safeUrl(node.url)}]`);
  state.last = '[';
  const inner = inline(node.children, state);
  return write(state, `[${inner}${inner ? '|' : ''}${safeUrl(node.url)}]`);
}

function piece(node: PhrasingContent, state: State): Piece {
  switch (node.type) {
    case 'text':
      return text(node.value, state);
    case 'strong': case 'emphasis': case 'delete': {
      const mark = markFor[node.type]!;
      state.last = mark;
      state.markDepth += 1;
      const inner = inline(node.children, state);
      state.markDepth -= 1;
      state.last = mark;
      return inner ? { mark, inner } : '';
    }
    case 'inlineCode': {
      if (!node.value) return '';
      // Jira renders markup inside {{…}}, so its content is escaped like text.
      const inner = escapeWikiText(node.value.replace(/\s*\n\s*/g, ' '), '{');
      return write(state, `{{${inner}}}`);
    }
    case 'break':
      return lineBreak(state);
    case 'link':
      return link(node, state);
    case 'linkReference': {
      const target = state.definitions.get(node.identifier);
      return target ? link({ type: 'link', url: target.url, title: target.title, children: node.children }, state) : inline(node.children, state);
    }
    case 'image':
      return image(node, state);
    case 'imageReference': {
      const target = state.definitions.get(node.identifier);
      return target ? image({ url: target.url, alt: node.alt ?? null }, state) : text(node.alt ?? '', state);
    }
    case 'html':
      return /^<br\s*\/?>$/i.test(node.value.trim()) ? lineBreak(state) : text(node.value, state);
    case 'footnoteReference':
      return text(`[^${node.label ?? node.identifier}]`, state);
    default: {
      const unknown = node as { children?: PhrasingContent[]; value?: unknown };
      if (unknown.children) return inline(unknown.children, state);
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

function inline(nodes: PhrasingContent[], state: State): string {
  if (state.depth > MAX_DEPTH) return text(plainText(nodes), state);
  state.depth += 1;
  const pieces: Piece[] = [];
  for (const node of nodes) pieces.push(piece(node, state));
  state.depth -= 1;
  return joinPieces(pieces);
}

/** Markdown inline content as wiki markup; `before` is what precedes it on its line. */
export function renderInline(nodes: PhrasingContent[], options: InlineOptions, before = '\n'): string {
  return inline(nodes, { ...options, last: before, markDepth: 0, depth: 0 });
}
