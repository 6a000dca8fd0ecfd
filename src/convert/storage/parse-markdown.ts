import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

import type { Root } from 'mdast';

/**
 * CommonMark + GFM like `parseMarkdown` (../markdown-parse.ts), with one
 * difference: HTML blocks are off. Placeholders are HTML comments, and a
 * comment at the start of a line would otherwise open an HTML block that
 * swallows the rest of that line as raw HTML (`<!-- …anchor… -->Intro`).
 * With them off, a comment is always inline HTML inside a paragraph, and
 * raw HTML an agent writes is kept as visible text either way.
 */

const extensions = [gfm(), { disable: { null: ['htmlFlow'] } }];
const mdastExtensions = [gfmFromMarkdown()];

export function parseEditable(markdown: string): Root {
  return fromMarkdown(markdown, { extensions, mdastExtensions });
}
