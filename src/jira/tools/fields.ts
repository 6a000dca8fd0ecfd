import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { pageSummary } from '../../mcp/result.js';
import { listFieldOptions } from '../api/meta.js';
import { describeType, normalizeName } from '../metadata.js';
import { jira, matching, projectKeyArg } from './common.js';

import type { JiraClient } from '../client.js';
import type { CreateFieldInfo, FieldInfo } from '../metadata.js';

// Field metadata tools: find a field by a fuzzy name, list a select field's options, and show what a
// project's create screen needs. All read the cached metadata (src/jira/metadata.ts).

/** How well a field name matches a keyword: exact, prefix, substring, all words, or a near miss. */
function score(field: FieldInfo, keyword: string): number {
  const name = normalizeName(field.name);
  const wanted = normalizeName(keyword);
  if (!wanted) return 1;
  if (name === wanted || field.id.toLowerCase() === keyword.toLowerCase()) return 100;
  if (name.startsWith(wanted)) return 80;
  if (name.includes(wanted)) return 60;
  if (field.id.toLowerCase().includes(keyword.toLowerCase())) return 50;
  const words = keyword.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length > 1 && words.every((word) => field.name.toLowerCase().includes(word))) return 40;
  return wanted.length >= 4 && editDistance(name.slice(0, wanted.length + 1), wanted) <= 2 ? 20 : 0;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** A create-screen allowed value as text: options by value, others by name. */
function allowedText(value: unknown): string {
  const record = (value ?? {}) as { value?: string; name?: string; key?: string; id?: string; children?: { value?: string }[] };
  const text = record.value ?? record.name ?? record.key ?? record.id ?? '';
  return record.children?.length ? `${text} (${record.children.map((child) => child.value).join(', ')})` : text;
}

async function createScreen(client: JiraClient, projectKey: string, issueType: string, signal?: AbortSignal): Promise<CreateFieldInfo[]> {
  const type = await client.meta.issueType(projectKey, issueType, signal);
  return client.meta.createFields(projectKey, type.id, signal);
}

const MAX_ALLOWED = 25;

function allowedList(field: CreateFieldInfo | undefined): string[] | undefined {
  if (!field?.allowedValues?.length) return undefined;
  return field.allowedValues.map(allowedText).filter(Boolean);
}

export const jiraSearchFields = defineTool({
  name: 'jira_search_fields',
  title: 'Search Jira fields',
  description: 'Find fields by approximate name: id, type and, with project_key + issue_type, allowed values. Use the id or name in additional_fields.',
  product: 'jira',
  toolset: 'jira_fields',
  kind: 'read',
  input: {
    keyword: z.string().default('').describe('Part of the name (\'\' lists all), e.g. \'story points\''),
    project_key: projectKeyArg.optional(),
    issue_type: z.string().optional().describe('With project_key: its create screen\'s values, e.g. \'Bug\''),
    limit: z.number().int().min(1).max(200).default(20).describe('Fields to return'),
  },
  output: {
    fields: z.array(z.object({ id: z.string(), name: z.string(), type: z.string(), allowed: z.array(z.string()).optional() })),
    returned: z.number(),
  },
  async handler({ keyword, project_key, issue_type, limit }, context) {
    const client = jira(context);
    if (Boolean(project_key) !== Boolean(issue_type)) throw new ToolInputError('project_key and issue_type go together: give both to see allowed values, or neither.');
    const fields = await client.meta.fields(context.signal);
    const screen = project_key && issue_type ? await createScreen(client, project_key, issue_type, context.signal) : [];
    const ranked = fields.map((field) => ({ field, score: score(field, keyword) })).filter((entry) => entry.score > 0)
      .sort((a, b) => b.score - a.score || a.field.name.localeCompare(b.field.name)).slice(0, limit);
    const rows = ranked.map(({ field }) => {
      const allowed = allowedList(screen.find((candidate) => candidate.fieldId === field.id));
      return { id: field.id, name: field.name, type: describeType(field), ...(allowed ? { allowed: allowed.slice(0, MAX_ALLOWED) } : {}) };
    });
    const lines = rows.map((row) => `- ${row.id} · ${row.name} (${row.type})${row.allowed ? `: ${row.allowed.join(' | ')}` : ''}`);
    return { text: [...lines, pageSummary(rows.length, 'field', undefined)].join('\n'), data: { fields: rows, returned: rows.length } };
  },
});

