import { z } from 'zod';

import { UpstreamError } from '../../atlassian/errors.js';
import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { pageSummary } from '../../mcp/result.js';
import { createVersion, listComponents, listProjects, listVersions, version as versionShape } from '../api/meta.js';
import { jira, listText, matching, numericIdArg, projectKeyArg, writeOutput, writeText } from './common.js';
import { cursorArg, makeCursor, readCursor } from './paging.js';

import type { Version } from '../api/meta.js';
import type { JiraClient } from '../client.js';

// Projects and what belongs to them: issue types, components, versions (creating and changing them).

const JIRA_GET_ALL_PROJECTS = 'jira_get_all_projects';
const dateArg = matching(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

/** Cloud documents version dates as yyyy-MM-dd; Server/DC's documents type them as date-times and read the date part. */
const day = (client: JiraClient, value: string) => (client.cloud ? value : `${value}T00:00:00.000+0000`);

export const jiraGetAllProjects = defineTool({
  name: JIRA_GET_ALL_PROJECTS,
  title: 'List Jira projects',
  description: 'Projects the account can see (within JIRA_PROJECTS_FILTER), optionally matching a text, one line each with key and name.',
  product: 'jira',
  toolset: 'jira_projects',
  kind: 'read',
  input: {
    query: z.string().optional().describe('Part of a project key or name, e.g. \'plat\''),
    limit: z.number().int().min(1).max(100).default(50).describe('Projects to return'),
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
    more_names: z.array(z.string().min(1)).max(20).optional().describe('More to create alike, e.g. [\'2.6\']'),
    description: z.string().optional().describe('What the version holds, e.g. \'Billing exports\''),
    start_date: dateArg.optional().describe('YYYY-MM-DD, e.g. \'2026-12-01\''),
    release_date: dateArg.optional().describe('YYYY-MM-DD, e.g. \'2026-12-31\''),
  },
  output: { ...writeOutput, created: z.array(z.object({ id: z.string(), name: z.string() })) },
  async handler({ project_key, name, more_names, description, start_date, release_date }, context) {
    const client = jira(context);
    if (start_date && release_date && start_date > release_date) throw new ToolInputError('start_date is after release_date.');
    const names = [...new Set([name, ...(more_names ?? [])])];
    const project = await client.meta.project(project_key, context.signal);
    const created: Version[] = [];
    const failed: string[] = [];
    for (const versionName of names) {
      try {
        created.push(await createVersion(client, {
          name: versionName, projectId: Number(project.id), ...(description ? { description } : {}),
          ...(start_date ? { startDate: day(client, start_date) } : {}), ...(release_date ? { releaseDate: day(client, release_date) } : {}),
        }, context.signal));
      } catch (error) {
        // One name alone fails as before; in a batch the others still go through, and the failure is reported.
        if (names.length === 1 || !(error instanceof UpstreamError)) throw error;
        failed.push(`${versionName}: ${error.message}`);
      }
    }
    if (!created.length) throw new ToolInputError(`No version was created: ${failed.join('; ')}`);
    const first = created[0]!;
    const url = `${client.http.config.url}/projects/${project.key}/versions/${first.id}`;
    const changed = [...created.map((version) => `created version ${version.name}${names.length > 1 ? ` (${version.id})` : ''} in ${project.key}`),
      ...(release_date ? [`release date ${release_date}`] : []), ...(start_date ? [`start date ${start_date}`] : []),
      ...failed.map((line) => `not created: ${line}`)];
    const title = created.length === 1 ? `Created version ${first.name} (${first.id}) in ${project.key}.` : `Created ${created.length} versions in ${project.key}.`;
    return {
      text: writeText(title, url, changed),
      data: { key: project.key, id: first.id, url, changed, created: created.map((version) => ({ id: version.id, name: version.name })) },
    };
  },
});

const versionProject = z.object({ projectId: z.number() });

export const jiraUpdateVersion = defineTool({
  name: 'jira_update_version',
  title: 'Update a version',
  description: 'Change a version\'s name, description, dates or released/archived flags; the rest stays.',
  product: 'jira',
  toolset: 'jira_projects',
  kind: 'write',
  input: {
    version_id: numericIdArg('version', '10601'),
    name: z.string().min(1).optional().describe('e.g. \'2.5.1\''),
    description: z.string().optional().describe('e.g. \'Hotfixes\''),
    start_date: dateArg.optional().describe('e.g. \'2026-12-01\''),
    release_date: dateArg.optional().describe('e.g. \'2026-12-31\''),
    released: z.boolean().optional().describe('e.g. true'),
    archived: z.boolean().optional().describe('e.g. false'),
  },
  output: writeOutput,
  async handler({ version_id, ...changes }, context) {
    const client = jira(context);
    const { name, description, start_date, release_date, released, archived } = changes;
    if (Object.values(changes).every((value) => value === undefined)) {
      throw new ToolInputError('Nothing to change: give name, description, start_date, release_date, released or archived.');
    }
    // The version names its project only by id: the project is read to apply JIRA_PROJECTS_FILTER before any change.
    const path = `${client.api}/version/${version_id}`;
    const current = await client.call(versionShape.extend(versionProject.shape), { path, subject: `version ${version_id}`, signal: context.signal });
    const project = await client.call(z.object({ key: z.string() }), { path: `${client.api}/project/${current.projectId}`, subject: `project ${current.projectId}`, signal: context.signal });
    client.assertProjectAllowed(project.key);
    const start = start_date ?? current.startDate?.slice(0, 10);
    const release = release_date ?? current.releaseDate?.slice(0, 10);
    if (start && release && start > release) throw new ToolInputError(`start_date ${start} would be after release_date ${release}.`);
    const body = {
      ...(name !== undefined ? { name } : {}), ...(description !== undefined ? { description } : {}),
      ...(start_date ? { startDate: day(client, start_date) } : {}), ...(release_date ? { releaseDate: day(client, release_date) } : {}),
      ...(released !== undefined ? { released } : {}), ...(archived !== undefined ? { archived } : {}),
    };
    // Server/DC documents no answer body for this PUT: what was sent, over what was read, stands in for one.
    const answer = versionShape.safeParse(await client.http.request({ method: 'PUT', path, json: body, subject: `version ${version_id}`, signal: context.signal }));
    const updated = answer.success ? answer.data : { ...current, ...(name !== undefined ? { name } : {}) };
    const changed = [
      ...(name !== undefined && name !== current.name ? [`name ${current.name} → ${updated.name}`] : []),
      ...(description !== undefined ? ['description replaced'] : []),
      ...(start_date ? [`start date ${current.startDate?.slice(0, 10) ?? '∅'} → ${start_date}`] : []),
      ...(release_date ? [`release date ${current.releaseDate?.slice(0, 10) ?? '∅'} → ${release_date}`] : []),
      ...(released !== undefined ? [released ? 'released' : 'unreleased'] : []),
      ...(archived !== undefined ? [archived ? 'archived' : 'unarchived'] : []),
    ];
    const url = `${client.http.config.url}/projects/${project.key}/versions/${updated.id}`;
    return { text: writeText(`Updated version ${updated.name} (${updated.id}) in ${project.key}.`, url, changed), data: { key: project.key, id: updated.id, url, changed } };
  },
});
