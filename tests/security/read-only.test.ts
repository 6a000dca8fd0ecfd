import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { loadConfig } from '../../src/config/index.js';
import { ALL_TOOLS, KNOWN_NAMES, selectTools } from '../../src/mcp/registry.js';
import { DEFAULT_TOOLS } from '../../src/mcp/toolsets.js';
import { DEMO_CALLS, supportsFlavor } from '../../src/sandbox/demo.js';
import { startHarness } from '../helpers/harness.js';

import type { SandboxRequest } from '../../src/sandbox/server.js';

// Write safety: READ_ONLY_MODE leaves nothing that writes, whatever is asked; the project and space
// filters refuse reads and writes outside them in every family; deleting tools are never in the default
// selection. The sandbox's request log is the proof.

/** The POSTs that only read (searches and bulk lookups), by path: the only non-GET requests allowed. */
const READ_ONLY_POSTS = new Set(['/rest/api/3/search/jql', '/rest/api/3/changelog/bulkfetch', '/wiki/api/v2/users-bulk']);
const writesIn = (requests: SandboxRequest[]) =>
  requests.filter((request) => request.method !== 'GET' && !(request.method === 'POST' && READ_ONLY_POSTS.has(request.path)));

let writeRequests = 0;
after(() => process.stdout.write(`# write requests in the read-only sweep: ${writeRequests}\n`));

describe('READ_ONLY_MODE=true with TOOLSETS=all', () => {
  for (const layout of ['cloud', 'dc'] as const) {
    it(`${layout}: every tool name in the registry, with its demo call, sends no write upstream`, async () => {
      const h = await startHarness({ layout, env: { READ_ONLY_MODE: 'true', TOOLSETS: 'all' } });
      try {
        const { tools } = await h.client.listTools();
        assert.deepEqual(tools.map((tool) => tool.name), ALL_TOOLS.filter((tool) => tool.kind === 'read').map((tool) => tool.name));
        let refused = 0;
        for (const tool of ALL_TOOLS) {
          const result = await h.call(tool.name, DEMO_CALLS[tool.name]);
          if (tool.kind !== 'read') {
            assert.equal(result.isError, true, `${tool.name} is not served`);
            assert.match(result.text, new RegExp(`Tool ${tool.name} not found`));
            refused += 1;
          } else if (supportsFlavor(tool.name, h.config)) {
            assert.notEqual(result.isError, true, `${tool.name}: ${result.text}`);
          }
        }
        assert.equal(refused, ALL_TOOLS.filter((tool) => tool.kind !== 'read').length);
        const writes = writesIn(h.sandbox.requests);
        writeRequests += writes.length;
        assert.deepEqual(writes.map((request) => `${request.method} ${request.path}`), []);
        assert.ok(h.sandbox.requests.length > 50, 'the reads did reach the site');
        const posts = new Set(h.sandbox.requests.filter((request) => request.method === 'POST').map((request) => request.path));
        if (layout === 'cloud') assert.deepEqual([...posts].sort(), [...READ_ONLY_POSTS].sort(), 'each allowed POST was exercised');
      } finally {
        await h.close();
      }
    });
  }

  it('no write tool is registered, whichever toolsets or tools are asked for', () => {
    const env = { JIRA_URL: 'https://jira.example.com', JIRA_PERSONAL_TOKEN: 'x', CONFLUENCE_URL: 'https://wiki.example.com', CONFLUENCE_PERSONAL_TOKEN: 'y' };
    const writeNames = ALL_TOOLS.filter((tool) => tool.kind !== 'read').map((tool) => tool.name);
    const config = loadConfig({ ...env, READ_ONLY_MODE: 'true', TOOLSETS: 'all', ENABLED_TOOLS: writeNames.join(',') }, KNOWN_NAMES);
    assert.deepEqual(selectTools(config).filter((tool) => tool.kind !== 'read'), []);
    const defaults = selectTools(loadConfig(env, KNOWN_NAMES));
    assert.equal(defaults.length, DEFAULT_TOOLS.length);
    assert.deepEqual(defaults.filter((tool) => tool.kind === 'destructive').map((tool) => tool.name), [], 'nothing that deletes by default');
  });
});

