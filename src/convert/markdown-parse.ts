import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

import type { Root } from 'mdast';

const extensions = [gfm()];
const mdastExtensions = [gfmFromMarkdown()];

/**
 * Parses CommonMark + GFM (tables, task lists, strikethrough, autolink
 * literals, footnotes) into mdast: the one entry point for every writer
 * (ADF, Jira wiki, Confluence storage), so they all read Markdown alike.
 */
export function parseMarkdown(markdown: string): Root {
  return fromMarkdown(typeof markdown === 'string' ? markdown : '', { extensions, mdastExtensions });
}
