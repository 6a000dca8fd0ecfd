import { z } from 'zod';

import { storageToMarkdown } from '../../convert/storage/to-markdown.js';
import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { shortDateTime, untrusted } from '../../mcp/result.js';
import { confluence } from './common.js';


export const CONFLUENCE_GET_PAGE = 'confluence_get_page';

export const confluenceGetPage = defineTool({
  name: CONFLUENCE_GET_PAGE,
  title: 'Get a Confluence page',
  description: 'Read one page by page_id, or by space_key + exact title: title, space, version, URL and the body as Markdown ' +
    '(macros shown as readable markers). Use confluence_search to find a page first.',
  product: 'confluence',
  toolset: 'confluence_pages',
  kind: 'read',
  input: {
    page_id: z.string().regex(/^\d+$/, 'a numeric page id').optional().describe('Page id, e.g. \'123456\''),
    space_key: z.string().min(1).max(255).optional().describe('Space key, with title, e.g. \'DOC\''),
    title: z.string().min(1).max(255).optional().describe('Exact page title, with space_key, e.g. \'Release Notes\''),
  },
  output: {
    id: z.string(),
    title: z.string(),
    space_key: z.string(),
    version: z.number(),
    url: z.string(),
    updated: z.string().optional(),
    body: z.string().describe('Markdown'),
  },
  async handler({ page_id, space_key, title }, context) {
    const client = confluence(context);
    if (!page_id && !(space_key && title)) {
      throw new ToolInputError('Give page_id, or space_key together with title.');
    }
    if (page_id && (space_key || title)) {
      throw new ToolInputError('Give either page_id or space_key + title, not both.');
    }
    const page = await client.getPage(page_id ? { pageId: page_id } : { spaceKey: space_key!, title: title! }, context.signal);
    const body = storageToMarkdown(page.storage);
    const facts = [`Space ${page.spaceKey}${page.spaceName ? ` (${page.spaceName})` : ''}`, `page ${page.id}`, `version ${page.version}`,
      page.updated ? `updated ${shortDateTime(page.updated)}${page.updatedBy ? ` by ${page.updatedBy}` : ''}` : ''].filter(Boolean);
    const text = [`# ${page.title}`, facts.join(' · '), `URL: ${page.url}`, '',
      body ? untrusted(`Confluence page ${page.id} body`, body) : '(empty page)'].join('\n');
    return {
      text,
      data: { id: page.id, title: page.title, space_key: page.spaceKey, version: page.version, url: page.url, updated: page.updated, body },
    };
  },
});