// Tools that name no project, issue, board, page or space: they answer, scoped by the filter.
const UNTARGETED = new Set(['jira_search', 'jira_search_fields', 'jira_get_field_options', 'jira_get_all_projects', 'jira_get_link_types',
  'jira_get_user_profile', 'jira_search_users', 'confluence_search', 'confluence_search_user', 'confluence_find_pages_by_label',
  'confluence_list_spaces', 'jira_get_service_desks']);

describe('project and space filters', () => {
  for (const layout of ['cloud', 'dc'] as const) {
    it(`${layout}: every demo call aimed outside JIRA_PROJECTS_FILTER / CONFLUENCE_SPACES_FILTER is refused, and nothing is written`, async () => {
      // SEC exists (the account cannot see it); ARCHIVE does not: no demo call aims at either.
      const h = await startHarness({ layout, env: { JIRA_PROJECTS_FILTER: 'SEC', CONFLUENCE_SPACES_FILTER: 'ARCHIVE' } });
      try {
        for (const [name, args] of Object.entries(DEMO_CALLS)) {
          if (!supportsFlavor(name, h.config)) continue;
          const result = await h.call(name, args);
          if (UNTARGETED.has(name)) {
            // Whatever they answer holds nothing from DEMO, OPS, DOC or OPS's pages.
            assert.doesNotMatch(result.text, /\b(DEMO|OPS)-\d+\b|\b98[34]\d\d\b|DEMO Sprint/, `${name}: ${result.text}`);
            continue;
          }
          assert.equal(result.isError, true, `${name} is refused: ${result.text}`);
          assert.match(result.text, /outside the (projects|spaces) this server may use \((JIRA_PROJECTS_FILTER=SEC|CONFLUENCE_SPACES_FILTER=ARCHIVE)\)|The value 'SEC' does not exist/, name);
        }
        assert.deepEqual(writesIn(h.sandbox.requests).map((request) => `${request.method} ${request.path}`), []);
      } finally {
        await h.close();
      }
    });
  }

  it('inside the filter the same families work; a board of another project keeps its sprints to itself', async () => {
    const h = await startHarness({ layout: 'cloud', env: { JIRA_PROJECTS_FILTER: 'OPS', CONFLUENCE_SPACES_FILTER: 'OPS' } });
    try {
      const issues = await h.call('jira_get_project_issues', { project_key: 'OPS', limit: 5 });
      assert.equal(issues.isError, undefined, issues.text);
      assert.match(issues.text, /OPS-\d+/);
      const search = await h.call('jira_search', { jql: 'ORDER BY key', limit: 50 });
      assert.doesNotMatch(search.text, /DEMO-\d+/, 'a search sees only OPS');
      const sprints = await h.call('jira_get_sprints_from_board', { board_id: 1 });
      assert.equal(sprints.isError, true, sprints.text);
      assert.match(sprints.text, /Project DEMO is outside the projects this server may use \(JIRA_PROJECTS_FILTER=OPS\)/);
      const page = await h.call('confluence_get_page', { page_id: '98401' });
      assert.equal(page.isError, undefined, page.text);
      const other = await h.call('confluence_add_comment', { page_id: '98304', body: 'x' });
      assert.equal(other.isError, true);
      const comment = await h.call('confluence_add_comment', { page_id: '98401', body: 'Inside the filter.' });
      assert.equal(comment.isError, undefined, comment.text);
      assert.deepEqual(writesIn(h.sandbox.requests).map((request) => `${request.method} ${request.path}`), ['POST /wiki/api/v2/footer-comments'], 'the one write, inside the filter');
    } finally {
      await h.close();
    }
  });
});
