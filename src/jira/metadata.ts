import { z } from 'zod';

import { ToolInputError } from '../mcp/errors.js';

import type { JiraClient } from './client.js';

// Field metadata — the site's fields, each project's creatable issue types, and the create screen of a
// project + type — cached for a few minutes: it changes rarely and every write needs it. Custom fields
// are found by name here, and a name two fields share is refused with both candidates.

export const METADATA_TTL_MS = 5 * 60_000;

const schema = z.object({
  type: z.string().default('any'),
  items: z.string().optional(),
  system: z.string().optional(),
  custom: z.string().optional(),
  customId: z.number().optional(),
});

const field = z.object({
  id: z.string(),
  name: z.string(),
  custom: z.boolean().default(false),
  schema: schema.optional(),
  clauseNames: z.array(z.string()).default([]),
});
export type FieldInfo = z.infer<typeof field>;

const issueType = z.object({ id: z.string(), name: z.string(), subtask: z.boolean().default(false), description: z.string().optional() });
export type IssueTypeInfo = z.infer<typeof issueType>;

const createField = z.object({
  fieldId: z.string(),
  name: z.string(),
  required: z.boolean().default(false),
  schema: schema.optional(),
  allowedValues: z.array(z.unknown()).optional(),
  hasDefaultValue: z.boolean().optional(),
});
export type CreateFieldInfo = z.infer<typeof createField>;

// Cloud pages issue types under `issueTypes` and fields under `fields`; Server/DC both under `values`.
const typePage = z.object({ issueTypes: z.array(issueType).optional(), values: z.array(issueType).optional(), total: z.number().optional() });
const fieldPage = z.object({ fields: z.array(createField).optional(), values: z.array(createField).optional(), total: z.number().optional() });
const project = z.object({ id: z.string(), key: z.string(), name: z.string() });
export type ProjectInfo = z.infer<typeof project>;

class TtlCache<V> {
  readonly #entries = new Map<string, { at: number; value: Promise<V> }>();

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.#entries.get(key);
    if (hit && Date.now() - hit.at < METADATA_TTL_MS) return hit.value;
    const value = load();
    this.#entries.set(key, { at: Date.now(), value });
    // A failed load is not remembered: the next call asks again.
    value.catch(() => this.#entries.delete(key));
    return value;
  }
}

/** Normalises a name for matching: case, spaces and punctuation do not count. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

export class JiraMetadata {
  readonly #client: JiraClient;
  readonly #fields = new TtlCache<FieldInfo[]>();
  readonly #types = new TtlCache<IssueTypeInfo[]>();
  readonly #createFields = new TtlCache<CreateFieldInfo[]>();
  readonly #projects = new TtlCache<ProjectInfo>();

  constructor(client: JiraClient) {
    this.#client = client;
  }

  fields(signal?: AbortSignal): Promise<FieldInfo[]> {
    return this.#fields.get('all', () => this.#client.call(z.array(field), { path: `${this.#client.api}/field`, subject: 'the field list', signal }));
  }

  project(projectKey: string, signal?: AbortSignal): Promise<ProjectInfo> {
    const key = projectKey.toUpperCase();
    this.#client.assertProjectAllowed(key);
    return this.#projects.get(key, () => this.#client.call(project, { path: `${this.#client.api}/project/${encodeURIComponent(key)}`, subject: `project ${key}`, signal }));
  }

  /** The issue types a project can create (createmeta: not deprecated, paged). */
  issueTypes(projectKey: string, signal?: AbortSignal): Promise<IssueTypeInfo[]> {
    const key = projectKey.toUpperCase();
    this.#client.assertProjectAllowed(key);
    return this.#types.get(key, async () => {
      const page = await this.#client.call(typePage, {
        path: `${this.#client.api}/issue/createmeta/${encodeURIComponent(key)}/issuetypes`,
        searchParams: { maxResults: 200 }, subject: `project ${key}`, signal,
      });
      return page.issueTypes ?? page.values ?? [];
    });
  }

  /** An issue type of a project by name or id; an unknown one is refused with the valid names. */
  async issueType(projectKey: string, nameOrId: string, signal?: AbortSignal): Promise<IssueTypeInfo> {
    const types = await this.issueTypes(projectKey, signal);
    const found = types.find((type) => type.id === nameOrId) ?? types.find((type) => normalizeName(type.name) === normalizeName(nameOrId));
    if (!found) {
      throw new ToolInputError(`issue_type: '${nameOrId}' is not an issue type of ${projectKey.toUpperCase()}; ` +
        `valid: ${types.map((type) => type.name).join(', ')}.`);
    }
    return found;
  }

  /** The create screen of a project + issue type: which fields exist, which are required, allowed values. */
  createFields(projectKey: string, issueTypeId: string, signal?: AbortSignal): Promise<CreateFieldInfo[]> {
    const key = projectKey.toUpperCase();
    return this.#createFields.get(`${key}/${issueTypeId}`, async () => {
      const page = await this.#client.call(fieldPage, {
        path: `${this.#client.api}/issue/createmeta/${encodeURIComponent(key)}/issuetypes/${encodeURIComponent(issueTypeId)}`,
        searchParams: { maxResults: 200 }, subject: `the create fields of ${key}`, signal,
      });
      return page.fields ?? page.values ?? [];
    });
  }

  /**
   * A field by id, clause name or name (case and spacing ignored). Two fields with one name are
   * ambiguous: refused with both ids and types, so the caller can pick the id.
   */
  async resolveField(ref: string, signal?: AbortSignal): Promise<FieldInfo> {
    const fields = await this.fields(signal);
    const byId = fields.find((candidate) => candidate.id === ref || candidate.id === ref.toLowerCase());
    if (byId) return byId;
    const wanted = normalizeName(ref);
    const matches = fields.filter((candidate) => normalizeName(candidate.name) === wanted ||
      candidate.clauseNames.some((clause) => normalizeName(clause) === wanted));
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      throw new ToolInputError(`Field name '${ref}' is ambiguous: ${matches.map((m) => `${m.id} (${describeType(m)})`).join(', ')}. Use the id instead.`);
    }
    const near = fields.filter((candidate) => normalizeName(candidate.name).includes(wanted) || wanted.includes(normalizeName(candidate.name)))
      .slice(0, 5).map((candidate) => `${candidate.name} (${candidate.id})`);
    throw new ToolInputError(`No field named '${ref}'${near.length ? `; did you mean ${near.join(', ')}?` : '.'} Find fields with jira_search_fields.`);
  }
}

/** "number", "option", "array of option", with the custom type's short name when there is one. */
export function describeType(info: { schema?: FieldInfo['schema'] }): string {
  const s = info.schema;
  if (!s) return 'unknown';
  const base = s.type === 'array' ? `array of ${s.items ?? 'any'}` : s.type;
  const custom = s.custom?.split(':')[1];
  return custom ? `${base}, ${custom}` : base;
}
