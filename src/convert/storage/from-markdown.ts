import { MAX_DEPTH } from './dom.js';
import { parseEditable } from './parse-markdown.js';
import { quoteLabel } from './quotes.js';
import { cdata, element, raw, serialize, text } from './serialize.js';
import { splitMarkerParagraphs, unitsOf } from './sequence.js';
import { writeInline } from './write-inline.js';

import type { ChildNode } from 'domhandler';
import type { Blockquote, Code, List, ListItem, RootContent, Table } from 'mdast';
import type { Container } from './context.js';
import type { InlineOriginals } from './write-inline.js';

/**
 * Markdown to Confluence storage format: headings, paragraphs, marks, links,
 * lists, task lists (ac:task-list), tables, fenced code (code macro),
 * callouts (info/note/warning/tip panels), rules, images, mentions, page
 * links, statuses and dates in the forms links.ts describes.
 */

export interface WriteOriginals extends InlineOriginals {
  /** Rebuilds a container around its edited slots (merge.ts). */
  rebuildContainer(container: Container, slots: RootContent[][]): string;
  nextTaskId(): number;
}

/**
 * Fence names agents use for the keys Confluence's code macro knows on both
 * Cloud and Data Center (Data Center shows an error for a name it lacks).
 */
const languageAliases: Record<string, string> = {
  javascript: 'js', node: 'js', python: 'py', python3: 'py', yaml: 'yml', sh: 'bash', shell: 'bash', zsh: 'bash',
  console: 'bash', csharp: 'c#', cs: 'c#', 'c++': 'cpp', html: 'xml', xhtml: 'xml', erlang: 'erl', ps1: 'powershell',
  pwsh: 'powershell', rb: 'ruby', plaintext: 'text', txt: 'text', text: 'text', vbnet: 'vb',
};

function withParagraphs(item: ListItem): RootContent[] {
  return item.children as RootContent[];
}

/** All text below a Markdown node. */
function textIn(node: RootContent): string {
  if ('value' in node) return node.value;
  return 'children' in node ? (node.children as RootContent[]).map(textIn).join(' ') : '';
}

export class StorageWriter {
  private depth = 0;

  constructor(readonly originals: WriteOriginals) {}

  blocks(nodes: RootContent[]): ChildNode[] {
    // Quotes or lists nested deeper than any real page: kept as text rather than recursed into.
    if (this.depth > MAX_DEPTH) return [element('p', {}, [text(nodes.map(textIn).join(' '))])];
    this.depth += 1;
    try {
      return this.blocksAtDepth(nodes);
    } finally {
      this.depth -= 1;
    }
  }

  private blocksAtDepth(nodes: RootContent[]): ChildNode[] {
    const out: ChildNode[] = [];
    for (const unit of unitsOf(splitMarkerParagraphs(nodes, this.originals), this.originals)) {
      if (unit.type === 'block') out.push(...this.block(unit.node));
      else if (unit.type === 'container') out.push(raw(this.originals.rebuildContainer(unit.container, unit.slots)));
      else {
        this.originals.restored(unit.placeholder.id);
        const restored = raw(unit.placeholder.storage);
        out.push(unit.placeholder.inline ? element('p', {}, [restored]) : restored);
      }
    }
    return out;
  }

  inline(nodes: Parameters<typeof writeInline>[0]): ChildNode[] {
    return writeInline(nodes, this.originals);
  }

  block(node: RootContent): ChildNode[] {
    switch (node.type) {
      case 'paragraph': return [element('p', {}, this.inline(node.children))];
      case 'heading': return [element(`h${node.depth}`, {}, this.inline(node.children))];
      case 'thematicBreak': return [element('hr')];
      case 'blockquote': return [this.quote(node)];
      case 'list': return [this.list(node)];
      case 'code': return [this.code(node)];
      case 'table': return [this.table(node)];
      case 'html': return [element('p', {}, this.inline([node]))];
      case 'footnoteDefinition':
        return [element('p', {}, [text(`[^${node.label ?? node.identifier}]: `)]), ...this.blocks(node.children as RootContent[])];
      default: return [];
    }
  }

