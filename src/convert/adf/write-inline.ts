import { isAutolinkEmail, isBareEmailLink, plainText, readMediaUrl, readSpecialLink } from '../conventions.js';
import { linkLiterals, textAsMarkdown } from '../markdown-links.js';
import { adfText, mergeText } from './build.js';

import type { Image, Link, PhrasingContent } from 'mdast';
import type { Definitions } from '../markdown-links.js';
import type { AdfMark, AdfNode } from './build.js';

const MAX_DEPTH = 32;

// `:thumbsup:` style shortcodes outside code become emoji; `10:30:45` and `a::b` do not.
const shortcode = /(?<![\p{L}\p{N}:]):([a-z0-9_+-]{1,60}):(?![\p{L}\p{N}:])/giu;

function isShortName(name: string): boolean {
  return /[a-z]/i.test(name) || name === '+1' || name === '-1';
}

/** Plain text: newlines become hard breaks (what the Markdown author saw), shortcodes emoji. */
function textNodes(value: string, marks: AdfMark[]): AdfNode[] {
  const out: AdfNode[] = [];
  const lines = value.split(/\r\n|\r|\n/);
  lines.forEach((line, index) => {
    if (index > 0) out.push({ type: 'hardBreak' });
    let last = 0;
    for (const match of line.matchAll(shortcode)) {
      if (!isShortName(match[1]!)) continue;
      out.push(adfText(line.slice(last, match.index), marks));
      out.push({ type: 'emoji', attrs: { shortName: match[0] } });
      last = match.index + match[0].length;
    }
    out.push(adfText(line.slice(last), marks));
  });
  return out;
}

/** Alt text on one line: it becomes an attribute or a link label, where a newline has no place. */
function altText(alt: string | null | undefined): string {
  return (alt ?? '').replace(/\s+/g, ' ').trim();
}

