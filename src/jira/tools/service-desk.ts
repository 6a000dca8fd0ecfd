import { z } from 'zod';

import { markdownToWiki } from '../../convert/wiki/from-markdown.js';
import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { shortDateTime } from '../../mcp/result.js';
import {
  assertDeskAllowed, collect, createRequest, getRequestTypeFields, listQueueIssues, listQueues, listRequestTypes, listServiceDesks, listSlas,
} from '../api/service-desk.js';
import { describeType } from '../metadata.js';
import { issueKeyArg, jira, listText, numericIdArg, projectKeyArg, writeOutput, writeText } from './common.js';
import { issueList, issueListOutput } from './issues.js';
import { cursorArg, limitArg, makeCursor, readCursor } from './paging.js';

import type { CreateMeta, RequestTypeField, Sla, SlaCycle } from '../api/service-desk.js';
import type { JiraClient } from '../client.js';

// Jira Service Management (toolset jira_service_desk): service desks, their queues and the requests
// in them, request types and their fields, raising a customer request, and a request's SLAs. The
// same /rest/servicedeskapi paths on Cloud and Server/DC (see ../api/service-desk.ts).

const TOOLSET = 'jira_service_desk';
const serviceDeskIdArg = numericIdArg('service desk', '1');
const requestTypeIdArg = numericIdArg('request type', '10');

/** A whole list read with `collect`; when it went on past what was read, the closing line says so. */
function wholeList(lines: string[], noun: [string, string], more: boolean, untrustedLabel?: string): string {
  const text = listText(lines, noun, untrustedLabel);
  return more ? text.replace(/; no more\.$/, '; more exist than this tool lists.') : text;
}

const deskShape = z.object({ id: z.string(), project_key: z.string(), name: z.string() });

export const jiraGetServiceDesks = defineTool({
  name: 'jira_get_service_desks',
  title: 'List service desks',
  description: 'Jira Service Management service desks (id, project key, name), or the desk of one project.',
  product: 'jira',
  toolset: TOOLSET,
  kind: 'read',
  input: { project_key: projectKeyArg.optional() },
  output: { service_desks: z.array(deskShape) },
  async handler({ project_key }, context) {
    const client = jira(context);
    if (project_key) client.assertProjectAllowed(project_key);
    const key = project_key?.toUpperCase();
    // A site has few desks: the whole list is read (it takes no project filter), then narrowed here.
    const { items, more } = await collect((start, size) => listServiceDesks(client, { start, limit: size, signal: context.signal }), 1000);
    // Desks of projects outside JIRA_PROJECTS_FILTER are not shown.
    const allowed = client.allowedProjects;
    const desks = items.filter((desk) => (key ? desk.projectKey.toUpperCase() === key : !allowed.length || allowed.includes(desk.projectKey.toUpperCase())))
      .map((desk) => ({ id: desk.id, project_key: desk.projectKey, name: desk.projectName ?? desk.projectKey }));
    if (key && !desks.length) {
      throw new ToolInputError(`Project ${key} has no service desk this account can see: it is not a Jira Service Management project, ` +
        'or the account is not an agent there. List the desks with jira_get_service_desks.');
    }
    const lines = desks.map((desk) => `- ${desk.id}: ${desk.project_key} · ${desk.name}`);
    return { text: wholeList(lines, ['service desk', 'service desks'], more && !key), data: { service_desks: desks } };
  },
});

export const jiraGetServiceDeskQueues = defineTool({
  name: 'jira_get_service_desk_queues',
  title: 'List a service desk\'s queues',
  description: 'Queues of a service desk with how many requests each holds; gives the queue ids for jira_get_queue_issues.',
  product: 'jira',
  toolset: TOOLSET,
  kind: 'read',
  input: { service_desk_id: serviceDeskIdArg },
  output: { queues: z.array(z.object({ id: z.string(), name: z.string(), count: z.number().optional(), jql: z.string().optional() })) },
  async handler({ service_desk_id }, context) {
    const client = jira(context);
    await assertDeskAllowed(client, service_desk_id, context.signal);
    const { items, more } = await collect((start, size) => listQueues(client, service_desk_id, { start, limit: size, signal: context.signal }));
    const queues = items.map((q) => ({ id: q.id, name: q.name, ...(q.issueCount !== undefined ? { count: q.issueCount } : {}), ...(q.jql ? { jql: q.jql } : {}) }));
    const lines = queues.map((q) => `- ${q.id}: ${q.name}${q.count !== undefined ? ` · ${q.count} ${q.count === 1 ? 'request' : 'requests'}` : ''}`);
    return { text: wholeList(lines, ['queue', 'queues'], more), data: { queues } };
  },
});

