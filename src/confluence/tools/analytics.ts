import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { PermissionsApi } from '../api/permissions.js';
import { confluence, pageIdArg } from './common.js';

export const CONFLUENCE_GET_PAGE_VIEWS = 'confluence_get_page_views';

export const confluenceGetPageViews = defineTool({
  name: CONFLUENCE_GET_PAGE_VIEWS,
  title: 'Get page views',
  description: 'How often a page was viewed, and by how many distinct people (Cloud only).',
  product: 'confluence',
  toolset: 'confluence_analytics',
  kind: 'read',
  flavors: ['cloud'],
  input: {
    page_id: pageIdArg,
    from_date: z.string().refine((day) => /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(day)), 'a day as YYYY-MM-DD').optional().describe('Since this day, e.g. \'2026-01-01\''),
  },
  output: { page_id: z.string(), views: z.number(), viewers: z.number(), from_date: z.string().optional() },
  async handler({ page_id, from_date }, context) {
    const since = from_date ? `${from_date}T00:00:00.000Z` : undefined;
    const { views, viewers } = await new PermissionsApi(confluence(context)).views(page_id, since, context.signal);
    return {
      text: `Page ${page_id}: ${views} view(s) by ${viewers} distinct viewer(s)${from_date ? ` since ${from_date}` : ''}.`,
      data: { page_id, views, viewers, from_date },
    };
  },
});
