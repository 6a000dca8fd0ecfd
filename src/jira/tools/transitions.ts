import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { listTransitions } from '../api/parts.js';
import { toRichText } from '../content.js';
import { fieldText } from '../format.js';
import { normalizeName } from '../metadata.js';
import { resolveFieldValues } from '../values.js';
import { issueKeyArg, jira, matching, writeOutput, writeText } from './common.js';

// Workflow: the transitions an issue can take now, and taking one — by id, by target status or by the
// transition's name — with a resolution, other screen fields and a comment in the same request.

export const jiraTransitionIssue = defineTool({
  name: 'jira_transition_issue',
  title: 'Transition an issue',
  description: 'Move an issue to another status (transition_id or status), optionally setting fields and commenting.',
  product: 'jira',
  toolset: 'jira_transitions',
  kind: 'write',
  input: {
    issue_key: issueKeyArg,
    transition_id: matching(/^\d+$/, 'a numeric transition id').optional().describe('Transition id, e.g. \'31\''),
    status: z.string().optional().describe('Target status or transition name, e.g. \'In Review\''),
    resolution: z.string().optional().describe('Resolution, e.g. \'Done\''),
    comment: z.string().optional().describe('Markdown comment, e.g. \'Verified\''),
    additional_fields: z.record(z.string(), z.unknown()).optional().describe('Screen fields by name or id, e.g. {"Fix Version/s": ["2.4"]}'),
  },
  output: writeOutput,
  async handler({ issue_key, transition_id, status, resolution, comment, additional_fields }, context) {
    const client = jira(context);
    if ((transition_id === undefined) === (status === undefined)) throw new ToolInputError('Give transition_id or status (one of them).');
    const before = await client.getIssue(issue_key.toUpperCase(), ['status', 'project'], { signal: context.signal });
    const available = await listTransitions(client, before.key, context.signal);
    const wanted = status ? normalizeName(status) : '';
    const chosen = transition_id !== undefined
      ? available.find((t) => t.id === transition_id)
      : available.find((t) => normalizeName(t.to.name) === wanted) ?? available.find((t) => normalizeName(t.name) === wanted);
    if (!chosen) {
      throw new ToolInputError(`${before.key} (${fieldText(before.fields.status)}) cannot take ${transition_id ? `transition ${transition_id}` : `'${status}'`} now; ` +
        `available: ${available.map((t) => `${t.id} ${t.name} → ${t.to.name}`).join('; ') || 'none'}.`);
    }
    const needsResolution = chosen.fields?.resolution?.required === true;
    if (needsResolution && !resolution) throw new ToolInputError(`Transition '${chosen.name}' requires a resolution, e.g. resolution 'Done'.`);
    const fields = { ...(await resolveFieldValues(client, additional_fields, context.signal)), ...(resolution ? { resolution: { name: resolution } } : {}) };
    await client.send({
      method: 'POST', path: `${client.api}/issue/${encodeURIComponent(before.key)}/transitions`,
      json: {
        transition: { id: chosen.id },
        ...(Object.keys(fields).length ? { fields } : {}),
        ...(comment ? { update: { comment: [{ add: { body: toRichText(client.cloud, comment) } }] } } : {}),
      },
      subject: `issue ${before.key}`, signal: context.signal,
    });
    const url = client.browseUrl(before.key);
    const changed = [`status: ${fieldText(before.fields.status)} → ${chosen.to.name} (via '${chosen.name}')`,
      ...(resolution ? [`resolution: ${resolution}`] : []), ...Object.keys(additional_fields ?? {}).map((name) => `${name} set`),
      ...(comment ? ['added a comment'] : [])];
    return { text: writeText(`Transitioned ${before.key} to ${chosen.to.name}.`, url, changed), data: { key: before.key, id: before.id, url, changed } };
  },
});
