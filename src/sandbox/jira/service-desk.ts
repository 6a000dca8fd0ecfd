import { isoDay } from '../data/jira.js';
import { int, one } from '../router.js';
import { FIELDS, PRIORITIES } from './catalog.js';
import { runJql } from './jql.js';
import { issueJson, wantedFields } from './render.js';
import { now } from './site.js';

import type { JiraData, SandboxIssue } from '../data/jira.js';
import type { RouteResponse, Router } from '../router.js';
import type { JiraSite } from './site.js';

// Jira Service Management (/rest/servicedeskapi, the same paths on Cloud and Server/DC): service desks,
// queues and their requests, request types and their fields, raising a request, and SLAs. The seed
// makes OPS a service desk project (its issues OPS-1..3 are customer requests with SLAs), so the
// other families' counts stay as they are; SEC has a desk too, which Alice cannot see.

interface RequestTypeSeed {
  id: string;
  name: string;
  description: string;
  issueType: string;
  fields: { fieldId: string; label: string; required: boolean }[];
  slas: { id: string; name: string; goalMinutes: number }[];
}

interface SlaCycleSeed {
  start: string;
  /** Unset while the cycle runs. */
  stop?: string;
  goalMinutes: number;
  elapsedMinutes: number;
}

interface DeskSeed {
  id: string;
  project: string;
  queues: { id: string; name: string; jql: string; fields: string[] }[];
  requestTypes: RequestTypeSeed[];
}

interface RequestSeed {
  key: string;
  desk: string;
  requestType: string;
  participants: string[];
  slas: { id: string; name: string; cycles: SlaCycleSeed[] }[];
}

interface DeskState {
  desks: DeskSeed[];
  requests: RequestSeed[];
}

const QUEUE_FIELDS = ['issuetype', 'issuekey', 'summary', 'reporter', 'assignee', 'status', 'priority', 'created', 'updated'];
const FIRST_RESPONSE = 'Time to first response';
const RESOLUTION = 'Time to resolution';

function seedDesks(): DeskState {
  const at = (day: number, hour: number, minutes = 0) => new Date(Date.parse(isoDay(day, hour).replace('+0000', 'Z')) + minutes * 60_000).toISOString().replace('Z', '+0000');
  const cycle = (start: string, goalMinutes: number, elapsedMinutes: number, stopped: boolean): SlaCycleSeed =>
    ({ start, goalMinutes, elapsedMinutes, ...(stopped ? { stop: new Date(Date.parse(start.replace('+0000', 'Z')) + elapsedMinutes * 60_000).toISOString().replace('Z', '+0000') } : {}) });
  return {
    desks: [
      {
        id: '1', project: 'OPS',
        queues: [
          { id: '1', name: 'All open', jql: 'project = OPS AND resolution is EMPTY ORDER BY created ASC', fields: QUEUE_FIELDS },
          { id: '2', name: 'Waiting for triage', jql: 'project = OPS AND status = "To Do" ORDER BY created ASC', fields: QUEUE_FIELDS },
        ],
        requestTypes: [
          {
            id: '10', name: 'Get IT help', description: 'Ask the operations team for access, hardware or software.', issueType: 'Task',
            fields: [
              { fieldId: 'summary', label: 'What do you need?', required: true },
              { fieldId: 'description', label: 'Why do you need this?', required: false },
              { fieldId: 'priority', label: 'Priority', required: false },
            ],
            slas: [{ id: '1', name: FIRST_RESPONSE, goalMinutes: 240 }, { id: '2', name: RESOLUTION, goalMinutes: 960 }],
          },
          {
            id: '11', name: 'Report an outage', description: 'Tell us that a system is down or degraded.', issueType: 'Task',
            fields: [
              { fieldId: 'summary', label: 'What is down?', required: true },
              { fieldId: 'description', label: 'What do you see?', required: true },
              { fieldId: 'customfield_10030', label: 'Severity', required: true },
            ],
            slas: [{ id: '1', name: FIRST_RESPONSE, goalMinutes: 60 }, { id: '2', name: RESOLUTION, goalMinutes: 240 }],
          },
        ],
      },
      { id: '2', project: 'SEC', queues: [], requestTypes: [] },
    ],
    requests: [
      // In review: answered in time, resolution running and within its goal.
      { key: 'OPS-1', desk: '1', requestType: '10', participants: ['bob'], slas: [
        { id: '1', name: FIRST_RESPONSE, cycles: [cycle(at(1, 9), 240, 30, true)] },
        { id: '2', name: RESOLUTION, cycles: [cycle(at(1, 9), 960, 300, false)] },
      ] },
      // Done: answered in time, resolved late.
      { key: 'OPS-2', desk: '1', requestType: '10', participants: [], slas: [
        { id: '1', name: FIRST_RESPONSE, cycles: [cycle(at(2, 9), 240, 60, true)] },
        { id: '2', name: RESOLUTION, cycles: [cycle(at(2, 9), 960, 1200, true)] },
      ] },
      // To do: no answer yet, past the first-response goal; resolution still within.
      { key: 'OPS-3', desk: '1', requestType: '11', participants: [], slas: [
        { id: '1', name: FIRST_RESPONSE, cycles: [cycle(at(3, 9), 60, 195, false)] },
        { id: '2', name: RESOLUTION, cycles: [cycle(at(3, 9), 240, 195, false)] },
      ] },
    ],
  };
}

