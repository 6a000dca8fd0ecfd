import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { buildFields, commonFieldArgs } from '../fields-input.js';
import { fieldMarkdown, fieldText } from '../format.js';
import { describeType } from '../metadata.js';
import { issueKeyArg, jira, projectKeyArg, writeOutput, writeText } from './common.js';

import type { JiraClient, RawIssue } from '../client.js';
import type { FieldArgs } from '../fields-input.js';

// Creating and changing issues. Both report what they did: the key, id and URL, and per field the
// value set (create) or the value before and after (update, read back from Jira).

export const createInput = {
  project_key: projectKeyArg,
  issue_type: z.string().min(1).describe('Issue type name or id, e.g. \'Bug\''),
  summary: commonFieldArgs.summary,
  description: commonFieldArgs.description.optional(),
  assignee: commonFieldArgs.assignee.optional(),
  priority: commonFieldArgs.priority.optional(),
  labels: commonFieldArgs.labels.optional(),
  components: commonFieldArgs.components.optional(),
  fix_versions: commonFieldArgs.fix_versions.optional(),
  due_date: commonFieldArgs.due_date.optional(),
  parent: commonFieldArgs.parent.optional(),
  additional_fields: commonFieldArgs.additional_fields.optional(),
};
export type CreateArgs = z.infer<z.ZodObject<typeof createInput>>;

