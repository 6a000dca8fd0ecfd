import { isCDATA, isTag, isText } from 'domhandler';

import {
  asPhrasing, codeBlock, isPhrasing, list, listItem, paragraph, text, toBlocks, toPhrasing, trimPhrasing, wrapMark,
} from '../markdown.js';
import { table } from '../table.js';
import { layoutContainer, quoteContainer } from './containers.js';
import { MAX_DEPTH, attr, childElements, findChild, textOf } from './dom.js';
import { readLevel } from './levels.js';
import { confluenceImage, confluenceLink, dateLink } from './links.js';
import { structuredMacro, taskList } from './macros.js';
import { markerNode, markerRoleOf } from './markers.js';
import { innerRange, sourceOf } from './source.js';

import type { AnyNode, ChildNode, Element, ParentNode } from 'domhandler';
import type { ListItem, PhrasingContent } from 'mdast';
import type { Flow } from '../markdown.js';
import type { CellSpec } from '../table.js';
import type { Level, ReadContext } from './context.js';

/**
 * Storage format (XHTML plus ac:/ri: elements) to mdast. Everything with a
 * Markdown form gets it; the rest becomes a placeholder or a container (see
 * markers.ts), recorded in the ReadContext so an update can restore it.
 */

const headings: Record<string, 1 | 2 | 3 | 4 | 5 | 6> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };
const marks: Record<string, 'strong' | 'emphasis' | 'delete'> = {
  strong: 'strong', b: 'strong', em: 'emphasis', i: 'emphasis', s: 'delete', del: 'delete', strike: 'delete',
};
// Where a macro or image is a block of its own rather than part of a line.
const blockParents = new Set(['ac:rich-text-body', 'ac:layout-cell', 'div', 'section', 'blockquote', 'body']);
// Invisible or editor-only content.
const dropped = new Set(['script', 'style', 'ac:placeholder', 'ac:parameter', 'ac:task-id', 'ac:task-status']);
// Confluence elements that only wrap readable content.
const transparent = new Set([
  'ac:inline-comment-marker', 'ac:layout-section', 'ac:layout-cell', 'ac:rich-text-body', 'ac:plain-text-body',
  'ac:link-body', 'ac:plain-text-link-body', 'ac:task', 'ac:task-body',
]);

export class StorageReader {
  constructor(readonly ctx: ReadContext) {}

  readonly walk = (nodes: ChildNode[] | AnyNode[], depth: number): Flow[] => {
    if (depth > MAX_DEPTH) return [text('[truncated: nested too deeply]')];
    const out: Flow[] = [];
    for (const node of nodes) {
      // HTML whitespace rules: any run of spaces, tabs, newlines or &nbsp; reads as one space.
      if (isText(node)) out.push(text(node.data.replace(/\s+/g, ' ')));
      else if (isCDATA(node)) out.push(text(textOf(node)));
      else if (isTag(node)) out.push(...this.convert(node, depth));
    }
    return out;
  };

  level(parent: ParentNode, start: number, end: number, depth: number): Level {
    return readLevel(this, parent.children, start, end, depth);
  }

  /** The blocks of an element's content as a level, when its tags can be kept apart from it. */
  slot(element: Element, depth: number): Level | undefined {
    const inner = innerRange(element);
    return inner ? this.level(element, inner.start, inner.end, depth + 1) : undefined;
  }

  isStandalone(element: Element): boolean {
    const parent = element.parent;
    return parent === null || !isTag(parent) || blockParents.has(parent.name);
  }

  /** A construct kept verbatim behind a marker; undefined when its source cannot stand alone. */
  placeholder(element: Element, kind: string, note: string, noteLimit?: number): Flow[] | undefined {
    const storage = sourceOf(element, this.ctx.storage);
    if (storage === undefined) return undefined;
    const id = this.ctx.nextId();
    const inline = !this.isStandalone(element);
    this.ctx.placeholders.set(id, { id, kind, note, storage, inline });
    const node = markerNode('leaf', kind, id, note, noteLimit);
    return inline ? [node] : [paragraph([node])];
  }

  /** Inline content for a table cell or heading: container markers dropped, placeholders kept in the line. */
  phrasing(nodes: Flow[]): ReturnType<typeof toPhrasing> {
    return toPhrasing(stripContainerMarkers(nodes));
  }