  quote(node: Blockquote): ChildNode {
    const label = quoteLabel(node);
    if (!label.macro) return element('blockquote', {}, this.blocks(node.children as RootContent[]));
    const params = label.title ? [element('ac:parameter', { 'ac:name': 'title' }, [text(label.title)])] : [];
    return element('ac:structured-macro', { 'ac:name': label.macro, 'ac:schema-version': '1' }, [
      ...params, element('ac:rich-text-body', {}, this.blocks(label.body)),
    ]);
  }

  code(node: Code): ChildNode {
    const language = node.lang ? languageAliases[node.lang.toLowerCase()] ?? node.lang : undefined;
    const params = language ? [element('ac:parameter', { 'ac:name': 'language' }, [text(language)])] : [];
    return element('ac:structured-macro', { 'ac:name': 'code', 'ac:schema-version': '1' }, [
      ...params, element('ac:plain-text-body', {}, [cdata(node.value)]),
    ]);
  }

  /** A list item's content: a lone paragraph is written inline, as Confluence does in tight lists. */
  itemContent(item: ListItem): ChildNode[] {
    const children = withParagraphs(item);
    const first = children[0];
    if (children.length === 1 && first?.type === 'paragraph') return this.inline(first.children);
    return this.blocks(children);
  }

  list(node: List): ChildNode {
    if (this.depth > MAX_DEPTH) return element('p', {}, [text(textIn(node))]);
    if (node.children.some((item) => typeof item.checked === 'boolean')) return this.taskList(node);
    const attribs: Record<string, string> = node.ordered && node.start !== undefined && node.start !== null && node.start !== 1
      ? { start: String(node.start) } : {};
    return element(node.ordered ? 'ol' : 'ul', attribs, node.children.map((item) => this.listItemElement(item)));
  }

  listItemElement(item: ListItem): ChildNode {
    this.depth += 1;
    try {
      return element('li', {}, this.itemContent(item));
    } finally {
      this.depth -= 1;
    }
  }

  task(item: ListItem): ChildNode[] {
    const [first, ...rest] = withParagraphs(item);
    const body = first?.type === 'paragraph' ? this.inline(first.children) : [];
    const task = element('ac:task', {}, [
      element('ac:task-id', {}, [text(String(this.originals.nextTaskId()))]),
      element('ac:task-status', {}, [text(item.checked === true ? 'complete' : 'incomplete')]),
      element('ac:task-body', {}, body),
    ]);
    // Confluence nests a sub-list beside its task, inside the same task list.
    const nested = (first?.type === 'paragraph' ? rest : withParagraphs(item))
      .flatMap((child) => (child.type === 'list' ? [this.taskList(child)] : []));
    return [task, ...nested];
  }

  taskList(node: List): ChildNode {
    if (this.depth > MAX_DEPTH) return element('p', {}, [text(textIn(node))]);
    this.depth += 1;
    try {
      return this.taskListAtDepth(node);
    } finally {
      this.depth -= 1;
    }
  }

  private taskListAtDepth(node: List): ChildNode {
    return element('ac:task-list', {}, node.children.flatMap((item) => this.task(item)));
  }

  cell(children: Parameters<typeof writeInline>[0], header: boolean): ChildNode {
    const content = this.inline(children);
    return element(header ? 'th' : 'td', {}, content.length > 0 ? [element('p', {}, content)] : []);
  }

  row(cells: Table['children'][number]['children'], header: boolean, width: number): ChildNode {
    const written = cells.slice(0, Math.max(width, 1)).map((cell) => this.cell(cell.children, header));
    while (written.length < width) written.push(this.cell([], header));
    return element('tr', {}, written);
  }

  table(node: Table): ChildNode {
    const width = node.children[0]?.children.length ?? 0;
    const rows = node.children.map((row, index) => this.row(row.children, index === 0, width));
    return element('table', {}, [element('tbody', {}, rows)]);
  }
}

/** Originals for a page written from scratch: nothing to restore. */
export function freshOriginals(): WriteOriginals {
  let taskId = 0;
  return {
    placeholder: () => undefined,
    container: () => undefined,
    reuse: () => undefined,
    emoticons: () => new Set<string>(),
    restored: () => undefined,
    rebuildContainer: () => '',
    nextTaskId: () => (taskId += 1),
  };
}

/** Markdown to storage format, for a new page or a body replaced wholesale. */
export function markdownToStorage(markdown: string): string {
  const tree = parseEditable(typeof markdown === 'string' ? markdown : '');
  return serialize(new StorageWriter(freshOriginals()).blocks(tree.children));
}
