import { z } from 'zod';

import {
  SectionError, extractSection, markdownToStorage, mergeEditedMarkdownWithReport, paginateMarkdown, replaceSection, storageToMarkdown, unifiedDiff,
} from '../convert/storage/index.js';
import { ToolInputError } from '../mcp/errors.js';

import type { MergeReport } from '../convert/storage/index.js';
import type { NameLookup } from './api/users.js';

// The one place Confluence tools meet the storage-format converters (src/convert/storage): reading
// bodies as Markdown, writing Markdown as storage, merging an edit back losslessly, diffing versions.

export const contentFormatArg = z.enum(['markdown', 'storage']).default('markdown')
  .describe('storage is Confluence XHTML, e.g. \'storage\'');

/** Storage XHTML as Markdown; mentions named when `names` knows them. Also the editable form (with markers). */
export function readMarkdown(storage: string, names?: NameLookup): string {
  return storageToMarkdown(storage, names ? { userName: names } : {});
}

/** A body the caller wrote (a new page, a comment), as storage XHTML. */
export function bodyToStorage(body: string, format: 'markdown' | 'storage'): string {
  return format === 'storage' ? body : markdownToStorage(body);
}

/**
 * Edited Markdown applied to the storage it was read from: untouched blocks and every marker left in
 * place come back byte-identical. `names` must be what the read used, so unchanged mentions match.
 */
export function mergeMarkdown(storage: string, markdown: string, names?: NameLookup): MergeReport {
  return mergeEditedMarkdownWithReport(storage, markdown, names ? { userName: names } : {});
}

/** What a merge did, in one line, with a warning for each marker the edit dropped. */
export function describeMerge(report: Pick<MergeReport, 'kept' | 'changed' | 'removed' | 'removedPlaceholders'>): string {
  const counts = `${report.kept} block(s) kept byte-identical, ${report.changed} changed, ${report.removed} removed`;
  const dropped = report.removedPlaceholders.map((item) => `${item.kind} #${item.id}${item.note ? ` "${item.note}"` : ''}`);
  return dropped.length ? `${counts}. Removed with their markers: ${dropped.join(', ')}.` : `${counts}.`;
}

/** A unified diff of two Markdown texts; empty when they are equal. */
export function markdownDiff(before: string, after: string, from: string, to: string): string {
  return unifiedDiff(before, after, { from, to });
}

export interface PageSlice {
  body: string;
  /** Where the next piece starts, when the body continues. */
  nextOffset?: number;
  /** Which part of the page this is, when not all of it. */
  note?: string;
}

/** SectionError (a heading not found, or not unique) is the caller's to fix: its message lists the headings. */
function sectionError(error: unknown): never {
  if (error instanceof SectionError) {
    throw new ToolInputError(error.reason === 'ambiguous' ? `section: ${error.message}` : `section: ${error.message} Pass one of them exactly.`);
  }
  throw error;
}

/** A page body in the asked format, optionally one section, optionally a piece of at most maxChars. */
export function pageSlice(storage: string, options: {
  format: 'markdown' | 'storage'; section?: string; occurrence?: number; maxChars?: number; offset: number; names?: NameLookup;
}): PageSlice {
  if (options.format === 'storage') {
    // Pieces of XHTML would not be well-formed, and sections are found through the Markdown reading.
    if (options.section || options.maxChars) throw new ToolInputError('section and max_chars work with format=markdown; format=storage returns the whole body.');
    return { body: storage };
  }
  const read = options.names ? { userName: options.names } : {};
  let body: string;
  let note: string | undefined;
  if (options.section) {
    try {
      const { markdown, section } = extractSection(storage, options.section, { ...read, occurrence: options.occurrence });
      body = markdown;
      note = `Section '${section.heading}' (h${section.depth}${section.path.length ? ` under '${section.path.join(' > ')}'` : ''}) only.`;
    } catch (error) {
      sectionError(error);
    }
  } else {
    body = storageToMarkdown(storage, read);
  }
  if (!options.maxChars) return { body, note };
  const piece = paginateMarkdown(body, options.maxChars, options.offset);
  const range = `Characters ${piece.offset}-${piece.offset + piece.text.length} of ${piece.totalChars}${options.section ? ' of the section' : ''}.`;
  return { body: piece.text, nextOffset: piece.nextOffset, note: note ? `${note} ${range}` : range };
}

/** The storage with the content under one heading replaced by Markdown; the rest byte-identical. */
export function replaceSectionMarkdown(storage: string, heading: string, markdown: string, options: { occurrence?: number; names?: NameLookup }): MergeReport {
  try {
    return replaceSection(storage, heading, markdown, { occurrence: options.occurrence, ...(options.names ? { userName: options.names } : {}) });
  } catch (error) {
    sectionError(error);
  }
}
