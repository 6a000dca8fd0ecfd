import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { listLinkTypes } from '../api/meta.js';
import { issueLink } from '../api/schemas.js';
import { toRichText } from '../content.js';
import { normalizeName } from '../metadata.js';
import { issueKeyArg, jira, listText, numericIdArg, writeOutput, writeText } from './common.js';

// Issue links (typed relations between two issues) and remote links (a URL attached to an issue:
// a Confluence page, a pull request, a dashboard).

export const jiraGetLinkTypes = defineTool({
  name: 'jira_get_link_types',
  title: 'Get issue link types',
  description: 'Issue link types with their outward and inward wording (Blocks: blocks / is blocked by).',
  product: 'jira',
  toolset: 'jira_links',
  kind: 'read',
  input: {},
  output: { link_types: z.array(z.object({ id: z.string(), name: z.string(), outward: z.string(), inward: z.string() })) },
  async handler(_args, context) {
    const types = await listLinkTypes(jira(context), context.signal);
    return {
      text: listText(types.map((type) => `- ${type.name}: A ${type.outward} B / B ${type.inward} A`), ['link type', 'link types']),
      data: { link_types: types.map((type) => ({ id: type.id, name: type.name, outward: type.outward, inward: type.inward })) },
    };
  },
});

export const jiraCreateIssueLink = defineTool({
  name: 'jira_create_issue_link',
  title: 'Link two issues',
  description: 'Link two issues: outward_issue_key <outward wording> inward_issue_key (Blocks: outward blocks inward).',
  product: 'jira',
  toolset: 'jira_links',
  kind: 'write',
  input: {
    link_type: z.string().min(1).describe('Link type name, e.g. \'Blocks\''),
    inward_issue_key: issueKeyArg.describe('The issue the link points to, e.g. \'PROJ-2\' (is blocked by)'),
    outward_issue_key: issueKeyArg.describe('The issue the link starts from, e.g. \'PROJ-1\' (blocks)'),
    comment: z.string().optional().describe('Markdown comment on the outward issue, e.g. \'Found in QA\''),
  },
  output: writeOutput,
  async handler({ link_type, inward_issue_key, outward_issue_key, comment }, context) {
    const client = jira(context);
    const types = await listLinkTypes(client, context.signal);
    const type = types.find((candidate) => normalizeName(candidate.name) === normalizeName(link_type));
    if (!type) throw new ToolInputError(`link_type: no type '${link_type}'; types: ${types.map((t) => `${t.name} (${t.outward})`).join(', ')}.`);
    const outward = await client.requireIssue(outward_issue_key.toUpperCase(), context.signal);
    const inward = await client.requireIssue(inward_issue_key.toUpperCase(), context.signal);
    await client.send({
      method: 'POST', path: `${client.api}/issueLink`, subject: 'the link',
      json: {
        type: { name: type.name }, inwardIssue: { key: inward.key }, outwardIssue: { key: outward.key },
        ...(comment ? { comment: { body: toRichText(client.cloud, comment) } } : {}),
      },
      signal: context.signal,
    });
    // Jira answers without the link's id: read it back from the outward issue.
    const links = await client.getIssue(outward.key, ['issuelinks'], { signal: context.signal });
    const link = z.array(issueLink).parse(links.fields.issuelinks ?? [])
      .find((candidate) => candidate.type.name === type.name && candidate.outwardIssue?.key === inward.key);
    const url = client.browseUrl(outward.key);
    const changed = [`${outward.key} ${type.outward} ${inward.key}`, ...(comment ? [`comment added to ${outward.key}`] : [])];
    return { text: writeText(`Linked: ${outward.key} ${type.outward} ${inward.key}${link ? ` (link ${link.id})` : ''}.`, url, changed), data: { key: outward.key, id: link?.id ?? '', url, changed } };
  },
});

export const jiraRemoveIssueLink = defineTool({
  name: 'jira_remove_issue_link',
  title: 'Remove an issue link',
  description: 'Delete an issue link by id (from jira_get_issue include links); both issues lose it.',
  product: 'jira',
  toolset: 'jira_links',
  kind: 'destructive',
  input: { link_id: numericIdArg('link', '10700') },
  output: writeOutput,
  async handler({ link_id }, context) {
    const client = jira(context);
    // Read it first: JIRA_PROJECTS_FILTER applies to both ends, and the answer says what was removed.
    const link = await client.call(z.object({
      id: z.string(), type: z.object({ name: z.string(), outward: z.string().optional() }),
      inwardIssue: z.object({ key: z.string() }), outwardIssue: z.object({ key: z.string() }),
    }), { path: `${client.api}/issueLink/${link_id}`, subject: `issue link ${link_id}`, signal: context.signal });
    client.assertAllowed(link.inwardIssue.key);
    client.assertAllowed(link.outwardIssue.key);
    await client.send({ method: 'DELETE', path: `${client.api}/issueLink/${link_id}`, subject: `issue link ${link_id}`, signal: context.signal });
    const url = client.browseUrl(link.outwardIssue.key);
    const changed = [`removed: ${link.outwardIssue.key} ${link.type.outward ?? link.type.name} ${link.inwardIssue.key}`];
    return { text: writeText(`Removed link ${link_id}.`, url, changed), data: { key: link.outwardIssue.key, id: link_id, url, changed } };
  },
});

export const jiraCreateRemoteIssueLink = defineTool({
  name: 'jira_create_remote_issue_link',
  title: 'Add a web link to an issue',
  description: 'Attach a URL to an issue as a remote link; the same URL again updates that link.',
  product: 'jira',
  toolset: 'jira_links',
  kind: 'write',
  input: {
    issue_key: issueKeyArg,
    url: z.string().url().describe('The link, e.g. \'https://github.com/acme/app/pull/7\''),
    title: z.string().min(1).describe('Text shown, e.g. \'PR #7: fix SSO loop\''),
    summary: z.string().optional().describe('One more line, e.g. \'Merged into main\''),
    relationship: z.string().optional().describe('How it relates, e.g. \'mentioned in\''),
    icon_url: z.string().url().optional().describe('16x16 icon, e.g. \'https://github.com/favicon.ico\''),
  },
  output: writeOutput,
  async handler({ issue_key, url, title, summary, relationship, icon_url }, context) {
    const client = jira(context);
    const issue = await client.requireIssue(issue_key.toUpperCase(), context.signal);
    const saved = await client.call(z.object({ id: z.number() }), {
      method: 'POST', path: `${client.api}/issue/${encodeURIComponent(issue.key)}/remotelink`, subject: `issue ${issue.key}`,
      // The URL as global id makes a repeated call update the link instead of adding a copy.
      json: { globalId: url, ...(relationship ? { relationship } : {}), object: { url, title, ...(summary ? { summary } : {}), ...(icon_url ? { icon: { url16x16: icon_url } } : {}) } },
      signal: context.signal,
    });
    const changed = [`remote link ${saved.id}: [${title}](${url})${relationship ? ` (${relationship})` : ''}`];
    const browse = client.browseUrl(issue.key);
    return { text: writeText(`Linked ${url} from ${issue.key}.`, browse, changed), data: { key: issue.key, id: String(saved.id), url: browse, changed } };
  },
});

