import {
  codeBlock, labelledQuote, list, listItem, paragraph, renderMarkdown, root, text, toBlocks, toPhrasing,
} from '../markdown.js';
import { table } from '../table.js';
import { parseInline, pictureEnd } from './inline.js';

import type { List, ListItem, PhrasingContent } from 'mdast';
import type { Flow } from '../markdown.js';
import type { CellSpec } from '../table.js';

/**
 * Jira Server/DC wiki markup to Markdown. Blocks are recognised line by line;
 * container macros ({code}, {quote}, {panel}…) are found by their closing tag
 * anywhere later in the text, so they may span lines or sit on one line.
 */

// Containers nest ({quote} inside {panel}); deeper input is kept as text.
const MAX_DEPTH = 8;

const calloutLabels: Record<string, string> = { info: 'Info', note: 'Note', warning: 'Warning', tip: 'Tip' };
const containers = new Set(['code', 'noformat', 'quote', 'panel', ...Object.keys(calloutLabels)]);

interface Macro {
  name: string;
  params: Map<string, string>;
  body: string;
  end: number;
}

function readMacro(source: string, start: number): Macro | undefined {
  const openEnd = source.indexOf('}', start);
  if (openEnd < 0) return undefined;
  const tag = source.slice(start + 1, openEnd);
  const colon = tag.indexOf(':');
  const name = (colon < 0 ? tag : tag.slice(0, colon)).trim();
  if (!containers.has(name)) return undefined;
  const params = new Map<string, string>();
  for (const part of colon < 0 ? [] : tag.slice(colon + 1).split('|')) {
    const eq = part.indexOf('=');
    // A bare value is the default parameter, e.g. the language in {code:java}.
    if (eq < 0) params.set('', part.trim());
    else params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const closeTag = `{${name}}`;
  const close = source.indexOf(closeTag, openEnd + 1);
  const bodyEnd = close < 0 ? source.length : close;
  return { name, params, body: source.slice(openEnd + 1, bodyEnd), end: close < 0 ? bodyEnd : close + closeTag.length };
}

function renderMacro(macro: Macro, depth: number): Flow {
  const { name, params, body } = macro;
  if (name === 'code' || name === 'noformat') {
    return codeBlock(body, name === 'code' ? (params.get('language') ?? params.get('')) : undefined);
  }
  const content = parseBlocks(body, depth + 1);
  const title = params.get('title');
  const label = calloutLabels[name];
  if (label !== undefined) return labelledQuote(title ? `${label}: ${title}` : `${label}:`, content);
  if (title) return labelledQuote(title, content);
  return { type: 'blockquote', children: toBlocks(content) };
}

function headingLevel(line: string): number {
  const level = Number(line[1]);
  const valid = line[0] === 'h' && level >= 1 && level <= 6 && line[2] === '.';
  return valid && (line[3] === undefined || line[3].trim() === '') ? level : 0;
}

function listMarker(line: string): { markers: string; rest: string } | undefined {
  let end = 0;
  while (line[end] === '*' || line[end] === '#') end += 1;
  if (end === 0 && line[0] === '-') end = 1;
  if (end === 0 || (line[end] !== ' ' && line[end] !== '\t')) return undefined;
  return { markers: line.slice(0, end), rest: line.slice(end + 1) };
}

/** Splits `||h1||h2||` or `|c1|c2|`, leaving pipes inside [links], {{code}} and !pictures! alone. */
function tableCells(line: string): CellSpec[] {
  const cells: string[] = [];
  let current = '';
  let inLink = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    // Escapes, {{monospace}} and !pictures|with params! hold pipes that do not end a cell.
    const skipTo = ch === '\\' ? i + 2 : line.startsWith('{{', i) ? line.indexOf('}}', i) + 2 : ch === '!' ? pictureEnd(line, i) : 0;
    if (skipTo > i) {
      current += line.slice(i, skipTo);
      i = skipTo;
      continue;
    }
    if (ch === '[') inLink = true;
    if (ch === ']') inLink = false;
    if (ch === '|' && !inLink) {
      if (i > 0) cells.push(current);
      current = '';
      i += line[i + 1] === '|' ? 2 : 1;
      continue;
    }
    current += ch;
    i += 1;
  }
  if (current.trim() !== '') cells.push(current);
  return cells.map((cell) => ({ children: toPhrasing(parseInline(cell.trim())) }));
}

