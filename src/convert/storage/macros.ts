import {
  asPhrasing, codeBlock, labelledQuote, list, listItem, paragraph, text, toBlocks, trimPhrasing, wrapMark,
} from '../markdown.js';
import { attr, childElements, findChild, macroParams, textOf } from './dom.js';

import type { AnyNode, Element } from 'domhandler';
import type { ListItem } from 'mdast';
import type { Flow } from '../markdown.js';

/** Converts child nodes to Markdown; passed in so this file needs no cycle back. */
export type Walk = (nodes: AnyNode[], depth: number) => Flow[];

const calloutLabels: Record<string, string> = { info: 'Info', note: 'Note', warning: 'Warning', tip: 'Tip' };

function body(macro: Element, walk: Walk, depth: number): Flow[] {
  const rich = findChild(macro, 'ac:rich-text-body');
  if (rich) return walk(rich.children, depth + 1);
  const plain = findChild(macro, 'ac:plain-text-body');
  return plain ? [codeBlock(textOf(plain))] : [];
}

/** `ac:structured-macro`: known macros get a Markdown form, others a visible marker. */
export function structuredMacro(macro: Element, walk: Walk, depth: number): Flow[] {
  const name = attr(macro, 'ac:name') ?? 'unknown';
  const params = macroParams(macro);
  const title = params.get('title');
  switch (name) {
    case 'code': case 'noformat':
      return [codeBlock(textOf(findChild(macro, 'ac:plain-text-body') ?? macro), params.get('language'))];
    case 'info': case 'note': case 'warning': case 'tip': {
      const label = calloutLabels[name]!;
      return [labelledQuote(title ? `${label}: ${title}` : `${label}:`, body(macro, walk, depth))];
    }
    case 'panel': {
      const content = body(macro, walk, depth);
      return [title ? labelledQuote(title, content) : { type: 'blockquote', children: toBlocks(content) }];
    }
    case 'status':
      return [text(`[${title ?? params.get('colour') ?? 'status'}]`)];
    case 'expand': {
      const heading = paragraph(wrapMark('strong', [text(title ?? 'Expand')]));
      return [heading, ...body(macro, walk, depth)];
    }
    case 'toc':
      return [paragraph([text('[Table of contents]')])];
    case 'jira': {
      const key = params.get('key');
      if (key) return [text(key)];
      const query = params.get('jqlQuery');
      return [text(query ? `[Jira issues: ${query}]` : '[macro: jira]')];
    }
    case 'anchor':
      // Invisible link target on the page; nothing to read.
      return [];
    default:
      return [text(`[macro: ${name}]`), ...body(macro, walk, depth)];
  }
}

/** `ac:link`: to a page, user, attachment or anchor; the link body wins as its text. */
export function confluenceLink(link: Element, walk: Walk, depth: number): Flow[] {
  const linkBody = findChild(link, 'ac:link-body') ?? findChild(link, 'ac:plain-text-link-body');
  const bodyText = linkBody ? textOf(linkBody).trim() : '';
  const label = linkBody?.name === 'ac:link-body' ? trimPhrasing(asPhrasing(walk(linkBody.children, depth + 1)))
    : bodyText ? [text(bodyText)]
    : [];
  const user = findChild(link, 'ri:user');
  if (user) {
    const id = attr(user, 'ri:account-id') ?? attr(user, 'ri:userkey') ?? attr(user, 'ri:username') ?? 'unknown';
    return [text(`@${id}`)];
  }
  const page = findChild(link, 'ri:page') ?? findChild(link, 'ri:blog-post');
  const pageTitle = page && attr(page, 'ri:content-title');
  const attachment = findChild(link, 'ri:attachment');
  const fileName = attachment && attr(attachment, 'ri:filename');
  if (label.length > 0) {
    // Keep the target when the visible text hides it, so the page can be looked up.
    const target = pageTitle ? `page: ${pageTitle}` : fileName ? `attachment: ${fileName}` : undefined;
    const differs = target !== undefined && bodyText !== (pageTitle ?? fileName);
    return differs ? [...label, text(` (${target})`)] : label;
  }
  if (pageTitle) return [text(pageTitle)];
  if (fileName) return [text(`[attachment: ${fileName}]`)];
  const space = findChild(link, 'ri:space');
  return [text(attr(link, 'ac:anchor') ?? (space && attr(space, 'ri:space-key')) ?? '[link]')];
}

export function confluenceImage(image: Element): Flow[] {
  const attachment = findChild(image, 'ri:attachment');
  const url = findChild(image, 'ri:url');
  const name = (attachment && attr(attachment, 'ri:filename')) ?? (url && attr(url, 'ri:value'))
    ?? attr(image, 'ac:alt') ?? 'unknown';
  return [text(`[image: ${name}]`)];
}

/** `ac:task-list` → GFM task list; a nested list sits beside its parent task. */
export function taskList(element: Element, walk: Walk, depth: number): Flow[] {
  const items: ListItem[] = [];
  for (const child of childElements(element)) {
    const previous = items.at(-1);
    if (child.name === 'ac:task-list' && previous) {
      previous.children.push(...toBlocks(taskList(child, walk, depth + 1)));
    }
    if (child.name !== 'ac:task') continue;
    const status = findChild(child, 'ac:task-status');
    const taskBody = findChild(child, 'ac:task-body');
    const content = taskBody ? walk(taskBody.children, depth + 1) : [];
    items.push(listItem(content, status !== undefined && textOf(status).trim() === 'complete'));
  }
  return [list(items)];
}
