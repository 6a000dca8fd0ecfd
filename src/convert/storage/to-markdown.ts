import { ReadContext } from './context.js';
import { layoutLevel } from './layout.js';
import { StorageReader } from './reader.js';
import { parseStorage } from './source.js';

import type { Level, Placeholder, StorageReadOptions } from './context.js';

/**
 * Confluence storage format to Markdown. The Markdown is also the editable
 * form: what Markdown cannot express appears as placeholders (markers.ts),
 * and mergeEditedMarkdown puts the original storage back for each one.
 */

export interface ReadStorage {
  markdown: string;
  ctx: ReadContext;
  level: Level;
}

export function readStorage(storage: string, options: StorageReadOptions = {}): ReadStorage {
  const source = typeof storage === 'string' ? storage : '';
  const ctx = new ReadContext(source, options);
  const level = new StorageReader(ctx).level(parseStorage(source), 0, source.length, 0);
  return { markdown: layoutLevel(level), ctx, level };
}

/** Converts a Confluence storage-format body to Markdown; never throws on malformed markup. */
export function storageToMarkdown(storage: string, options: StorageReadOptions = {}): string {
  return readStorage(storage, options).markdown;
}

export interface EditableMarkdown {
  markdown: string;
  /** What each placeholder number stands for, in document order. */
  placeholders: Placeholder[];
}

export function storageToEditableMarkdown(storage: string, options: StorageReadOptions = {}): EditableMarkdown {
  const { markdown, ctx } = readStorage(storage, options);
  return { markdown, placeholders: [...ctx.placeholders.values()] };
}
