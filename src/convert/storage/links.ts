import { asPhrasing, text, trimPhrasing } from '../markdown.js';
import { attr, findChild, textOf } from './dom.js';
import { sourceOf } from './source.js';

import type { Element } from 'domhandler';
import type { Image, Link, PhrasingContent } from 'mdast';
import type { Flow } from '../markdown.js';
import type { ReadContext } from './context.js';

/**
 * Confluence links, mentions, images, statuses, Jira keys and dates as
 * ordinary Markdown links whose URL scheme no web page uses (the same
 * conventions as the Jira converters), so the writer recognises them:
 *
 *   [@Jane Doe](accountid:557058:f3a1)   [@jdoe](username:jdoe)   [@ff80…](userkey:ff80…)
 *   [Runbook](page:Runbook)   [Runbook](<page://OPS/Deploy guide#install>)   [spec](attachment:spec.pdf)
 *   ![](attachment:diagram.png)   [DONE](status:green)   [PROJ-42](jira:PROJ-42)   <date:2024-06-13>
 *
 * Reading also records each one's exact storage under `reuseKey`, so an
 * edited paragraph gets back the original element (macro ids, versions…).
 */

export const schemes = {
  accountId: 'accountid:',
  userKey: 'userkey:',
  username: 'username:',
  page: 'page:',
  blogPost: 'blogpost:',
  attachment: 'attachment:',
  space: 'space:',
  status: 'status:',
  jira: 'jira:',
  date: 'date:',
} as const;

const userSchemes = [schemes.accountId, schemes.userKey, schemes.username];

export type Walk = (nodes: Element['children'], depth: number) => Flow[];

/** Text of inline content, marks and all, as the reader sees it. */
export function plainText(nodes: PhrasingContent[]): string {
  return nodes.map((node) => ('value' in node ? node.value : 'children' in node ? plainText(node.children) : '')).join('');
}

/** What identifies a link or image for reuse: a mention by its user alone, since names may be resolved or not. */
export function reuseKey(node: Link | Image): string {
  if (node.type === 'image') return `image\n${node.url}\n${node.alt ?? ''}`;
  if (userSchemes.some((scheme) => node.url.startsWith(scheme))) return `link\n${node.url}`;
  return `link\n${node.url}\n${plainText(node.children)}`;
}

// `#` starts the anchor and `%` escapes; both may appear in titles.
const encodeTitle = (title: string): string => title.replaceAll('%', '%25').replaceAll('#', '%23');
const decodeTitle = (title: string): string => title.replaceAll('%23', '#').replaceAll('%25', '%');

export interface PageTarget {
  space: string | undefined;
  title: string;
  anchor: string | undefined;
}

/** `page:Title`, `page://SPACE/Title`, either with `#anchor`. */
export function pageUrl(scheme: string, target: PageTarget): string {
  const where = target.space !== undefined ? `//${target.space}/` : target.title.startsWith('/') ? '///' : '';
  return `${scheme}${where}${encodeTitle(target.title)}${target.anchor ? `#${target.anchor}` : ''}`;
}

export function parsePageUrl(rest: string): PageTarget {
  let space: string | undefined;
  let path = rest;
  if (path.startsWith('//')) {
    const slash = path.indexOf('/', 2);
    space = slash < 0 ? path.slice(2) : path.slice(2, slash);
    path = slash < 0 ? '' : path.slice(slash + 1);
  }
  const hash = path.indexOf('#');
  const anchor = hash < 0 ? undefined : path.slice(hash + 1);
  return { space: space || undefined, title: decodeTitle(hash < 0 ? path : path.slice(0, hash)), anchor: anchor || undefined };
}

function link(url: string, label: PhrasingContent[]): Link {
  return { type: 'link', url, children: label };
}

function remember(ctx: ReadContext, node: Link | Image, element: Element): void {
  ctx.remember(reuseKey(node), sourceOf(element, ctx.storage));
}

