import { calloutLabels } from '../callout.js';
import { textAsMarkdown } from '../markdown-links.js';
import { adfParagraph, adfText, addMark, inlineOf } from './build.js';
import { inline } from './write-inline.js';

import type { CalloutKind } from '../callout.js';
import type { AdfNode } from './build.js';

/**
 * Markdown nests anything in anything; ADF does not (no heading in a list
 * item, no table in a panel, no quote in a quote). These are the block types
 * each ADF container accepts, from the official JSON schema, and what a
 * block becomes where it is not accepted: its content, kept readable,
 * rather than an invalid document Jira would reject.
 */

export type Container = 'doc' | 'expand' | 'nestedExpand' | 'panel' | 'blockquote' | 'listItem' | 'tableCell';

const common = ['paragraph', 'bulletList', 'orderedList', 'codeBlock', 'mediaSingle'];

const accepts: Record<Container, Set<string>> = {
  doc: new Set([...common, 'heading', 'taskList', 'blockquote', 'panel', 'table', 'rule', 'expand', 'mediaGroup', 'blockCard']),
  expand: new Set([...common, 'heading', 'taskList', 'blockquote', 'panel', 'table', 'rule', 'nestedExpand', 'mediaGroup', 'blockCard']),
  nestedExpand: new Set([...common, 'heading', 'taskList', 'blockquote', 'panel', 'rule', 'mediaGroup']),
  panel: new Set([...common, 'heading', 'taskList', 'rule', 'mediaGroup', 'blockCard']),
  blockquote: new Set([...common, 'mediaGroup']),
  listItem: new Set([...common, 'taskList']),
  tableCell: new Set([...common, 'heading', 'taskList', 'blockquote', 'panel', 'rule', 'mediaGroup', 'blockCard', 'nestedExpand']),
};

function strongParagraph(label: string): AdfNode {
  return adfParagraph([adfText(label, [{ type: 'strong' }])]);
}

/** A task list where tasks are not allowed: a bullet list with the checkbox as text. */
function taskListAsBullets(node: AdfNode): AdfNode {
  const items: AdfNode[] = [];
  for (const child of node.content ?? []) {
    if (child.type === 'taskList') {
      const previous = items.at(-1);
      if (previous) previous.content!.push(taskListAsBullets(child));
      else items.push({ type: 'listItem', content: [adfParagraph(), taskListAsBullets(child)] });
      continue;
    }
    const box = child.attrs?.state === 'DONE' ? '[x] ' : '[ ] ';
    items.push({ type: 'listItem', content: [adfParagraph([adfText(box), ...(child.content ?? [])])] });
  }
  return { type: 'bulletList', content: items };
}

function tableAsParagraphs(node: AdfNode): AdfNode[] {
  return (node.content ?? []).map((row) => {
    const cells = (row.content ?? []).map((cell) => (cell.content ?? []).flatMap(inlineOf));
    return adfParagraph(cells.flatMap((cell, i) => (i > 0 ? [adfText(' | '), ...cell] : cell)));
  });
}

function degrade(node: AdfNode, into: Container): AdfNode[] {
  const content = node.content ?? [];
  switch (node.type) {
    case 'heading':
      return [adfParagraph(addMark(content, { type: 'strong' }))];
    case 'blockquote':
      return fit(content, into);
    case 'panel': {
      const label = calloutLabels[node.attrs?.panelType as CalloutKind] ?? 'Note';
      return [strongParagraph(`${label}:`), ...fit(content, into)];
    }
    case 'expand': case 'nestedExpand': {
      if (accepts[into].has('nestedExpand')) return [withContent({ ...node, type: 'nestedExpand', attrs: node.attrs ?? {} }, 'nestedExpand')];
      const title = typeof node.attrs?.title === 'string' && node.attrs.title
        ? [adfParagraph(inline(textAsMarkdown(node.attrs.title), [{ type: 'strong' }], new Map()))]
        : [];
      return [...title, ...fit(content, into)];
    }
    case 'table':
      return tableAsParagraphs(node);
    case 'taskList':
      return fit([taskListAsBullets(node)], into);
    case 'mediaGroup':
      return content.map((media) => ({ type: 'mediaSingle', attrs: { layout: 'center' }, content: [media] }));
    case 'blockCard':
      return [adfParagraph([{ type: 'inlineCard', attrs: node.attrs ?? {} }])];
    default:
      // A rule carries no content; where it is not allowed it simply goes.
      return [];
  }
}

/** A container's content fitted to it; never empty, since ADF containers need a child. */
export function withContent(node: AdfNode, container: Container): AdfNode {
  const content = fit(node.content ?? [], container);
  return { ...node, content: content.length > 0 ? content : [adfParagraph()] };
}

/** Keeps the blocks a container accepts and degrades the others. */
export function fit(blocks: AdfNode[], into: Container): AdfNode[] {
  const out: AdfNode[] = [];
  for (const block of blocks) {
    if (accepts[into].has(block.type)) out.push(block);
    else out.push(...degrade(block, into));
  }
  return out;
}
