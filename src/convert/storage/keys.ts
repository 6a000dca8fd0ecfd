import { renderMarkdown } from '../markdown.js';
import { schemes } from './links.js';
import { parseEditable } from './parse-markdown.js';
import { splitMarkerParagraphs, unitsOf } from './sequence.js';

import type { BlockContent, RootContent } from 'mdast';
import type { Originals, Unit } from './sequence.js';

/**
 * Comparing Markdown blocks. Blocks are compared as parsed trees, not as
 * text, so formatting that parses the same (`*a*` and `_a_`, wrapped lines
 * that do not change words) counts as unchanged; positions are ignored, and
 * a mention is compared by its user alone (its name may be resolved or not).
 */

const userSchemes = [schemes.accountId, schemes.userKey, schemes.username];

function replacer(key: string, value: unknown): unknown {
  if (key === 'position') return undefined;
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'link') {
    const url = (value as { url: string }).url;
    if (userSchemes.some((scheme) => url.startsWith(scheme))) return { type: 'link', url };
  }
  return value;
}

export function nodeKey(node: RootContent): string {
  return JSON.stringify(node, replacer);
}

export function unitKey(unit: Unit): string {
  switch (unit.type) {
    case 'block': return nodeKey(unit.node);
    case 'placeholder': return `placeholder ${unit.placeholder.id}`;
    case 'container': return `container ${unit.container.id} ${unit.nodes.map(nodeKey).join('\n')}`;
  }
}

/** Blocks as the agent will see them once written out and parsed back. */
export function reparse(blocks: BlockContent[]): RootContent[] {
  return parseEditable(renderMarkdown({ type: 'root', children: blocks })).children;
}

export function unitsOfMarkdown(nodes: RootContent[], originals: Originals): Unit[] {
  return unitsOf(splitMarkerParagraphs(nodes, originals), originals);
}

/** Numbers equal keys alike, so the diff compares integers. */
export class KeyTable {
  private readonly ids = new Map<string, number>();

  id(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }
}