/** "priority: High" lines for what a create sets. */
function describeArgs(args: FieldArgs & { issue_type?: string }): string[] {
  const lines: string[] = [];
  if (args.issue_type) lines.push(`type: ${args.issue_type}`);
  if (args.description) lines.push(`description: ${args.description.length} characters of Markdown`);
  if (args.assignee) lines.push(`assignee: ${args.assignee}`);
  if (args.priority) lines.push(`priority: ${args.priority}`);
  if (args.labels?.length) lines.push(`labels: ${args.labels.join(', ')}`);
  if (args.components?.length) lines.push(`components: ${args.components.join(', ')}`);
  if (args.fix_versions?.length) lines.push(`fix versions: ${args.fix_versions.join(', ')}`);
  if (args.due_date) lines.push(`due date: ${args.due_date}`);
  if (args.parent) lines.push(`parent: ${args.parent.toUpperCase()}`);
  for (const [name, value] of Object.entries(args.additional_fields ?? {})) lines.push(`${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return lines;
}

/** The create payload for one issue, after checking the create screen's required fields are given. */
export async function prepareCreate(client: JiraClient, args: CreateArgs, signal?: AbortSignal): Promise<{ fields: Record<string, unknown>; type: string }> {
  client.assertProjectAllowed(args.project_key);
  const project = args.project_key.toUpperCase();
  const type = await client.meta.issueType(project, args.issue_type, signal);
  const fields = await buildFields(client, args, type.subtask, signal);
  const screen = await client.meta.createFields(project, type.id, signal);
  const missing = screen.filter((field) => field.required && !field.hasDefaultValue && !['project', 'issuetype'].includes(field.fieldId) &&
    (fields[field.fieldId] === undefined || fields[field.fieldId] === null));
  if (missing.length) {
    const described = missing.map((field) => {
      const allowed = (field.allowedValues ?? []).slice(0, 10).map((value) => fieldText(value)).filter(Boolean);
      return `${field.name} (${field.fieldId}, ${describeType(field)}${allowed.length ? `: ${allowed.join(' | ')}` : ''})`;
    });
    throw new ToolInputError(`A ${type.name} in ${project} also needs: ${described.join('; ')}. ` +
      `Pass them in additional_fields, e.g. {"${missing[0]!.name}": ...}.`);
  }
  return { fields: { project: { key: project }, issuetype: { id: type.id }, ...fields }, type: type.name };
}

export const jiraCreateIssue = defineTool({
  name: 'jira_create_issue',
  title: 'Create a Jira issue',
  description: 'Create an issue (other fields by name in additional_fields); missing required fields are named before anything is sent.',
  product: 'jira',
  toolset: 'jira_issues',
  kind: 'write',
  input: createInput,
  output: writeOutput,
  async handler(args, context) {
    const client = jira(context);
    const { fields, type } = await prepareCreate(client, args, context.signal);
    const created = await client.call(z.object({ id: z.string(), key: z.string() }), {
      method: 'POST', path: `${client.api}/issue`, json: { fields }, subject: 'the new issue', signal: context.signal,
    });
    const url = client.browseUrl(created.key);
    const changed = describeArgs({ ...args, issue_type: type });
    return { text: writeText(`Created ${created.key} (id ${created.id}): ${args.summary}`, url, changed), data: { key: created.key, id: created.id, url, changed } };
  },
});

/** A field's value as text for before/after comparisons; rich text as Markdown. */
function valueOf(issue: RawIssue, field: string): string {
  return fieldMarkdown(field, issue.fields[field], issue.schema?.[field]);
}

export const jiraUpdateIssue = defineTool({
  name: 'jira_update_issue',
  title: 'Update a Jira issue',
  description: 'Change an issue\'s fields, reporting each before and after (status: jira_transition_issue).',
  product: 'jira',
  toolset: 'jira_issues',
  kind: 'write',
  input: {
    issue_key: issueKeyArg,
    summary: commonFieldArgs.summary.optional(),
    description: commonFieldArgs.description.optional(),
    assignee: commonFieldArgs.assignee.optional(),
    priority: commonFieldArgs.priority.optional(),
    labels: commonFieldArgs.labels.optional(),
    add_labels: z.array(z.string().min(1)).max(100).optional().describe('Labels to add, e.g. [\'ui\']'),
    remove_labels: z.array(z.string().min(1)).max(100).optional().describe('Labels to remove, e.g. [\'ui\']'),
    components: commonFieldArgs.components.optional(),
    fix_versions: commonFieldArgs.fix_versions.optional(),
    due_date: commonFieldArgs.due_date.optional(),
    parent: commonFieldArgs.parent.optional(),
    additional_fields: commonFieldArgs.additional_fields.optional(),
  },
  output: writeOutput,
  async handler({ issue_key, add_labels, remove_labels, ...args }, context) {
    const client = jira(context);
    if (args.labels && (add_labels || remove_labels)) throw new ToolInputError('Give labels (replace all) or add_labels / remove_labels, not both.');
    const before = await client.getIssue(issue_key.toUpperCase(), ['*navigable'], { names: true, signal: context.signal });
    const subtask = (before.fields.issuetype as { subtask?: boolean } | undefined)?.subtask ?? false;
    const fields = await buildFields(client, args, subtask, context.signal);
    const update: Record<string, unknown> = {};
    if (add_labels || remove_labels) {
      update.labels = [...(add_labels ?? []).map((label) => ({ add: label })), ...(remove_labels ?? []).map((label) => ({ remove: label }))];
    }
    if (Object.keys(fields).length === 0 && Object.keys(update).length === 0) throw new ToolInputError('Nothing to change: give at least one field.');
    await client.send({
      method: 'PUT', path: `${client.api}/issue/${encodeURIComponent(before.key)}`,
      json: { ...(Object.keys(fields).length ? { fields } : {}), ...(Object.keys(update).length ? { update } : {}) },
      subject: `issue ${before.key}`, signal: context.signal,
    });
    const after = await client.getIssue(before.key, ['*navigable'], { names: true, signal: context.signal });
    const touched = [...Object.keys(fields), ...(update.labels ? ['labels'] : [])];
    const names = { ...before.names, ...after.names };
    const changed = [...new Set(touched)].flatMap((field) => {
      const [from, to] = [valueOf(before, field), valueOf(after, field)];
      if (from === to) return [];
      const name = names[field] ?? field;
      return field === 'description' || to.includes('\n') || from.length > 120 || to.length > 120
        ? [`${name}: updated (${from.length} → ${to.length} characters)`]
        : [`${name}: ${from || '∅'} → ${to || '∅'}`];
    });
    const url = client.browseUrl(before.key);
    return {
      text: writeText(`Updated ${before.key}${changed.length ? '' : ' (no field changed)'}.`, url, changed),
      data: { key: before.key, id: before.id, url, changed },
    };
  },
});

export const jiraDeleteIssue = defineTool({
  name: 'jira_delete_issue',
  title: 'Delete a Jira issue',
  description: 'Permanently delete an issue (and, with delete_subtasks, its sub-tasks).',
  product: 'jira',
  toolset: 'jira_issues',
  kind: 'destructive',
  input: {
    issue_key: issueKeyArg,
    delete_subtasks: z.boolean().default(false).describe('Required when it has sub-tasks, e.g. true'),
  },
  output: writeOutput,
  async handler({ issue_key, delete_subtasks }, context) {
    const client = jira(context);
    const issue = await client.requireIssue(issue_key.toUpperCase(), context.signal);
    await client.send({
      method: 'DELETE', path: `${client.api}/issue/${encodeURIComponent(issue.key)}`, searchParams: { deleteSubtasks: String(delete_subtasks) },
      subject: `issue ${issue.key}`, signal: context.signal,
    });
    const changed = [`deleted ${issue.key}: ${issue.summary}${delete_subtasks ? ' (with its sub-tasks)' : ''}`];
    const url = client.browseUrl(issue.key);
    return { text: writeText(`Deleted ${issue.key}.`, url, changed), data: { key: issue.key, id: issue.id, url, changed } };
  },
});

export const jiraAssignIssue = defineTool({
  name: 'jira_assign_issue',
  title: 'Assign a Jira issue',
  description: 'Assign or unassign an issue; reports the previous assignee.',
  product: 'jira',
  toolset: 'jira_issues',
  kind: 'write',
  input: { issue_key: issueKeyArg, assignee: commonFieldArgs.assignee },
  output: writeOutput,
  async handler({ issue_key, assignee }, context) {
    const client = jira(context);
    const before = await client.getIssue(issue_key.toUpperCase(), ['assignee', 'project'], { signal: context.signal });
    const path = `${client.api}/issue/${encodeURIComponent(before.key)}`;
    if (assignee.trim() === '') {
      // The assignee endpoint's documented body has no null; unassigning goes through an edit.
      await client.send({ method: 'PUT', path, json: { fields: { assignee: null } }, subject: `issue ${before.key}`, signal: context.signal });
    } else {
      const ref = await client.users.ref(assignee, context.signal);
      await client.send({ method: 'PUT', path: `${path}/assignee`, json: ref, subject: `issue ${before.key}`, signal: context.signal });
    }
    const after = await client.getIssue(before.key, ['assignee'], { signal: context.signal });
    const changed = [`assignee: ${fieldText(before.fields.assignee) || 'unassigned'} → ${fieldText(after.fields.assignee) || 'unassigned'}`];
    const url = client.browseUrl(before.key);
    return { text: writeText(`Assigned ${before.key}.`, url, changed), data: { key: before.key, id: before.id, url, changed } };
  },
});
