import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { pageSummary } from '../../mcp/result.js';
import { createVersion, listComponents, listProjects, listVersions } from '../api/meta.js';
import { jira, listText, matching, projectKeyArg, writeOutput, writeText } from './common.js';
import { cursorArg, makeCursor, readCursor } from './paging.js';

import type { Version } from '../api/meta.js';

// Projects and what belongs to them: issue types, components, versions (and creating a version).

const JIRA_GET_ALL_PROJECTS = 'jira_get_all_projects';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const jiraGetAllProjects = defineTool({
  name: JIRA_GET_ALL_PROJECTS,
  title: 'List Jira projects',
  description: 'Projects the account can see (within JIRA_PROJECTS_FILTER), optionally matching a text, one line each with key and name.',
  product: 'jira',
  toolset: 'jira_projects',
  kind: 'read',
  input: {
    query: z.string().optional().describe('Part of a project key or name, e.g. \'plat\''),
    limit: z.number().int().min(1).max(100).default(50).describe('Projects to return, 1-100'),
    cursor: cursorArg,
  },
  output: {
    projects: z.array(z.object({ key: z.string(), name: z.string(), id: z.string() })),
    returned: z.number(),
    total: z.number().optional(),
    cursor: z.string().optional(),
  },
  async handler({ query, limit, cursor }, context) {
    const client = jira(context);
    const binding = [query ?? ''];
    const { startAt } = readCursor(JIRA_GET_ALL_PROJECTS, cursor, binding);
    const page = await listProjects(client, { query, startAt, maxResults: limit, signal: context.signal });
    const next = makeCursor(JIRA_GET_ALL_PROJECTS, binding, page.more ? { startAt: startAt + page.projects.length } : undefined);
    const projects = page.projects.map((project) => ({ key: project.key, name: project.name, id: project.id }));
    const lines = projects.map((project) => `- ${project.key}: ${project.name}`);
    return {
      text: [...lines, pageSummary(projects.length, 'project', next, page.total)].join('\n'),
      data: { projects, returned: projects.length, total: page.total, ...(next ? { cursor: next } : {}) },
    };
  },
});

export const jiraGetProjectIssueTypes = defineTool({
  name: 'jira_get_project_issue_types',
  title: 'Get a project\'s issue types',
  description: 'Issue types that can be created in a project, sub-task types marked. Pass a name to jira_create_issue.',
  product: 'jira',
  toolset: 'jira_projects',
  kind: 'read',
  input: { project_key: projectKeyArg },
  output: { issue_types: z.array(z.object({ id: z.string(), name: z.string(), subtask: z.boolean() })) },
  async handler({ project_key }, context) {
    const types = await jira(context).meta.issueTypes(project_key, context.signal);
    const issueTypes = types.map((type) => ({ id: type.id, name: type.name, subtask: type.subtask }));
    return {
      text: listText(issueTypes.map((type) => `- ${type.id}: ${type.name}${type.subtask ? ' (sub-task: needs a parent)' : ''}`), ['issue type', 'issue types']),
      data: { issue_types: issueTypes },
    };
  },
});

export const jiraGetProjectComponents = defineTool({
  name: 'jira_get_project_components',
  title: 'Get a project\'s components',
  description: 'Components of a project with their lead and description, one line each.',
  product: 'jira',
  toolset: 'jira_projects',
  kind: 'read',
  input: { project_key: projectKeyArg },
  output: { components: z.array(z.object({ id: z.string(), name: z.string(), lead: z.string().optional() })) },
  async handler({ project_key }, context) {
    const client = jira(context);
    client.assertProjectAllowed(project_key);
    const list = await listComponents(client, project_key.toUpperCase(), context.signal);
    const components = list.map((c) => ({ id: c.id, name: c.name, ...(c.lead?.displayName ? { lead: c.lead.displayName } : {}) }));
    const lines = list.map((c) => `- ${c.id}: ${c.name}${c.lead?.displayName ? ` · lead ${c.lead.displayName}` : ''}${c.description ? ` — ${c.description}` : ''}`);
    return { text: listText(lines, ['component', 'components'], `Jira ${project_key.toUpperCase()} components`), data: { components } };
  },
});