// One state per sandbox site, shared by its Cloud and Server/DC routes as the rest of the data is.
const STATES = new WeakMap<JiraData, DeskState>();

function stateOf(data: JiraData): DeskState {
  let state = STATES.get(data);
  if (!state) {
    state = seedDesks();
    STATES.set(data, state);
  }
  return state;
}

/** JSM's error body: one message, not Jira's errorMessages list. */
const jsmError = (status: number, errorMessage: string): RouteResponse =>
  ({ status, body: { errorMessage, i18nErrorMessage: { i18nKey: 'sd.sandbox.error', parameters: [] } } });

function dateJson(value: string) {
  const millis = Date.parse(value.replace(/\+0000$/, 'Z'));
  const iso = new Date(millis).toISOString();
  return { iso8601: iso.replace(/\.\d{3}Z$/, '+0000'), jira: iso.replace('Z', '+0000'), friendly: iso.slice(0, 16).replace('T', ' '), epochMillis: millis };
}

function durationJson(minutes: number) {
  const size = Math.abs(minutes);
  const text = [Math.floor(size / 60) && `${Math.floor(size / 60)}h`, size % 60 && `${size % 60}m`].filter(Boolean).join(' ') || '0m';
  return { millis: minutes * 60_000, friendly: minutes < 0 ? `-${text}` : text };
}

function cycleJson(cycle: SlaCycleSeed) {
  const breachAt = new Date(Date.parse(cycle.start.replace('+0000', 'Z')) + cycle.goalMinutes * 60_000).toISOString();
  return {
    startTime: dateJson(cycle.start),
    ...(cycle.stop ? { stopTime: dateJson(cycle.stop) } : {}),
    breachTime: dateJson(breachAt),
    breached: cycle.elapsedMinutes > cycle.goalMinutes,
    goalDuration: durationJson(cycle.goalMinutes),
    elapsedTime: durationJson(cycle.elapsedMinutes),
    remainingTime: durationJson(cycle.goalMinutes - cycle.elapsedMinutes),
    ...(cycle.stop ? {} : { paused: false, withinCalendarHours: false }),
  };
}

/** start/limit paging as JSM answers it: size, isLastPage, and at most 50 per page. */
function paged<T>(site: JiraSite, items: T[], query: Record<string, string | string[]>) {
  const start = int(query, 'start', 0);
  const limit = Math.min(Math.max(int(query, 'limit', 50), 1), 50);
  const values = items.slice(start, start + limit);
  return {
    _expands: [], size: values.length, start, limit, isLastPage: start + limit >= items.length,
    _links: { base: `${site.siteUrl}/rest/servicedeskapi`, context: '', self: `${site.siteUrl}/rest/servicedeskapi` },
    values,
  };
}

function fieldValues(field: RequestTypeSeed['fields'][number]): { value: string; label: string }[] {
  if (field.fieldId === 'priority') return PRIORITIES.map((p) => ({ value: p.id, label: p.name }));
  return (FIELDS.find((f) => f.id === field.fieldId)?.options ?? []).map((option) => ({ value: option.id, label: option.value }));
}

