import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

import type { Nodes, Root } from 'mdast';

const mdastExtensions = [gfmFromMarkdown()];
const extensions = [gfm()];
// micromark pairs emphasis delimiters in quadratic time on long runs of them
// (20,000 `*` take about a minute); text with such runs is parsed without emphasis.
const plainEmphasis = [{ ...gfm(), disable: { null: ['attention', 'strikethrough'] } }];
const longestSafeRun = 100;

function hasLongDelimiterRun(markdown: string): boolean {
  let run = 0;
  for (let i = 0; i < markdown.length; i += 1) {
    const ch = markdown.charCodeAt(i);
    // `*`, `_`, `~`
    run = (ch === 42 || ch === 95 || ch === 126) && ch === markdown.charCodeAt(i - 1) ? run + 1 : 0;
    if (run >= longestSafeRun) return true;
  }
  return false;
}

/**
 * Parses CommonMark + GFM (tables, task lists, strikethrough, autolink
 * literals, footnotes) into mdast: the one entry point for every writer
 * (ADF, Jira wiki, Confluence storage), so they all read Markdown alike.
 * Never throws: input nested past what the parser's stack allows (thousands
 * of `>`) comes back as one paragraph of its text.
 */
export function parseMarkdown(markdown: string): Root {
  const source = typeof markdown === 'string' ? markdown : '';
  try {
    return fromMarkdown(source, { extensions: hasLongDelimiterRun(source) ? plainEmphasis : extensions, mdastExtensions });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: source }] }] };
  }
}

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
