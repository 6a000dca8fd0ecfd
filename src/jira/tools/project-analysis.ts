import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { pageSummary, untrusted } from '../../mcp/result.js';
import { issueLink } from '../api/schemas.js';
import { jira, projectKeyArg } from './common.js';
import { cursorArg, makeCursor, readCursor } from './paging.js';

import type { RawIssue } from '../client.js';
import type { IssueLink } from '../api/schemas.js';

// Project-wide views built on JQL search: how a project's epics roll up to parents (often in another
// project), and which of its issues link to other projects. Both read a bounded number of issues.

const JIRA_GET_CROSS_PROJECT_DEPENDENCIES = 'jira_get_cross_project_dependencies';

const projectOf = (key: string) => key.split('-')[0]!;
const nameOf = (value: unknown) => String((value as { name?: string } | undefined)?.name ?? '');
const linksOf = (issue: RawIssue): IssueLink[] => z.array(issueLink).catch([]).parse(issue.fields.issuelinks ?? []);

/** The other end of a link, with the words that read from this issue to it ("blocks", "is blocked by"). */
function otherEnd(link: IssueLink) {
  const other = link.outwardIssue ?? link.inwardIssue!;
  return { key: other.key, summary: other.fields.summary ?? '', status: other.fields.status?.name ?? '', relation: link.outwardIssue ? link.type.outward : link.type.inward };
}

export const jiraGetProjectEpicHierarchy = defineTool({
  name: 'jira_get_project_epic_hierarchy',
  title: 'Get a project\'s epics by parent',
  description: 'A project\'s epics grouped under their parent (parent field, else a link into another project).',
  product: 'jira',
  toolset: 'jira_projects',
  kind: 'read',
  input: { project_key: projectKeyArg, limit: z.number().int().min(1).max(500).default(200).describe('Epics to read, 1-500') },
  output: {
    groups: z.array(z.object({
      parent: z.object({ key: z.string(), summary: z.string(), via: z.string() }).optional(),
      epics: z.array(z.object({ key: z.string(), summary: z.string(), status: z.string() })),
    })),
    epics: z.number(),
    more: z.boolean(),
  },
  async handler({ project_key, limit }, context) {
    const client = jira(context);
    const key = project_key.toUpperCase();
    client.assertProjectAllowed(key);
    const page = await client.search({
      jql: `project = "${key}" AND issuetype = Epic ORDER BY key ASC`, fields: ['summary', 'status', 'parent', 'issuelinks'], limit, names: false, signal: context.signal,
    });
    const groups = new Map<string, { parent?: { key: string; summary: string; via: string }; epics: { key: string; summary: string; status: string }[] }>();
    for (const epic of page.issues) {
      const parentField = epic.fields.parent as { key?: string; fields?: { summary?: string } } | undefined;
      const link = linksOf(epic).map(otherEnd).find((end) => projectOf(end.key) !== key);
      const parent = parentField?.key
        ? { key: parentField.key, summary: parentField.fields?.summary ?? '', via: 'parent' }
        : link ? { key: link.key, summary: link.summary, via: `link: ${link.relation}` } : undefined;
      const group = groups.get(parent?.key ?? '') ?? { ...(parent ? { parent } : {}), epics: [] };
      group.epics.push({ key: epic.key, summary: String(epic.fields.summary ?? ''), status: nameOf(epic.fields.status) });
      groups.set(parent?.key ?? '', group);
    }
    // Parents first, by key; epics without one last.
    const ordered = [...groups.entries()].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b))).map(([, group]) => group);
    const lines = ordered.flatMap((group) => [
      group.parent ? `## ${group.parent.key} ${group.parent.summary} (${group.parent.via})` : '## No parent',
      ...group.epics.map((epic) => `- ${epic.key} · ${epic.status} · ${epic.summary}`),
    ]);
    const more = page.next !== undefined;
    const parents = ordered.filter((group) => group.parent).length;
    const text = [`# ${key}: ${page.issues.length} epic${page.issues.length === 1 ? '' : 's'} under ${parents} parent${parents === 1 ? '' : 's'}`,
      ...(lines.length ? [untrusted(`Jira ${key} epics`, lines.join('\n'))] : []),
      more ? `More epics exist than limit=${limit}; raise limit (up to 500).` : 'No more epics.'].join('\n');
    return { text, data: { groups: ordered, epics: page.issues.length, more } };
  },
});

export const jiraGetCrossProjectDependencies = defineTool({
  name: JIRA_GET_CROSS_PROJECT_DEPENDENCIES,
  title: 'Get cross-project links',
  description: 'Links from a project\'s issues to other projects\' issues, grouped by project and link type.',
  product: 'jira',
  toolset: 'jira_projects',
  kind: 'read',
  input: { project_key: projectKeyArg, limit: z.number().int().min(1).max(500).default(200).describe('Issues to scan, 1-500'), cursor: cursorArg },
  output: {
    projects: z.array(z.object({
      project: z.string(),
      links: z.array(z.object({ from: z.string(), relation: z.string(), to: z.string(), to_status: z.string(), to_summary: z.string() })),
    })),
    links: z.number(),
    scanned: z.number(),
    cursor: z.string().optional(),
  },
  async handler({ project_key, limit, cursor }, context) {
    const client = jira(context);
    const key = project_key.toUpperCase();
    client.assertProjectAllowed(key);
    const binding = [key];
    const state = readCursor(JIRA_GET_CROSS_PROJECT_DEPENDENCIES, cursor, binding);
    const page = await client.search({
      jql: `project = "${key}" ORDER BY key ASC`, fields: ['issuelinks'], limit, names: false, signal: context.signal,
      next: cursor ? { token: state.token, startAt: state.startAt } : undefined,
    });
    const byProject = new Map<string, { from: string; relation: string; to: string; to_status: string; to_summary: string }[]>();
    for (const issue of page.issues) {
      for (const end of linksOf(issue).map(otherEnd)) {
        if (projectOf(end.key) === key) continue;
        const list = byProject.get(projectOf(end.key)) ?? [];
        list.push({ from: issue.key, relation: end.relation, to: end.key, to_status: end.status, to_summary: end.summary });
        byProject.set(projectOf(end.key), list);
      }
    }
    const projects = [...byProject.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([project, links]) => ({
      project, links: links.sort((a, b) => a.relation.localeCompare(b.relation) || a.from.localeCompare(b.from, undefined, { numeric: true })),
    }));
    const lines = projects.flatMap(({ project, links }) => [`## ${project}`, ...links.map((link) => `- ${link.from} ${link.relation} ${link.to} · ${link.to_status} · ${link.to_summary}`)]);
    const count = projects.reduce((sum, entry) => sum + entry.links.length, 0);
    const next = makeCursor(JIRA_GET_CROSS_PROJECT_DEPENDENCIES, binding, page.next ? { startAt: page.next.startAt ?? 0, token: page.next.token } : undefined);
    const text = [`# ${key}: ${count} link${count === 1 ? '' : 's'} to ${projects.length} other project${projects.length === 1 ? '' : 's'}`,
      ...(lines.length ? [untrusted(`Jira ${key} cross-project links`, lines.join('\n'))] : []),
      pageSummary(page.issues.length, 'issue', next).replace('returned', 'scanned')].join('\n');
    return { text, data: { projects, links: count, scanned: page.issues.length, ...(next ? { cursor: next } : {}) } };
  },
});
