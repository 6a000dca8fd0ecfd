import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { requestLines, withCheckedHarness } from '../helpers/harness.js';

import type { SandboxLayout } from '../../src/sandbox/session.js';

// Comments and workflow transitions on both flavors.

const FLAVORS: { name: string; layout: SandboxLayout; api: string }[] = [
  { name: 'Cloud', layout: 'cloud-jira', api: '/rest/api/3' },
  { name: 'Server/DC', layout: 'cloud-confluence', api: '/rest/api/2' },
];

for (const flavor of FLAVORS) {
  describe(`Jira ${flavor.name}: comments and transitions`, () => {
    it('jira_get_comments pages oldest first or newest first, bodies as Markdown in an untrusted block', () => withCheckedHarness(flavor.layout, async (h) => {
      const first = await h.call('jira_get_comments', { issue_key: 'DEMO-2', limit: 8 });
      assert.equal(first.isError, undefined, first.text);
      assert.match(first.text, /^\[untrusted content \w+ begins: Jira DEMO-2 comments.*\n\*\*Comment 20000\*\* · Bob Okafor · 2026-10-11 08:15\nReproduced on build 2\.4\.0; the loop happens after the second redirect\.\n\n\*\*Comment 20001\*\*/);
      assert.match(first.text, /8 of 20 comments returned; more exist: pass cursor="/);
      const ids: string[] = [];
      let cursor: string | undefined = (first.structuredContent as { cursor: string }).cursor;
      ids.push(...(first.structuredContent as { comments: { id: string }[] }).comments.map((c) => c.id));
      while (cursor) {
        const page = await h.call('jira_get_comments', { issue_key: 'DEMO-2', limit: 8, cursor });
        ids.push(...(page.structuredContent as { comments: { id: string }[] }).comments.map((c) => c.id));
        cursor = (page.structuredContent as { cursor?: string }).cursor;
      }
      assert.deepEqual(ids, Array.from({ length: 20 }, (_, i) => String(20000 + i)));
      const newest = await h.call('jira_get_comments', { issue_key: 'DEMO-2', order: 'newest', limit: 1 });
      assert.equal((newest.structuredContent as { comments: { id: string }[] }).comments[0]!.id, '20019');
      const mixed = await h.call('jira_get_comments', { issue_key: 'DEMO-2', order: 'newest', cursor: (first.structuredContent as { cursor: string }).cursor });
      assert.match(mixed.text, /cursor: it belongs to other arguments of jira_get_comments/);
    }));

    it('add, edit and delete a comment in Markdown, with visibility; the body round-trips', () => withCheckedHarness(flavor.layout, async (h) => {
      const markdown = 'Fixed in **2.4.1**; see [PR 7](https://example.com/pr/7).\n\n- cookie gets `Secure`\n- verified on Safari 17';
      const added = await h.call('jira_add_comment', { issue_key: 'demo-3', comment: markdown, visibility: 'role:Developers' });
      assert.equal(added.isError, undefined, added.text);
      const id = (added.structuredContent as { id: string }).id;
      assert.match(added.text, new RegExp(`^Commented on DEMO-3 \\(comment ${id}\\)\\.\\nURL: .*/browse/DEMO-3\\?focusedCommentId=${id}\\n- added comment ${id} \\(visible to role:Developers\\)$`));
      const post = h.sandbox.requests.find((request) => request.method === 'POST')!;
      const body = post.body as { body: unknown; visibility: unknown };
      assert.deepEqual(body.visibility, { type: 'role', value: 'Developers' });
      assert.equal(typeof body.body, flavor.name === 'Cloud' ? 'object' : 'string');
      const read = await h.call('jira_get_comments', { issue_key: 'DEMO-3', order: 'newest', limit: 1 });
      const comment = (read.structuredContent as { comments: { id: string; body: string }[] }).comments[0]!;
      assert.equal(comment.id, id);
      assert.equal(comment.body, markdown);
      assert.match(read.text, /· visible to role Developers/);

      const edited = await h.call('jira_edit_comment', { issue_key: 'DEMO-3', comment_id: id, comment: 'Superseded: fixed in _2.4.2_.' });
      assert.match(edited.text, new RegExp(`^Edited comment ${id} on DEMO-3\\.`));
      const after = await h.call('jira_get_comments', { issue_key: 'DEMO-3', order: 'newest', limit: 1 });
      assert.equal((after.structuredContent as { comments: { body: string }[] }).comments[0]!.body, 'Superseded: fixed in _2.4.2_.');
      const notMine = await h.call('jira_edit_comment', { issue_key: 'DEMO-3', comment_id: '20100', comment: 'x' });
      assert.equal(notMine.isError, true);
      assert.match(notMine.text, /HTTP 403.*You do not have the permission to edit this comment/);

      const deleted = await h.call('jira_delete_comment', { issue_key: 'DEMO-3', comment_id: id });
      assert.match(deleted.text, new RegExp(`- deleted comment ${id}$`));
      assert.ok(requestLines(h.sandbox).includes(`DELETE ${flavor.api}/issue/DEMO-3/comment/${id}`));
      const missing = await h.call('jira_delete_comment', { issue_key: 'DEMO-3', comment_id: id });
      assert.match(missing.text, /not found \(HTTP 404\).*Can not find a comment for the id/);
      const badRole = await h.call('jira_add_comment', { issue_key: 'DEMO-3', comment: 'x', visibility: 'role:Nobody' });
      assert.match(badRole.text, /not a member of the project role: Nobody/);
    }));

    it('jira_get_issue lists the transitions the status allows; jira_transition_issue by status name with a comment', () => withCheckedHarness(flavor.layout, async (h) => {
      const list = await h.call('jira_get_issue', { issue_key: 'DEMO-4', include: ['transitions'] });
      assert.ok(list.text.endsWith(flavor.name === 'Cloud'
        ? '\n## Transitions\n- 21: Start progress → In Progress\n- 41: Done → Done (requires Resolution)'
        : '\n## Transitions\n- 21: Start progress → In Progress\n- 41: Done → Done'), list.text);
      const moved = await h.call('jira_transition_issue', { issue_key: 'DEMO-4', status: 'in progress', comment: 'Starting **now**.' });
      assert.equal(moved.isError, undefined, moved.text);
      assert.match(moved.text, /^Transitioned DEMO-4 to In Progress\.\nURL: .*\n- status: To Do → In Progress \(via 'Start progress'\)\n- added a comment$/);
      const post = h.sandbox.requests.find((request) => request.method === 'POST')!;
      assert.equal((post.body as { transition: { id: string } }).transition.id, '21');
      const comments = await h.call('jira_get_comments', { issue_key: 'DEMO-4' });
      assert.match(comments.text, /Starting \*\*now\*\*\./);
      const byName = await h.call('jira_transition_issue', { issue_key: 'DEMO-4', status: 'Request review' });
      assert.match(byName.text, /- status: In Progress → In Review \(via 'Request review'\)/);
      const wrong = await h.call('jira_transition_issue', { issue_key: 'DEMO-4', status: 'Closed' });
      assert.match(wrong.text, /DEMO-4 \(In Review\) cannot take 'Closed' now; available: 11 Back to To Do → To Do; 21 Start progress → In Progress; 41 Done → Done\./);
      const neither = await h.call('jira_transition_issue', { issue_key: 'DEMO-4' });
      assert.match(neither.text, /Give transition_id or status/);
    }));

    it('closing needs a resolution: Cloud says so before sending, Server/DC relays Jira\'s answer; then it is resolved', () => withCheckedHarness(flavor.layout, async (h) => {
      const missing = await h.call('jira_transition_issue', { issue_key: 'DEMO-4', transition_id: '41' });
      assert.equal(missing.isError, true);
      if (flavor.name === 'Cloud') assert.match(missing.text, /Transition 'Done' requires a resolution, e\.g\. resolution 'Done'/);
      else assert.match(missing.text, /HTTP 400\)\. Jira said: resolution: Resolution is required/);
      const done = await h.call('jira_transition_issue', { issue_key: 'DEMO-4', transition_id: '41', resolution: 'Won\'t Do', additional_fields: { 'Fix Version/s': ['2.4'] } });
      assert.equal(done.isError, undefined, done.text);
      assert.match(done.text, /- status: To Do → Done \(via 'Done'\)\n- resolution: Won't Do\n- Fix Version\/s set/);
      const issue = await h.call('jira_get_issue', { issue_key: 'DEMO-4' });
      assert.match(issue.text, /\nResolution: Won't Do\n/);
      assert.match(issue.text, /\nFix versions: 2\.4\n/);
      const changelog = await h.call('jira_get_changelog', { issue_key: 'DEMO-4' });
      assert.match(changelog.text, /status: To Do → Done; resolution: ∅ → Won't Do/);
    }));

    it('JIRA_PROJECTS_FILTER refuses comments and transitions elsewhere before any request', () => withCheckedHarness(flavor.layout, async (h) => {
      for (const [tool, args] of [['jira_get_comments', { issue_key: 'DEMO-2' }], ['jira_add_comment', { issue_key: 'DEMO-2', comment: 'x' }],
        ['jira_delete_comment', { issue_key: 'DEMO-2', comment_id: '20019' }], ['jira_get_issue', { issue_key: 'DEMO-2', include: ['transitions'] }],
        ['jira_transition_issue', { issue_key: 'DEMO-2', status: 'Done' }]] as const) {
        const result = await h.call(tool, args);
        assert.equal(result.isError, true, tool);
        assert.match(result.text, /DEMO-2 is in project DEMO, outside the projects/);
      }
      assert.equal(h.sandbox.requests.length, 0);
    }, { JIRA_PROJECTS_FILTER: 'OPS' }));
  });
}
