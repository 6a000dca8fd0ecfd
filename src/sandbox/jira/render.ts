import { FIELDS, ISSUE_TYPES, LINK_TYPES, PRIORITIES, RESOLUTIONS, fieldsFor } from './catalog.js';
import { formatDuration } from './site.js';

import type { RichText, SandboxAttachment, SandboxComment, SandboxIssue, SandboxWorklog } from '../data/jira.js';
import type { JiraSite } from './site.js';

// Issues and their parts as Jira's JSON: the shapes the real REST API answers with, per flavor.

/** Fields Jira leaves out of `*navigable`. */
const NOT_NAVIGABLE = new Set(['comment', 'worklog', 'attachment']);

export function fieldNames(site: JiraSite): Record<string, string> {
  return Object.fromEntries(fieldsFor(site.cloud).map((field) => [field.id, field.name]));
}

function issueRef(site: JiraSite, key: string) {
  const issue = site.data.issues.find((candidate) => candidate.key === key);
  if (!issue) return undefined;
  return {
    id: issue.id, key: issue.key, self: `${site.siteUrl}${site.api}/issue/${issue.id}`,
    fields: { summary: issue.summary, status: site.statusJson(issue.status), priority: priorityJson(site, issue.priority), issuetype: typeJson(site, issue.type) },
  };
}

function priorityJson(site: JiraSite, name: string) {
  const priority = PRIORITIES.find((candidate) => candidate.name === name);
  return priority ? { self: `${site.siteUrl}${site.api}/priority/${priority.id}`, id: priority.id, name: priority.name, iconUrl: `${site.siteUrl}/images/icons/priorities/${name.toLowerCase()}.svg` } : null;
}

export function typeJson(site: JiraSite, name: string) {
  const type = ISSUE_TYPES.find((candidate) => candidate.name === name) ?? ISSUE_TYPES[2]!;
  return { self: `${site.siteUrl}${site.api}/issuetype/${type.id}`, id: type.id, name: type.name, subtask: type.subtask, description: type.description, ...(site.cloud ? { hierarchyLevel: type.hierarchyLevel } : {}) };
}

export function commentJson(site: JiraSite, issue: SandboxIssue, comment: SandboxComment) {
  return {
    self: `${site.siteUrl}${site.api}/issue/${issue.id}/comment/${comment.id}`,
    id: comment.id,
    author: site.user(comment.author),
    body: site.richOut(comment.body),
    updateAuthor: site.user(comment.author),
    created: comment.created,
    updated: comment.updated,
    ...(comment.visibility ? { visibility: { ...comment.visibility, identifier: comment.visibility.value } } : {}),
    ...(site.cloud ? { jsdPublic: true } : {}),
  };
}

export function worklogJson(site: JiraSite, issue: SandboxIssue, worklog: SandboxWorklog) {
  return {
    self: `${site.siteUrl}${site.api}/issue/${issue.id}/worklog/${worklog.id}`,
    author: site.user(worklog.author),
    updateAuthor: site.user(worklog.author),
    ...(worklog.comment ? { comment: site.richOut(worklog.comment) } : {}),
    created: worklog.created,
    updated: worklog.created,
    started: worklog.started,
    timeSpent: formatDuration(worklog.timeSpentSeconds),
    timeSpentSeconds: worklog.timeSpentSeconds,
    id: worklog.id,
    issueId: issue.id,
  };
}

export function attachmentJson(site: JiraSite, attachment: SandboxAttachment) {
  const content = site.cloud
    ? `${site.siteUrl}/rest/api/3/attachment/content/${attachment.id}`
    : `${site.siteUrl}/secure/attachment/${attachment.id}/${encodeURIComponent(attachment.filename)}`;
  return {
    self: `${site.siteUrl}${site.api}/attachment/${attachment.id}`,
    id: attachment.id,
    filename: attachment.filename,
    author: site.user(attachment.author),
    created: attachment.created,
    size: attachment.data.length,
    mimeType: attachment.mimeType,
    content,
    ...(attachment.mimeType.startsWith('image/') ? { thumbnail: `${site.siteUrl}/rest/api/3/attachment/thumbnail/${attachment.id}` } : {}),
  };
}

