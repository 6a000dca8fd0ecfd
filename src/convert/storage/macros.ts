import { codeBlock, labelledQuote, list, listItem, text, toBlocks } from '../markdown.js';
import { macroContainer, quoteContainer } from './containers.js';
import { attr, childElements, findChild, macroParams, textOf } from './dom.js';
import { jiraLink, statusLink } from './links.js';

import type { Element } from 'domhandler';
import type { ListItem } from 'mdast';
import type { Flow } from '../markdown.js';
import type { StorageReader } from './reader.js';

export const calloutLabels: Record<string, string> = { info: 'Info', note: 'Note', warning: 'Warning', tip: 'Tip' };

/** The parameter that best names a macro instance, for its placeholder. */
function noteOf(params: Map<string, string>): string {
  return params.get('title') ?? params.get('diagramName') ?? params.get('name') ?? params.get('jqlQuery')
    ?? params.get('') ?? params.get('page') ?? '';
}

function richBody(reader: StorageReader, macro: Element, depth: number): Flow[] {
  const rich = findChild(macro, 'ac:rich-text-body');
  return rich ? reader.walk(rich.children, depth + 1) : [];
}

/**
 * `ac:structured-macro` (and the older `ac:macro`): code, panels, status and
 * Jira keys get a Markdown form; macros with a body become containers; the
 * rest (toc, children, drawio, includes, unknown ones) placeholders.
 */
export function structuredMacro(reader: StorageReader, macro: Element, depth: number): Flow[] {
  const name = attr(macro, 'ac:name') ?? 'unknown';
  const params = macroParams(macro);
  const title = params.get('title');
  const plainBody = findChild(macro, 'ac:plain-text-body');
  switch (name) {
    case 'code': case 'noformat':
      if (plainBody) return [codeBlock(textOf(plainBody), name === 'code' ? params.get('language') : undefined)];
      break;
    case 'info': case 'note': case 'warning': case 'tip': {
      const label = calloutLabels[name]!;
      const shown = title ? `${label}: ${title}` : `${label}:`;
      const body = findChild(macro, 'ac:rich-text-body');
      return quoteContainer(reader, macro, body, `callout:${name}:${title ?? ''}`, shown, depth)
        ?? [labelledQuote(shown, richBody(reader, macro, depth))];
    }
    case 'panel': {
      const body = findChild(macro, 'ac:rich-text-body');
      return quoteContainer(reader, macro, body, `quote:${title ?? ''}`, title ?? '', depth)
        ?? [labelledQuote(title ?? '', richBody(reader, macro, depth))];
    }
    case 'status':
      return statusLink(reader.ctx, macro, title ?? '', params.get('colour'));
    case 'jira': {
      const key = params.get('key');
      if (key && !params.has('jqlQuery')) return jiraLink(reader.ctx, macro, key);
      break;
    }
    default:
      if (findChild(macro, 'ac:rich-text-body')) {
        const contained = macroContainer(reader, macro, `macro:${name}`, noteOf(params), depth);
        if (contained) return contained;
      }
  }
  return reader.placeholder(macro, `macro:${name}`, noteOf(params))
    ?? [text(`[macro: ${name}]`), ...richBody(reader, macro, depth)];
}

/** `ac:task-list` → GFM task list; a nested list sits beside its parent task. */
export function taskList(reader: StorageReader, element: Element, depth: number): Flow[] {
  const items: ListItem[] = [];
  for (const child of childElements(element)) {
    const previous = items.at(-1);
    if (child.name === 'ac:task-list' && previous) {
      previous.children.push(...toBlocks(taskList(reader, child, depth + 1)));
    }
    if (child.name !== 'ac:task') continue;
    const taskId = Number(textOf(findChild(child, 'ac:task-id') ?? child).trim());
    if (Number.isSafeInteger(taskId)) reader.ctx.maxTaskId = Math.max(reader.ctx.maxTaskId, taskId);
    const status = findChild(child, 'ac:task-status');
    const taskBody = findChild(child, 'ac:task-body');
    const content = taskBody ? reader.walk(taskBody.children, depth + 1) : [];
    items.push(listItem(content, status !== undefined && textOf(status).trim() === 'complete'));
  }
  return [list(items)];
}
