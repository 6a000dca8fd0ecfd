import { z } from 'zod';

import { quote } from '../../atlassian/query.js';
import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { issueKeyArg, jira, writeOutput, writeText } from './common.js';
import { issueListOutput, searchIssues } from './issues.js';
import { cursorArg } from './paging.js';

import type { JiraClient } from '../client.js';

// Epics: their issues, and putting an issue under one. Cloud models an epic as the parent of its
// issues (team- and company-managed projects alike); Server/DC keeps the Epic Link custom field.

/** The JQL that finds an epic's issues: `parent` on Cloud, the Epic Link field on Server/DC. */
function epicJql(client: JiraClient, epicKey: string): string {
  return client.cloud ? `parent = ${quote(epicKey)} ORDER BY created ASC` : `"Epic Link" = ${quote(epicKey)} ORDER BY created ASC`;
}

export const jiraGetEpicIssues = defineTool({
  name: 'jira_get_epic_issues',
  title: 'List an epic\'s issues',
  description: 'An epic\'s issues (children on Cloud, Epic Link on Server/DC), oldest first.',
  product: 'jira',
  toolset: 'jira_agile',
  kind: 'read',
  input: {
    epic_key: issueKeyArg.describe('Epic key, e.g. \'PROJ-1\''),
    limit: z.number().int().min(1).max(100).default(20).describe('Issues to return'),
    cursor: cursorArg,
  },
  output: issueListOutput,
  async handler({ epic_key, limit, cursor }, context) {
    const client = jira(context);
    const key = await client.allowedKey(epic_key, context.signal);
    return searchIssues('jira_get_epic_issues', context, { jql: epicJql(client, key), limit, cursor });
  },
});

export const jiraLinkToEpic = defineTool({
  name: 'jira_link_to_epic',
  title: 'Link an issue to an epic',
  description: 'Put an issue under an epic (parent on Cloud, Epic Link on Server/DC).',
  product: 'jira',
  toolset: 'jira_agile',
  kind: 'write',
  input: { issue_key: issueKeyArg, epic_key: issueKeyArg.describe('Epic key, e.g. \'PROJ-1\'') },
  output: writeOutput,
  async handler({ issue_key, epic_key }, context) {
    const client = jira(context);
    const epic = await client.getIssue(epic_key.toUpperCase(), ['issuetype', 'summary', 'project'], { signal: context.signal });
    const type = (epic.fields.issuetype as { name?: string; hierarchyLevel?: number } | undefined);
    if (type?.name !== 'Epic' && (type?.hierarchyLevel ?? 0) < 1) {
      throw new ToolInputError(`${epic.key} is a ${type?.name ?? 'issue'}, not an epic; find epics with jira_search, e.g. issuetype = Epic.`);
    }
    const issue = await client.requireIssue(issue_key.toUpperCase(), context.signal);
    let fields: Record<string, unknown>;
    if (client.cloud) {
      fields = { parent: { key: epic.key } };
    } else {
      const epicLink = (await client.meta.fields(context.signal)).find((field) => field.schema?.custom?.endsWith(':gh-epic-link'));
      if (!epicLink) throw new ToolInputError('This Jira has no Epic Link field (Jira Software is not installed?).');
      fields = { [epicLink.id]: epic.key };
    }
    await client.send({ method: 'PUT', path: `${client.api}/issue/${encodeURIComponent(issue.key)}`, json: { fields }, subject: `issue ${issue.key}`, signal: context.signal });
    const url = client.browseUrl(issue.key);
    const changed = [`${client.cloud ? 'parent' : 'Epic Link'} → ${epic.key} (${String(epic.fields.summary ?? '')})`];
    return { text: writeText(`Linked ${issue.key} to epic ${epic.key}.`, url, changed), data: { key: issue.key, id: issue.id, url, changed } };
  },
});
