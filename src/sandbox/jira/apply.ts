import { FIELDS, ISSUE_TYPES, PRIORITIES, RESOLUTIONS, createFieldIds } from './catalog.js';
import { failed } from './site.js';

import type { RichText, SandboxHistoryItem, SandboxIssue } from '../data/jira.js';
import type { JiraSite } from './site.js';

// Field values from create/edit requests, checked the way Jira checks them (one message per bad
// field, Jira's wording) and applied to the sandbox issue, with the changelog items they produce.

type Named = { name?: unknown; id?: unknown; key?: unknown; value?: unknown };
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function named(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Named;
  for (const key of ['name', 'value', 'key', 'id'] as const) if (typeof record[key] === 'string') return record[key] as string;
  return undefined;
}

function item(id: string, from: string | null | undefined, to: string | null | undefined): SandboxHistoryItem {
  const field = FIELDS.find((candidate) => candidate.id === id);
  return {
    field: field?.schema.custom ? field.name : id, fieldtype: field?.schema.custom ? 'custom' : 'jira', fieldId: id,
    from: null, fromString: from ?? null, to: null, toString: to ?? null,
  };
}

export interface Applied {
  errors: Record<string, string>;
  items: SandboxHistoryItem[];
}

/** Applies one field's value; returns an error message, or undefined when applied. */
function applyOne(site: JiraSite, issue: SandboxIssue, id: string, value: unknown, userId: string, items: SandboxHistoryItem[]): string | undefined {
  const field = FIELDS.find((candidate) => candidate.id === id);
  const project = issue.project;
  switch (id) {
    case 'summary': {
      if (typeof value !== 'string' || value.trim() === '') return 'You must specify a summary of the issue.';
      if (value.length > 255) return 'Summary must be less than 255 characters.';
      items.push(item(id, issue.summary, value));
      issue.summary = value;
      return undefined;
    }
    case 'description': {
      const rich = site.richIn(value, id);
      if (failed(rich)) return (rich.body as { errors: Record<string, string> }).errors[id];
      items.push(item(id, site.plain(issue.description), site.plain(rich as RichText | null)));
      issue.description = rich as RichText | null;
      return undefined;
    }
    case 'assignee': case 'reporter': {
      const user = value === null ? undefined : site.userFrom(value as Record<string, unknown>);
      if (value !== null && !user) return site.cloud ? 'Specify a valid value for assignee' : `User '${named(value) ?? ''}' does not exist.`;
      if (id === 'reporter' && !user) return 'Reporter is required.';
      items.push(item(id, issue[id], user));
      if (id === 'assignee') issue.assignee = user;
      else issue.reporter = user!;
      return undefined;
    }
    case 'priority': {
      const name = named(value);
      const priority = PRIORITIES.find((candidate) => candidate.name === name || candidate.id === name);
      if (!priority) return `Specify a valid 'id' or 'name' for Priority`;
      items.push(item(id, issue.priority, priority.name));
      issue.priority = priority.name;
      return undefined;
    }
    case 'labels': {
      if (!Array.isArray(value) || value.some((label) => typeof label !== 'string')) return 'data was not an array';
      const bad = (value as string[]).find((label) => /\s/.test(label));
      if (bad !== undefined) return `The label '${bad}' contains spaces which is invalid.`;
      items.push(item(id, issue.labels.join(' '), value.join(' ')));
      issue.labels = [...new Set(value as string[])];
      return undefined;
    }
    case 'components': case 'fixVersions': {
      if (!Array.isArray(value)) return 'data was not an array';
      const pool = id === 'components' ? site.data.components : site.data.versions;
      const names: string[] = [];
      for (const entry of value) {
        const ref = named(entry);
        const found = pool.find((candidate) => candidate.project === project && (candidate.name === ref || candidate.id === ref));
        if (!found) return id === 'components' ? `Component name '${ref}' is not valid` : `Version name '${ref}' is not valid`;
        names.push(found.name);
      }
      items.push(item(id, issue[id].join(', '), names.join(', ')));
      issue[id] = names;
      return undefined;
    }
    case 'duedate': case 'customfield_10034': {
      if (value !== null && (typeof value !== 'string' || !DATE.test(value))) return `Error parsing date string: ${String(value)}`;
      const previous = id === 'duedate' ? issue.duedate : (issue.custom[id] as string | undefined);
      items.push(item(id, previous, value as string | null));
      if (id === 'duedate') issue.duedate = (value as string | null) ?? undefined;
      else issue.custom[id] = value;
      return undefined;
    }
    case 'parent': {
      const key = named(value);
      const target = key ? site.findIssue(key, userId) : undefined;
      if (!target) return `Could not find issue by id or key.`;
      if (issue.type === 'Sub-task') {
        if (target.type === 'Sub-task') return 'A sub-task cannot be the parent of another sub-task.';
        items.push(item(id, issue.parent, target.key));
        issue.parent = target.key;
      } else {
        if (!site.cloud) return 'Field \'parent\' cannot be set. It is not on the appropriate screen, or unknown.';
        if (target.type !== 'Epic') return `Issue type '${issue.type}' cannot have '${target.type}' as its parent.`;
        items.push(item(id, issue.epic, target.key));
        issue.epic = target.key;
      }
      return undefined;
    }
    case 'customfield_10014': {
      const target = typeof value === 'string' ? site.findIssue(value, userId) : undefined;
      if (value !== null && target?.type !== 'Epic') return `Issue '${String(value)}' is not an epic.`;
      items.push(item(id, issue.epic, target?.key));
      issue.epic = target?.key;
      return undefined;
    }
    case 'customfield_10020': {
      const sprint = site.data.sprints.find((candidate) => candidate.id === Number(value));
      if (value !== null && !sprint) return `Sprint with id ${String(value)} does not exist.`;
      items.push(item(id, issue.sprints.join(','), sprint ? String(sprint.id) : null));
      issue.sprints = sprint ? [sprint.id] : [];
      return undefined;
    }
    default:
      break;
  }
  if (!field?.schema.custom) return `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`;
  const kind = field.schema.custom.split(':')[1];
  const previous = JSON.stringify(issue.custom[id] ?? null);
  if (value === null) {
    delete issue.custom[id];
  } else if (kind === 'float') {
    if (typeof value !== 'number') return `Operation value must be a number`;
    issue.custom[id] = value;
  } else if (kind === 'textfield' || kind === 'gh-epic-label') {
    if (typeof value !== 'string') return 'Operation value must be a string';
    issue.custom[id] = value;
  } else if (kind === 'textarea') {
    const rich = site.richIn(value, id);
    if (failed(rich)) return (rich.body as { errors: Record<string, string> }).errors[id];
    issue.custom[id] = rich;
  } else if (kind === 'userpicker') {
    const user = site.userFrom(value as Record<string, unknown>);
    if (!user) return `Specify a valid value for ${field.name}`;
    issue.custom[id] = user;
  } else if (kind === 'select' || kind === 'multiselect' || kind === 'cascadingselect') {
    const pick = (entry: unknown) => field.options!.find((option) => option.value === (entry as Named)?.value || option.id === (entry as Named)?.id);
    const list = kind === 'multiselect' ? value : [value];
    if (!Array.isArray(list)) return 'data was not an array';
    const chosen = list.map(pick);
    if (chosen.some((option) => !option)) return `Specify a valid 'id' or 'name' for ${field.name}`;
    if (kind === 'cascadingselect') {
      const childRef = (value as { child?: Named }).child;
      const child = childRef ? chosen[0]!.children?.find((option) => option.value === childRef.value || option.id === childRef.id) : undefined;
      if (childRef && !child) return `Option value '${String(childRef.value ?? childRef.id)}' is not valid for ${chosen[0]!.value}`;
      issue.custom[id] = { value: chosen[0]!.value, id: chosen[0]!.id, ...(child ? { child: { value: child.value, id: child.id } } : {}) };
    } else {
      const options = chosen.map((option) => ({ value: option!.value, id: option!.id }));
      issue.custom[id] = kind === 'multiselect' ? options : options[0];
    }
  } else {
    return `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`;
  }
  items.push(item(id, previous, JSON.stringify(issue.custom[id] ?? null)));
  return undefined;
}

