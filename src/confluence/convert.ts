import { z } from 'zod';

import { storageToMarkdown } from '../convert/storage/to-markdown.js';
import { ToolInputError } from '../mcp/errors.js';

// The one place Confluence tools meet the storage-format converters (src/convert/storage).

export const contentFormatArg = z.enum(['markdown', 'storage']).default('markdown')
  .describe('markdown (default), or storage for Confluence XHTML, e.g. \'storage\'');

/** Storage XHTML to Markdown for reading (comments, versions). */
export function readMarkdown(storage: string): string {
  return storageToMarkdown(storage);
}

/** A body the caller wrote, as storage XHTML. */
export function bodyToStorage(body: string, format: 'markdown' | 'storage'): string {
  if (format === 'storage') return body;
  throw new ToolInputError('content_format=markdown is not available yet; pass storage XHTML with content_format=storage.');
}

/** A unified diff of two Markdown texts; empty when they are equal. */
export function markdownDiff(_before: string, _after: string, _fromLabel: string, _toLabel: string): string {
  throw new ToolInputError('Diffs are not available yet.');
}

/** Markdown (with its markers) of a page body, for reading and editing. */
export function editableMarkdown(storage: string): string {
  return storageToMarkdown(storage);
}

/** The edited Markdown merged back into the storage it was read from. */
export function mergeMarkdown(_storage: string, _markdown: string): string {
  throw new ToolInputError('Markdown edits are not available yet; pass storage XHTML with content_format=storage.');
}

/** The storage with the content under `heading` replaced. */
export function replaceSection(_storage: string, _heading: string, _content: string, _format: 'markdown' | 'storage'): string {
  throw new ToolInputError('Section updates are not available yet.');
}

export interface PageSlice {
  body: string;
  nextOffset?: number;
  note?: string;
}

/** A page body in the asked format, optionally one section, optionally a piece of at most maxChars. */
export function pageSlice(storage: string, options: { format: 'markdown' | 'storage'; section?: string; maxChars?: number; offset: number }): PageSlice {
  const body = options.format === 'storage' ? storage : editableMarkdown(storage);
  return { body };
}
