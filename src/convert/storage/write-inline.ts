import { MAX_DEPTH } from './dom.js';
import { parsePageUrl, plainText, reuseKey, schemes } from './links.js';
import { readMarker } from './markers.js';
import { cdata, element, raw, text } from './serialize.js';

import type { ChildNode } from 'domhandler';
import type { Image, Link, PhrasingContent } from 'mdast';
import type { Originals } from './sequence.js';

/** Inline Markdown (mdast phrasing content) to storage nodes. */

export interface InlineOriginals extends Originals {
  /** The original storage of a link or image with this reuse key, if the page had one. */
  reuse(key: string): string | undefined;
  /** The texts the page's emoticons read as (`✅`, `:smile:`), to turn back into the emoticons. */
  emoticons(): ReadonlySet<string>;
  /** Notes that a placeholder was put back. */
  restored(id: number): void;
}

const statusColours: Record<string, string> = {
  neutral: 'Grey', grey: 'Grey', gray: 'Grey', red: 'Red', yellow: 'Yellow', green: 'Green', blue: 'Blue', purple: 'Purple',
};
// Links that would run script when clicked.
const unsafeSchemes = ['javascript:', 'vbscript:', 'data:'];

function macro(name: string, params: Record<string, string>): ChildNode {
  const children = Object.entries(params).map(([key, value]) => element('ac:parameter', { 'ac:name': key }, [text(value)]));
  return element('ac:structured-macro', { 'ac:name': name, 'ac:schema-version': '1' }, children);
}

function confluenceLink(attribs: Record<string, string>, resource: ChildNode | undefined, label: PhrasingContent[],
  target: string, originals: InlineOriginals): ChildNode {
  const children: ChildNode[] = resource ? [resource] : [];
  const labelText = plainText(label);
  if (labelText !== target || !resource) {
    const simple = label.every((node) => node.type === 'text');
    children.push(simple
      ? element('ac:plain-text-link-body', {}, [cdata(labelText)])
      : element('ac:link-body', {}, writeInline(label, originals)));
  }
  return element('ac:link', attribs, children);
}

function writeLink(node: Link, originals: InlineOriginals): ChildNode[] {
  const url = node.url;
  const label = node.children;
  const scheme = (name: string): string | undefined => (url.startsWith(name) ? url.slice(name.length) : undefined);
  const user = (attribute: string, value: string): ChildNode[] =>
    [element('ac:link', {}, [element('ri:user', { [attribute]: value })])];
  let value: string | undefined;
  if ((value = scheme(schemes.accountId)) !== undefined) return user('ri:account-id', value);
  if ((value = scheme(schemes.userKey)) !== undefined) return user('ri:userkey', value);
  if ((value = scheme(schemes.username)) !== undefined) return user('ri:username', value);
  if ((value = scheme(schemes.page) ?? scheme(schemes.blogPost)) !== undefined) {
    const target = parsePageUrl(value);
    const resource = element(url.startsWith(schemes.page) ? 'ri:page' : 'ri:blog-post', {
      ...(target.space ? { 'ri:space-key': target.space } : {}), 'ri:content-title': target.title,
    });
    return [confluenceLink(target.anchor ? { 'ac:anchor': target.anchor } : {}, resource, label, target.title, originals)];
  }
  if ((value = scheme(schemes.attachment)) !== undefined) {
    return [confluenceLink({}, element('ri:attachment', { 'ri:filename': value }), label, value, originals)];
  }
  if ((value = scheme(schemes.space)) !== undefined) {
    return [confluenceLink({}, element('ri:space', { 'ri:space-key': value }), label, value, originals)];
  }
  if ((value = scheme(schemes.status)) !== undefined) {
    return [macro('status', { colour: statusColours[value.toLowerCase()] ?? 'Grey', title: plainText(label) })];
  }
  if ((value = scheme(schemes.jira)) !== undefined) return [macro('jira', { key: value })];
  if ((value = scheme(schemes.date)) !== undefined) return [element('time', { datetime: value })];
  if (url.startsWith('#') && url.length > 1) return [confluenceLink({ 'ac:anchor': url.slice(1) }, undefined, label, '', originals)];
  const lower = url.trim().toLowerCase();
  if (!url || unsafeSchemes.some((unsafe) => lower.startsWith(unsafe))) return writeInline(label, originals);
  return [element('a', { href: url }, writeInline(label, originals))];
}

