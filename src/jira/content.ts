import { markdownToAdf } from '../convert/adf/from-markdown.js';
import { markdownToWiki } from '../convert/wiki/from-markdown.js';

// Text a caller writes in Markdown, as the flavor stores rich text: an ADF document on Cloud
// (REST v3), wiki markup on Server/DC (REST v2). Used for every write of a description, comment,
// worklog comment or rich-text custom field.
export function toRichText(cloud: boolean, markdown: string): unknown {
  return cloud ? markdownToAdf(markdown) : markdownToWiki(markdown);
}
