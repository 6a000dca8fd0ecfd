import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { pageSummary, untrusted } from '../../mcp/result.js';
import { confluence, cursorArg, listCursor, readListCursor } from './common.js';

export const CONFLUENCE_LIST_SPACES = 'confluence_list_spaces';
export const CONFLUENCE_GET_SPACE = 'confluence_get_space';

const spaceKey = z.string().min(1).max(255).describe('Space key, e.g. \'DOC\'');

export const confluenceListSpaces = defineTool({
  name: CONFLUENCE_LIST_SPACES,
  title: 'List Confluence spaces',
  description: 'Spaces the account can see (within CONFLUENCE_SPACES_FILTER): key, name and type.',
  product: 'confluence',
  toolset: 'confluence_spaces',
  kind: 'read',
  input: {
    limit: z.number().int().min(1).max(100).default(25).describe('Spaces to return'),
    cursor: cursorArg,
  },
  output: { spaces: z.array(z.object({ key: z.string(), name: z.string(), type: z.string().optional() })), cursor: z.string().optional() },
  async handler({ limit, cursor }, context) {
    const page = await confluence(context).spaces.list({ limit, next: readListCursor(CONFLUENCE_LIST_SPACES, 'spaces', cursor) }, context.signal);
    const next = listCursor(CONFLUENCE_LIST_SPACES, 'spaces', page.next);
    const lines = page.items.map((space) => `- ${space.key}: ${space.name}${space.type && space.type !== 'global' ? ` (${space.type})` : ''}`);
    return {
      text: `${lines.length ? `${untrusted('space names', lines.join('\n'))}\n` : ''}${pageSummary(lines.length, 'space', next)}`,
      data: { spaces: page.items.map((space) => ({ key: space.key, name: space.name, type: space.type })), cursor: next },
    };
  },
});

export const confluenceGetSpace = defineTool({
  name: CONFLUENCE_GET_SPACE,
  title: 'Get a Confluence space',
  description: 'One space: name, type, status, description, home page and URL.',
  product: 'confluence',
  toolset: 'confluence_spaces',
  kind: 'read',
  input: { space_key: spaceKey },
  output: {
    key: z.string(), name: z.string(), type: z.string().optional(), description: z.string().optional(),
    homepage_id: z.string().optional(), homepage_title: z.string().optional(), url: z.string(),
  },
  async handler({ space_key }, context) {
    const space = await confluence(context).spaces.get(space_key, context.signal);
    const facts = [`Space ${space.key}`, space.type, space.status].filter(Boolean).join(' · ');
    const home = space.homepageId ? `Home page: ${space.homepageTitle ?? ''} (id ${space.homepageId})` : 'No home page';
    const text = [`# ${space.name}`, facts, `URL: ${space.url}`, home,
      space.description ? untrusted(`description of space ${space.key}`, space.description) : ''].filter(Boolean).join('\n');
    return {
      text,
      data: { key: space.key, name: space.name, type: space.type, description: space.description, homepage_id: space.homepageId, homepage_title: space.homepageTitle, url: space.url },
    };
  },
});