export const jiraGetQueueIssues = defineTool({
  name: 'jira_get_queue_issues',
  title: 'List a queue\'s requests',
  description: 'Requests in a service desk queue, one line each like jira_search.',
  product: 'jira',
  toolset: TOOLSET,
  kind: 'read',
  input: {
    service_desk_id: serviceDeskIdArg,
    queue_id: numericIdArg('queue', '1'),
    limit: limitArg(50, 20),
    cursor: cursorArg,
  },
  output: issueListOutput,
  async handler({ service_desk_id, queue_id, limit, cursor }, context) {
    const client = jira(context);
    await assertDeskAllowed(client, service_desk_id, context.signal);
    const binding = [service_desk_id, queue_id];
    const { startAt } = readCursor('jira_get_queue_issues', cursor, binding);
    const page = await listQueueIssues(client, service_desk_id, queue_id, { start: startAt, limit, signal: context.signal });
    const more = page.isLastPage === false && page.values.length > 0;
    const next = makeCursor('jira_get_queue_issues', binding, more ? { startAt: startAt + page.values.length } : undefined);
    return issueList(page.values, [], {}, next);
  },
});

export const jiraGetRequestTypes = defineTool({
  name: 'jira_get_request_types',
  title: 'List request types',
  description: 'Request types customers can raise in a service desk, with their descriptions; gives the ids to create requests.',
  product: 'jira',
  toolset: TOOLSET,
  kind: 'read',
  input: { service_desk_id: serviceDeskIdArg },
  output: { request_types: z.array(z.object({ id: z.string(), name: z.string(), description: z.string().optional() })) },
  async handler({ service_desk_id }, context) {
    const client = jira(context);
    await assertDeskAllowed(client, service_desk_id, context.signal);
    const { items, more } = await collect((start, size) => listRequestTypes(client, service_desk_id, { start, limit: size, signal: context.signal }));
    const types = items.map((type) => ({ id: type.id, name: type.name, ...(type.description ? { description: type.description } : {}) }));
    const lines = types.map((type) => `- ${type.id}: ${type.name}${type.description ? ` — ${type.description.split('\n').join(' ')}` : ''}`);
    return { text: wholeList(lines, ['request type', 'request types'], more, `Service desk ${service_desk_id} request types`), data: { request_types: types } };
  },
});

const MAX_VALUES = 25;

/** Valid values as `label (value)`, the value alone when both are the same. */
function valuesText(field: RequestTypeField): string {
  const shown = field.validValues.slice(0, MAX_VALUES).map((v) => {
    const children = v.children?.length ? ` [${v.children.map((child) => child.label ?? child.value).join(', ')}]` : '';
    return `${v.label && v.label !== v.value ? `${v.label} (${v.value})` : v.value}${children}`;
  });
  const rest = field.validValues.length - shown.length;
  return shown.length ? ` · values: ${shown.join(' | ')}${rest > 0 ? ` | … ${rest} more` : ''}` : '';
}

function fieldType(field: RequestTypeField): string {
  return describeType({ schema: field.jiraSchema ? { type: field.jiraSchema.type ?? 'any', items: field.jiraSchema.items, custom: field.jiraSchema.custom } : undefined });
}

export const jiraGetRequestTypeFields = defineTool({
  name: 'jira_get_request_type_fields',
  title: 'Get a request type\'s fields',
  description: 'Fields a request type asks for: required or not, type and valid values.',
  product: 'jira',
  toolset: TOOLSET,
  kind: 'read',
  input: { service_desk_id: serviceDeskIdArg, request_type_id: requestTypeIdArg },
  output: {
    fields: z.array(z.object({ id: z.string(), name: z.string(), required: z.boolean(), type: z.string(), values: z.array(z.object({ value: z.string(), label: z.string() })).optional() })),
    can_raise_on_behalf_of: z.boolean().optional(),
  },
  async handler({ service_desk_id, request_type_id }, context) {
    const client = jira(context);
    await assertDeskAllowed(client, service_desk_id, context.signal);
    const meta = await getRequestTypeFields(client, service_desk_id, request_type_id, context.signal);
    const lines = meta.requestTypeFields.map((f) => `- ${f.fieldId}: ${f.name} · ${f.required ? 'required' : 'optional'} · ${fieldType(f)}${valuesText(f)}`);
    const footer = meta.canRaiseOnBehalfOf === undefined ? '' : `\nThis account ${meta.canRaiseOnBehalfOf ? 'can' : 'cannot'} raise requests on behalf of customers (on_behalf_of).`;
    return {
      text: listText(lines, ['field', 'fields']) + footer,
      data: {
        fields: meta.requestTypeFields.map((f) => ({
          id: f.fieldId, name: f.name, required: f.required, type: fieldType(f),
          ...(f.validValues.length ? { values: f.validValues.map((v) => ({ value: v.value, label: v.label ?? v.value })) } : {}),
        })),
        ...(meta.canRaiseOnBehalfOf !== undefined ? { can_raise_on_behalf_of: meta.canRaiseOnBehalfOf } : {}),
      },
    };
  },
});

