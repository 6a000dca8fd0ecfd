import { toMarkdown } from 'mdast-util-to-markdown';
import { gfmToMarkdown } from 'mdast-util-gfm';

import type {
  BlockContent,
  Blockquote,
  Code,
  List,
  ListItem,
  Nodes,
  Paragraph,
  PhrasingContent,
  Root,
  RootContent,
  Text,
} from 'mdast';
import type { Options } from 'mdast-util-to-markdown';

/**
 * What the converters produce while walking a source tree: block and inline
 * nodes mixed, because Atlassian formats (HTML especially) put text and
 * blocks side by side. `toBlocks` and `toPhrasing` make them well-formed.
 */
export type Flow = BlockContent | PhrasingContent;

const options: Options = {
  bullet: '-',
  emphasis: '_',
  strong: '*',
  fences: true,
  rule: '-',
  listItemIndent: 'one',
  // Padded, aligned tables cost tokens and say nothing more to a reader.
  extensions: [gfmToMarkdown({ tablePipeAlign: false })],
};

const wordChar = /[\p{L}\p{N}]/u;

function edgeChar(nodes: PhrasingContent[], side: 'start' | 'end'): string {
  const node = side === 'start' ? nodes[0] : nodes.at(-1);
  if (node?.type !== 'text') return node ? '`' : '';
  return (side === 'start' ? node.value[0] : node.value.at(-1)) ?? '';
}

/**
 * A mark glued to a word can be invalid Markdown: `_` never opens inside a
 * word, and `**`/`~~` not before punctuation (`a**(b)**`). The serializer
 * then encodes the neighbouring letters (`&#x61;`); keeping such rare marks
 * as plain text reads better.
 */
function dropUnflankedMarks(node: Nodes): void {
  if (!('children' in node)) return;
  const children = node.children as RootContent[];
  for (let i = 0; i < children.length; i += 1) {
    const child = children[i]!;
    dropUnflankedMarks(child);
    if (child.type !== 'emphasis' && child.type !== 'strong' && child.type !== 'delete') continue;
    const before = children[i - 1];
    const after = children[i + 1];
    const glued = (side: 'start' | 'end', neighbour: string): boolean =>
      wordChar.test(neighbour) && (child.type === 'emphasis' || !wordChar.test(edgeChar(child.children, side)));
    const unflanked = (before?.type === 'text' && glued('start', before.value.at(-1) ?? ''))
      || (after?.type === 'text' && glued('end', after.value[0] ?? ''));
    if (unflanked) {
      children.splice(i, 1, ...child.children);
      // Re-check what was unwrapped: a mark inside may now sit against the same word.
      i -= 1;
    }
  }
}

/**
 * Serialises an mdast tree with the project's Markdown conventions (mutates the tree slightly).
 * `overrides` changes single options, such as the list bullet when a list follows one rendered apart.
 */
export function renderMarkdown(root: Root, overrides: Partial<Options> = {}): string {
  dropUnflankedMarks(root);
  return toMarkdown(root, { ...options, ...overrides }).trim();
}

const phrasingTypes = new Set<string>([
  'break', 'delete', 'emphasis', 'html', 'image', 'inlineCode', 'link', 'strong', 'text',
]);

export function isPhrasing(node: Flow): node is PhrasingContent {
  return phrasingTypes.has(node.type);
}

export function text(value: string): Text {
  return { type: 'text', value };
}

export function paragraph(children: PhrasingContent[]): Paragraph {
  return { type: 'paragraph', children };
}

function isBlank(node: PhrasingContent): boolean {
  return node.type === 'text' && node.value.trim() === '';
}

/** Groups runs of inline nodes into paragraphs; drops empty paragraphs, headings, quotes, lists. */
export function toBlocks(nodes: Flow[]): BlockContent[] {
  const blocks: BlockContent[] = [];
  let run: PhrasingContent[] = [];
  const flush = (): void => {
    const trimmed = trimPhrasing(run);
    if (trimmed.length > 0) blocks.push(paragraph(trimmed));
    run = [];
  };
  for (const node of nodes) {
    if (isPhrasing(node)) run.push(node);
    else if (node.type === 'paragraph' || node.type === 'heading') {
      flush();
      const children = trimPhrasing(node.children);
      if (children.length > 0) blocks.push({ ...node, children });
    } else {
      flush();
      const empty = (node.type === 'blockquote' || node.type === 'list') && node.children.length === 0;
      if (!empty) blocks.push(node);
    }
  }
  flush();
  return blocks;
}