function writeImage(node: Image): ChildNode {
  const alt: Record<string, string> = node.alt ? { 'ac:alt': node.alt } : {};
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(node.url) || node.url.startsWith('//');
  // Anything that is not a web address names an attachment of the page (`attachment:x.png` or `x.png`).
  const resource = isUrl
    ? element('ri:url', { 'ri:value': node.url })
    : element('ri:attachment', { 'ri:filename': node.url.startsWith(schemes.attachment) ? node.url.slice(schemes.attachment.length) : node.url });
  return element('ac:image', alt, [resource]);
}

function writeHtml(value: string, originals: InlineOriginals): ChildNode[] {
  const marker = readMarker(value);
  if (marker) {
    const placeholder = marker.role === 'leaf' ? originals.placeholder(marker.id) : undefined;
    if (!placeholder) return [];
    originals.restored(placeholder.id);
    return [raw(placeholder.storage)];
  }
  // Agents write <br> for a line break inside a table cell; other raw HTML stays visible as text.
  const tag = value.trim().toLowerCase();
  if (tag === '<br>' || tag === '<br/>' || tag === '<br />') return [element('br')];
  return [text(value)];
}

/** Text, with the page's own emoticons put back where their emoji or `:name:` still stands. */
function writeText(value: string, originals: InlineOriginals): ChildNode[] {
  const emoticons = originals.emoticons();
  if (emoticons.size === 0) return [text(value)];
  const out: ChildNode[] = [];
  let start = 0;
  for (;;) {
    // The earliest of the page's emoticons in the rest of the text.
    let at = -1;
    let found = '';
    for (const shown of emoticons) {
      const index = value.indexOf(shown, start);
      if (index >= 0 && (at < 0 || index < at)) {
        at = index;
        found = shown;
      }
    }
    const original = at < 0 ? undefined : originals.reuse(`emoticon\n${found}`);
    if (original === undefined) break;
    if (at > start) out.push(text(value.slice(start, at)));
    out.push(raw(original));
    start = at + found.length;
  }
  if (start < value.length) out.push(text(value.slice(start)));
  return out;
}

export function writeInline(nodes: PhrasingContent[], originals: InlineOriginals, depth = 0): ChildNode[] {
  // Marks nested deeper than any real text: their words only.
  if (depth > MAX_DEPTH) return [text(plainText(nodes))];
  const inner = (children: PhrasingContent[]): ChildNode[] => writeInline(children, originals, depth + 1);
  const out: ChildNode[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'text': out.push(...writeText(node.value, originals)); break;
      case 'emphasis': out.push(element('em', {}, inner(node.children))); break;
      case 'strong': out.push(element('strong', {}, inner(node.children))); break;
      case 'delete': out.push(element('s', {}, inner(node.children))); break;
      case 'inlineCode': out.push(element('code', {}, [text(node.value)])); break;
      case 'break': out.push(element('br')); break;
      case 'html': out.push(...writeHtml(node.value, originals)); break;
      case 'link': case 'image': {
        const original = originals.reuse(reuseKey(node));
        if (original !== undefined) out.push(raw(original));
        else if (node.type === 'link') out.push(...writeLink(node, originals));
        else out.push(writeImage(node));
        break;
      }
      case 'footnoteReference': out.push(text(`[^${node.label ?? node.identifier}]`)); break;
      case 'linkReference': out.push(...inner(node.children)); break;
      case 'imageReference': out.push(text(node.alt ?? '')); break;
      default: break;
    }
  }
  return out;
}
