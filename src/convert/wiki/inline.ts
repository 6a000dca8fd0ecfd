import { mentionLink } from '../conventions.js';
import { text, wrapMark } from '../markdown.js';
import { escapable, isSpace, isWordChar } from './escape.js';

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
const namedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the character references Jira renders (`&#92;`, `&amp;`…); others stay as written. */
function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,6});/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return namedEntities[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

/** Removes backslash escapes and decodes references, for text that is otherwise literal. */
function unescapeText(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    if (value[i] === '\\' && value[i + 1] !== undefined && value[i + 1] !== '\\' && escapable.includes(value[i + 1]!)) i += 1;
    out += value[i];
  }
  return decodeEntities(out);
}

/** The next unescaped occurrence of `target` at or after `from`, or -1. */
function findUnescaped(source: string, target: string, from: number, missing?: Set<string>): number {
  if (missing?.has(target)) return -1;
  for (let j = from; j < source.length; j += 1) {
    if (source[j] === '\\') j += 1;
    else if (source.startsWith(target, j)) return j;
  }
  // None after this position means none after any later one: later openers skip the scan.
  missing?.add(target);
  return -1;
}

/** Wiki marks open after a non-word character and close before one, hugging their text. */
function opens(source: string, start: number, mark: string): boolean {
  return !isWordChar(source[start - 1]) && !isSpace(source[start + 1]) && source[start + 1] !== mark;
}

/** The closing mark, looking past links and monospace, whose URLs and code may hold mark characters. */
function findClose(source: string, start: number, mark: string): number {
  for (let j = start + 1; j < source.length; j += 1) {
    const ch = source[j];
    if (ch === '\\') j += 1;
    else if (ch === '[' || source.startsWith('{{', j)) {
      const end = findUnescaped(source, ch === '[' ? ']' : '}}', j + 1);
      if (end > j) j = end;
    } else if (ch === mark && j > start + 1 && !isSpace(source[j - 1]) && !isWordChar(source[j + 1])) return j;
  }
  return -1;
}

function isLinkTarget(target: string): boolean {
  return target.includes('://') || /^(mailto:|\/|#|\.\.?\/)/i.test(target);
}

function bracket(inner: string, depth: number): PhrasingContent[] | undefined {
  const bar = findLastBar(inner);
  const label = bar >= 0 ? inner.slice(0, bar) : '';
  const target = (bar >= 0 ? inner.slice(bar + 1) : inner).trim();
  if (target.startsWith('~')) {
    const user = target.slice(1);
    if (!user) return undefined;
    // `[~accountid:…]` is how Cloud's wiki names a user; Server/DC uses the username.
    return user.startsWith('accountid:')
      ? [mentionLink(label || user.slice(10), user.slice(10))]
      : [mentionLink(user, user, 'username')];
  }
  if (target.startsWith('^')) {
    const name = target.slice(1);
    if (!name) return undefined;
    return [{ type: 'link', url: `attachment:${name}`, children: label ? parseInline(label, depth + 1) : [text(name)] }];
  }
  if (!isLinkTarget(target)) return undefined;
  return [{ type: 'link', url: target, children: label ? parseInline(label, depth + 1) : [text(target)] }];
}

function findLastBar(inner: string): number {
  let bar = -1;
  for (let j = 0; j < inner.length; j += 1) {
    if (inner[j] === '\\') j += 1;
    else if (inner[j] === '|') bar = j;
  }
  return bar;
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

/** The end of a picture (`!name.png!`, `!name.png|thumbnail,alt=Shot!`) starting at `i`, or -1. */
export function pictureEnd(source: string, i: number, unclosed?: Set<string>): number {
  const close = findUnescaped(source, '!', i + 1, unclosed);
  if (close < 0) return -1;
  const name = source.slice(i + 1, close).split(/[|,]/, 1)[0] ?? '';
  // `!file.png!` is an image; "Wow! Great!" is not, nor is `![link|…]!`.
  const isName = name.includes('.') && !name.split('').some((ch) => isSpace(ch) || '[]{}\\'.includes(ch));
  return isName ? close + 1 : -1;
}

function picture(source: string, i: number, unclosed: Set<string>): Token | undefined {
  const end = pictureEnd(source, i, unclosed);
  if (end < 0) return undefined;
  const [name = '', ...params] = source.slice(i + 1, end - 1).split(/[|,]/);
  const alt = params.map((param) => param.trim()).find((param) => param.startsWith('alt='))?.slice(4).trim() ?? '';
  return { nodes: [{ type: 'image', url: name, alt }], end };
}

/** `{*}bold{*}`: Jira's form for a mark inside a word. */
function bracedMark(source: string, i: number, depth: number, unclosed: Set<string>): Token | undefined {
  const mark = source[i + 1]!;
  if (!markChars.includes(mark) || source[i + 2] !== '}') return undefined;
  const delimiter = `{${mark}}`;
  const close = findUnescaped(source, delimiter, i + 3, unclosed);
  if (close <= i + 3) return undefined;
  const inner = parseInline(source.slice(i + 3, close), depth + 1);
  const type = markTypes[mark];
  return { nodes: type ? wrapMark(type, inner) : inner, end: close + 3 };
}

function token(source: string, i: number, depth: number, unclosed: Set<string>): Token | undefined {
  const ch = source[i]!;
  const next = source[i + 1];
  if (ch === '\\' && next !== undefined && escapable.includes(next)) {
    return { nodes: [next === '\\' ? { type: 'break' } : text(next)], end: i + 2 };
  }
  if (source.startsWith('{{', i)) {
    const close = findUnescaped(source, '}}', i + 2, unclosed);
    if (close > i + 2) return { nodes: [{ type: 'inlineCode', value: unescapeText(source.slice(i + 2, close)) }], end: close + 2 };
  }
  if (ch === '{') return bracedMark(source, i, depth, unclosed) ?? macro(source, i, depth);
  if (ch === '[') {
    const close = findUnescaped(source, ']', i + 1, unclosed);
    const nodes = close > i + 1 ? bracket(source.slice(i + 1, close), depth) : undefined;
    return nodes && { nodes, end: close + 1 };
  }
  if (ch === '!') return picture(source, i, unclosed);
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
  // Escaped characters arrive one by one; neighbouring text is joined back into one node.
  const push = (node: PhrasingContent): void => {
    const last = out.at(-1);
    if (node.type === 'text' && last?.type === 'text') out[out.length - 1] = text(last.value + node.value);
    else out.push(node);
  };
  const flush = (): void => {
    if (buffer) push(text(decodeEntities(buffer)));
    buffer = '';
  };
  const unclosed = new Set<string>();
  let i = 0;
  while (i < source.length) {
    const found = depth < MAX_DEPTH ? token(source, i, depth, unclosed) : undefined;
    if (found === undefined) {
      buffer += source[i];
      i += 1;
      continue;
    }
    flush();
    for (const node of found.nodes) push(node);
    i = found.end;
  }
  flush();
  return out;
}
