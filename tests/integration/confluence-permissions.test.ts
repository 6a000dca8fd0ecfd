import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { requestLines, withCheckedHarness } from '../helpers/harness.js';

import type { SandboxLayout } from '../../src/sandbox/session.js';
import type { Harness } from '../helpers/harness.js';

// Page restrictions (read, replace, lift) and space permissions on both flavors; what Cloud alone has:
// the permission check, page templates (list, read, create a page from one) and page view counts.

const FLAVORS = [
  { name: 'Cloud', layout: 'cloud-confluence', cloud: true },
  { name: 'Server/DC', layout: 'cloud-jira', cloud: false },
] as const;

const BOB = { cloud: '5f8a1c2e9b3d4a0071e4c002', dc: 'bob' };

const withSite = (layout: SandboxLayout, test: (h: Harness) => Promise<void>, env: Record<string, string> = {}) =>
  withCheckedHarness(layout, test, env, 'confluence');

type Restrictions = { view: { type: string; id: string; name: string }[]; edit: { type: string; id: string; name: string }[] };

for (const flavor of FLAVORS) {
  const bob = flavor.cloud ? BOB.cloud : BOB.dc;
  describe(`Confluence permissions, ${flavor.name}`, () => {
    it('confluence_get_page_restrictions names who may view and edit', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_get_page_restrictions', { page_id: '98302' });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /View: anyone who can see the space\nEdit: Alice Nguyen \((5f8a1c2e9b3d4a0071e4c001|alice)\), group confluence-administrators/);
      const data = result.structuredContent as Restrictions;
      assert.deepEqual(data.edit.map((p) => [p.type, p.id]), [['user', flavor.cloud ? '5f8a1c2e9b3d4a0071e4c001' : 'alice'], ['group', 'confluence-administrators']]);
      const open = await h.call('confluence_get_page_restrictions', { page_id: '98304' });
      assert.match(open.text, /View: anyone who can see the space\nEdit: anyone who may edit in the space/);
    }));

    it('confluence_set_page_restrictions replaces one list, keeps the other, and [] lifts it', () => withSite(flavor.layout, async (h) => {
      const set = await h.call('confluence_set_page_restrictions', { page_id: '98304', view: [bob, 'group:confluence-administrators'] });
      assert.equal(set.isError, undefined, set.text);
      assert.match(set.text, /View: Bob Okafor \([^)]+\), group confluence-administrators\nEdit: anyone/);
      const edit = await h.call('confluence_set_page_restrictions', { page_id: '98304', edit: ['group:confluence-administrators'] });
      const data = edit.structuredContent as Restrictions;
      assert.deepEqual(data.view.map((p) => p.name), ['Bob Okafor', 'confluence-administrators'], 'view kept');
      assert.deepEqual(data.edit.map((p) => p.id), ['confluence-administrators']);
      const lifted = await h.call('confluence_set_page_restrictions', { page_id: '98304', view: [], edit: [] });
      assert.match(lifted.text, /View: anyone who can see the space\nEdit: anyone/);
      const writes = requestLines(h.sandbox).filter((line) => !line.startsWith('GET'));
      const path = `${flavor.cloud ? '/wiki' : ''}/rest/api/content/98304/restriction`;
      // Cloud's PUT replaces everything, so an empty result is a DELETE there.
      assert.deepEqual(writes, [`PUT ${path}`, `PUT ${path}`, `${flavor.cloud ? 'DELETE' : 'PUT'} ${path}`]);
    }));

    it('refuses restrictions that lock the caller out, and input that names no one', () => withSite(flavor.layout, async (h) => {
      const locked = await h.call('confluence_set_page_restrictions', { page_id: '98304', view: [bob] });
      assert.equal(locked.isError, true);
      assert.match(locked.text, /revoke the requesting user's access is prohibited/);
      const empty = await h.call('confluence_set_page_restrictions', { page_id: '98304', edit: ['group:'] });
      assert.match(empty.text, /edit: 'group:' names no one/);
      const nothing = await h.call('confluence_set_page_restrictions', { page_id: '98304' });
      assert.match(nothing.text, /Give view, edit, or both/);
    }));

    it('confluence_get_space_permissions lists each user and group with its permissions', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_get_space_permissions', { space_key: 'DOC' });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /- group confluence-users: read space, create page, create blogpost, create comment, create attachment\n/);
      assert.match(result.text, /- group confluence-administrators: read space, administer space, delete page, restrict_content space\n/);
      assert.match(result.text, /- Bob Okafor \((5f8a1c2e9b3d4a0071e4c002|bob)\): read space, delete page/);
      assert.match(result.text, /11 assignments returned; no more\./);
      const ops = await h.call('confluence_get_space_permissions', { space_key: 'OPS' });
      assert.match(ops.text, flavor.cloud ? /- role ANONYMOUS: read space/ : /- anonymous anonymous: read space/);
      const missing = await h.call('confluence_get_space_permissions', { space_key: 'NOPE' });
      assert.equal(missing.isError, true);
    }));

    it('CONFLUENCE_SPACES_FILTER refuses restrictions and permissions outside the allowed spaces', () => withSite(flavor.layout, async (h) => {
      for (const [tool, args] of [
        ['confluence_get_page_restrictions', { page_id: '98302' }],
        ['confluence_set_page_restrictions', { page_id: '98302', view: [] }],
        ['confluence_get_space_permissions', { space_key: 'DOC' }],
      ] as const) {
        const result = await h.call(tool, args);
        assert.equal(result.isError, true, tool);
        assert.match(result.text, /outside the spaces this server may use/, tool);
      }
      assert.ok(h.sandbox.requests.every((r) => r.method === 'GET'), 'nothing written');
    }, { CONFLUENCE_SPACES_FILTER: 'OPS' }));

    if (flavor.cloud) {
      it('check_user says what one user may do on the page, with the reasons', () => withSite(flavor.layout, async (h) => {
        const result = await h.call('confluence_get_page_restrictions', { page_id: '98302', check_user: bob });
        assert.equal(result.isError, undefined, result.text);
        assert.match(result.text, /User 5f8a1c2e9b3d4a0071e4c002: can read, cannot update \(User does not have permission to update the content\), can delete\.$/);
        const checked = (result.structuredContent as { checked: { operation: string; allowed: boolean }[] }).checked;
        assert.deepEqual(checked.map((c) => [c.operation, c.allowed]), [['read', true], ['update', false], ['delete', true]]);
      }));

      it('confluence_get_templates lists global and space templates and reads one as Markdown', () => withSite(flavor.layout, async (h) => {
        const global = await h.call('confluence_get_templates', {});
        assert.equal(global.isError, undefined, global.text);
        assert.match(global.text, /- \[393217\] Meeting notes — Date, attendees, agenda and action items\n- \[393218\] Decision record/);
        const doc = await h.call('confluence_get_templates', { space_key: 'DOC' });
        assert.deepEqual((doc.structuredContent as { templates: { id: string; space_key: string }[] }).templates.map((t) => [t.id, t.space_key]), [['393219', 'DOC']]);
        const one = await h.call('confluence_get_templates', { template_id: '393219' });
        assert.match(one.text, /^Template 393219 \(page, space DOC\):/);
        assert.match(one.text, /## Rollback\n\n```bash\nkubectl rollout undo deployment\/SERVICE\n```/);
        assert.match(one.text, /Create a page from it with confluence_create_page and template_id\.$/);
        const missing = await h.call('confluence_get_templates', { template_id: '999' });
        assert.equal(missing.isError, true);
        const bad = await h.call('confluence_get_templates', { template_id: '../x' });
        assert.equal(bad.isError, true);
        assert.match(bad.text, /a template id such as 393217/);
      }));

      it('confluence_create_page with template_id creates the page from the template\'s body', () => withSite(flavor.layout, async (h) => {
        const created = await h.call('confluence_create_page', { space_key: 'DOC', title: 'Weekly sync 2026-11-23', template_id: '393217' });
        assert.equal(created.isError, undefined, created.text);
        const { id } = created.structuredContent as { id: string };
        const page = await h.call('confluence_get_page', { page_id: id });
        assert.match(page.text, /## Agenda: \\\[Topic\]/);
        assert.doesNotMatch(page.text, /at:declarations|at:var/);
        const both = await h.call('confluence_create_page', { space_key: 'DOC', title: 'X', template_id: '393217', content: 'hi' });
        assert.match(both.text, /Give either content or template_id/);
      }));

      it('confluence_get_page_views counts views and distinct viewers, optionally since a day', () => withSite(flavor.layout, async (h) => {
        const ever = await h.call('confluence_get_page_views', { page_id: '98302' });
        assert.equal(ever.text, 'Page 98302: 7 view(s) by 4 distinct viewer(s).');
        const since = await h.call('confluence_get_page_views', { page_id: '98302', from_date: '2026-10-10' });
        assert.deepEqual(since.structuredContent, { page_id: '98302', views: 5, viewers: 3, from_date: '2026-10-10' });
        assert.ok(requestLines(h.sandbox).includes('GET /wiki/rest/api/analytics/content/98302/viewers'));
        const bad = await h.call('confluence_get_page_views', { page_id: '98302', from_date: 'yesterday' });
        assert.equal(bad.isError, true);
      }));
    } else {
      it('the Cloud-only parts say so on Server/DC, before asking the site', () => withSite(flavor.layout, async (h) => {
        const check = await h.call('confluence_get_page_restrictions', { page_id: '98302', check_user: 'bob' });
        assert.equal(check.isError, true);
        assert.match(check.text, /check_user needs Confluence Cloud/);
        for (const [tool, args] of [['confluence_get_templates', {}], ['confluence_get_page_views', { page_id: '98302' }]] as const) {
          const result = await h.call(tool, args);
          assert.equal(result.isError, true, tool);
          assert.match(result.text, new RegExp(`${tool} is available on Atlassian Cloud only`), tool);
        }
        const fromTemplate = await h.call('confluence_create_page', { space_key: 'DOC', title: 'X', template_id: '393217' });
        assert.equal(fromTemplate.isError, true);
        assert.match(fromTemplate.text, /template_id needs Confluence Cloud/);
        assert.deepEqual(requestLines(h.sandbox), [], 'no request');
      }));
    }
  });
}