export function serviceDeskRoutes(site: JiraSite, router: Router): void {
  const base = '/rest/servicedeskapi';
  const state = stateOf(site.data);
  const deskJson = (desk: DeskSeed) => {
    const project = site.data.projects.find((p) => p.key === desk.project)!;
    return { id: desk.id, projectId: project.id, projectName: project.name, projectKey: project.key, _links: { self: `${site.siteUrl}${base}/servicedesk/${desk.id}` } };
  };
  const visibleDesk = (id: string, userId: string) => state.desks.find((desk) => desk.id === id && site.project(desk.project, userId));
  const noDesk = (id: string) => jsmError(404, `Service Desk ID ${id} does not exist or you do not have permission to see it.`);
  const withDesk = (id: string, userId: string, run: (desk: DeskSeed) => RouteResponse): RouteResponse => {
    const desk = visibleDesk(id, userId);
    return desk ? run(desk) : noDesk(id);
  };
  const typeJson = (desk: DeskSeed, type: RequestTypeSeed) => ({
    _expands: ['field'], id: type.id, name: type.name, description: type.description, helpText: '',
    issueTypeId: type.issueType === 'Bug' ? '10003' : '10002', serviceDeskId: desk.id, groupIds: ['1'],
    _links: { self: `${site.siteUrl}${base}/servicedesk/${desk.id}/requesttype/${type.id}` },
  });

  router.on('GET', `${base}/servicedesk`, ({ query, userId }) =>
    ({ body: paged(site, state.desks.filter((desk) => site.project(desk.project, userId)).map(deskJson), query) }));

  router.on('GET', `${base}/servicedesk/{serviceDeskId}`, ({ params, userId }) =>
    withDesk(params.serviceDeskId!, userId, (desk) => ({ body: deskJson(desk) })));

  router.on('GET', `${base}/servicedesk/{serviceDeskId}/queue`, ({ params, query, userId }) => withDesk(params.serviceDeskId!, userId, (desk) => {
    const count = one(query, 'includeCount') === 'true';
    const queues = desk.queues.map((q) => {
      const hits = runJql(site, q.jql, userId);
      return { id: q.id, name: q.name, jql: q.jql, fields: q.fields, ...(count && Array.isArray(hits) ? { issueCount: hits.length } : {}),
        _links: { self: `${site.siteUrl}${base}/servicedesk/${desk.id}/queue/${q.id}` } };
    });
    return { body: paged(site, queues, query) };
  }));

  router.on('GET', `${base}/servicedesk/{serviceDeskId}/queue/{queueId}/issue`, ({ params, query, userId }) => withDesk(params.serviceDeskId!, userId, (desk) => {
    const queue = desk.queues.find((q) => q.id === params.queueId);
    if (!queue) return jsmError(404, `Queue ID ${params.queueId} does not exist in service desk ${desk.id}.`);
    const hits = runJql(site, queue.jql, userId);
    if (!Array.isArray(hits)) return hits;
    const fields = wantedFields(site, queue.fields, 'all');
    return { body: paged(site, hits.map((issue) => issueJson(site, issue, fields)), query) };
  }));

  router.on('GET', `${base}/servicedesk/{serviceDeskId}/requesttype`, ({ params, query, userId }) => withDesk(params.serviceDeskId!, userId, (desk) =>
    ({ body: paged(site, desk.requestTypes.map((type) => typeJson(desk, type)), query) })));

  router.on('GET', `${base}/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}/field`, ({ params, userId }) => withDesk(params.serviceDeskId!, userId, (desk) => {
    const type = desk.requestTypes.find((t) => t.id === params.requestTypeId);
    if (!type) return jsmError(404, `Request type ${params.requestTypeId} does not exist in service desk ${desk.id}.`);
    return {
      body: {
        canRaiseOnBehalfOf: true, canAddRequestParticipants: true,
        requestTypeFields: type.fields.map((field) => {
          const catalog = FIELDS.find((f) => f.id === field.fieldId);
          return {
            fieldId: field.fieldId, name: field.label, description: '', required: field.required, visible: true,
            validValues: fieldValues(field).map((v) => ({ ...v, children: [] })), presetValues: [], defaultValues: [],
            jiraSchema: field.fieldId === 'priority' ? { type: 'priority', system: 'priority' } : { type: catalog?.schema.type ?? 'string', ...catalog?.schema },
          };
        }),
      },
    };
  }));

  router.on('POST', `${base}/request`, ({ body, userId }) => createRequest(site, state, body, userId));

  router.on('GET', `${base}/request/{issueIdOrKey}/sla`, ({ params, query, userId }) => {
    const issue = site.findIssue(params.issueIdOrKey!, userId);
    const request = issue && state.requests.find((r) => r.key === issue.key);
    if (!issue || !request) return jsmError(404, `The request ${params.issueIdOrKey} does not exist, is not a customer request, or you cannot see it.`);
    const slas = request.slas.map((sla) => {
      const ongoing = sla.cycles.find((c) => !c.stop);
      return {
        id: sla.id, name: sla.name, completedCycles: sla.cycles.filter((c) => c.stop).map(cycleJson), ...(ongoing ? { ongoingCycle: cycleJson(ongoing) } : {}),
        _links: { self: `${site.siteUrl}${base}/request/${issue.id}/sla/${sla.id}` },
      };
    });
    return { body: paged(site, slas, query) };
  });
}