export function linksJson(site: JiraSite, issue: SandboxIssue) {
  return site.data.links.filter((link) => link.source === issue.key || link.target === issue.key).map((link) => {
    const type = LINK_TYPES.find((candidate) => candidate.name === link.type)!;
    const typeJson = { id: type.id, name: type.name, inward: type.inward, outward: type.outward, self: `${site.siteUrl}${site.api}/issueLinkType/${type.id}` };
    return link.source === issue.key
      ? { id: link.id, self: `${site.siteUrl}${site.api}/issueLink/${link.id}`, type: typeJson, outwardIssue: issueRef(site, link.target) }
      : { id: link.id, self: `${site.siteUrl}${site.api}/issueLink/${link.id}`, type: typeJson, inwardIssue: issueRef(site, link.source) };
  });
}

export function sprintJson(site: JiraSite, id: number) {
  const sprint = site.data.sprints.find((candidate) => candidate.id === id);
  if (!sprint) return undefined;
  return {
    id: sprint.id, self: `${site.siteUrl}${site.agile}/sprint/${sprint.id}`, state: sprint.state, name: sprint.name,
    ...(sprint.startDate ? { startDate: sprint.startDate } : {}), ...(sprint.endDate ? { endDate: sprint.endDate } : {}),
    ...(sprint.completeDate ? { completeDate: sprint.completeDate } : {}), originBoardId: sprint.boardId, goal: sprint.goal ?? '',
  };
}

function customValue(site: JiraSite, issue: SandboxIssue, id: string): unknown {
  const field = FIELDS.find((candidate) => candidate.id === id)!;
  if (id === 'customfield_10020') return issue.sprints.length ? issue.sprints.map((sprint) => ({ ...sprintJson(site, sprint), boardId: site.data.sprints.find((s) => s.id === sprint)?.boardId })) : null;
  if (id === 'customfield_10014') return issue.epic ?? null;
  const value = issue.custom[id];
  if (value === undefined || value === null) return null;
  if (field.schema.type === 'user') return site.user(value as string);
  if (field.schema.custom?.endsWith(':textarea')) return site.richOut(value as RichText);
  return value;
}

