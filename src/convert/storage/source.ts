import { DomHandler, isTag } from 'domhandler';
import { Parser } from 'htmlparser2';

import type { AnyNode, Document, Element } from 'domhandler';

/**
 * Parses storage format and remembers where every element sits in the
 * source, so an edit can copy untouched parts byte for byte.
 *
 * HTML mode because only that decodes named entities such as `&nbsp;`;
 * `recognizeCDATA` keeps `<![CDATA[…]]>` bodies of code macros as text, and
 * `recognizeSelfClosing` lets `<ri:page … />` close itself.
 */

export interface SourceRange {
  /** Offset of `<`. */
  start: number;
  /** Offset just after the start tag's `>`. */
  openEnd: number;
  /** Offset of the explicit end tag's `<`, when there is one. */
  closeStart: number | undefined;
  /** Offset just after the element (its end tag, or its own tag when self-closing). */
  end: number;
  /** The element and everything inside it close explicitly or by themselves: its bytes stand alone. */
  balanced: boolean;
}

// Kept on the element itself: a WeakMap lookup per element showed up in profiles of large pages.
const RANGE = Symbol('source range');
type Ranged = Element & { [RANGE]?: SourceRange };

const ranges = {
  get: (element: Element): SourceRange | undefined => (element as Ranged)[RANGE],
  set: (element: Element, range: SourceRange): void => {
    (element as Ranged)[RANGE] = range;
  },
};

interface ParserPosition {
  startIndex: number | null;
  endIndex: number | null;
}

class RangeHandler extends DomHandler {
  private position: ParserPosition | undefined;
  private readonly length: number;

  constructor(length: number) {
    super(undefined, { withStartIndices: true, withEndIndices: true });
    this.length = length;
  }

  override onparserinit(parser: ParserPosition): void {
    super.onparserinit(parser);
    this.position = parser;
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    super.onopentag(name, attribs);
    const element = this.tagStack.at(-1) as Element;
    const openEnd = Math.min((this.position?.endIndex ?? this.length - 1) + 1, this.length);
    ranges.set(element, { start: element.startIndex ?? 0, openEnd, closeStart: undefined, end: openEnd, balanced: true });
  }

  override onclosetag(_name?: string, implied?: boolean): void {
    const element = this.tagStack.at(-1) as Element;
    const range = ranges.get(element);
    super.onclosetag();
    if (!range) return;
    const at = this.position?.startIndex ?? this.length;
    const parserEnd = (this.position?.endIndex ?? this.length - 1) + 1;
    if (!implied) {
      range.closeStart = at;
      range.end = Math.min(parserEnd, this.length);
    } else if (parserEnd === range.openEnd) {
      // Self-closing or void: the start tag is the whole element.
      range.end = range.openEnd;
    } else {
      // Closed by another tag or by the end of input: no end tag of its own.
      range.end = Math.max(range.openEnd, Math.min(at, this.length));
      range.balanced = false;
    }
    if (range.balanced) {
      range.balanced = element.children.every((child) => !isTag(child) || ranges.get(child)?.balanced !== false);
    }
  }
}

export function parseStorage(storage: string): Document {
  const handler = new RangeHandler(storage.length);
  const parser = new Parser(handler, {
    xmlMode: false,
    recognizeCDATA: true,
    recognizeSelfClosing: true,
    decodeEntities: true,
  });
  parser.end(storage);
  return handler.root;
}

/** Where an element of a tree from `parseStorage` sits in its source. */
export function rangeOf(element: Element): SourceRange | undefined {
  return ranges.get(element);
}

/** The element's exact source, when it stands alone (balanced). */
export function sourceOf(element: Element, storage: string): string | undefined {
  const range = ranges.get(element);
  return range?.balanced ? storage.slice(range.start, range.end) : undefined;
}

/** Between the start and end tags, when the element has both. */
export function innerRange(element: Element): { start: number; end: number } | undefined {
  const range = ranges.get(element);
  return range?.closeStart !== undefined && range.balanced ? { start: range.openEnd, end: range.closeStart } : undefined;
}

/** Where a node starts; text and CDATA nodes get theirs from the parser too. */
export function startOf(node: AnyNode): number {
  return node.startIndex ?? 0;
}
