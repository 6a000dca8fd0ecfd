import { z } from 'zod';

import { UpstreamError, extractUpstreamMessages } from '../../atlassian/errors.js';
import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { jira } from './common.js';
import { createInput, prepareCreate } from './issue-write.js';

// Many issues at once through /issue/bulk (50 per request, Jira's limit), with progress reported
// between requests. Every item is checked first (arguments, required fields): nothing is created when
// one of them is wrong, so a retry does not duplicate the rest.

const BULK = 50;
const createSchema = z.object(createInput).strict();

const bulkAnswer = z.object({
  issues: z.array(z.object({ id: z.string(), key: z.string() })).default([]),
  errors: z.array(z.object({ failedElementNumber: z.number(), status: z.number().optional(), elementErrors: z.unknown() })).default([]),
});

export const jiraBatchCreateIssues = defineTool({
  name: 'jira_batch_create_issues',
  title: 'Create Jira issues in bulk',
  description: 'Create up to 200 issues, each item taking jira_create_issue\'s arguments; all are validated before any is created.',
  product: 'jira',
  toolset: 'jira_issues',
  kind: 'write',
  input: {
    issues: z.array(z.record(z.string(), z.unknown())).min(1).max(200)
      .describe('Issues as jira_create_issue arguments, e.g. [{"project_key":"PROJ","issue_type":"Task","summary":"Write docs"}]'),
  },
  output: {
    created: z.array(z.object({ index: z.number(), key: z.string(), id: z.string(), url: z.string() })),
    failed: z.array(z.object({ index: z.number(), error: z.string() })),
  },
  async handler({ issues }, context) {
    const client = jira(context);
    const problems: string[] = [];
    const parsed = issues.map((item, index) => {
      const result = createSchema.safeParse(item);
      if (!result.success) {
        problems.push(...result.error.issues.map((issue) => `issues[${index}]${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue.message}`));
      }
      return result.data;
    });
    if (problems.length) throw new ToolInputError(`Nothing was created. ${problems.slice(0, 20).join('; ')}`);
    const payloads: { fields: Record<string, unknown> }[] = [];
    for (const [index, args] of parsed.entries()) {
      try {
        payloads.push({ fields: (await prepareCreate(client, args!, context.signal)).fields });
      } catch (error) {
        if (!(error instanceof ToolInputError)) throw error;
        problems.push(`issues[${index}]: ${error.message}`);
      }
    }
    if (problems.length) throw new ToolInputError(`Nothing was created. ${problems.slice(0, 20).join(' ')}`);
    const created: { index: number; key: string; id: string; url: string }[] = [];
    const failed: { index: number; error: string }[] = [];
    await context.progress(0, payloads.length, 'creating issues');
    for (let start = 0; start < payloads.length; start += BULK) {
      const chunk = payloads.slice(start, start + BULK);
      try {
        const answer = await client.call(bulkAnswer, {
          method: 'POST', path: `${client.api}/issue/bulk`, json: { issueUpdates: chunk }, subject: 'the new issues', signal: context.signal,
        });
        // Jira lists the created issues in request order, skipping the failed ones.
        const failedHere = new Set(answer.errors.map((error) => error.failedElementNumber));
        const indexes = chunk.map((_, offset) => start + offset).filter((index) => !failedHere.has(index - start));
        answer.issues.forEach((issue, position) => created.push({ index: indexes[position] ?? -1, key: issue.key, id: issue.id, url: client.browseUrl(issue.key) }));
        for (const error of answer.errors) failed.push({ index: start + error.failedElementNumber, error: extractUpstreamMessages(error.elementErrors).join('; ') || `HTTP ${error.status ?? '?'}` });
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        chunk.forEach((_, offset) => failed.push({ index: start + offset, error: error.message }));
      }
      await context.progress(Math.min(start + BULK, payloads.length), payloads.length, `${created.length} created`);
    }
    const lines = [
      `Created ${created.length} of ${payloads.length} issues${failed.length ? `; ${failed.length} failed` : ''}.`,
      ...created.map((issue) => `- [${issue.index}] ${issue.key} ${issue.url}`),
      ...failed.map((failure) => `- [${failure.index}] failed: ${failure.error}`),
    ];
    return { text: lines.join('\n'), data: { created, failed } };
  },
});