/** Drops blank text and breaks at both ends, and trims the edge text nodes. */
export function trimPhrasing(nodes: PhrasingContent[]): PhrasingContent[] {
  const out = [...nodes];
  while (out.length > 0 && (isBlank(out[0]!) || out[0]!.type === 'break')) out.shift();
  while (out.length > 0 && (isBlank(out.at(-1)!) || out.at(-1)!.type === 'break')) out.pop();
  const first = out[0];
  if (first?.type === 'text') out[0] = text(first.value.trimStart());
  const last = out.at(-1);
  if (last?.type === 'text') out[out.length - 1] = text(last.value.trimEnd());
  return out;
}

/**
 * Flattens blocks into one line of inline content, for places Markdown only
 * allows inline content (table cells, headings). Blocks are joined by a space
 * because a line break would end a GFM table row.
 */
export function toPhrasing(nodes: Flow[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  const add = (parts: PhrasingContent[]): void => {
    if (parts.length === 0) return;
    if (out.length > 0) out.push(text(' '));
    out.push(...parts);
  };
  for (const node of nodes) {
    if (node.type === 'break') out.push(text(' '));
    else if (isPhrasing(node)) out.push(node);
    else if (node.type === 'code') add([{ type: 'inlineCode', value: node.value.replace(/\s+/g, ' ') }]);
    else if (node.type === 'paragraph' || node.type === 'heading') add(toPhrasing(node.children));
    else if (node.type === 'blockquote') add(toPhrasing(node.children as Flow[]));
    else if (node.type === 'list') {
      for (const item of node.children) add(toPhrasing(item.children as Flow[]));
    } else if (node.type === 'table') {
      for (const row of node.children) {
        for (const cell of row.children) add(cell.children);
      }
    }
  }
  return out;
}

/** Inline content as is; blocks (a macro inside <strong>, say) flattened. */
export function asPhrasing(nodes: Flow[]): PhrasingContent[] {
  return nodes.every(isPhrasing) ? nodes : toPhrasing(nodes);
}

/**
 * Wraps inline content in strong/emphasis/delete. Whitespace at the edges is
 * moved outside, since `**bold **` is not emphasis in CommonMark and the
 * serializer would otherwise encode the space as `&#x20;`.
 */
export function wrapMark(type: 'strong' | 'emphasis' | 'delete', children: PhrasingContent[]): PhrasingContent[] {
  if (children.every(isBlank)) return children;
  const inner = [...children];
  let lead = '';
  let trail = '';
  const first = inner[0];
  if (first?.type === 'text') {
    lead = first.value.slice(0, first.value.length - first.value.trimStart().length);
    inner[0] = text(first.value.trimStart());
  }
  const last = inner.at(-1);
  if (last?.type === 'text') {
    const kept = last.value.trimEnd();
    trail = last.value.slice(kept.length);
    inner[inner.length - 1] = text(kept);
  }
  const wrapped: PhrasingContent[] = [{ type, children: inner }];
  if (lead) wrapped.unshift(text(lead));
  if (trail) wrapped.push(text(trail));
  return wrapped;
}

/** A fenced code block, without the blank edge lines macros usually wrap it in. */
export function codeBlock(value: string, lang?: string): Code {
  let start = 0;
  while (value[start] === '\n') start += 1;
  return { type: 'code', lang: lang || null, value: value.slice(start).trimEnd() };
}

export function listItem(children: Flow[], checked: boolean | null = null): ListItem {
  return { type: 'listItem', spread: false, checked, children: toBlocks(children) };
}

export function list(items: ListItem[], ordered = false, start?: number): List {
  const node: List = { type: 'list', ordered, spread: false, children: items };
  if (ordered && start !== undefined && start !== 1) node.start = start;
  return node;
}

/** A callout (panel, admonition) as a blockquote led by a bold label line. */
export function labelledQuote(label: string, body: Flow[]): Blockquote {
  const title = label ? [paragraph([{ type: 'strong', children: [text(label)] }])] : [];
  return { type: 'blockquote', children: [...title, ...toBlocks(body)] };
}

export function root(nodes: Flow[]): Root {
  return { type: 'root', children: toBlocks(nodes) };
}