/** Every field of an issue as Jira's JSON; `wanted` narrows it like the `fields` parameter. */
export function renderFields(site: JiraSite, issue: SandboxIssue, wanted: Set<string> | 'all'): Record<string, unknown> {
  const project = site.data.projects.find((p) => p.key === issue.project);
  const resolution = RESOLUTIONS.find((candidate) => candidate.name === issue.resolution);
  const parentKey = issue.parent ?? (site.cloud ? issue.epic : undefined);
  const parent = parentKey ? site.data.issues.find((candidate) => candidate.key === parentKey) : undefined;
  const spent = issue.worklogs.reduce((sum, worklog) => sum + worklog.timeSpentSeconds, 0);
  const all: Record<string, unknown> = {
    summary: issue.summary,
    status: site.statusJson(issue.status),
    issuetype: typeJson(site, issue.type),
    priority: priorityJson(site, issue.priority),
    assignee: site.user(issue.assignee),
    reporter: site.user(issue.reporter),
    creator: site.user(issue.reporter),
    created: issue.created,
    updated: issue.updated,
    labels: issue.labels,
    components: issue.components.map((name) => {
      const component = site.data.components.find((candidate) => candidate.project === issue.project && candidate.name === name);
      return { self: `${site.siteUrl}${site.api}/component/${component?.id}`, id: component?.id, name };
    }),
    fixVersions: issue.fixVersions.map((name) => {
      const version = site.data.versions.find((candidate) => candidate.project === issue.project && candidate.name === name);
      return { self: `${site.siteUrl}${site.api}/version/${version?.id}`, id: version?.id, name, released: version?.released ?? false, archived: false };
    }),
    duedate: issue.duedate ?? null,
    resolution: resolution ? { self: `${site.siteUrl}${site.api}/resolution/${resolution.id}`, id: resolution.id, name: resolution.name, description: resolution.description } : null,
    resolutiondate: resolution ? issue.updated : null,
    description: site.richOut(issue.description),
    environment: null,
    project: { self: `${site.siteUrl}${site.api}/project/${project?.id}`, id: project?.id, key: issue.project, name: project?.name, projectTypeKey: 'software' },
    subtasks: site.data.issues.filter((candidate) => candidate.parent === issue.key).map((sub) => issueRef(site, sub.key)),
    issuelinks: linksJson(site, issue),
    comment: {
      comments: issue.comments.map((comment) => commentJson(site, issue, comment)),
      self: `${site.siteUrl}${site.api}/issue/${issue.id}/comment`, maxResults: issue.comments.length, total: issue.comments.length, startAt: 0,
    },
    worklog: { startAt: 0, maxResults: 20, total: issue.worklogs.length, worklogs: issue.worklogs.slice(0, 20).map((worklog) => worklogJson(site, issue, worklog)) },
    attachment: issue.attachments.map((attachment) => attachmentJson(site, attachment)),
    watches: { self: `${site.siteUrl}${site.api}/issue/${issue.key}/watchers`, watchCount: issue.watchers.length, isWatching: issue.watchers.includes('alice') },
    timetracking: spent ? { timeSpent: formatDuration(spent), timeSpentSeconds: spent } : {},
    ...Object.fromEntries(fieldsFor(site.cloud).filter((field) => field.schema.custom).map((field) => [field.id, customValue(site, issue, field.id)])),
  };
  if (parent) all.parent = issueRef(site, parent.key);
  if (wanted === 'all') return all;
  return Object.fromEntries(Object.entries(all).filter(([name]) => wanted.has(name)));
}

/** `fields` as Jira reads it: absent/`*all` = everything, `*navigable` = all but comments etc., `-x` excludes. */
export function wantedFields(site: JiraSite, fields: string[], fallback: Set<string> | 'all'): Set<string> | 'all' {
  if (fields.length === 0) return fallback;
  const every = Object.keys(renderFieldsTemplate(site));
  const set = new Set(fields.filter((field) => !field.startsWith('-') && !field.startsWith('*')));
  if (fields.includes('*all')) every.forEach((field) => set.add(field));
  if (fields.includes('*navigable')) every.filter((field) => !NOT_NAVIGABLE.has(field)).forEach((field) => set.add(field));
  fields.filter((field) => field.startsWith('-')).forEach((field) => set.delete(field.slice(1)));
  return set;
}

function renderFieldsTemplate(site: JiraSite): Record<string, true> {
  return Object.fromEntries([...fieldsFor(site.cloud).map((field) => field.id), 'parent'].map((id) => [id, true]));
}

export function issueJson(site: JiraSite, issue: SandboxIssue, wanted: Set<string> | 'all', expand: string[] = []) {
  const body: Record<string, unknown> = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${site.siteUrl}${site.api}/issue/${issue.id}`,
    key: issue.key,
    fields: renderFields(site, issue, wanted),
  };
  if (expand.includes('names')) body.names = fieldNames(site);
  if (expand.includes('schema')) body.schema = Object.fromEntries(fieldsFor(site.cloud).map((field) => [field.id, field.schema]));
  if (expand.includes('changelog')) {
    body.changelog = { startAt: 0, maxResults: issue.history.length, total: issue.history.length, histories: issue.history.map((history) => historyJson(site, history)) };
  }
  return body;
}

export function historyJson(site: JiraSite, history: SandboxIssue['history'][number]) {
  return {
    id: history.id, author: site.user(history.author), created: history.created,
    items: history.items.map((item) => ({ ...item, ...(site.cloud ? {} : { fieldId: undefined }) })),
  };
}
