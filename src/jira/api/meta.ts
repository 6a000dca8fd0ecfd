import { z } from 'zod';

import type { JiraClient } from '../client.js';

// Site and project metadata reads: projects, components, versions, statuses, priorities, link types,
// and the option lists of select fields.

export const projectRow = z.object({ id: z.string(), key: z.string(), name: z.string(), projectTypeKey: z.string().optional() });
export type ProjectRow = z.infer<typeof projectRow>;

const projectPage = z.object({ values: z.array(projectRow), total: z.number().optional(), isLast: z.boolean().optional() });

/** One page of projects. Cloud pages on the server (`project/search`); Server/DC answers with all of them. */
export async function listProjects(client: JiraClient, options: { query?: string; startAt: number; maxResults: number; signal?: AbortSignal }) {
  const allowed = client.allowedProjects;
  if (client.cloud) {
    const page = await client.call(projectPage, {
      path: 'rest/api/3/project/search',
      searchParams: { query: options.query, startAt: options.startAt, maxResults: options.maxResults, orderBy: 'key', keys: allowed.length ? allowed.join(',') : undefined },
      subject: 'the project list', signal: options.signal,
    });
    const total = page.total ?? page.values.length;
    return { projects: page.values, total, more: page.isLast === false || options.startAt + page.values.length < total };
  }
  const all = await client.call(z.array(projectRow), { path: 'rest/api/2/project', subject: 'the project list', signal: options.signal });
  const text = options.query?.toLowerCase();
  const matching = all.filter((project) => (!allowed.length || allowed.includes(project.key)) &&
    (!text || project.key.toLowerCase().includes(text) || project.name.toLowerCase().includes(text)));
  return {
    projects: matching.slice(options.startAt, options.startAt + options.maxResults),
    total: matching.length,
    more: options.startAt + options.maxResults < matching.length,
  };
}

export const component = z.object({
  id: z.string(), name: z.string(), description: z.string().optional(),
  lead: z.object({ displayName: z.string().optional() }).optional(),
});

export function listComponents(client: JiraClient, projectKey: string, signal?: AbortSignal) {
  return client.call(z.array(component), { path: `${client.api}/project/${encodeURIComponent(projectKey)}/components`, subject: `project ${projectKey}`, signal });
}

export const version = z.object({
  id: z.string(), name: z.string(), description: z.string().optional(), released: z.boolean().default(false),
  archived: z.boolean().default(false), startDate: z.string().optional(), releaseDate: z.string().optional(), overdue: z.boolean().optional(),
});
export type Version = z.infer<typeof version>;

export function listVersions(client: JiraClient, projectKey: string, signal?: AbortSignal) {
  return client.call(z.array(version), { path: `${client.api}/project/${encodeURIComponent(projectKey)}/versions`, subject: `project ${projectKey}`, signal });
}

export function createVersion(client: JiraClient, body: Record<string, unknown>, signal?: AbortSignal) {
  return client.call(version, { method: 'POST', path: `${client.api}/version`, json: body, subject: 'the new version', signal });
}

const category = z.object({ key: z.string().optional(), name: z.string().optional() });
export const status = z.object({ id: z.string(), name: z.string(), statusCategory: category.optional() });

export function listStatuses(client: JiraClient, signal?: AbortSignal) {
  return client.call(z.array(status), { path: `${client.api}/status`, subject: 'the status list', signal });
}

export function listProjectStatuses(client: JiraClient, projectKey: string, signal?: AbortSignal) {
  return client.call(z.array(z.object({ name: z.string(), subtask: z.boolean().optional(), statuses: z.array(status) })), {
    path: `${client.api}/project/${encodeURIComponent(projectKey)}/statuses`, subject: `project ${projectKey}`, signal,
  });
}

export const linkType = z.object({ id: z.string(), name: z.string(), inward: z.string(), outward: z.string() });

export async function listLinkTypes(client: JiraClient, signal?: AbortSignal) {
  const page = await client.call(z.object({ issueLinkTypes: z.array(linkType) }), { path: `${client.api}/issueLinkType`, subject: 'the link types', signal });
  return page.issueLinkTypes;
}

export interface FieldOption {
  id: string;
  value: string;
  parent?: string;
}

/** Options of a select-like custom field: Cloud keeps them per field context, Server/DC per field. */
export async function listFieldOptions(client: JiraClient, fieldId: string, customId: number | undefined, contextId: string | undefined, signal?: AbortSignal): Promise<FieldOption[]> {
  if (client.cloud) {
    let context = contextId;
    if (!context) {
      const contexts = await client.call(z.object({ values: z.array(z.object({ id: z.string(), isGlobalContext: z.boolean().optional() })) }), {
        path: `rest/api/3/field/${encodeURIComponent(fieldId)}/context`, subject: `field ${fieldId}`, signal,
      });
      context = (contexts.values.find((candidate) => candidate.isGlobalContext) ?? contexts.values[0])?.id;
      if (!context) return [];
    }
    const options: FieldOption[] = [];
    for (let startAt = 0; ; ) {
      const page = await client.call(z.object({
        values: z.array(z.object({ id: z.string(), value: z.string(), optionId: z.string().optional(), disabled: z.boolean().optional() })),
        isLast: z.boolean().optional(),
      }), { path: `rest/api/3/field/${encodeURIComponent(fieldId)}/context/${encodeURIComponent(context)}/option`, searchParams: { startAt, maxResults: 1000 }, subject: `field ${fieldId}`, signal });
      const byId = new Map(page.values.map((option) => [option.id, option.value]));
      options.push(...page.values.filter((option) => !option.disabled).map((option) => ({
        id: option.id, value: option.value, ...(option.optionId ? { parent: byId.get(option.optionId) ?? option.optionId } : {}),
      })));
      if (page.isLast !== false || page.values.length === 0) break;
      startAt += page.values.length;
    }
    return options;
  }
  const page = await client.call(z.object({
    options: z.array(z.object({ id: z.number(), value: z.string(), disabled: z.boolean().optional(), childrenIds: z.array(z.number()).optional() })),
  }), { path: `rest/api/2/customFields/${customId ?? fieldId}/options`, searchParams: { maxResults: '1000' }, subject: `field ${fieldId}`, signal });
  const parentOf = new Map<number, string>();
  for (const option of page.options) for (const child of option.childrenIds ?? []) parentOf.set(child, option.value);
  return page.options.filter((option) => !option.disabled).map((option) => ({
    id: String(option.id), value: option.value, ...(parentOf.has(option.id) ? { parent: parentOf.get(option.id) } : {}),
  }));
}