/** A value as the request type takes it: a valid value named by label or value becomes `{id}`, lists item by item. */
function inputValue(field: RequestTypeField, value: unknown): unknown {
  if (!field.validValues.length) return value;
  const pick = (item: unknown) => {
    if (typeof item !== 'string') return item;
    const wanted = item.trim().toLowerCase();
    const match = field.validValues.find((v) => v.value.toLowerCase() === wanted) ?? field.validValues.find((v) => (v.label ?? '').toLowerCase() === wanted);
    if (!match) {
      const known = field.validValues.slice(0, MAX_VALUES).map((v) => v.label ?? v.value).join(' | ');
      throw new ToolInputError(`${field.name} (${field.fieldId}) has no value '${item}'; valid: ${known}.`);
    }
    return { id: match.value };
  };
  return Array.isArray(value) ? value.map(pick) : pick(value);
}

/** requestFieldValues from the arguments, checked against the request type's fields before anything is sent. */
function requestFieldValues(meta: CreateMeta, requestTypeId: string, given: Record<string, unknown>): Record<string, unknown> {
  const fields = meta.requestTypeFields;
  const values: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [ref, value] of Object.entries(given)) {
    const byName = fields.filter((f) => f.name.toLowerCase() === ref.toLowerCase());
    const field = fields.find((f) => f.fieldId === ref) ?? (byName.length === 1 ? byName[0] : undefined);
    if (field) values[field.fieldId] = inputValue(field, value);
    else unknown.push(ref);
  }
  const ids = fields.map((f) => f.fieldId).join(', ');
  if (unknown.length) {
    throw new ToolInputError(`Request type ${requestTypeId} has no field ${unknown.join(', ')} (its fields: ${ids}). See jira_get_request_type_fields.`);
  }
  const missing = fields.filter((f) => f.required && (values[f.fieldId] === undefined || values[f.fieldId] === null || values[f.fieldId] === ''));
  if (missing.length) {
    throw new ToolInputError(`Request type ${requestTypeId} also needs: ${missing.map((f) => `${f.name} (${f.fieldId}, ${fieldType(f)}${valuesText(f)})`).join('; ')}. ` +
      `Pass them in fields, e.g. {"${missing[0]!.fieldId}": ...}.`);
  }
  return values;
}

/** The handle JSM takes for a user: accountId on Cloud, username on Server/DC. */
async function userHandle(client: JiraClient, identifier: string, signal?: AbortSignal): Promise<string> {
  const ref = await client.users.ref(identifier, signal);
  return 'accountId' in ref ? ref.accountId : ref.name;
}

export const jiraCreateCustomerRequest = defineTool({
  name: 'jira_create_customer_request',
  title: 'Create a customer request',
  description: 'Raise a customer request; the request type\'s required fields and values are checked first.',
  product: 'jira',
  toolset: TOOLSET,
  kind: 'write',
  input: {
    service_desk_id: serviceDeskIdArg,
    request_type_id: requestTypeIdArg,
    summary: z.string().min(1).describe('Title, e.g. \'VPN down\''),
    description: z.string().optional().describe('Markdown, e.g. \'VPN is **down**\''),
    fields: z.record(z.string(), z.unknown()).optional().describe('Other fields, e.g. {"priority": "High"}'),
    on_behalf_of: z.string().min(1).optional().describe('Customer, e.g. \'bob\''),
  },
  output: writeOutput,
  async handler({ service_desk_id, request_type_id, summary, description, fields, on_behalf_of }, context) {
    const client = jira(context);
    await assertDeskAllowed(client, service_desk_id, context.signal);
    const meta = await getRequestTypeFields(client, service_desk_id, request_type_id, context.signal);
    // JSM takes text fields as strings and renders the description as wiki markup, on both flavors.
    const given = { ...fields, summary, ...(description !== undefined ? { description: markdownToWiki(description) } : {}) };
    const values = requestFieldValues(meta, request_type_id, given);
    if (on_behalf_of && meta.canRaiseOnBehalfOf === false) throw new ToolInputError('This account cannot raise requests on behalf of others here; leave out on_behalf_of.');
    const onBehalf = on_behalf_of ? await userHandle(client, on_behalf_of, context.signal) : undefined;
    const created = await createRequest(client, {
      serviceDeskId: service_desk_id, requestTypeId: request_type_id, requestFieldValues: values,
      ...(onBehalf ? { raiseOnBehalfOf: onBehalf } : {}),
    }, context.signal);
    const url = created._links?.agent ?? client.browseUrl(created.issueKey);
    const changed = [
      `created request ${created.issueKey} of request type ${request_type_id} in service desk ${service_desk_id}`,
      ...(description !== undefined ? [`description: ${description.length} characters of Markdown`] : []),
      ...Object.entries(fields ?? {}).map(([ref, value]) => `${ref}: ${typeof value === 'string' ? value : JSON.stringify(value)}`),
      ...(on_behalf_of ? [`raised on behalf of ${on_behalf_of}`] : []),
    ];
    const portal = created._links?.web ? `\nCustomer portal: ${created._links.web}` : '';
    return {
      text: writeText(`Created request ${created.issueKey}: ${summary}`, url, changed) + portal,
      data: { key: created.issueKey, id: created.issueId, url, changed },
    };
  },
});

