import { readCallout } from '../callout.js';
import { plainText, readSpecialLink } from '../conventions.js';
import { groupDetails } from '../details.js';
import { collectDefinitions, textAsMarkdown, unwrapLinks } from '../markdown-links.js';
import { parseMarkdown } from '../markdown-parse.js';
import { escapeWikiText } from './escape.js';
import { isLinkTarget, renderInline } from './write-inline.js';

import type { Blockquote, List, Nodes, PhrasingContent, Table } from 'mdast';
import type { CalloutKind } from '../callout.js';
import type { Block } from '../details.js';
import type { Definitions } from '../markdown-links.js';

// Deeper than any real document; beyond it content is kept as plain text.
const MAX_DEPTH = 32;

// Jira's wiki has four callout macros; success and error borrow the nearest one.
const calloutMacros: Record<CalloutKind, string> = {
  info: 'info', note: 'note', tip: 'tip', warning: 'warning', success: 'tip', error: 'warning',
};

interface Context {
  definitions: Definitions;
  /** Container macros already open: Jira closes a macro at the first closing tag, so they cannot nest. */
  open: Set<string>;
  depth: number;
}

/** A list renders as lines, interrupted by blocks a one-line item cannot hold. */
type ListPart = { line: string } | { block: string };

function inline(nodes: PhrasingContent[], ctx: Context, singleLine: boolean, before = '\n'): string {
  return renderInline(nodes, { definitions: ctx.definitions, singleLine }, before);
}

