/**
 * Confluence storage format <-> Markdown: the API the Confluence tools use.
 *
 * Reading
 * - storageToMarkdown(storage, { userName? }): the page as Markdown. It is also the editable form:
 *   what Markdown cannot express appears as `<!-- confluence:… #n -->` placeholders.
 * - storageToMarkdownPage(storage, maxChars, offset, { userName? }): one piece of a large page's
 *   Markdown, cut between blocks, with the offset of the next piece (paginateMarkdown for any Markdown).
 * - splitSections(storage) / extractSection(storage, heading, { occurrence? }): the page's sections,
 *   or one of them; SectionError (reason 'not-found' | 'ambiguous', message lists the headings).
 *
 * Writing
 * - mergeEditedMarkdown(originalStorage, editedMarkdown): the storage to write back after an edit;
 *   untouched blocks and every placeholder left in place come back byte-identical.
 *   mergeEditedMarkdownWithReport adds what was kept, changed and removed.
 * - replaceSection(storage, heading, markdown, { occurrence? }): one section replaced, the rest
 *   byte-identical (same report).
 * - markdownToStorage(markdown): storage for a new page (nothing to preserve).
 *
 * History
 * - unifiedDiff(oldMarkdown, newMarkdown, { from, to, context }): `diff -u` text, '' when equal.
 */
export { unifiedDiff } from './diff.js';
export { markdownToStorage } from './from-markdown.js';
export { mergeEditedMarkdown, mergeEditedMarkdownWithReport } from './merge.js';
export { paginateMarkdown, storageToMarkdownPage } from './paginate.js';
export { SectionError, extractMarkdownSection, extractSection, replaceSection, splitSections } from './sections.js';
export { storageToEditableMarkdown, storageToMarkdown } from './to-markdown.js';

export type { Placeholder, StorageReadOptions, UserRef } from './context.js';
export type { DiffLabels } from './diff.js';
export type { MergeReport } from './merge.js';
export type { MarkdownPage } from './paginate.js';
export type { Section, SectionOptions } from './sections.js';
export type { EditableMarkdown } from './to-markdown.js';