export const jiraGetFieldOptions = defineTool({
  name: 'jira_get_field_options',
  title: 'Get a field\'s options',
  description: 'Allowed values of a select or cascading field (Cloud: of one context), or of any field of a create screen (project_key + issue_type).',
  product: 'jira',
  toolset: 'jira_fields',
  kind: 'read',
  input: {
    field_id: z.string().min(1).describe('Field id or name, e.g. \'customfield_10030\' or \'Severity\''),
    project_key: projectKeyArg.optional(),
    issue_type: z.string().optional().describe('With project_key: the create screen to read, e.g. \'Bug\''),
    context_id: matching(/^\d+$/, 'a numeric context id').optional().describe('Cloud field context (default global), e.g. \'10130\''),
    contains: z.string().optional().describe('Only options containing this text, e.g. \'crit\''),
    limit: z.number().int().min(1).max(1000).default(100).describe('Options to return'),
  },
  output: {
    field: z.string(),
    options: z.array(z.object({ id: z.string(), value: z.string(), parent: z.string().optional() })),
    returned: z.number(),
  },
  async handler({ field_id, project_key, issue_type, context_id, contains, limit }, context) {
    const client = jira(context);
    if (Boolean(project_key) !== Boolean(issue_type)) throw new ToolInputError('project_key and issue_type go together: give both, or neither.');
    const field = await client.meta.resolveField(field_id, context.signal);
    let options: { id: string; value: string; parent?: string }[];
    if (project_key && issue_type) {
      const screen = await createScreen(client, project_key, issue_type, context.signal);
      const entry = screen.find((candidate) => candidate.fieldId === field.id);
      if (!entry) throw new ToolInputError(`${field.name} (${field.id}) is not on the ${issue_type} create screen of ${project_key.toUpperCase()}.`);
      options = (entry.allowedValues ?? []).flatMap((value) => {
        const record = value as { id?: string; children?: { id?: string; value?: string }[] };
        const parent = allowedText({ ...record, children: undefined });
        return [{ id: String(record.id ?? ''), value: parent },
          ...(record.children ?? []).map((child) => ({ id: String(child.id ?? ''), value: child.value ?? '', parent }))];
      });
    } else {
      if (!field.schema?.custom || !/select|radiobuttons|checkboxes/.test(field.schema.custom)) {
        throw new ToolInputError(`${field.name} (${field.id}) has no option list of its own; pass project_key and issue_type to see the values a create screen allows.`);
      }
      options = await listFieldOptions(client, field.id, field.schema.customId, context_id, context.signal);
    }
    const needle = contains?.toLowerCase();
    const shown = options.filter((option) => !needle || option.value.toLowerCase().includes(needle)).slice(0, limit);
    const lines = shown.map((option) => `- ${option.id}: ${option.parent ? `${option.parent} / ` : ''}${option.value}`);
    return {
      text: [`${field.name} (${field.id}, ${describeType(field)})`, ...lines, pageSummary(shown.length, 'option', undefined)].join('\n'),
      data: { field: field.id, options: shown, returned: shown.length },
    };
  },
});

export const jiraGetCreateFields = defineTool({
  name: 'jira_get_create_fields',
  title: 'Get create fields',
  description: 'What creating an issue of a type in a project needs: required, then optional fields with types and allowed values; without issue_type, the project\'s fields.',
  product: 'jira',
  toolset: 'jira_fields',
  kind: 'read',
  input: {
    project_key: projectKeyArg,
    issue_type: z.string().min(1).optional().describe('Issue type name or id, e.g. \'Bug\''),
  },
  output: {
    fields: z.array(z.object({
      id: z.string(), name: z.string(), required: z.boolean(), type: z.string(), allowed: z.array(z.string()).optional(),
      issue_types: z.array(z.string()).optional(), required_in: z.array(z.string()).optional(),
    })),
  },
  async handler({ project_key, issue_type }, context) {
    const client = jira(context);
    if (issue_type === undefined) return projectFields(client, project_key, context.signal);
    const screen = await createScreen(client, project_key, issue_type, context.signal);
    const rows = [...screen].sort((a, b) => Number(b.required) - Number(a.required)).map((field) => {
      const allowed = allowedList(field);
      const type = `${describeType(field)}${field.required && field.hasDefaultValue ? ', has a default' : ''}`;
      return { id: field.fieldId, name: field.name, required: field.required, type, ...(allowed ? { allowed: allowed.slice(0, MAX_ALLOWED) } : {}) };
    });
    const line = (row: (typeof rows)[number]) => `- ${row.id} · ${row.name} (${row.type})${row.allowed ? `: ${row.allowed.join(' | ')}` : ''}`;
    const required = rows.filter((row) => row.required);
    const text = [`# ${project_key.toUpperCase()} ${issue_type}: ${required.length} required, ${rows.length - required.length} optional`,
      '## Required', ...required.map(line), '## Optional', ...rows.filter((row) => !row.required).map(line)].join('\n');
    return { text, data: { fields: rows } };
  },
});

/**
 * The fields of all of a project's create screens, each once: which issue types have it and which
 * require it. Allowed values are left out (they differ per type); ask with issue_type for them.
 */
async function projectFields(client: JiraClient, projectKey: string, signal: AbortSignal) {
  const types = await client.meta.issueTypes(projectKey, signal);
  const byId = new Map<string, { field: CreateFieldInfo; types: string[]; requiredIn: string[] }>();
  for (const type of types) {
    for (const field of await client.meta.createFields(projectKey, type.id, signal)) {
      const entry = byId.get(field.fieldId) ?? { field, types: [], requiredIn: [] };
      entry.types.push(type.name);
      if (field.required) entry.requiredIn.push(type.name);
      byId.set(field.fieldId, entry);
    }
  }
  const everywhere = (list: string[]) => list.length === types.length;
  const rows = [...byId.values()]
    .sort((a, b) => b.requiredIn.length - a.requiredIn.length || b.types.length - a.types.length || a.field.name.localeCompare(b.field.name))
    .map(({ field, types: on, requiredIn }) => ({
      id: field.fieldId, name: field.name, required: everywhere(requiredIn), type: describeType(field), issue_types: on, required_in: requiredIn,
    }));
  const where = (list: string[]) => (everywhere(list) ? 'all types' : list.join(', '));
  const lines = rows.map((row) => `- ${row.id} · ${row.name} (${row.type}) · on ${where(row.issue_types)}` +
    `${row.required_in.length ? ` · required in ${where(row.required_in)}` : ''}`);
  const text = [`# ${projectKey.toUpperCase()}: ${rows.length} fields across ${types.length} issue types (${types.map((type) => type.name).join(', ')})`,
    ...lines, 'Allowed values: call again with issue_type.'].join('\n');
  return { text, data: { fields: rows } };
}
