import { CDATA, Element, Text } from 'domhandler';
import { escapeText, escapeUTF8 } from 'entities';

import type { ChildNode } from 'domhandler';

/**
 * Builds storage XHTML as a domhandler tree and writes it out. Text and
 * attribute values always go through the `entities` escapers; the only
 * unescaped output is `RawStorage`, which holds bytes copied from the page
 * being edited (a restored placeholder, an untouched block).
 */

/** Storage copied verbatim from the original page. */
export class RawStorage extends Text {}

// Characters XML 1.0 does not allow at all; Confluence rejects a body containing them.
const invalidXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(value: string): string {
  return value.replace(invalidXml, '');
}

export function text(value: string): Text {
  return new Text(cleanText(value));
}

export function raw(storage: string): RawStorage {
  return new RawStorage(storage);
}

export function cdata(value: string): CDATA {
  return new CDATA([new Text(cleanText(value))]);
}

export function element(name: string, attribs: Record<string, string> = {}, children: ChildNode[] = []): Element {
  const clean = Object.fromEntries(Object.entries(attribs).map(([key, value]) => [key, cleanText(value)]));
  const node = new Element(name, clean, children);
  for (const child of children) child.parent = node;
  return node;
}

// Written as `<br />`, like Confluence does, when they have no content.
const selfClosing = new Set(['br', 'hr', 'col', 'img', 'time', 'ac:emoticon', 'ac:parameter']);

function write(node: ChildNode, out: string[]): void {
  if (node instanceof RawStorage) out.push(node.data);
  else if (node instanceof Text) out.push(escapeText(node.data));
  else if (node instanceof CDATA) {
    const value = node.children.map((child) => (child instanceof Text ? child.data : '')).join('');
    // `]]>` cannot appear inside CDATA: end the section after `]]` and start a new one for `>`.
    out.push(`<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`);
  } else if (node instanceof Element) {
    const attributes = Object.entries(node.attribs).map(([key, value]) => ` ${key}="${escapeUTF8(value)}"`).join('');
    if (node.children.length === 0 && (selfClosing.has(node.name) || node.name.startsWith('ri:'))) {
      out.push(`<${node.name}${attributes} />`);
      return;
    }
    out.push(`<${node.name}${attributes}>`);
    for (const child of node.children) write(child, out);
    out.push(`</${node.name}>`);
  }
}

export function serialize(nodes: ChildNode[]): string {
  const out: string[] = [];
  for (const node of nodes) write(node, out);
  return out.join('');
}
