import type { Blockquote, BlockContent, DefinitionContent, PhrasingContent } from 'mdast';

/**
 * Callouts (ADF panels, wiki {info}/{note}/…) in Markdown. The readers write
 * a blockquote led by a bold label, `> **Warning:**` (or `**Warning: Title**`);
 * GitHub alerts (`> [!WARNING]`) are accepted too, since that is what agents
 * tend to write.
 */

export type CalloutKind = 'info' | 'note' | 'tip' | 'warning' | 'error' | 'success';

export const calloutLabels: Record<CalloutKind, string> = {
  info: 'Info', note: 'Note', tip: 'Tip', warning: 'Warning', error: 'Error', success: 'Success',
};

const byLabel = new Map(Object.entries(calloutLabels).map(([kind, label]) => [label.toLowerCase(), kind as CalloutKind]));

// GitHub's five alert kinds, mapped to the panel of the same colour and intent.
const alerts: Record<string, CalloutKind> = {
  note: 'info', tip: 'tip', important: 'note', warning: 'warning', caution: 'error',
};

export interface Callout {
  kind: CalloutKind;
  /** Text after the label inside the bold span (`**Info: Title**`), else ''. */
  title: string;
  children: (BlockContent | DefinitionContent)[];
}

function strongText(node: PhrasingContent): string | undefined {
  if (node.type !== 'strong' || node.children.length !== 1) return undefined;
  const only = node.children[0]!;
  return only.type === 'text' ? only.value : undefined;
}

/** A paragraph's content after the label, without the breaks and spaces that separated them. */
function restOf(children: PhrasingContent[]): PhrasingContent[] {
  const rest = [...children];
  while (rest[0]?.type === 'break') rest.shift();
  const first = rest[0];
  if (first?.type === 'text') {
    const value = first.value.replace(/^\s+/, '');
    if (value) rest[0] = { type: 'text', value };
    else rest.shift();
  }
  return rest;
}

function withRest(quote: Blockquote, rest: PhrasingContent[]): (BlockContent | DefinitionContent)[] {
  const others = quote.children.slice(1);
  return rest.length > 0 ? [{ type: 'paragraph', children: rest }, ...others] : others;
}

export function readCallout(blockquote: Blockquote): Callout | undefined {
  // A rule before the label says nothing (ADF drops rules from quotes anyway).
  let skip = 0;
  while (blockquote.children[skip]?.type === 'thematicBreak') skip += 1;
  const quote: Blockquote = skip > 0 ? { ...blockquote, children: blockquote.children.slice(skip) } : blockquote;
  const first = quote.children[0];
  if (first?.type !== 'paragraph' || first.children.length === 0) return undefined;
  const [lead, ...tail] = first.children;
  const label = strongText(lead!);
  if (label !== undefined) {
    const colon = label.indexOf(':');
    const kind = colon > 0 ? byLabel.get(label.slice(0, colon).trim().toLowerCase()) : undefined;
    if (kind === undefined) return undefined;
    return { kind, title: label.slice(colon + 1).trim(), children: withRest(quote, restOf(tail)) };
  }
  if (lead!.type !== 'text') return undefined;
  const line = lead!.value.split('\n', 1)[0]!.trim();
  const kind = line.startsWith('[!') && line.endsWith(']') ? alerts[line.slice(2, -1).toLowerCase()] : undefined;
  if (kind === undefined) return undefined;
  const after = lead!.value.slice(lead!.value.indexOf(line) + line.length);
  return { kind, title: '', children: withRest(quote, restOf([{ type: 'text', value: after }, ...tail])) };
}
