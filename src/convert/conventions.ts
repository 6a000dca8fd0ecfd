import type { Image, Link, Nodes } from 'mdast';

/**
 * Markdown forms for Atlassian constructs Markdown has no syntax for. Each is
 * an ordinary link or image whose URL scheme no web page uses, so the
 * Markdown stays valid and readable, the readers can emit it and the writers
 * can recognise it without guessing:
 *
 *   mention (Cloud)        [@Alice Nguyen](accountid:5b10ac8d82e05b22cc7d4ef5)
 *   mention (Server/DC)    [@jsmith](username:jsmith)
 *   status lozenge         [IN PROGRESS](status:blue)       colour: neutral purple blue red yellow green #rrggbb
 *   date                   <date:2024-06-13>
 *   media (Cloud file)     ![screenshot.png](media:<id>) or ![](media:<collection>/<id>)
 *   attachment (Server/DC) ![](screenshot.png) for an image, [log.txt](attachment:log.txt) for a file
 *
 * The other conventions, for reference (see callout.ts and details.ts):
 *
 *   panel / {info}…        > **Warning:** text   (Info, Note, Tip, Warning, Error, Success; `**Info: Title**`),
 *                          GitHub alerts `> [!NOTE]` (info), [!TIP], [!IMPORTANT] (note), [!WARNING], [!CAUTION] (error)
 *   expand                 <details><summary>Title</summary> … </details> (blank lines around the content)
 *   smart link             <https://…> or a bare URL (inlineCard on Cloud)
 *   emoji                  :thumbsup: (a shortcode outside code), or the character itself
 *   task list              - [ ] todo / - [x] done
 *   line break             a newline inside a paragraph is kept as a line break, as Jira users expect
 */

export const schemes = {
  account: 'accountid:',
  username: 'username:',
  status: 'status:',
  date: 'date:',
  media: 'media:',
  attachment: 'attachment:',
} as const;

export const statusColors = new Set(['neutral', 'purple', 'blue', 'red', 'yellow', 'green']);
const hexColor = /^#[0-9a-f]{6}$/i;
const isoDay = /^(\d{4})-(\d{2})-(\d{2})$/;

function textLink(url: string, label: string): Link {
  return { type: 'link', url, children: [{ type: 'text', value: label }] };
}

export function mentionLink(name: string, id: string, scheme: 'account' | 'username' = 'account'): Link {
  const label = name.startsWith('@') ? name : `@${name}`;
  return textLink(`${schemes[scheme]}${id}`, label);
}

export function statusLink(label: string, color: string): Link {
  return textLink(`${schemes.status}${normalStatusColor(color)}`, label);
}

/** A date as `<date:2024-06-13>`; link text equal to the URL makes it an autolink. */
export function dateLink(isoDate: string): Link {
  return textLink(`${schemes.date}${isoDate}`, `${schemes.date}${isoDate}`);
}

export function mediaImage(alt: string, id: string, collection: string): Image {
  return { type: 'image', url: `${schemes.media}${collection ? `${collection}/` : ''}${id}`, alt };
}

export function normalStatusColor(color: string | undefined): string {
  const value = (color ?? '').trim().toLowerCase();
  return statusColors.has(value) || hexColor.test(value) ? value : 'neutral';
}

/** Epoch milliseconds (as ADF wants them) of `2024-06-13` or of a millisecond count. */
export function dateTimestamp(value: string): string | undefined {
  const day = isoDay.exec(value.trim());
  if (day) {
    const time = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    const date = new Date(time);
    // Date.UTC rolls 2024-02-31 over to March; such a date is not a date.
    return date.getUTCDate() === Number(day[3]) ? String(time) : undefined;
  }
  return /^-?\d{1,15}$/.test(value.trim()) ? String(Number(value)) : undefined;
}

/** `YYYY-MM-DD` of an epoch-millisecond timestamp, or undefined when it is none. */
export function isoDate(timestamp: string | undefined): string | undefined {
  if (timestamp === undefined || !/^-?\d{1,15}$/.test(timestamp.trim())) return undefined;
  const date = new Date(Number(timestamp));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 10);
}

export type Special =
  | { kind: 'mention'; scheme: 'account' | 'username'; id: string; name: string }
  | { kind: 'status'; text: string; color: string }
  | { kind: 'date'; timestamp: string }
  | { kind: 'attachment'; name: string };

const blockTypes = new Set([
  'root', 'paragraph', 'heading', 'blockquote', 'list', 'listItem', 'table', 'tableRow', 'tableCell', 'footnoteDefinition',
]);

/**
 * The text of Markdown content as a reader sees it (a link label, or blocks
 * flattened where only text fits, one space between blocks). Iterative,
 * because hostile input nests thousands of levels deep.
 */
export function plainText(nodes: readonly Nodes[]): string {
  let out = '';
  const stack: (Nodes | string)[] = [...nodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (typeof node === 'string') out += node;
    else if (node.type === 'image' || node.type === 'imageReference') out += node.alt ?? '';
    else if (node.type === 'break') out += ' ';
    else if ('value' in node && typeof node.value === 'string') out += node.value;
    else if ('children' in node) {
      // Pushed first, so it comes out after the block's content.
      if (blockTypes.has(node.type)) stack.push(' ');
      for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i]!);
    }
  }
  return out.trim();
}

/** Recognises the special links above; anything else is an ordinary link. */
export function readSpecialLink(link: Link): Special | undefined {
  const { url } = link;
  const colon = url.indexOf(':');
  if (colon < 0) return undefined;
  const scheme = url.slice(0, colon + 1).toLowerCase();
  const rest = url.slice(colon + 1);
  const label = plainText(link.children).trim();
  if (scheme === schemes.account || scheme === schemes.username) {
    if (!rest) return undefined;
    const name = label.startsWith('@') ? label.slice(1) : label;
    return { kind: 'mention', scheme: scheme === schemes.account ? 'account' : 'username', id: rest, name: name || rest };
  }
  if (scheme === schemes.status) return label ? { kind: 'status', text: label, color: normalStatusColor(rest) } : undefined;
  if (scheme === schemes.date) {
    const timestamp = dateTimestamp(rest);
    return timestamp === undefined ? undefined : { kind: 'date', timestamp };
  }
  if (scheme === schemes.attachment) return rest ? { kind: 'attachment', name: rest } : undefined;
  return undefined;
}

/** `media:<id>` or `media:<collection>/<id>`. */
export function readMediaUrl(url: string): { id: string; collection: string } | undefined {
  if (!url.toLowerCase().startsWith(schemes.media)) return undefined;
  const rest = url.slice(schemes.media.length);
  const slash = rest.lastIndexOf('/');
  const id = rest.slice(slash + 1);
  return id ? { id, collection: slash < 0 ? '' : rest.slice(0, slash) } : undefined;
}

const autolinkEmail = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/**
 * A `mailto:` link shown as its bare address: the readers write it as
 * `<address>`, which CommonMark reads back as a link only for addresses of
 * this shape. Others (GFM links `a@b_c.d`, CommonMark does not) are kept as
 * text by the writers, so the round trip stays put.
 */
export function isBareEmailLink(url: string, label: string): boolean {
  return url.toLowerCase() === `mailto:${label.toLowerCase()}`;
}

export function isAutolinkEmail(address: string): boolean {
  return autolinkEmail.test(address);
}
