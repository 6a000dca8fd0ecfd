import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { pageSummary, untrusted } from '../../mcp/result.js';
import { TemplatesApi } from '../api/templates.js';
import { readMarkdown } from '../convert.js';
import { confluence, cursorArg, listCursor, readListCursor } from './common.js';

import type { Template } from '../api/templates.js';

export const CONFLUENCE_GET_TEMPLATES = 'confluence_get_templates';
const TEMPLATES_PER_PAGE = 50;

export const templateIdArg = z.string().min(1).max(64).refine((id) => /^[\w-]+$/.test(id), 'a template id such as 393217').describe('Template id, e.g. \'393217\'');

const templateOut = z.object({ id: z.string(), name: z.string(), type: z.string().optional(), description: z.string().optional(), space_key: z.string().optional() });
const templateData = (t: Template) => ({ id: t.id, name: t.name, type: t.type, description: t.description, space_key: t.spaceKey });

export const confluenceGetTemplates = defineTool({
  name: CONFLUENCE_GET_TEMPLATES,
  title: 'Get page templates',
  description: 'Page templates (Cloud): global or a space\'s; template_id gives one\'s body as Markdown.',
  product: 'confluence',
  toolset: 'confluence_templates',
  kind: 'read',
  flavors: ['cloud'],
  input: {
    space_key: z.string().min(1).max(255).optional().describe('Space key, e.g. \'DOC\''),
    template_id: templateIdArg.optional(),
    cursor: cursorArg,
  },
  output: { templates: z.array(templateOut), body: z.string().optional(), cursor: z.string().optional() },
  async handler({ space_key, template_id, cursor }, context) {
    const client = confluence(context);
    const api = new TemplatesApi(client);
    if (template_id !== undefined) {
      if (space_key !== undefined || cursor !== undefined) throw new ToolInputError('template_id reads one template: omit space_key and cursor.');
      const template = await api.get(template_id, context.signal);
      const body = readMarkdown(template.storage ?? '', await client.users.mentionNames([template.storage ?? ''], context.signal));
      return {
        text: `Template ${template.id} (${template.type ?? 'page'}${template.spaceKey ? `, space ${template.spaceKey}` : ', global'}):\n` +
          untrusted(`template ${template.id}`, `# ${template.name}\n${template.description ? `${template.description}\n` : ''}\n${body}`) +
          '\nCreate a page from it with confluence_create_page and template_id.',
        data: { templates: [templateData(template)], body },
      };
    }
    const scope = space_key ?? '';
    const page = await api.list({ spaceKey: space_key, limit: TEMPLATES_PER_PAGE, next: readListCursor(CONFLUENCE_GET_TEMPLATES, scope, cursor) }, context.signal);
    const next = listCursor(CONFLUENCE_GET_TEMPLATES, scope, page.next);
    const lines = page.items.map((t) => `- [${t.id}] ${t.name}${t.type && t.type !== 'page' ? ` (${t.type})` : ''}${t.description ? ` — ${t.description}` : ''}`);
    const what = space_key ? `templates of space ${space_key}` : 'global templates';
    return {
      text: `${lines.length ? `${untrusted(what, lines.join('\n'))}\n` : ''}${pageSummary(lines.length, 'template', next)}`,
      data: { templates: page.items.map(templateData), cursor: next },
    };
  },
});