function createRequest(site: JiraSite, state: DeskState, body: unknown, userId: string): RouteResponse {
  const request = (body ?? {}) as { serviceDeskId?: unknown; requestTypeId?: unknown; requestFieldValues?: unknown; raiseOnBehalfOf?: unknown; requestParticipants?: unknown };
  const desk = state.desks.find((d) => d.id === String(request.serviceDeskId) && site.project(d.project, userId));
  if (!desk) return jsmError(400, `Service Desk ID ${String(request.serviceDeskId)} does not exist or you do not have permission to see it.`);
  const type = desk.requestTypes.find((t) => t.id === String(request.requestTypeId));
  if (!type) return jsmError(400, `The request type ${String(request.requestTypeId)} does not exist in service desk ${desk.id}.`);
  const values = (request.requestFieldValues ?? {}) as Record<string, unknown>;
  if (typeof values !== 'object' || Array.isArray(values)) return jsmError(400, 'requestFieldValues must be an object.');
  const unknown = Object.keys(values).filter((id) => !type.fields.some((f) => f.fieldId === id));
  if (unknown.length) return jsmError(400, `These fields are not on the request type: ${unknown.join(', ')}.`);
  const missing = type.fields.filter((f) => f.required && (values[f.fieldId] === undefined || values[f.fieldId] === ''));
  if (missing.length) return jsmError(400, `Your request could not be created. Please check the fields have been correctly filled in. ${missing.map((f) => `${f.label} is required.`).join(' ')}`);
  const user = (ref: unknown) => (typeof ref === 'string' ? site.userFrom(ref) : undefined);
  const onBehalf = request.raiseOnBehalfOf === undefined ? userId : user(request.raiseOnBehalfOf);
  if (!onBehalf) return jsmError(400, `The user '${String(request.raiseOnBehalfOf)}' does not exist.`);
  const participants = Array.isArray(request.requestParticipants) ? request.requestParticipants.map(user) : [];
  if (participants.some((p) => !p)) return jsmError(400, 'One or more participants do not exist.');

  const chosen = (fieldId: string) => {
    const id = (values[fieldId] as { id?: unknown } | undefined)?.id;
    return id === undefined ? undefined : fieldValues({ fieldId, label: '', required: false }).find((v) => v.value === String(id));
  };
  const priority = values.priority === undefined ? undefined : chosen('priority');
  const severity = values.customfield_10030 === undefined ? undefined : chosen('customfield_10030');
  if ((values.priority !== undefined && !priority) || (values.customfield_10030 !== undefined && !severity)) {
    return jsmError(400, 'Your request could not be created: a value is not one of the field\'s valid values.');
  }
  if (typeof values.summary !== 'string' || (values.description !== undefined && typeof values.description !== 'string')) {
    return jsmError(400, 'Summary and description take text.');
  }
  const project = site.data.projects.find((p) => p.key === desk.project)!;
  const number = Math.max(0, ...site.data.issues.filter((issue) => issue.project === project.key).map((issue) => Number(issue.key.split('-')[1]))) + 1;
  const created = now();
  const issue: SandboxIssue = {
    id: site.nextId(), key: `${project.key}-${number}`, project: project.key, type: type.issueType, summary: values.summary, status: 'To Do',
    priority: priority?.label ?? 'Medium', reporter: onBehalf, created, updated: created, labels: [], components: [], fixVersions: [],
    description: typeof values.description === 'string' ? { wiki: values.description } : null,
    sprints: [], comments: [], worklogs: [], attachments: [], remoteLinks: [], watchers: [userId], history: [],
    custom: severity ? { customfield_10030: { self: '', value: severity.label, id: severity.value } } : {},
  };
  site.data.issues.push(issue);
  state.requests.push({
    key: issue.key, desk: desk.id, requestType: type.id, participants: participants as string[],
    slas: type.slas.map((sla) => ({ id: sla.id, name: sla.name, cycles: [{ start: created, goalMinutes: sla.goalMinutes, elapsedMinutes: 0 }] })),
  });
  const base = `${site.siteUrl}/rest/servicedeskapi`;
  return {
    status: 201,
    body: {
      _expands: ['participant', 'status', 'sla', 'requestType', 'serviceDesk', 'attachment', 'action', 'comment'],
      issueId: issue.id, issueKey: issue.key, requestTypeId: type.id, serviceDeskId: desk.id, createdDate: dateJson(created),
      reporter: site.user(onBehalf),
      requestFieldValues: type.fields.filter((f) => values[f.fieldId] !== undefined).map((f) => ({ fieldId: f.fieldId, label: f.label, value: values[f.fieldId] })),
      currentStatus: { status: issue.status, statusCategory: 'NEW', statusDate: dateJson(created) },
      _links: { jiraRest: `${site.siteUrl}${site.api}/issue/${issue.id}`, web: `${site.siteUrl}/servicedesk/customer/portal/${desk.id}/${issue.key}`,
        agent: `${site.siteUrl}/browse/${issue.key}`, self: `${base}/request/${issue.id}` },
    },
  };
}