/** An image as an ADF media node, when it points at something ADF can show. */
export function mediaNode(image: { url: string; alt?: string | null | undefined }): AdfNode | undefined {
  const alt = altText(image.alt) ? { alt: altText(image.alt) } : {};
  const file = readMediaUrl(image.url);
  if (file) return { type: 'media', attrs: { type: 'file', id: file.id, collection: file.collection, ...alt } };
  if (/^https?:\/\//i.test(image.url)) return { type: 'media', attrs: { type: 'external', url: image.url, ...alt } };
  return undefined;
}

function image(node: Image, marks: AdfMark[]): AdfNode[] {
  const file = readMediaUrl(node.url);
  if (file) {
    const alt = altText(node.alt) ? { alt: altText(node.alt) } : {};
    return [{ type: 'mediaInline', attrs: { type: 'file', id: file.id, collection: file.collection, ...alt } }];
  }
  // ADF has no inline external image: a web picture stays a link to it; an attachment name
  // (`![](shot.png)`, a Server/DC form) has no URL on Cloud, so only its name is left.
  const label = altText(node.alt) || node.url;
  if (!label) return [];
  const web = /^https?:\/\//i.test(node.url);
  return web ? [adfText(label, withMark(marks, { type: 'link', attrs: { href: node.url } }))] : inline(textAsMarkdown(label), marks, new Map());
}

function link(node: Link, marks: AdfMark[], definitions: Definitions, depth: number): AdfNode[] {
  const special = readSpecialLink(node);
  if (special?.kind === 'mention' && special.scheme === 'account') {
    return [{ type: 'mention', attrs: { id: special.id, text: `@${special.name}` } }];
  }
  if (special?.kind === 'mention') return [adfText(`@${special.name}`, marks)];
  if (special?.kind === 'status') return [{ type: 'status', attrs: { text: special.text, color: special.color } }];
  if (special?.kind === 'date') return [{ type: 'date', attrs: { timestamp: special.timestamp } }];
  if (special?.kind === 'attachment') return inline(linkLiterals(node.children), marks, definitions, depth + 1);
  const only = node.children.length === 1 ? node.children[0] : undefined;
  // A bare URL (`<https://…>` or a GFM autolink literal) is what Jira's editor turns into a smart
  // link; inside bold or struck text it stays a link, since a card cannot carry those marks.
  if (only?.type === 'text' && only.value === node.url && /^https?:\/\//i.test(node.url) && marks.length === 0) {
    return [{ type: 'inlineCard', attrs: { url: node.url } }];
  }
  if (!node.url) return inline(linkLiterals(node.children), marks, definitions, depth + 1);
  if (only?.type === 'text' && isBareEmailLink(node.url, only.value) && !isAutolinkEmail(only.value)) return textNodes(only.value, marks);
  const attrs: Record<string, unknown> = { href: node.url };
  if (node.title) attrs.title = node.title;
  const linked = withMark(marks, { type: 'link', attrs });
  const children = inline(node.children, linked, definitions, depth + 1);
  return children.length > 0 ? children : [adfText(node.url, linked)];
}

/** The marks with one more; a mark already present (bold inside bold) is not repeated. */
function withMark(marks: AdfMark[], mark: AdfMark): AdfMark[] {
  return marks.some((m) => m.type === mark.type) ? marks : [...marks, mark];
}

function convert(node: PhrasingContent, marks: AdfMark[], definitions: Definitions, depth: number): AdfNode[] {
  switch (node.type) {
    case 'text':
      return textNodes(node.value, marks);
    case 'strong':
      return inline(node.children, withMark(marks, { type: 'strong' }), definitions, depth + 1);
    case 'emphasis':
      return inline(node.children, withMark(marks, { type: 'em' }), definitions, depth + 1);
    case 'delete':
      return inline(node.children, withMark(marks, { type: 'strike' }), definitions, depth + 1);
    case 'inlineCode': {
      // The code mark combines with nothing but a link; a line ending in a code span is a space (CommonMark).
      const linkMarks = marks.filter((m) => m.type === 'link');
      const value = node.value.replace(/\r\n|\r|\n/g, ' ');
      return value ? [adfText(value, [...linkMarks, { type: 'code' }])] : [];
    }
    case 'break':
      return [{ type: 'hardBreak' }];
    case 'link':
      return link(node, marks, definitions, depth);
    case 'linkReference': {
      const target = definitions.get(node.identifier);
      if (!target) return inline(node.children, marks, definitions, depth + 1);
      return link({ type: 'link', url: target.url, title: target.title, children: node.children }, marks, definitions, depth);
    }
    case 'image':
      return image(node, marks);
    case 'imageReference': {
      const target = definitions.get(node.identifier);
      return target ? image({ type: 'image', url: target.url, alt: node.alt ?? null }, marks) : textNodes(node.alt ?? '', marks);
    }
    case 'html':
      // A `<br>` is how Markdown authors break a line inside a table cell.
      if (/^<br\s*\/?>$/i.test(node.value.trim())) return [{ type: 'hardBreak' }];
      return inline(textAsMarkdown(node.value), marks, definitions, depth + 1);
    case 'footnoteReference':
      return [adfText(`[^${node.label ?? node.identifier}]`, marks)];
    default: {
      // Phrasing added by extensions this parser does not load; keep its text.
      const unknown = node as { children?: PhrasingContent[]; value?: unknown };
      if (unknown.children) return inline(unknown.children, marks, definitions, depth + 1);
      return typeof unknown.value === 'string' ? textNodes(unknown.value, marks) : [];
    }
  }
}

/**
 * Markdown inline content to ADF inline nodes. Marks travel down as a list
 * because ADF puts them on each text node rather than around a span.
 */
export function inline(nodes: PhrasingContent[], marks: AdfMark[], definitions: Definitions, depth = 0): AdfNode[] {
  // Hostile input nests emphasis thousands deep; past this its text is kept unmarked.
  if (depth > MAX_DEPTH) return textNodes(plainText(nodes), marks);
  const out: AdfNode[] = [];
  for (const node of nodes) out.push(...convert(node, marks, definitions, depth));
  return mergeText(out);
}
