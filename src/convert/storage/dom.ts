import { hasChildren, isTag, isText } from 'domhandler';

import type { AnyNode, Element } from 'domhandler';

/** Small read helpers over the domhandler tree htmlparser2 produces. */

// Deeper than any real page; stops runaway recursion on hostile input.
export const MAX_DEPTH = 64;

export function attr(element: Element, name: string): string | undefined {
  const value = element.attribs[name]?.trim();
  return value ? value : undefined;
}

export function childElements(node: AnyNode): Element[] {
  return hasChildren(node) ? node.children.filter(isTag) : [];
}

export function findChild(node: AnyNode, name: string): Element | undefined {
  return childElements(node).find((child) => child.name === name);
}

/** All text below a node, CDATA included, exactly as written. */
export function textOf(node: AnyNode, depth = 0): string {
  if (isText(node)) return node.data;
  if (!hasChildren(node) || depth > MAX_DEPTH) return '';
  return node.children.map((child) => textOf(child, depth + 1)).join('');
}

/** Macro parameters by name; `<ac:parameter ac:name="">` is the default one. */
export function macroParams(macro: Element): Map<string, string> {
  const params = new Map<string, string>();
  for (const child of childElements(macro)) {
    if (child.name === 'ac:parameter') params.set(attr(child, 'ac:name') ?? '', textOf(child).trim());
  }
  return params;
}
