import { gfmFromMarkdown } from 'mdast-util-gfm';

import type { Link, Nodes, Paragraph, Parent, PhrasingContent, Root } from 'mdast';

/** Helpers the writers share over a parsed Markdown tree: reference definitions and link rewriting. */

// GFM links URLs and e-mail addresses found in text after parsing; these are those transforms.
const literalLinkTransforms = gfmFromMarkdown().flatMap((extension) => extension.transforms ?? []);

/** Link and image definitions (`[id]: url "title"`) by identifier, for reference-style links. */
export type Definitions = Map<string, { url: string; title: string | null }>;

export function collectDefinitions(root: Root): Definitions {
  const definitions: Definitions = new Map();
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    // The first definition of an identifier wins, as in CommonMark.
    if (node.type === 'definition' && !definitions.has(node.identifier)) {
      definitions.set(node.identifier, { url: node.url, title: node.title ?? null });
    }
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i]!);
  }
  return definitions;
}

/**
 * Plain text (raw HTML the writers do not translate, a <summary> title) as
 * the Markdown it becomes once a reader has escaped it: still text, except
 * that GFM links bare URLs and e-mail addresses whatever the escaping.
 * Treating it so on the first write keeps write -> read -> write stable.
 */
export function textAsMarkdown(value: string): PhrasingContent[] {
  return linkLiterals([{ type: 'text', value }]);
}

/**
 * Inline content taken out of a link (whose text GFM leaves alone) to stand
 * as text: the bare URLs in it become links, as they will when read back.
 */
export function linkLiterals(nodes: PhrasingContent[]): PhrasingContent[] {
  const paragraph: Paragraph = { type: 'paragraph', children: structuredClone(nodes) };
  const root: Root = { type: 'root', children: [paragraph] };
  for (const transform of literalLinkTransforms) transform(root);
  return paragraph.children;
}

/** Joins neighbouring text nodes, so a URL split across them is seen whole. */
function mergeTexts(root: Root): void {
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!('children' in node)) continue;
    const merged: Nodes[] = [];
    for (const child of node.children as Nodes[]) {
      const last = merged.at(-1);
      if (last?.type === 'text' && child.type === 'text') merged[merged.length - 1] = { type: 'text', value: last.value + child.value };
      else merged.push(child);
    }
    (node as Parent).children = merged as Parent['children'];
    stack.push(...merged);
  }
}

/**
 * Replaces the links a writer cannot keep (`unwrap` says which) by their
 * text, then links the bare URLs and addresses that text now exposes, as GFM
 * will when the result is read back: `[~bob](x)@example.com` is an e-mail
 * address once the link is gone.
 */
export function unwrapLinks(root: Root, unwrap: (link: Link, insideLink: boolean) => boolean): void {
  let changed = false;
  const stack: { parent: Parent; insideLink: boolean }[] = [{ parent: root, insideLink: false }];
  while (stack.length > 0) {
    const { parent, insideLink } = stack.pop()!;
    const kept: Nodes[] = [];
    const pending = [...(parent.children as Nodes[])].reverse();
    while (pending.length > 0) {
      const child = pending.pop()!;
      if (child.type === 'link' && unwrap(child, insideLink)) {
        for (let i = child.children.length - 1; i >= 0; i -= 1) pending.push(child.children[i]!);
        changed = true;
        continue;
      }
      kept.push(child);
      if ('children' in child) stack.push({ parent: child, insideLink: insideLink || child.type === 'link' });
    }
    parent.children = kept as Parent['children'];
  }
  if (!changed) return;
  mergeTexts(root);
  for (const transform of literalLinkTransforms) transform(root);
}
