/**
 * Confluence storage format <-> Markdown: the API the Confluence tools use.
 *
 * - storageToMarkdown(storage, { userName? }): the page as Markdown. It is also the editable form:
 *   what Markdown cannot express appears as `<!-- confluence:… #n -->` placeholders.
 * - mergeEditedMarkdown(originalStorage, editedMarkdown): the storage to write back after an edit;
 *   untouched blocks and every placeholder left in place come back byte-identical.
 *   mergeEditedMarkdownWithReport adds what was kept, changed and removed.
 * - markdownToStorage(markdown): storage for a new page (nothing to preserve).
 */
export { markdownToStorage } from './from-markdown.js';
export { mergeEditedMarkdown, mergeEditedMarkdownWithReport } from './merge.js';
export { storageToEditableMarkdown, storageToMarkdown } from './to-markdown.js';
export { unifiedDiff } from './diff.js';

export type { Placeholder, StorageReadOptions, UserRef } from './context.js';
export type { DiffLabels } from './diff.js';
export type { MergeReport } from './merge.js';
export type { EditableMarkdown } from './to-markdown.js';
