import { ToolInputError } from '../mcp/errors.js';
import { toRichText } from './content.js';

import type { JiraClient } from './client.js';
import type { FieldInfo } from './metadata.js';

// Values for fields, from what a caller naturally writes to what Jira's API wants for the field's
// type: "5" -> 5 for a number, "High" -> {name} for a priority, "S1" -> {value} for a select,
// "EU / Frankfurt" -> {value, child} for a cascading select, an email -> {accountId}, Markdown ->
// ADF (Cloud) or wiki markup (Server/DC) for rich text. Raw Jira JSON objects pass through.

const RICH_SYSTEM = new Set(['description', 'environment']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRich(field: FieldInfo): boolean {
  return RICH_SYSTEM.has(field.id) || (field.schema?.custom?.endsWith(':textarea') ?? false);
}

function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value.split(',').map((item) => item.trim()).filter(Boolean);
  return [value];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Converts one value for one field; `label` names it in errors (e.g. "additional_fields.Severity"). */
export async function toFieldValue(client: JiraClient, field: FieldInfo, value: unknown, label: string, signal?: AbortSignal): Promise<unknown> {
  if (value === null) return null;
  const schema = field.schema ?? { type: 'any' };
  const fail = (expected: string): never => {
    throw new ToolInputError(`${label}: ${field.name} (${field.id}) takes ${expected}; got ${JSON.stringify(value)}`);
  };
  if (isRich(field)) {
    if (isObject(value) && value.type === 'doc' && client.cloud) return value;
    if (typeof value !== 'string') return fail('Markdown text');
    return toRichText(client.cloud, value);
  }
  const custom = schema.custom?.split(':')[1];
  if (custom === 'gh-sprint') {
    const id = Number(Array.isArray(value) ? value[0] : value);
    return Number.isInteger(id) && id > 0 ? id : fail('a sprint id (number), e.g. 42');
  }
  if (custom === 'gh-epic-link') return typeof value === 'string' ? value.toUpperCase() : fail('an epic key, e.g. \'PROJ-1\'');
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fail('text');
    case 'number': {
      const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      return Number.isFinite(number) ? number : fail('a number');
    }
    case 'date':
      return typeof value === 'string' && DATE.test(value) ? value : fail('a date YYYY-MM-DD');
    case 'datetime': {
      if (typeof value !== 'string' || Number.isNaN(new Date(value).getTime())) return fail('a date-time, e.g. \'2026-11-30T17:00:00+01:00\'');
      return new Date(value).toISOString().replace('Z', '+0000');
    }
    case 'option':
      return isObject(value) ? value : typeof value === 'string' ? { value } : fail('an option value');
    case 'option-with-child': {
      if (isObject(value)) return value;
      if (typeof value !== 'string') return fail('\'Parent / Child\' option values');
      const [parent, child] = value.split(/\s*[/>]\s*/);
      return { value: parent, ...(child ? { child: { value: child } } : {}) };
    }
    case 'user':
      return isObject(value) ? value : typeof value === 'string' ? client.users.ref(value, signal) : fail('a user (accountId, email or username)');
    case 'priority': case 'resolution': case 'issuetype': case 'version': case 'component': case 'status':
      return isObject(value) ? value : typeof value === 'string' ? { name: value } : fail('a name');
    case 'project':
      return isObject(value) ? value : typeof value === 'string' ? { key: value.toUpperCase() } : fail('a project key');
    case 'issuelink':
      return isObject(value) ? value : typeof value === 'string' ? { key: value.toUpperCase() } : fail('an issue key');
    case 'array': {
      const items = list(value);
      switch (schema.items) {
        case 'string': return items.map((item) => (typeof item === 'string' ? item : fail('a list of strings')));
        case 'option': return items.map((item) => (isObject(item) ? item : { value: String(item) }));
        case 'component': case 'version': return items.map((item) => (isObject(item) ? item : { name: String(item) }));
        case 'user': return Promise.all(items.map((item) => (isObject(item) ? item : client.users.ref(String(item), signal))));
        default: return items;
      }
    }
    default:
      return value;
  }
}

/**
 * `additional_fields` ({name or id: value}) as Jira field ids with converted values. Names are resolved
 * through the cached field list (an ambiguous name is refused with the candidates).
 */
export async function resolveFieldValues(client: JiraClient, values: Record<string, unknown> | undefined, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [ref, value] of Object.entries(values ?? {})) {
    const field = await client.meta.resolveField(ref, signal);
    out[field.id] = await toFieldValue(client, field, value, `additional_fields.${ref}`, signal);
  }
  return out;
}

