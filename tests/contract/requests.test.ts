import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEMO_CALLS, supportsFlavor } from '../../src/sandbox/demo.js';
import { LAYOUTS } from '../../src/sandbox/session.js';
import { specsOrSkip, validateRequest } from '../helpers/contract.js';
import { startHarness } from '../helpers/harness.js';

import type { Harness } from '../helpers/harness.js';

// Every request the tools send, in every flavor, must be one the real product accepts: each request the
// sandbox recorded is validated against Atlassian's official OpenAPI document for that product.

/** Calls beyond the demo ones, to reach every request shape: pagination, field selection, lookups by title. */
async function sweep(h: Harness): Promise<void> {
  for (const [name, args] of Object.entries(DEMO_CALLS)) {
    if (!supportsFlavor(name, h.config)) continue;
    const result = await h.call(name, args);
    assert.notEqual(result.isError, true, `${name}: ${result.text}`);
  }
  const search = await h.call('jira_search', { jql: 'project = DEMO ORDER BY key', fields: 'labels,customfield_10016', limit: 3 });
  const { cursor } = search.structuredContent as { cursor: string };
  await h.call('jira_search', { jql: 'project = DEMO ORDER BY key', fields: 'labels,customfield_10016', limit: 3, cursor });
  await h.call('jira_get_issue', { issue_key: 'DEMO-3', fields: '*all' });
  const pages = await h.call('confluence_search', { query: 'space = DOC', limit: 2 });
  await h.call('confluence_search', { query: 'space = DOC', limit: 2, cursor: (pages.structuredContent as { cursor: string }).cursor });
  await h.call('confluence_get_page', { space_key: 'DOC', title: 'Runbooks' });
}

describe('requests validate against the official OpenAPI specs', () => {
  for (const layout of LAYOUTS) {
    it(`layout ${layout}`, async (t) => {
      if (!specsOrSkip(t)) return;
      const h = await startHarness({ layout });
      try {
        await sweep(h);
        const sites = new Set(h.sandbox.requests.map((request) => request.site));
        assert.equal(sites.size, 2, 'both products were exercised');
        const failures: string[] = [];
        for (const request of h.sandbox.requests) {
          const result = await validateRequest(request.site, request);
          if (!result.ok) failures.push(...result.errors.map((error) => `${request.site}: ${error}`));
        }
        assert.deepEqual(failures, []);
        assert.ok(h.sandbox.requests.length >= 8);
      } finally {
        await h.close();
      }
    });
  }
});