function versionLine(version: Version): string {
  const state = version.archived ? 'archived' : version.released ? 'released' : version.overdue ? 'unreleased, overdue' : 'unreleased';
  const dates = [version.startDate, version.releaseDate].some(Boolean) ? ` · ${version.startDate ?? '?'} → ${version.releaseDate ?? '?'}` : '';
  return `- ${version.id}: ${version.name} · ${state}${dates}${version.description ? ` — ${version.description}` : ''}`;
}

export const jiraGetProjectVersions = defineTool({
  name: 'jira_get_project_versions',
  title: 'Get a project\'s versions',
  description: 'Versions (fix versions) of a project with release state and dates, one line each.',
  product: 'jira',
  toolset: 'jira_projects',
  kind: 'read',
  input: {
    project_key: projectKeyArg,
    unreleased_only: z.boolean().default(false).describe('Only versions not yet released, e.g. true'),
  },
  output: { versions: z.array(z.object({ id: z.string(), name: z.string(), released: z.boolean(), release_date: z.string().optional() })) },
  async handler({ project_key, unreleased_only }, context) {
    const client = jira(context);
    client.assertProjectAllowed(project_key);
    const list = (await listVersions(client, project_key.toUpperCase(), context.signal)).filter((v) => !unreleased_only || (!v.released && !v.archived));
    return {
      text: listText(list.map(versionLine), ['version', 'versions'], `Jira ${project_key.toUpperCase()} versions`),
      data: { versions: list.map((v) => ({ id: v.id, name: v.name, released: v.released, ...(v.releaseDate ? { release_date: v.releaseDate } : {}) })) },
    };
  },
});

export const jiraCreateVersion = defineTool({
  name: 'jira_create_version',
  title: 'Create a version',
  description: 'Create a version (fix version) in a project, with optional dates and description.',
  product: 'jira',
  toolset: 'jira_projects',
  kind: 'write',
  input: {
    project_key: projectKeyArg,
    name: z.string().min(1).describe('Version name, e.g. \'2.5.0\''),
    description: z.string().optional().describe('What the version holds, e.g. \'Billing exports\''),
    start_date: matching(DATE, 'a date YYYY-MM-DD').optional().describe('YYYY-MM-DD, e.g. \'2026-12-01\''),
    release_date: matching(DATE, 'a date YYYY-MM-DD').optional().describe('YYYY-MM-DD, e.g. \'2026-12-31\''),
  },
  output: writeOutput,
  async handler({ project_key, name, description, start_date, release_date }, context) {
    const client = jira(context);
    if (start_date && release_date && start_date > release_date) throw new ToolInputError('start_date is after release_date.');
    const project = await client.meta.project(project_key, context.signal);
    // Cloud documents dates as yyyy-MM-dd; Server/DC's document types them as date-times and reads the date part.
    const day = (value: string | undefined) => (value === undefined ? undefined : client.cloud ? value : `${value}T00:00:00.000+0000`);
    const version = await createVersion(client, {
      name, projectId: Number(project.id), ...(description ? { description } : {}),
      ...(start_date ? { startDate: day(start_date) } : {}), ...(release_date ? { releaseDate: day(release_date) } : {}),
    }, context.signal);
    const url = `${client.http.config.url}/projects/${project.key}/versions/${version.id}`;
    const changed = [`created version ${version.name} in ${project.key}`, ...(release_date ? [`release date ${release_date}`] : []), ...(start_date ? [`start date ${start_date}`] : [])];
    return { text: writeText(`Created version ${version.name} (${version.id}) in ${project.key}.`, url, changed), data: { key: project.key, id: version.id, url, changed } };
  },
});