/** A JSM duration as text: its own friendly form, or hours and minutes from the milliseconds. */
function durationText(duration: SlaCycle['goalDuration']): string {
  if (!duration) return '?';
  if (duration.friendly) return duration.friendly;
  const minutes = Math.round(Math.abs(duration.millis) / 60_000);
  const text = [Math.floor(minutes / 60) && `${Math.floor(minutes / 60)}h`, minutes % 60 && `${minutes % 60}m`].filter(Boolean).join(' ') || '0m';
  return duration.millis < 0 ? `-${text}` : text;
}

function when(date: SlaCycle['breachTime']): string {
  if (!date) return '';
  return date.epochMillis !== undefined ? shortDateTime(new Date(date.epochMillis).toISOString()) : shortDateTime(date.iso8601 ?? date.jira);
}

function slaData(sla: Sla) {
  const cycle = sla.ongoingCycle ?? sla.completedCycles.at(-1);
  const state = sla.ongoingCycle ? 'ongoing' : cycle ? 'completed' : 'not started';
  return {
    id: sla.id, name: sla.name, state, breached: cycle?.breached ?? false,
    ...(sla.ongoingCycle?.paused ? { paused: true } : {}),
    ...(cycle?.goalDuration ? { goal: durationText(cycle.goalDuration) } : {}),
    ...(cycle?.elapsedTime ? { elapsed: durationText(cycle.elapsedTime) } : {}),
    ...(cycle?.remainingTime ? { remaining: durationText(cycle.remainingTime), remaining_ms: cycle.remainingTime.millis } : {}),
    ...(sla.ongoingCycle?.breachTime ? { breach_time: when(sla.ongoingCycle.breachTime) } : {}),
    ...(cycle?.stopTime ? { stopped: when(cycle.stopTime) } : {}),
    completed_cycles: sla.completedCycles.length,
  };
}

function slaLine(sla: ReturnType<typeof slaData>): string {
  if (sla.state === 'not started') return `- ${sla.name}: not started`;
  const facts = sla.state === 'ongoing'
    ? [`ongoing${sla.paused ? ' (paused)' : ''}`, sla.breached ? 'BREACHED' : 'within goal', `remaining ${sla.remaining ?? '?'} of ${sla.goal ?? '?'}`,
        ...(sla.breach_time ? [`${sla.breached ? 'breached' : 'breaches'} ${sla.breach_time}`] : [])]
    : ['completed', sla.breached ? 'BREACHED' : 'met', `took ${sla.elapsed ?? '?'} of ${sla.goal ?? '?'}`, ...(sla.stopped ? [`stopped ${sla.stopped}`] : [])];
  const earlier = sla.completed_cycles - (sla.state === 'completed' ? 1 : 0);
  return `- ${sla.name}: ${facts.join(' · ')}${earlier > 0 ? ` · ${earlier} earlier ${earlier === 1 ? 'cycle' : 'cycles'}` : ''}`;
}

export const jiraGetRequestSla = defineTool({
  name: 'jira_get_request_sla',
  title: 'Get a request\'s SLAs',
  description: 'SLAs of a customer request: ongoing or completed, breached or not, remaining and elapsed time against the goal.',
  product: 'jira',
  toolset: TOOLSET,
  kind: 'read',
  input: { issue_key: issueKeyArg },
  output: {
    slas: z.array(z.object({
      id: z.string(), name: z.string(), state: z.string(), breached: z.boolean(), paused: z.boolean().optional(),
      goal: z.string().optional(), elapsed: z.string().optional(), remaining: z.string().optional(), remaining_ms: z.number().optional(),
      breach_time: z.string().optional(), stopped: z.string().optional(), completed_cycles: z.number(),
    })),
  },
  async handler({ issue_key }, context) {
    const client = jira(context);
    const key = await client.allowedKey(issue_key, context.signal);
    const { items, more } = await collect((start, size) => listSlas(client, key, { start, limit: size, signal: context.signal }));
    const slas = items.map(slaData);
    return { text: wholeList(slas.map(slaLine), ['SLA', 'SLAs'], more), data: { slas } };
  },
});