  convert(element: Element, depth: number): Flow[] {
    const name = element.name;
    const inner = (): Flow[] => this.walk(element.children, depth + 1);
    const heading = headings[name];
    if (heading) return [{ type: 'heading', depth: heading, children: trimPhrasing(this.phrasing(inner())) }];
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
        return [list(this.listItems(element, depth), name === 'ol', Number.isInteger(start) ? start : 1)];
      }
      case 'table': {
        const built = table(this.tableRows(element, depth));
        return built ? [built] : [];
      }
      case 'pre':
        return [codeBlock(textOf(element))];
      case 'blockquote':
        return quoteContainer(this, element, element, 'quote:', '', depth)
          ?? [{ type: 'blockquote', children: toBlocks(inner()) }];
      case 'hr':
        return [{ type: 'thematicBreak' }];
      case 'time':
        return dateLink(this.ctx, element);
      case 'ac:structured-macro': case 'ac:macro': {
        const converted = structuredMacro(this, element, depth);
        // Two macros side by side at page level must not run together into one line.
        return this.isStandalone(element) && converted.every(isPhrasing) ? [paragraph(converted)] : converted;
      }
      case 'ac:image': {
        const converted = confluenceImage(this.ctx, element);
        return this.isStandalone(element) ? [paragraph(converted as never)] : converted;
      }
      case 'ac:link':
        return confluenceLink(this.ctx, element, this.walk, depth)
          ?? this.placeholder(element, 'link', textOf(element))
          ?? inner();
      case 'ac:emoticon': {
        // The fallback is the emoji itself or a `:shortname:`; older pages only carry a name.
        const emoticonName = attr(element, 'ac:name');
        const shown = attr(element, 'ac:emoji-fallback') ?? (emoticonName ? `:${emoticonName}:` : '');
        if (shown) this.ctx.remember(`emoticon\n${shown}`, sourceOf(element, this.ctx.storage));
        return [text(shown)];
      }
      case 'ac:task-list':
        return taskList(this, element, depth);
      case 'ac:layout':
        return layoutContainer(this, element, depth) ?? inner();
      default:
        if (dropped.has(name)) return [];
        // Other Confluence elements (ADF extensions, new editor nodes) have no Markdown form.
        if (name === 'ac:adf-extension') {
          // Decision lists and other new-editor nodes: their fallback text says what they hold.
          const fallback = findChild(element, 'ac:adf-fallback');
          return this.placeholder(element, 'adf-extension', fallback ? itemsText(fallback) : '', 200) ?? inner();
        }
        if (name.startsWith('ac:') && !transparent.has(name)) {
          return this.placeholder(element, name.slice(3), attr(element, 'ac:name') ?? '') ?? inner();
        }
        // div, span, tbody, inline-comment markers…: their content, in reading order.
        return name.startsWith('ri:') ? [] : inner();
    }
  }

  private listItems(element: Element, depth: number): ListItem[] {
    const items: ListItem[] = [];
    for (const child of childElements(element)) {
      const previous = items.at(-1);
      // A list written directly inside a list belongs to the item before it.
      if ((child.name === 'ul' || child.name === 'ol') && previous) {
        previous.children.push(...toBlocks(this.convert(child, depth + 1)));
      } else if (child.name === 'li') {
        // Read as a level, so an edit inside one item keeps the item's untouched blocks.
        const level = depth < MAX_DEPTH ? this.slot(child, depth) : undefined;
        if (level) this.ctx.itemLevels.set(child, level);
        items.push(listItem(level ? level.segments.flatMap((segment) => segment.blocks) : this.walk(child.children, depth + 1)));
      } else items.push(listItem(this.convert(child, depth + 1)));
    }
    return items;
  }

  private tableRows(element: Element, depth: number): CellSpec[][] {
    return tableRowElements(element).map((row) => childElements(row)
      .filter((cell) => cell.name === 'td' || cell.name === 'th')
      .map((cell) => ({
        children: cellPhrasing(stripContainerMarkers(this.walk(cell.children, depth + 1))),
        colspan: Number(attr(cell, 'colspan')),
        rowspan: Number(attr(cell, 'rowspan')),
      })));
  }
}

/** A table's rows in order, through thead/tbody/tfoot but not into nested tables. */
export function tableRowElements(element: Element, depth = 0): Element[] {
  const rows: Element[] = [];
  for (const child of childElements(element)) {
    if (child.name === 'tr') rows.push(child);
    else if (child.name !== 'table' && depth < MAX_DEPTH) rows.push(...tableRowElements(child, depth + 1));
  }
  return rows;
}

/** The text of a fallback's list items or paragraphs, one after the other. */
function itemsText(element: Element): string {
  const parts: string[] = [];
  const visit = (node: Element, depth: number): void => {
    for (const child of childElements(node)) {
      if (child.name === 'li' || child.name === 'p') parts.push(textOf(child).trim());
      else if (depth < MAX_DEPTH) visit(child, depth + 1);
    }
  };
  visit(element, 0);
  return parts.length > 0 ? parts.join('; ') : textOf(element);
}

const lineBreak: PhrasingContent = { type: 'html', value: '<br>' };

/**
 * A table cell's content on one line, as GFM needs it: line breaks and the
 * breaks between paragraphs as `<br>`, list items as `- item` lines.
 */
function cellPhrasing(nodes: Flow[]): PhrasingContent[] {
  const lines: PhrasingContent[][] = [];
  const breaks = (children: PhrasingContent[]): PhrasingContent[] =>
    children.map((child) => (child.type === 'break' ? lineBreak : child));
  for (const block of toBlocks(nodes)) {
    if (block.type === 'paragraph' || block.type === 'heading') lines.push(breaks(block.children));
    else if (block.type === 'list') {
      block.children.forEach((item, index) => {
        const bullet = block.ordered ? `${(block.start ?? 1) + index}. ` : '- ';
        lines.push([text(bullet), ...toPhrasing(item.children as Flow[])]);
      });
    } else lines.push(toPhrasing([block]));
  }
  const out: PhrasingContent[] = [];
  for (const line of lines.map(trimPhrasing).filter((line) => line.length > 0)) {
    if (out.length > 0) out.push(lineBreak);
    out.push(...line);
  }
  return out;
}

function stripContainerMarkers(nodes: Flow[]): Flow[] {
  const out: Flow[] = [];
  for (const node of nodes) {
    if (node.type === 'paragraph' && node.children.length === 1) {
      const role = markerRoleOf(node.children[0]!);
      if (role === 'open' || role === 'close' || role === 'cell') continue;
    }
    if (node.type === 'blockquote') {
      out.push({ ...node, children: stripContainerMarkers(node.children as Flow[]) as typeof node.children });
    } else if (node.type === 'list') {
      const children = node.children.map((item) => ({ ...item, children: stripContainerMarkers(item.children as Flow[]) as typeof item.children }));
      out.push({ ...node, children });
    } else out.push(node);
  }
  return out;
}