/** An item whose text starts with `[ ]` or `[x]` is a task: that is how markdownToWiki writes one. */
function taskOrItem(content: PhrasingContent[]): ListItem {
  const first = content[0];
  const box = first?.type === 'text' ? /^\[([ xX])\] /.exec(first.value) : null;
  // A box with nothing after it is not a task in Markdown either (`- [ ]` is the text "[ ]").
  if (box === null || (first!.type === 'text' && first!.value.length === box[0].length && content.length === 1)) {
    return listItem([paragraph(content)]);
  }
  const rest = first!.type === 'text' ? first!.value.slice(box[0].length) : '';
  return listItem([paragraph([...(rest ? [text(rest)] : []), ...content.slice(1)])], box[1] !== ' ');
}

/** Builds nested lists from marker strings such as `*`, `**`, `*#`. */
function buildLists(items: { markers: string; rest: string }[]): List[] {
  const roots: List[] = [];
  const stack: List[] = [];
  for (const { markers, rest } of items) {
    // Keep the open lists whose kind still matches the markers; reopen the rest.
    let keep = 0;
    while (keep < Math.min(stack.length, markers.length) && stack[keep]!.ordered === (markers[keep] === '#')) keep += 1;
    stack.length = keep;
    while (stack.length < markers.length) {
      const created = list([], markers[stack.length] === '#');
      const parent = stack.at(-1);
      if (parent === undefined) roots.push(created);
      else {
        if (parent.children.length === 0) parent.children.push(listItem([]));
        parent.children.at(-1)!.children.push(created);
      }
      stack.push(created);
    }
    stack.at(-1)!.children.push(taskOrItem(parseInline(rest.trim())));
  }
  return roots;
}

function parseBlocks(source: string, depth: number): Flow[] {
  const out: Flow[] = [];
  let lines: PhrasingContent[][] = [];
  let items: { markers: string; rest: string }[] = [];
  let rows: CellSpec[][] = [];
  const flush = (): void => {
    // Jira renders each newline inside a paragraph as a line break.
    const joined = lines.flatMap((line, i): PhrasingContent[] => (i > 0 ? [{ type: 'break' }, ...line] : line));
    if (joined.length > 0) out.push(paragraph(joined));
    out.push(...buildLists(items));
    const built = table(rows);
    if (built) out.push(built);
    [lines, items, rows] = [[], [], []];
  };
  let pos = 0;
  while (pos < source.length) {
    const newline = source.indexOf('\n', pos);
    const lineEnd = newline < 0 ? source.length : newline;
    const raw = source.slice(pos, lineEnd);
    const line = raw.trimStart();
    const lineStart = pos + raw.length - line.length;
    const macro = line.startsWith('{') && depth < MAX_DEPTH ? readMacro(source, lineStart) : undefined;
    const marker = listMarker(line);
    const level = headingLevel(line);
    pos = lineEnd + 1;
    if (macro) {
      flush();
      out.push(renderMacro(macro, depth));
      // Text after a closing tag on the same line starts a new block.
      pos = macro.end;
    } else if (line.trim() === '') flush();
    else if (level > 0) {
      flush();
      const children = toPhrasing(parseInline(line.slice(3).trim()));
      out.push({ type: 'heading', depth: level as 1 | 2 | 3 | 4 | 5 | 6, children });
    } else if (line.startsWith('bq. ')) {
      flush();
      out.push({ type: 'blockquote', children: toBlocks([paragraph(parseInline(line.slice(4).trim()))]) });
    } else if (line.trimEnd().length >= 4 && [...line.trimEnd()].every((ch) => ch === '-')) {
      flush();
      out.push({ type: 'thematicBreak' });
    } else if (line.startsWith('|')) {
      if (lines.length > 0 || items.length > 0) flush();
      rows.push(tableCells(line.trimEnd()));
    } else if (marker) {
      if (lines.length > 0 || rows.length > 0) flush();
      items.push(marker);
    } else {
      if (items.length > 0 || rows.length > 0) flush();
      lines.push(parseInline(line.trimEnd()));
    }
  }
  flush();
  return out;
}

/** Converts Jira wiki markup (Server/DC descriptions and comments) to Markdown. */
export function wikiToMarkdown(text: string): string {
  if (typeof text !== 'string') return '';
  return renderMarkdown(root(parseBlocks(text.replace(/\r\n?/g, '\n'), 0)));
}
