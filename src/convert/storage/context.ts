import type { Element } from 'domhandler';
import type { BlockContent } from 'mdast';

/**
 * What reading a page body records besides its Markdown: the placeholders and
 * containers by number, and the exact storage of constructs that do have a
 * Markdown form (mentions, page links, statuses…), so that an update can put
 * back the original bytes for everything the agent left alone.
 */

/** A construct kept verbatim: the agent sees only its marker. */
export interface Placeholder {
  id: number;
  kind: string;
  note: string;
  storage: string;
  /** It sat inside a line of text (a paragraph, a cell), not between blocks. */
  inline: boolean;
}

/**
 * A run of blocks between two elements' tags (a page body, a layout cell, a
 * macro body), with where each block's source starts and ends.
 */
export interface Level {
  start: number;
  /** Whitespace and empty elements before the first block end here. */
  prefixEnd: number;
  end: number;
  segments: Segment[];
  /** The level's Markdown: its segments' Markdown joined by blank lines (layout.ts). */
  markdown?: string;
}

export interface Segment {
  start: number;
  /** Trailing whitespace and empty elements (kept with the block) start here. */
  contentEnd: number;
  end: number;
  blocks: BlockContent[];
  /** Set when the block is exactly one element. */
  element: Element | undefined;
  container: Container | undefined;
  /** Placeholder and container numbers handed out while reading this block. */
  firstId: number;
  lastId: number;
  /** This block's Markdown, as it appears in its level's (layout.ts). */
  markdown?: string;
}

/**
 * An element whose own tags Markdown cannot express but whose content it can
 * (layouts, expand and other macros with a body, panels, quotes). `pieces`
 * are the original bytes around the editable slots, so
 * `pieces[0] + slot0 + pieces[1] + … + pieces[n]` rebuilds it.
 */
export interface Container {
  id: number;
  kind: string;
  /** 'markers': open and close comments; 'quote': a blockquote, matched by its label. */
  style: 'markers' | 'quote';
  /** For quotes: `callout:info:Title`, `quote:Title` or `quote:`. */
  label: string;
  pieces: string[];
  slots: Level[];
  /** Marker numbers of the slots when there are several (layout cells). */
  slotIds: number[];
  element: Element;
  /** For markers: the marker lines (open, one per cell, close). */
  markers: { open: string; cells: string[]; close: string };
  /** Where each slot's Markdown sits in the container's Markdown (layout.ts). */
  slotRanges?: [number, number][];
  /** Where blocks (markers included) start in the container's Markdown. */
  blockStarts?: number[];
}

export interface UserRef {
  attribute: 'ri:account-id' | 'ri:userkey' | 'ri:username';
  value: string;
}

export interface StorageReadOptions {
  /** Display name for a mentioned user, when the caller has looked it up. */
  userName?: (user: UserRef) => string | undefined;
}

export class ReadContext {
  readonly placeholders = new Map<number, Placeholder>();
  readonly containers = new Map<number, Container>();
  readonly containerOf = new WeakMap<Element, Container>();
  /** List items read as levels (their content), for merging an edited item. */
  readonly itemLevels = new WeakMap<Element, Level>();
  /** Exact storage of constructs with a Markdown form, by that form's key, in document order. */
  readonly reuse = new Map<string, string[]>();
  private lastId = 0;
  maxTaskId = 0;

  constructor(readonly storage: string, readonly options: StorageReadOptions = {}) {}

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  get currentId(): number {
    return this.lastId;
  }

  /** Emoticons by the text they read as (an emoji, or `:name:`), for finding them in edited text. */
  readonly emoticons = new Set<string>();

  remember(key: string, storage: string | undefined): void {
    if (storage === undefined) return;
    if (key.startsWith('emoticon\n')) this.emoticons.add(key.slice('emoticon\n'.length));
    const list = this.reuse.get(key);
    if (list) list.push(storage);
    else this.reuse.set(key, [storage]);
  }
}
