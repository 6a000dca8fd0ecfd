/** ADF as the writer produces it: plain JSON, ready to send. */

export interface AdfMark {
  type: string;
  attrs?: Record<string, unknown>;
}

export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  marks?: AdfMark[];
  text?: string;
}

export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

export function adfText(value: string, marks: AdfMark[] = []): AdfNode {
  return marks.length > 0 ? { type: 'text', text: value, marks } : { type: 'text', text: value };
}

export function adfParagraph(content: AdfNode[] = []): AdfNode {
  return { type: 'paragraph', content };
}

function sameMarks(a: AdfMark[] | undefined, b: AdfMark[] | undefined): boolean {
  if ((a?.length ?? 0) !== (b?.length ?? 0)) return false;
  return (a ?? []).every((mark, i) => JSON.stringify(mark) === JSON.stringify(b![i]));
}

/** Joins neighbouring text nodes with the same marks and drops empty ones. */
export function mergeText(nodes: AdfNode[]): AdfNode[] {
  const out: AdfNode[] = [];
  for (const node of nodes) {
    if (node.type === 'text' && !node.text) continue;
    const previous = out.at(-1);
    if (node.type === 'text' && previous?.type === 'text' && sameMarks(previous.marks, node.marks)) {
      out[out.length - 1] = { ...previous, text: previous.text! + node.text! };
    } else {
      out.push(node);
    }
  }
  return out;
}

/** Adds a mark to every text node that can carry it (code only combines with link). */
export function addMark(nodes: AdfNode[], mark: AdfMark): AdfNode[] {
  return nodes.map((node) => {
    if (node.type !== 'text') return node;
    const marks = node.marks ?? [];
    const coded = marks.some((m) => m.type === 'code');
    if ((coded && mark.type !== 'link') || marks.some((m) => m.type === mark.type)) return node;
    return { ...node, marks: [...marks, mark] };
  });
}

/** A media node where only inline content fits: a file as mediaInline, a web image as a link. */
export function mediaAsInline(media: AdfNode): AdfNode {
  const attrs = media.attrs ?? {};
  const alt = typeof attrs.alt === 'string' && attrs.alt ? { alt: attrs.alt } : {};
  if (attrs.type !== 'external') {
    return { type: 'mediaInline', attrs: { type: 'file', id: attrs.id, collection: attrs.collection ?? '', ...alt } };
  }
  const url = String(attrs.url ?? '');
  return adfText((alt.alt ?? url) || 'image', [{ type: 'link', attrs: { href: url } }]);
}

/** The inline content of a block, for places that take inline content only. */
export function inlineOf(block: AdfNode): AdfNode[] {
  if (block.type === 'mediaSingle' || block.type === 'mediaGroup') {
    return (block.content ?? []).filter((child) => child.type === 'media').map(mediaAsInline);
  }
  return block.content ?? [];
}
