import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { listProjectStatuses, listStatuses } from '../api/meta.js';
import { jira, listText, projectKeyArg } from './common.js';

// Priorities and statuses: the values jira_update_issue, jira_transition_issue and JQL take.

export const jiraGetPriorities = defineTool({
  name: 'jira_get_priorities',
  title: 'Get priorities',
  description: 'Priorities a project\'s issues can take, highest first (Cloud priority schemes differ per project).',
  product: 'jira',
  toolset: 'jira_fields',
  kind: 'read',
  input: { project_key: projectKeyArg },
  output: { priorities: z.array(z.object({ id: z.string(), name: z.string() })) },
  async handler({ project_key }, context) {
    const client = jira(context);
    // The create screen lists the project's priorities on both flavors; Cloud's global lists are deprecated.
    const types = await client.meta.issueTypes(project_key, context.signal);
    const type = types.find((candidate) => !candidate.subtask) ?? types[0];
    const screen = type ? await client.meta.createFields(project_key, type.id, context.signal) : [];
    const values = screen.find((field) => field.fieldId === 'priority')?.allowedValues ?? [];
    const priorities = values.map((value) => value as { id?: string; name?: string }).map((value) => ({ id: String(value.id ?? ''), name: value.name ?? '' }));
    return { text: listText(priorities.map((priority) => `- ${priority.id}: ${priority.name}`), ['priority', 'priorities']), data: { priorities } };
  },
});

export const jiraGetStatuses = defineTool({
  name: 'jira_get_statuses',
  title: 'Get statuses',
  description: 'Statuses with their category; with project_key, those of each of its issue types.',
  product: 'jira',
  toolset: 'jira_fields',
  kind: 'read',
  input: { project_key: projectKeyArg.optional() },
  output: {
    statuses: z.array(z.object({ id: z.string(), name: z.string(), category: z.string(), issue_types: z.array(z.string()).optional() })),
  },
  async handler({ project_key }, context) {
    const client = jira(context);
    const category = (status: { statusCategory?: { name?: string; key?: string } }) => status.statusCategory?.name ?? status.statusCategory?.key ?? '';
    if (!project_key) {
      const statuses = (await listStatuses(client, context.signal)).map((status) => ({ id: status.id, name: status.name, category: category(status) }));
      return { text: listText(statuses.map((status) => `- ${status.id}: ${status.name} (${status.category})`), ['status', 'statuses']), data: { statuses } };
    }
    client.assertProjectAllowed(project_key);
    const byType = await listProjectStatuses(client, project_key.toUpperCase(), context.signal);
    const merged = new Map<string, { id: string; name: string; category: string; issue_types: string[] }>();
    for (const type of byType) {
      for (const status of type.statuses) {
        const entry = merged.get(status.id) ?? { id: status.id, name: status.name, category: category(status), issue_types: [] };
        entry.issue_types.push(type.name);
        merged.set(status.id, entry);
      }
    }
    const statuses = [...merged.values()];
    const every = byType.length;
    const lines = statuses.map((status) => `- ${status.id}: ${status.name} (${status.category})` +
      (status.issue_types.length === every ? '' : ` · ${status.issue_types.join(', ')}`));
    return { text: listText(lines, ['status', 'statuses']), data: { statuses } };
  },
});
