import { text, wrapMark } from '../markdown.js';

import type { PhrasingContent } from 'mdast';

/** Inline parser for Jira wiki markup: a character scanner, one token at a time. */

interface Token {
  nodes: PhrasingContent[];
  end: number;
}

// Bounds recursion on hostile input such as thousands of nested `*_*_`.
const MAX_DEPTH = 32;

const markTypes: Record<string, 'strong' | 'emphasis' | 'delete' | undefined> = {
  '*': 'strong', '_': 'emphasis', '-': 'delete',
};
// Underline (+) has no Markdown form, so only its text is kept.
const markChars = '*_-+';
const escapable = '*_-+{}[]!|^~?#\\';

function isSpace(ch: string | undefined): boolean {
  return ch === undefined || ch.trim() === '';
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

/** Wiki marks open after a non-word character and close before one, hugging their text. */
function opens(source: string, start: number, mark: string): boolean {
  return !isWordChar(source[start - 1]) && !isSpace(source[start + 1]) && source[start + 1] !== mark;
}

function findClose(source: string, start: number, mark: string): number {
  for (let j = start + 2; j < source.length; j += 1) {
    if (source[j] === mark && !isSpace(source[j - 1]) && !isWordChar(source[j + 1])) return j;
  }
  return -1;
}

function bracket(inner: string, depth: number): PhrasingContent[] | undefined {
  if (inner.startsWith('~')) return [text(`@${inner.slice(1)}`)];
  if (inner.startsWith('^')) return [text(`[attachment: ${inner.slice(1)}]`)];
  const bar = inner.lastIndexOf('|');
  const label = bar >= 0 ? inner.slice(0, bar) : '';
  const target = (bar >= 0 ? inner.slice(bar + 1) : inner).trim();
  if (target.startsWith('~')) return [text(`@${target.slice(1)}`)];
  if (!target.includes('://') && !target.startsWith('mailto:')) return undefined;
  return [{ type: 'link', url: target, children: label ? parseInline(label, depth + 1) : [text(target)] }];
}

function macro(source: string, start: number, depth: number): Token | undefined {
  const close = source.indexOf('}', start);
  if (close < 0) return undefined;
  const name = source.slice(start + 1, close).split(':')[0] ?? '';
  if (name === 'anchor') return { nodes: [], end: close + 1 };
  if (name !== 'color') return undefined;
  const end = source.indexOf('{color}', close);
  if (end < 0) return { nodes: [], end: close + 1 };
  return { nodes: parseInline(source.slice(close + 1, end), depth + 1), end: end + '{color}'.length };
}

function token(source: string, i: number, depth: number, unclosed: Set<string>): Token | undefined {
  const ch = source[i]!;
  const next = source[i + 1];
  if (ch === '\\' && next !== undefined && escapable.includes(next)) {
    return { nodes: [next === '\\' ? { type: 'break' } : text(next)], end: i + 2 };
  }
  if (source.startsWith('{{', i)) {
    const close = source.indexOf('}}', i + 2);
    if (close > i + 2) return { nodes: [{ type: 'inlineCode', value: source.slice(i + 2, close) }], end: close + 2 };
  }
  if (ch === '{') return macro(source, i, depth);
  if (ch === '[') {
    const close = source.indexOf(']', i);
    const nodes = close > i + 1 ? bracket(source.slice(i + 1, close), depth) : undefined;
    return nodes && { nodes, end: close + 1 };
  }
  if (ch === '!') {
    const close = source.indexOf('!', i + 1);
    const name = close > i ? (source.slice(i + 1, close).split('|')[0] ?? '') : '';
    // `!file.png!` is an image; "Wow! Great!" is not.
    const isFile = name.includes('.') && !name.split('').some(isSpace);
    return isFile ? { nodes: [text(`[image: ${name}]`)], end: close + 1 } : undefined;
  }
  if (markChars.includes(ch) && !unclosed.has(ch) && opens(source, i, ch)) {
    const close = findClose(source, i, ch);
    // No closer after this opener means none after any later one: skip the rescans.
    if (close < 0) unclosed.add(ch);
    if (close < 0) return undefined;
    const inner = parseInline(source.slice(i + 1, close), depth + 1);
    const type = markTypes[ch];
    return { nodes: type ? wrapMark(type, inner) : inner, end: close + 1 };
  }
  return undefined;
}

/** Parses one line (or table cell) of wiki markup into Markdown inline nodes. */
export function parseInline(source: string, depth = 0): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let buffer = '';
  const unclosed = new Set<string>();
  let i = 0;
  while (i < source.length) {
    const found = depth < MAX_DEPTH ? token(source, i, depth, unclosed) : undefined;
    if (found === undefined) {
      buffer += source[i];
      i += 1;
      continue;
    }
    if (buffer) out.push(text(buffer));
    buffer = '';
    out.push(...found.nodes);
    i = found.end;
  }
  if (buffer) out.push(text(buffer));
  return out;
}
