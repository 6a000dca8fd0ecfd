import { z } from 'zod';

import { UpstreamError } from '../../atlassian/errors.js';
import { ToolInputError } from '../../mcp/errors.js';

import type { RequestSpec } from '../../atlassian/http.js';
import type { JiraClient } from '../client.js';

// Jira Service Management's API (/rest/servicedeskapi): the same paths and shapes on Cloud and on
// Server/DC, paged with start/limit and isLastPage. None of the operations used here is experimental
// (no X-ExperimentalApi header): Cloud's document does not mark them so, and on Data Center they are
// public API from JSM 4.0 on (Service Desk 3.x still had queues experimental).
// User references differ: accountIds on Cloud, usernames on Server/DC.

const BASE = 'rest/servicedeskapi';

const paged = <T extends z.ZodType>(item: T) => z.object({
  values: z.array(item).default([]),
  start: z.number().optional(),
  size: z.number().optional(),
  isLastPage: z.boolean().optional(),
});

export const serviceDesk = z.object({
  id: z.string(),
  projectId: z.string().optional(),
  projectKey: z.string(),
  projectName: z.string().optional(),
});
export type ServiceDesk = z.infer<typeof serviceDesk>;

export const queue = z.object({
  id: z.string(),
  name: z.string(),
  jql: z.string().optional(),
  issueCount: z.number().optional(),
});
export type Queue = z.infer<typeof queue>;

export const requestType = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  helpText: z.string().optional(),
  issueTypeId: z.string().optional(),
});
export type RequestType = z.infer<typeof requestType>;

const fieldValue = z.object({
  value: z.string(),
  label: z.string().optional(),
  children: z.array(z.object({ value: z.string(), label: z.string().optional() })).optional(),
});

export const requestTypeField = z.object({
  fieldId: z.string(),
  name: z.string(),
  required: z.boolean().default(false),
  validValues: z.array(fieldValue).default([]),
  jiraSchema: z.object({ type: z.string().optional(), items: z.string().optional(), custom: z.string().optional() }).optional(),
});
export type RequestTypeField = z.infer<typeof requestTypeField>;

const createMeta = z.object({
  requestTypeFields: z.array(requestTypeField).default([]),
  canRaiseOnBehalfOf: z.boolean().optional(),
  canAddRequestParticipants: z.boolean().optional(),
});
export type CreateMeta = z.infer<typeof createMeta>;

const date = z.object({ iso8601: z.string().optional(), jira: z.string().optional(), epochMillis: z.number().optional() });
const duration = z.object({ millis: z.number(), friendly: z.string().optional() });

export const slaCycle = z.object({
  startTime: date.optional(),
  stopTime: date.optional(),
  breachTime: date.optional(),
  breached: z.boolean().optional(),
  paused: z.boolean().optional(),
  goalDuration: duration.optional(),
  elapsedTime: duration.optional(),
  remainingTime: duration.optional(),
});
export type SlaCycle = z.infer<typeof slaCycle>;

export const sla = z.object({
  id: z.string(),
  name: z.string(),
  ongoingCycle: slaCycle.optional(),
  completedCycles: z.array(slaCycle).default([]),
});
export type Sla = z.infer<typeof sla>;

const createdRequest = z.object({
  issueId: z.string(),
  issueKey: z.string(),
  _links: z.object({ web: z.string().optional(), agent: z.string().optional() }).optional(),
});

const queueIssues = paged(z.object({ id: z.string(), key: z.string(), fields: z.record(z.string(), z.unknown()).default({}) }));

/**
 * One JSM request. A 404 gets the next step in JSM's terms (Atlassian's JSM error bodies carry
 * `errorMessage`, which the shared error mapper does not read, so the hint has to say it).
 */
async function call<S extends z.ZodType>(client: JiraClient, schema: S, spec: RequestSpec, notFound: string): Promise<z.infer<S>> {
  try {
    return await client.call(schema, spec);
  } catch (error) {
    if (error instanceof UpstreamError && error.status === 404) throw new ToolInputError(`${error.message} ${notFound}`);
    throw error;
  }
}

const LIST_DESKS = 'List service desks with jira_get_service_desks.';