/** Applies `fields` (create or edit); fields outside the screen and bad values are reported together. */
export function applyFields(site: JiraSite, issue: SandboxIssue, fields: Record<string, unknown>, userId: string, screen: Set<string>): Applied {
  const errors: Record<string, string> = {};
  const items: SandboxHistoryItem[] = [];
  for (const [id, value] of Object.entries(fields)) {
    if (id === 'project' || id === 'issuetype') continue;
    if (!screen.has(id)) {
      errors[id] = `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`;
      continue;
    }
    const error = applyOne(site, issue, id, value, userId, items);
    if (error) errors[id] = error;
  }
  return { errors, items };
}

/** Applies `update` operations (add/remove/set) on list fields and comments. */
export function applyUpdate(site: JiraSite, issue: SandboxIssue, update: Record<string, unknown>, userId: string, screen: Set<string>): Applied {
  const errors: Record<string, string> = {};
  const items: SandboxHistoryItem[] = [];
  for (const [id, operations] of Object.entries(update)) {
    if (!Array.isArray(operations)) {
      errors[id] = 'Operations must be a list';
      continue;
    }
    if (id === 'comment') continue; // handled by the transition route
    if (!screen.has(id) || !['labels', 'components', 'fixVersions'].includes(id)) {
      errors[id] = `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`;
      continue;
    }
    let current = [...(issue[id as 'labels' | 'components' | 'fixVersions'])];
    for (const operation of operations as Record<string, unknown>[]) {
      const [verb, raw] = Object.entries(operation)[0] ?? [];
      const values = (verb === 'set' ? (raw as unknown[]) : [raw]).map((entry) => (typeof entry === 'string' ? entry : named(entry) ?? ''));
      if (verb === 'add') current.push(...values.filter((value) => !current.includes(value)));
      else if (verb === 'remove') current = current.filter((value) => !values.includes(value));
      else if (verb === 'set') current = values;
      else errors[id] = `Unsupported operation '${String(verb)}'`;
    }
    const error = applyOne(site, issue, id, id === 'labels' ? current : current.map((name) => ({ name })), userId, items);
    if (error) errors[id] = error;
  }
  return { errors, items };
}

export function screenFor(site: JiraSite, type: string, mode: 'create' | 'edit'): Set<string> {
  const ids = createFieldIds(type, site.cloud).map((field) => field.id);
  return new Set(mode === 'edit' ? ids.filter((id) => id !== 'project' && id !== 'issuetype') : ids);
}

export function requiredFor(site: JiraSite, type: string): string[] {
  return createFieldIds(type, site.cloud).filter((field) => field.required && field.id !== 'reporter').map((field) => field.id);
}

export function typeByRef(ref: unknown) {
  const name = named(ref);
  return ISSUE_TYPES.find((type) => type.name.toLowerCase() === name?.toLowerCase() || type.id === name);
}

export function resolutionByRef(ref: unknown) {
  const name = named(ref);
  return RESOLUTIONS.find((resolution) => resolution.name.toLowerCase() === name?.toLowerCase() || resolution.id === name);
}

