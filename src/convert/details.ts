import { Parser } from 'htmlparser2';

import { parseMarkdown } from './markdown-parse.js';

import type { Html, RootContent } from 'mdast';

/**
 * Collapsible sections (ADF expand) in Markdown, the way GitHub writes them:
 *
 *   <details><summary>Stack trace</summary>
 *
 *   Markdown content
 *
 *   </details>
 *
 * CommonMark ends an HTML block at a blank line, so the opening tag, the
 * content and the closing tag arrive as separate siblings; `groupDetails`
 * puts them back together. The HTML itself is read with htmlparser2.
 */

export interface Details {
  type: 'details';
  title: string;
  children: Block[];
}

export type Block = RootContent | Details;

interface Opening {
  title: string;
  /** Markdown written inside the HTML block after the summary (no blank line before it). */
  body: string;
  closed: boolean;
  /** Markdown after `</details>` in the same HTML block. */
  after: string;
}

function escapeHtml(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The two HTML nodes a reader puts around an expand's content. */
export function detailsHtml(title: string): { open: Html; close: Html } {
  const summary = title ? `<summary>${escapeHtml(title.replace(/\s+/g, ' ').trim())}</summary>` : '';
  return { open: { type: 'html', value: `<details>${summary}` }, close: { type: 'html', value: '</details>' } };
}

/** The parts of an HTML node that opens `<details>`, or undefined when it is something else. */
export function readDetailsOpening(html: string): Opening | undefined {
  let started = false;
  let valid = true;
  let summaryDepth = 0;
  let title = '';
  let bodyStart = -1;
  let bodyEnd = -1;
  let closeEnd = -1;
  const parser: Parser = new Parser({
    onopentag(name) {
      if (!started) {
        valid &&= name === 'details';
        bodyStart = parser.endIndex + 1;
      } else if (name === 'summary' && closeEnd < 0) summaryDepth += 1;
      started = true;
    },
    ontext(data) {
      if (!started) valid &&= data.trim() === '';
      else if (summaryDepth > 0) title += data;
    },
    onclosetag(name, isImplied) {
      if (name === 'summary' && summaryDepth > 0) {
        summaryDepth -= 1;
        if (summaryDepth === 0) bodyStart = parser.endIndex + 1;
      }
      if (name === 'details' && !isImplied && closeEnd < 0) {
        bodyEnd = parser.startIndex;
        closeEnd = parser.endIndex + 1;
      }
    },
  }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  if (!started || !valid) return undefined;
  const closed = closeEnd >= 0;
  return {
    title: title.replace(/\s+/g, ' ').trim(),
    body: html.slice(bodyStart, closed ? bodyEnd : html.length).trim(),
    closed,
    after: closed ? html.slice(closeEnd).trim() : '',
  };
}

/** What follows a leading `</details>`, or undefined when the HTML does not start with one. */
function afterClose(html: string): string | undefined {
  const trimmed = html.trimStart();
  return trimmed.slice(0, 10).toLowerCase() === '</details>' ? trimmed.slice(10).trim() : undefined;
}

/**
 * Replaces `<details>` … `</details>` runs in a list of sibling blocks with
 * Details nodes (nested ones too). An unclosed section runs to the end; a
 * stray closing tag stays as it is.
 */
export function groupDetails(nodes: readonly Block[], budget = { reparses: 32 }): Block[] {
  // Each re-parse of Markdown inside an HTML block costs a pass over it; hostile
  // input (thousands of <details> on one line) must not make that quadratic.
  const parse = (markdown: string): RootContent[] => {
    if (!markdown) return [];
    budget.reparses -= 1;
    return budget.reparses < 0 ? [{ type: 'html', value: markdown }] : parseMarkdown(markdown).children;
  };
  const top: Block[] = [];
  const stack: Details[] = [];
  const queue: Block[] = [...nodes].reverse();
  while (queue.length > 0) {
    const node = queue.pop()!;
    const into = stack.at(-1)?.children ?? top;
    if (node.type === 'html') {
      const rest = afterClose(node.value);
      if (rest !== undefined && stack.length > 0) {
        stack.pop();
        queue.push(...parse(rest).reverse());
        continue;
      }
      const opening = budget.reparses < 0 ? undefined : readDetailsOpening(node.value);
      if (opening) {
        // Markdown typed without the blank line GitHub wants is still Markdown to the author.
        const details: Details = { type: 'details', title: opening.title, children: [] };
        into.push(details);
        const inside = parse(opening.body);
        if (opening.closed) {
          details.children.push(...groupDetails(inside, budget));
          queue.push(...parse(opening.after).reverse());
        } else {
          stack.push(details);
          queue.push(...inside.reverse());
        }
        continue;
      }
    }
    into.push(node);
  }
  return top;
}
