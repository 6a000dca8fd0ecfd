import { text, wrapMark } from '../markdown.js';
import { isRecord } from './node.js';

import type { PhrasingContent } from 'mdast';

interface Mark {
  key: string;
  type: 'strong' | 'em' | 'strike' | 'link';
  href: string;
}

/** Inline content with the ADF marks still to be applied to it. */
export interface Run {
  marks: Mark[];
  nodes: PhrasingContent[];
}

const wrapping = new Set<string>(['strong', 'em', 'strike', 'link']);

/**
 * A text node as a run. `code` becomes inline code on the text itself;
 * underline, textColor, subsup and unknown marks have no Markdown form, so
 * only their text survives.
 */
export function textRun(value: string, rawMarks: unknown[]): Run {
  const marks: Mark[] = [];
  let code = false;
  for (const raw of rawMarks) {
    if (!isRecord(raw) || typeof raw.type !== 'string') continue;
    const href = isRecord(raw.attrs) && typeof raw.attrs.href === 'string' ? raw.attrs.href : '';
    if (raw.type === 'code') code = true;
    if (wrapping.has(raw.type) && (raw.type !== 'link' || href)) {
      marks.push({ key: `${raw.type} ${href}`, type: raw.type as Mark['type'], href });
    }
  }
  return { marks, nodes: [code ? { type: 'inlineCode', value } : text(value)] };
}

function wrap(mark: Mark, children: PhrasingContent[]): PhrasingContent[] {
  if (mark.type === 'strong') return wrapMark('strong', children);
  if (mark.type === 'em') return wrapMark('emphasis', children);
  if (mark.type === 'strike') return wrapMark('delete', children);
  return [{ type: 'link', url: mark.href, children }];
}

/**
 * ADF puts marks on each text node, so `**a** and **_b_**` arrives as three
 * flat runs. Wrapping the longest shared mark first turns neighbouring runs
 * into one Markdown span instead of `**a****b**`.
 */
export function nest(runs: Run[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let i = 0;
  while (i < runs.length) {
    const run = runs[i]!;
    let best: Mark | undefined;
    let bestEnd = i;
    for (const mark of run.marks) {
      let end = i;
      while (end < runs.length && runs[end]!.marks.some((m) => m.key === mark.key)) end += 1;
      if (end > bestEnd) [best, bestEnd] = [mark, end];
    }
    if (best === undefined) {
      out.push(...run.nodes);
      i += 1;
      continue;
    }
    const key = best.key;
    const inner = runs.slice(i, bestEnd).map((r) => ({ ...r, marks: r.marks.filter((m) => m.key !== key) }));
    out.push(...wrap(best, nest(inner)));
    i = bestEnd;
  }
  return out;
}
