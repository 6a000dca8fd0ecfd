import { createHash } from 'node:crypto';

import { z } from 'zod';

import { quote } from '../../atlassian/query.js';
import { defineTool } from '../../mcp/define-tool.js';
import { pageSummary, shortDate, untrusted } from '../../mcp/result.js';
import { labelName } from '../api/labels.js';
import { confluence, cursorArg, listCursor, pageIdArg, readListCursor } from './common.js';

import type { ToolContext } from '../../mcp/define-tool.js';

export const CONFLUENCE_GET_LABELS = 'confluence_get_labels';
export const CONFLUENCE_ADD_LABEL = 'confluence_add_label';
export const CONFLUENCE_REMOVE_LABEL = 'confluence_remove_label';
export const CONFLUENCE_FIND_PAGES_BY_LABEL = 'confluence_find_pages_by_label';

const labelArg = z.string().min(1).max(255).describe('Label, one word, e.g. \'runbook\'');
const labelsOut = { page_id: z.string(), labels: z.array(z.string()) };

function labelsText(pageId: string, labels: string[], lead: string): string {
  return `${lead}Labels on page ${pageId}: ${labels.length ? labels.join(', ') : '(none)'}`;
}

export const confluenceGetLabels = defineTool({
  name: CONFLUENCE_GET_LABELS,
  title: 'Get page labels',
  description: 'The labels of a page, in one line.',
  product: 'confluence',
  toolset: 'confluence_labels',
  kind: 'read',
  input: { page_id: pageIdArg },
  output: labelsOut,
  async handler({ page_id }, context) {
    const client = confluence(context);
    await client.pages.assertAllowed(page_id, context.signal);
    const labels = (await client.labels.list(page_id, context.signal)).map((label) => label.name);
    return { text: labelsText(page_id, labels, ''), data: { page_id, labels } };
  },
});

/** Adds or removes one label (inside CONFLUENCE_SPACES_FILTER), then reports the labels the page has. */
async function changeLabel(change: 'add' | 'remove', page_id: string, name: string, context: ToolContext) {
  const client = confluence(context);
  const label = labelName(name);
  await client.pages.assertAllowed(page_id, context.signal);
  await client.labels[change](page_id, label, context.signal);
  const labels = (await client.labels.list(page_id, context.signal)).map((entry) => entry.name);
  const done = change === 'add' ? `Added label "${label}" to` : `Removed label "${label}" from`;
  return { text: labelsText(page_id, labels, `${done} page ${page_id}.\n`), data: { page_id, labels } };
}

export const confluenceAddLabel = defineTool({
  name: CONFLUENCE_ADD_LABEL,
  title: 'Add a label',
  description: 'Add a label to a page (Confluence lowercases it); returns the page\'s labels.',
  product: 'confluence',
  toolset: 'confluence_labels',
  kind: 'write',
  input: { page_id: pageIdArg, name: labelArg },
  output: labelsOut,
  handler: ({ page_id, name }, context) => changeLabel('add', page_id, name, context),
});

export const confluenceRemoveLabel = defineTool({
  name: CONFLUENCE_REMOVE_LABEL,
  title: 'Remove a label',
  description: 'Remove a label from a page; returns the labels left.',
  product: 'confluence',
  toolset: 'confluence_labels',
  kind: 'write',
  input: { page_id: pageIdArg, name: labelArg },
  output: labelsOut,
  handler: ({ page_id, name }, context) => changeLabel('remove', page_id, name, context),
});

export const confluenceFindPagesByLabel = defineTool({
  name: CONFLUENCE_FIND_PAGES_BY_LABEL,
  title: 'Find pages by label',
  description: 'Pages with a label, newest first, optionally in one space.',
  product: 'confluence',
  toolset: 'confluence_labels',
  kind: 'read',
  input: {
    label: labelArg,
    space_key: z.string().min(1).max(255).optional().describe('Only this space, e.g. \'DOC\''),
    limit: z.number().int().min(1).max(50).default(25).describe('Pages to return'),
    cursor: cursorArg,
  },
  output: { pages: z.array(z.object({ id: z.string(), title: z.string(), space: z.string() })), cql: z.string(), cursor: z.string().optional() },
  async handler({ label, space_key, limit, cursor }, context) {
    const client = confluence(context);
    if (space_key) client.assertSpaceAllowed(space_key);
    const cql = `type = page AND label = ${quote(labelName(label))}${space_key ? ` AND space = ${quote(space_key)}` : ''} ORDER BY lastmodified DESC`;
    const scope = createHash('sha256').update(cql).digest('base64url').slice(0, 12);
    const page = await client.search({ cql, limit, next: readListCursor(CONFLUENCE_FIND_PAGES_BY_LABEL, scope, cursor), signal: context.signal });
    const next = listCursor(CONFLUENCE_FIND_PAGES_BY_LABEL, scope, page.next);
    const rows = page.results.map((result) => ({
      id: result.content?.id ?? '', title: result.content?.title ?? result.title, space: result.resultGlobalContainer?.title ?? '', updated: shortDate(result.lastModified),
    }));
    const lines = rows.map((row) => `- ${row.title} (id ${row.id} · ${row.space}${row.updated ? ` · ${row.updated}` : ''})`);
    return {
      text: `${lines.length ? `${untrusted(`pages labelled ${label}`, lines.join('\n'))}\n` : ''}${pageSummary(lines.length, 'page', next, page.total)}`,
      data: { pages: rows.map(({ id, title, space }) => ({ id, title, space })), cql, cursor: next },
    };
  },
});
