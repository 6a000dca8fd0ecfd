import { trimPhrasing } from '../markdown.js';

import type { Blockquote, PhrasingContent, RootContent } from 'mdast';

/**
 * What a Markdown blockquote stands for: a Confluence panel macro
 * (`> **Info:**`, `> **Warning: Title**`, GitHub's `> [!NOTE]`), a titled
 * panel (`> **Title**` alone on the first line) or a plain quote.
 */

export type PanelMacro = 'info' | 'note' | 'warning' | 'tip';

export interface QuoteLabel {
  /** `callout:info:Title`, `quote:Title` or `quote:`, as containers.ts labels the originals. */
  key: string;
  macro: PanelMacro | undefined;
  title: string;
  /** The content after the label. */
  body: RootContent[];
}

// Bold labels: the four Confluence panels, plus the names ADF panels add.
const labelMacros: Record<string, PanelMacro> = {
  info: 'info', note: 'note', warning: 'warning', tip: 'tip', error: 'warning', success: 'tip',
};
// GitHub alerts, by colour and intent (NOTE is blue like info, IMPORTANT stands out like note).
const alertMacros: Record<string, PanelMacro> = {
  note: 'info', info: 'info', tip: 'tip', success: 'tip', important: 'note', warning: 'warning', caution: 'warning',
  danger: 'warning', error: 'warning',
};

function withFirst(rest: PhrasingContent[], others: RootContent[]): RootContent[] {
  const trimmed = trimPhrasing(rest);
  return trimmed.length > 0 ? [{ type: 'paragraph', children: trimmed }, ...others] : others;
}

export function quoteLabel(quote: Blockquote): QuoteLabel {
  const children = quote.children as RootContent[];
  const plain: QuoteLabel = { key: 'quote:', macro: undefined, title: '', body: children };
  const first = children[0];
  if (first?.type !== 'paragraph') return plain;
  const [lead, ...tail] = trimPhrasing(first.children);
  if (lead?.type === 'strong' && lead.children.length === 1 && lead.children[0]!.type === 'text') {
    const label = lead.children[0].value.trim();
    const colon = label.indexOf(':');
    const macro = colon > 0 ? labelMacros[label.slice(0, colon).trim().toLowerCase()] : undefined;
    if (macro) {
      const title = label.slice(colon + 1).trim();
      return { key: `callout:${macro}:${title}`, macro, title, body: withFirst(tail, children.slice(1)) };
    }
    if (tail.length === 0) return { key: `quote:${label}`, macro: undefined, title: label, body: children.slice(1) };
    return plain;
  }
  if (lead?.type !== 'text' || !lead.value.startsWith('[!')) return plain;
  const lineEnd = lead.value.indexOf('\n');
  const line = lineEnd < 0 ? lead.value : lead.value.slice(0, lineEnd);
  const close = line.indexOf(']');
  const macro = close > 2 ? alertMacros[line.slice(2, close).toLowerCase()] : undefined;
  if (!macro) return plain;
  const title = line.slice(close + 1).trim();
  const after = lineEnd < 0 ? '' : lead.value.slice(lineEnd + 1);
  const rest: PhrasingContent[] = after ? [{ type: 'text', value: after }, ...tail] : tail;
  return { key: `callout:${macro}:${title}`, macro, title, body: withFirst(rest, children.slice(1)) };
}
