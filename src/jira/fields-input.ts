import { z } from 'zod';

import { ToolInputError } from '../mcp/errors.js';
import { toRichText } from './content.js';
import { resolveFieldValues } from './values.js';

import type { JiraClient } from './client.js';

// The field vocabulary jira_create_issue, jira_update_issue and jira_batch_create_issues share: named
// arguments for the common fields, plus additional_fields by name or id, turned into Jira's `fields`.

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const commonFieldArgs = {
  summary: z.string().min(1).describe('Title, e.g. \'Login fails\''),
  description: z.string().describe('Markdown, e.g. \'## Steps\''),
  assignee: z.string().describe('\'me\', accountId, username or email (\'\' unassigns), e.g. \'me\''),
  priority: z.string().describe('Priority, e.g. \'High\''),
  labels: z.array(z.string().min(1)).max(100).describe('All labels, e.g. [\'backend\']'),
  components: z.array(z.string().min(1)).max(50).describe('Component names, e.g. [\'Web\']'),
  fix_versions: z.array(z.string().min(1)).max(50).describe('Fix versions, e.g. [\'2.4\']'),
  due_date: z.string().refine((value) => value === '' || DATE.test(value), 'a date YYYY-MM-DD, or \'\'').describe('YYYY-MM-DD (\'\' clears), e.g. \'2026-12-01\''),
  parent: z.string().describe('Parent or epic (Epic Link on DC), e.g. \'PROJ-1\''),
  additional_fields: z.record(z.string(), z.unknown())
    .describe('Other fields by name or id, e.g. {"Story Points": 5}'),
};

export interface FieldArgs {
  summary?: string;
  description?: string;
  assignee?: string;
  priority?: string;
  labels?: string[];
  components?: string[];
  fix_versions?: string[];
  due_date?: string;
  parent?: string;
  additional_fields?: Record<string, unknown>;
}

/**
 * Jira `fields` for the given arguments. `subtask` says whether the issue is a sub-task: its parent is
 * the `parent` field everywhere, while other issues' epic is `parent` on Cloud and Epic Link on Server/DC.
 */
export async function buildFields(client: JiraClient, args: FieldArgs, subtask: boolean, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const fields: Record<string, unknown> = {};
  if (args.summary !== undefined) fields.summary = args.summary;
  if (args.description !== undefined) fields.description = args.description === '' ? null : toRichText(client.cloud, args.description);
  if (args.assignee !== undefined) fields.assignee = args.assignee.trim() === '' ? null : await client.users.ref(args.assignee, signal);
  if (args.priority !== undefined) fields.priority = { name: args.priority };
  if (args.labels !== undefined) {
    const spaced = args.labels.find((label) => /\s/.test(label));
    if (spaced) throw new ToolInputError(`labels: '${spaced}' contains spaces; Jira labels are single words, e.g. '${spaced.replace(/\s+/g, '-')}'`);
    fields.labels = args.labels;
  }
  if (args.components !== undefined) fields.components = args.components.map((name) => ({ name }));
  if (args.fix_versions !== undefined) fields.fixVersions = args.fix_versions.map((name) => ({ name }));
  if (args.due_date !== undefined) fields.duedate = args.due_date === '' ? null : args.due_date;
  if (args.parent !== undefined) {
    if (!args.parent.trim()) throw new ToolInputError('parent: give an issue key, e.g. \'PROJ-1\'.');
    const key = await client.allowedKey(args.parent.trim(), signal);
    if (subtask || client.cloud) {
      fields.parent = { key };
    } else {
      const epicLink = (await client.meta.fields(signal)).find((field) => field.schema?.custom?.endsWith(':gh-epic-link'));
      if (!epicLink) throw new ToolInputError('parent: this Jira has no Epic Link field; only sub-tasks take a parent here.');
      fields[epicLink.id] = key;
    }
  }
  const extra = await resolveFieldValues(client, args.additional_fields, signal);
  for (const id of Object.keys(extra)) {
    if (id in fields) throw new ToolInputError(`additional_fields sets ${id}, which a named argument already sets; give it once.`);
  }
  return { ...fields, ...extra };
}