export function listServiceDesks(client: JiraClient, options: { start: number; limit: number; signal?: AbortSignal }) {
  return call(client, paged(serviceDesk), {
    path: `${BASE}/servicedesk`, searchParams: { start: options.start, limit: options.limit }, subject: 'the service desk list', signal: options.signal,
  }, 'Jira Service Management seems not to be installed on this site (it answers /rest/servicedeskapi).');
}

export function getServiceDesk(client: JiraClient, serviceDeskId: string, signal?: AbortSignal) {
  return call(client, serviceDesk, { path: `${BASE}/servicedesk/${serviceDeskId}`, subject: `service desk ${serviceDeskId}`, signal }, LIST_DESKS);
}

/** Refuses a service desk whose project is outside JIRA_PROJECTS_FILTER (one lookup, only when a filter is set). */
export async function assertDeskAllowed(client: JiraClient, serviceDeskId: string, signal?: AbortSignal): Promise<void> {
  if (client.allowedProjects.length === 0) return;
  client.assertProjectAllowed((await getServiceDesk(client, serviceDeskId, signal)).projectKey);
}

export function listQueues(client: JiraClient, serviceDeskId: string, options: { start: number; limit: number; signal?: AbortSignal }) {
  return call(client, paged(queue), {
    path: `${BASE}/servicedesk/${serviceDeskId}/queue`,
    searchParams: { includeCount: true, start: options.start, limit: options.limit },
    subject: `service desk ${serviceDeskId}`, signal: options.signal,
  }, `${LIST_DESKS}${client.cloud ? '' : ' On Data Center, queues need Jira Service Management 4.0 or later.'}`);
}

export function listQueueIssues(client: JiraClient, serviceDeskId: string, queueId: string, options: { start: number; limit: number; signal?: AbortSignal }) {
  return call(client, queueIssues, {
    path: `${BASE}/servicedesk/${serviceDeskId}/queue/${queueId}/issue`,
    searchParams: { start: options.start, limit: options.limit },
    subject: `queue ${queueId} of service desk ${serviceDeskId}`, signal: options.signal,
  }, 'List the queues with jira_get_service_desk_queues.');
}

export function listRequestTypes(client: JiraClient, serviceDeskId: string, options: { start: number; limit: number; signal?: AbortSignal }) {
  return call(client, paged(requestType), {
    path: `${BASE}/servicedesk/${serviceDeskId}/requesttype`,
    searchParams: { start: options.start, limit: options.limit },
    subject: `service desk ${serviceDeskId}`, signal: options.signal,
  }, LIST_DESKS);
}

export function getRequestTypeFields(client: JiraClient, serviceDeskId: string, requestTypeId: string, signal?: AbortSignal) {
  return call(client, createMeta, {
    path: `${BASE}/servicedesk/${serviceDeskId}/requesttype/${requestTypeId}/field`,
    subject: `request type ${requestTypeId} of service desk ${serviceDeskId}`, signal,
  }, 'List the request types with jira_get_request_types.');
}

export function createRequest(client: JiraClient, body: Record<string, unknown>, signal?: AbortSignal) {
  return client.call(createdRequest, { method: 'POST', path: `${BASE}/request`, json: body, subject: 'the new customer request', signal });
}

export function listSlas(client: JiraClient, issueKey: string, options: { start: number; limit: number; signal?: AbortSignal }) {
  return call(client, paged(sla), {
    path: `${BASE}/request/${encodeURIComponent(issueKey)}/sla`,
    searchParams: { start: options.start, limit: options.limit },
    subject: `request ${issueKey}`, signal: options.signal,
  }, 'Only issues of a service desk project (customer requests) have SLAs.');
}

/**
 * Every item of a small JSM list (queues, request types, SLAs), page after page, up to `max`;
 * `more` says the list went on past it.
 */
export async function collect<T>(fetch: (start: number, limit: number) => Promise<{ values: T[]; isLastPage?: boolean }>, max = 200): Promise<{ items: T[]; more: boolean }> {
  const items: T[] = [];
  for (;;) {
    const page = await fetch(items.length, 50);
    items.push(...page.values);
    const last = page.isLastPage !== false || page.values.length === 0;
    if (last) return { items, more: false };
    if (items.length >= max) return { items, more: true };
  }
}