function codeMacro(value: string, lang: string | null | undefined): string {
  const language = (lang ?? '').replace(/[^\w+#.-]/g, '');
  // {code} without a language highlights as Java; {noformat} is plain.
  if (language && !value.includes('{code}')) return `{code:${language}}\n${value}\n{code}`;
  if (!value.includes('{noformat}')) return `{noformat}\n${value}\n{noformat}`;
  if (!value.includes('{code}')) return `{code}\n${value}\n{code}`;
  return `{noformat}\n${value.replaceAll('{noformat}', '{ noformat}')}\n{noformat}`;
}

function macroParam(value: string): string {
  return value.replace(/[|{}\n]/g, ' ').trim();
}

function wrap(name: string, param: string, children: Block[], ctx: Context): string[] {
  if (ctx.open.has(name)) return blocks(children, { ...ctx, depth: ctx.depth + 1 });
  const open = new Set(ctx.open).add(name);
  const body = blocks(children, { ...ctx, open, depth: ctx.depth + 1 }).join('\n\n');
  return [`{${name}${param}}\n${body}\n{${name}}`];
}

/** A bold first line that is all of a paragraph: the reader's form of a titled {panel}. */
function quoteTitle(quote: Blockquote): string | undefined {
  const first = quote.children[0];
  if (first?.type !== 'paragraph' || first.children.length !== 1 || first.children[0]!.type !== 'strong') return undefined;
  const title = macroParam(plainText(first.children));
  return title || undefined;
}

function blockquote(node: Blockquote, ctx: Context): string[] {
  const callout = readCallout(node);
  if (callout) {
    const title = macroParam(callout.title);
    return wrap(calloutMacros[callout.kind], title ? `:title=${title}` : '', callout.children, ctx);
  }
  const title = quoteTitle(node);
  if (title !== undefined) return wrap('panel', `:title=${title}`, node.children.slice(1), ctx);
  return wrap('quote', '', node.children, ctx);
}

function listParts(node: List, markers: string, ctx: Context): ListPart[] {
  const parts: ListPart[] = [];
  const marker = markers + (node.ordered ? '#' : '*');
  for (const item of node.children) {
    // Wiki has no checkboxes; the box stays visible as text, and wikiToMarkdown reads it back.
    const box = item.checked === true ? '\\[x\\] ' : item.checked === false ? '\\[ \\] ' : '';
    const paragraphs: string[] = [];
    let written = false;
    const writeLine = (): void => {
      if (!written) parts.push({ line: `${marker} ${box}${paragraphs.join('\\\\')}` });
      written = true;
    };
    for (const child of item.children) {
      if (child.type === 'paragraph' && !written) paragraphs.push(inline(child.children, ctx, true, ' '));
      else if (child.type === 'list') {
        const sub = listParts(child, marker, ctx);
        // An item holding only a sublist still needs its line, or the sublist would move up a level.
        if (sub[0] !== undefined && 'line' in sub[0]) writeLine();
        written = true;
        parts.push(...sub);
      } else {
        // The item's own line first, unless it has nothing to say.
        if (paragraphs.some((text) => text.trim() !== '')) writeLine();
        written = true;
        parts.push(...blocks([child], ctx).map((block) => ({ block })));
      }
    }
    // An item with no content at all is left out, checkbox or not: `* ` alone is easily lost, and `- - -` is a rule.
    if (paragraphs.some((text) => text.trim() !== '')) writeLine();
  }
  return parts;
}

function list(node: List, ctx: Context): string[] {
  const chunks: string[] = [];
  let lines: string[] = [];
  for (const part of listParts(node, '', ctx)) {
    if ('line' in part) {
      lines.push(part.line);
      continue;
    }
    if (lines.length > 0) chunks.push(lines.join('\n'));
    lines = [];
    chunks.push(part.block);
  }
  if (lines.length > 0) chunks.push(lines.join('\n'));
  return chunks;
}

function table(node: Table, ctx: Context): string[] {
  const width = node.children[0]?.children.length ?? 0;
  const rows = node.children.map((row, index) => {
    const separator = index === 0 ? '||' : '|';
    const cells = Array.from({ length: width }, (_, i) => inline(row.children[i]?.children ?? [], ctx, true, '|') || ' ');
    return `${separator}${cells.join(separator)}${separator}`;
  });
  return width > 0 ? [rows.join('\n')] : [];
}

function block(node: Block, ctx: Context): string[] {
  if (ctx.depth > MAX_DEPTH) {
    const flat = node.type === 'details' ? node.title : plainText([node as Nodes]);
    return flat ? [escapeWikiText(flat, '\n')] : [];
  }
  switch (node.type) {
    case 'paragraph': {
      const text = inline(node.children, ctx, false);
      return text.trim() ? [text] : [];
    }
    case 'heading':
      return [`h${node.depth}. ${inline(node.children, ctx, true, ' ')}`];
    case 'thematicBreak':
      return ['----'];
    case 'code':
      return [codeMacro(node.value, node.lang)];
    case 'blockquote':
      return blockquote(node, ctx);
    case 'list':
      return list(node, ctx);
    case 'table':
      return table(node, ctx);
    case 'html': {
      // Jira shows raw HTML as the text it is.
      const text = inline(textAsMarkdown(node.value), ctx, false);
      return text.trim() ? [text] : [];
    }
    case 'details': {
      // Jira's wiki has no collapsible section: the title leads the content in bold.
      const title = node.title ? [inline([{ type: 'strong', children: textAsMarkdown(node.title) }], ctx, false)] : [];
      return [...title, ...blocks(node.children, { ...ctx, depth: ctx.depth + 1 })];
    }
    case 'footnoteDefinition': {
      const label = escapeWikiText(`[^${node.label ?? node.identifier}]:`, '\n');
      return [label, ...blocks(node.children, { ...ctx, depth: ctx.depth + 1 })];
    }
    case 'definition':
      // Link targets, already applied to the links that use them.
      return [];
    default:
      return 'children' in node ? blocks(node.children as Block[], { ...ctx, depth: ctx.depth + 1 }) : [];
  }
}

function blocks(nodes: Block[], ctx: Context): string[] {
  const out: string[] = [];
  for (const node of groupDetails(nodes)) out.push(...block(node, ctx));
  return out;
}

/**
 * Converts Markdown to Jira wiki markup for Server/DC descriptions and
 * comments. Built from the Markdown syntax tree; plain text is escaped so it
 * never turns into markup. Atlassian-only constructs use the forms in
 * ../conventions.ts, which wikiToMarkdown also writes, so the two round-trip.
 */
export function markdownToWiki(markdown: string): string {
  const root = parseMarkdown(markdown);
  // Links Server/DC cannot follow (a bare name, a Cloud media id) and links inside links are their text.
  unwrapLinks(root, (link, insideLink) => insideLink || !link.url || !isLinkTarget(link.url) && readSpecialLink(link) === undefined);
  const ctx: Context = { definitions: collectDefinitions(root), open: new Set(), depth: 0 };
  return blocks(root.children, ctx).join('\n\n');
}
