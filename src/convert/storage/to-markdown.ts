import { isCDATA, isTag, isText } from 'domhandler';
import { parseDocument } from 'htmlparser2';

import {
  asPhrasing, codeBlock, isPhrasing, list, listItem, paragraph, renderMarkdown, root, text, toBlocks, toPhrasing,
  trimPhrasing, wrapMark,
} from '../markdown.js';
import { table } from '../table.js';
import { MAX_DEPTH, attr, childElements, textOf } from './dom.js';
import { confluenceImage, confluenceLink, structuredMacro, taskList } from './macros.js';

import type { AnyNode, Element } from 'domhandler';
import type { ListItem } from 'mdast';
import type { Flow } from '../markdown.js';
import type { CellSpec } from '../table.js';

/**
 * Confluence storage format (XHTML plus ac:/ri: elements) to Markdown.
 *
 * Parsed in HTML mode because only that decodes named entities such as
 * `&nbsp;`; `recognizeCDATA` keeps `<![CDATA[…]]>` bodies of code macros as
 * text, and `recognizeSelfClosing` lets `<ri:page … />` close itself.
 */

const headings: Record<string, 1 | 2 | 3 | 4 | 5 | 6> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };
const marks: Record<string, 'strong' | 'emphasis' | 'delete'> = {
  strong: 'strong', b: 'strong', em: 'emphasis', i: 'emphasis', s: 'delete', del: 'delete', strike: 'delete',
};
// Where a macro or image is a block of its own rather than part of a line.
const blockParents = new Set(['ac:rich-text-body', 'ac:layout-cell', 'div', 'section', 'blockquote', 'body']);
// Invisible or editor-only content.
const dropped = new Set(['script', 'style', 'ac:placeholder', 'ac:parameter', 'ac:task-id']);

function listItems(element: Element, depth: number): ListItem[] {
  const items: ListItem[] = [];
  for (const child of childElements(element)) {
    const previous = items.at(-1);
    // A list written directly inside a list belongs to the item before it.
    if ((child.name === 'ul' || child.name === 'ol') && previous) {
      previous.children.push(...toBlocks(convert(child, depth + 1)));
    } else items.push(listItem(child.name === 'li' ? walk(child.children, depth + 1) : convert(child, depth + 1)));
  }
  return items;
}

function tableRows(element: Element, depth: number): CellSpec[][] {
  const rows: CellSpec[][] = [];
  for (const child of childElements(element)) {
    if (child.name === 'tr') {
      rows.push(childElements(child).filter((cell) => cell.name === 'td' || cell.name === 'th').map((cell) => ({
        children: toPhrasing(walk(cell.children, depth + 1)),
        colspan: Number(attr(cell, 'colspan')),
        rowspan: Number(attr(cell, 'rowspan')),
      })));
    } else if (depth < MAX_DEPTH) rows.push(...tableRows(child, depth + 1));
  }
  return rows;
}

function convert(element: Element, depth: number): Flow[] {
  const name = element.name;
  const inner = (): Flow[] => walk(element.children, depth + 1);
  const heading = headings[name];
  if (heading) return [{ type: 'heading', depth: heading, children: toPhrasing(inner()) }];
  const mark = marks[name];
  if (mark) return wrapMark(mark, asPhrasing(inner()));
  switch (name) {
    case 'p': {
      const content = inner();
      // A macro inside <p> can be a block; keep the blocks rather than flatten them.
      return content.every(isPhrasing) ? [paragraph(content)] : toBlocks(content);
    }
    case 'br':
      return [{ type: 'break' }];
    case 'code': case 'tt': case 'kbd':
      return [{ type: 'inlineCode', value: textOf(element).replace(/\s+/g, ' ') }];
    case 'a': {
      const href = attr(element, 'href');
      const label = trimPhrasing(asPhrasing(inner()));
      return href ? [{ type: 'link', url: href, children: label.length > 0 ? label : [text(href)] }] : label;
    }
    case 'ul': case 'ol': {
      const start = Number(attr(element, 'start') ?? 1);
      return [list(listItems(element, depth), name === 'ol', Number.isInteger(start) ? start : 1)];
    }
    case 'table': {
      const built = table(tableRows(element, depth));
      return built ? [built] : [];
    }
    case 'pre':
      return [codeBlock(textOf(element))];
    case 'blockquote':
      return [{ type: 'blockquote', children: toBlocks(inner()) }];
    case 'hr':
      return [{ type: 'thematicBreak' }];
    case 'time':
      return [text(attr(element, 'datetime') ?? textOf(element))];
    case 'ac:structured-macro': case 'ac:macro': case 'ac:image': {
      const converted = name === 'ac:image' ? confluenceImage(element) : structuredMacro(element, walk, depth);
      const parent = element.parent;
      const standalone = parent === null || !isTag(parent) || blockParents.has(parent.name);
      // Two macros side by side at page level must not run together into one line.
      return standalone && converted.every(isPhrasing) ? [paragraph(converted)] : converted;
    }
    case 'ac:link':
      return confluenceLink(element, walk, depth);
    case 'ac:emoticon': {
      // The fallback is the emoji itself or a `:shortname:`; older pages only carry a name.
      const emoticonName = attr(element, 'ac:name');
      return [text(attr(element, 'ac:emoji-fallback') ?? (emoticonName ? `:${emoticonName}:` : ''))];
    }
    case 'ac:task-list':
      return taskList(element, walk, depth);
    default:
      // div, span, tbody, ac:layout*, inline-comment markers…: their content, in reading order.
      return dropped.has(name) ? [] : inner();
  }
}

const walk = (nodes: AnyNode[], depth: number): Flow[] => {
  if (depth > MAX_DEPTH) return [text('[truncated: nested too deeply]')];
  const out: Flow[] = [];
  for (const node of nodes) {
    // HTML whitespace rules: any run of spaces, tabs, newlines or &nbsp; reads as one space.
    if (isText(node)) out.push(text(node.data.replace(/\s+/g, ' ')));
    else if (isCDATA(node)) out.push(text(textOf(node)));
    else if (isTag(node)) out.push(...convert(node, depth));
  }
  return out;
};

/** Converts a Confluence storage-format body to Markdown; never throws on malformed markup. */
export function storageToMarkdown(storage: string): string {
  if (typeof storage !== 'string') return '';
  const document = parseDocument(storage, {
    xmlMode: false,
    recognizeCDATA: true,
    recognizeSelfClosing: true,
    decodeEntities: true,
  });
  return renderMarkdown(root(walk(document.children, 0)));
}