function userLink(ctx: ReadContext, user: Element): Link | undefined {
  const refs = [['ri:account-id', schemes.accountId], ['ri:userkey', schemes.userKey], ['ri:username', schemes.username]] as const;
  for (const [attribute, scheme] of refs) {
    const value = attr(user, attribute);
    if (!value) continue;
    const name = ctx.options.userName?.({ attribute, value }) ?? value;
    return link(`${scheme}${value}`, [text(`@${name}`)]);
  }
  return undefined;
}

/** `ac:link` as a Markdown link, or undefined when its target has no Markdown form. */
export function confluenceLink(ctx: ReadContext, element: Element, walk: Walk, depth: number): Flow[] | undefined {
  const linkBody = findChild(element, 'ac:link-body') ?? findChild(element, 'ac:plain-text-link-body');
  const plain = linkBody ? textOf(linkBody).trim() : '';
  const label = linkBody?.name === 'ac:link-body' ? trimPhrasing(asPhrasing(walk(linkBody.children, depth + 1)))
    : plain ? [text(plain)]
    : [];
  const anchor = attr(element, 'ac:anchor');
  let node: Link | undefined;
  const user = findChild(element, 'ri:user');
  const page = findChild(element, 'ri:page') ?? findChild(element, 'ri:blog-post');
  const attachment = findChild(element, 'ri:attachment');
  const space = findChild(element, 'ri:space');
  const url = findChild(element, 'ri:url');
  if (user) node = userLink(ctx, user);
  else if (page) {
    const title = attr(page, 'ri:content-title') ?? '';
    const scheme = page.name === 'ri:page' ? schemes.page : schemes.blogPost;
    node = link(pageUrl(scheme, { space: attr(page, 'ri:space-key'), title, anchor }), label.length ? label : [text(title)]);
  } else if (attachment) {
    const fileName = attr(attachment, 'ri:filename') ?? '';
    node = link(`${schemes.attachment}${fileName}`, label.length ? label : [text(fileName)]);
  } else if (space) {
    const key = attr(space, 'ri:space-key') ?? '';
    node = link(`${schemes.space}${key}`, label.length ? label : [text(key)]);
  } else if (url) {
    const value = attr(url, 'ri:value') ?? '';
    node = link(value, label.length ? label : [text(value)]);
  } else if (anchor && !findChild(element, 'ri:shortcut') && !findChild(element, 'ri:content-entity')) {
    node = link(`#${anchor}`, label.length ? label : [text(anchor)]);
  }
  if (!node) return undefined;
  remember(ctx, node, element);
  return [node];
}

export function confluenceImage(ctx: ReadContext, element: Element): Flow[] {
  const attachment = findChild(element, 'ri:attachment');
  const url = findChild(element, 'ri:url');
  const source = url ? attr(url, 'ri:value') ?? '' : `${schemes.attachment}${(attachment && attr(attachment, 'ri:filename')) ?? ''}`;
  const node: Image = { type: 'image', url: source, alt: attr(element, 'ac:alt') ?? attr(element, 'ac:title') ?? '' };
  remember(ctx, node, element);
  return [node];
}

const statusColours: Record<string, string> = { grey: 'neutral', gray: 'neutral' };

export function statusLink(ctx: ReadContext, element: Element, title: string, colour: string | undefined): Flow[] {
  const name = (colour ?? 'grey').trim().toLowerCase();
  const node = link(`${schemes.status}${statusColours[name] ?? name}`, [text(title)]);
  remember(ctx, node, element);
  return [node];
}

export function jiraLink(ctx: ReadContext, element: Element, key: string): Flow[] {
  const node = link(`${schemes.jira}${key}`, [text(key)]);
  remember(ctx, node, element);
  return [node];
}

/** `<time datetime="2024-06-13" />` as `<date:2024-06-13>`. */
export function dateLink(ctx: ReadContext, element: Element): Flow[] {
  const value = attr(element, 'datetime') ?? textOf(element).trim();
  if (!value) return [];
  const node = link(`${schemes.date}${value}`, [text(`${schemes.date}${value}`)]);
  remember(ctx, node, element);
  return [node];
}
