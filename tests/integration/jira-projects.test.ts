import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { PIXEL_PNG } from '../../src/sandbox/data/jira.js';
import { requestLines, withCheckedHarness } from '../helpers/harness.js';

import type { SandboxLayout } from '../../src/sandbox/session.js';

// Project-level reads and version writes on both flavors: updating and batch-creating versions, a
// project's fields across its issue types, issue dates and time in status, all of an issue's
// attachments, epics by parent and cross-project links. Every request is checked against the specs.

const FLAVORS: { name: string; layout: SandboxLayout; api: string }[] = [
  { name: 'Cloud', layout: 'cloud-jira', api: '/rest/api/3' },
  { name: 'Server/DC', layout: 'cloud-confluence', api: '/rest/api/2' },
];

type Block = { type: string; data?: string; mimeType?: string; resource?: { text?: string } };

for (const flavor of FLAVORS) {
  describe(`Jira ${flavor.name}: versions`, () => {
    it('jira_update_version changes only what is given; a clash or an empty change is a clear error', () => withCheckedHarness(flavor.layout, async (h) => {
      const result = await h.call('jira_update_version', { version_id: '10602', release_date: '2026-12-15', released: true });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /^Updated version 2\.4\.1 \(10602\) in DEMO\.\nURL: .*\/projects\/DEMO\/versions\/10602\n- release date 2026-12-10 → 2026-12-15\n- released$/);
      const put = h.sandbox.requests.find((request) => request.method === 'PUT')!;
      assert.equal(put.path, `${flavor.api}/version/10602`);
      assert.deepEqual(put.body, { releaseDate: flavor.name === 'Cloud' ? '2026-12-15' : '2026-12-15T00:00:00.000+0000', released: true });
      const versions = await h.call('jira_get_project_versions', { project_key: 'DEMO' });
      assert.match(versions.text, /- 10602: 2\.4\.1 · released · \? → 2026-12-15/);

      const renamed = await h.call('jira_update_version', { version_id: '10602', name: '2.4.2', archived: true });
      assert.match(renamed.text, /- name 2\.4\.1 → 2\.4\.2\n- archived$/);
      const clash = await h.call('jira_update_version', { version_id: '10602', name: '2.4' });
      assert.equal(clash.isError, true);
      assert.match(clash.text, /A version with this name already exists/);
      const dates = await h.call('jira_update_version', { version_id: '10601', start_date: '2027-01-01' });
      assert.equal(dates.isError, true);
      assert.match(dates.text, /start_date 2027-01-01 would be after release_date 2026-11-30/);
      const nothing = await h.call('jira_update_version', { version_id: '10601' });
      assert.match(nothing.text, /Nothing to change/);
      const missing = await h.call('jira_update_version', { version_id: '99999', released: true });
      assert.equal(missing.isError, true);
      assert.match(missing.text, /HTTP 404/);
      const badId = await h.call('jira_update_version', { version_id: 'v1', released: true });
      assert.equal(badId.isError, true);
    }));

    it('jira_update_version refuses a version of a project outside JIRA_PROJECTS_FILTER before changing it', () => withCheckedHarness(flavor.layout, async (h) => {
      const result = await h.call('jira_update_version', { version_id: '10602', released: true });
      assert.equal(result.isError, true);
      assert.match(result.text, /Project DEMO is outside the projects this server may use \(JIRA_PROJECTS_FILTER=OPS\)/);
      assert.ok(!h.sandbox.requests.some((request) => request.method === 'PUT'));
    }, { JIRA_PROJECTS_FILTER: 'OPS' }));

    it('jira_create_version creates several with more_names, reporting the ones Jira refused', () => withCheckedHarness(flavor.layout, async (h) => {
      const result = await h.call('jira_create_version', { project_key: 'OPS', name: 'Q1', more_names: ['Q2', 'Q4 maintenance', 'Q1'], release_date: '2027-03-31' });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /^Created 2 versions in OPS\.\n/);
      assert.match(result.text, /- created version Q1 \(\d+\) in OPS\n- created version Q2 \(\d+\) in OPS\n- release date 2027-03-31\n- not created: Q4 maintenance: .*already exists/);
      assert.deepEqual((result.structuredContent as { created: { name: string }[] }).created.map((version) => version.name), ['Q1', 'Q2']);
      assert.equal(h.sandbox.requests.filter((request) => request.method === 'POST').length, 3, 'a repeated name is sent once');
      const none = await h.call('jira_create_version', { project_key: 'OPS', name: 'Q1', more_names: ['Q2'] });
      assert.equal(none.isError, true);
      assert.match(none.text, /No version was created: Q1: .*; Q2: /);
    }));
  });

  describe(`Jira ${flavor.name}: project fields and issue dates`, () => {
    it('jira_get_create_fields without issue_type lists each field of the project once, with where it is required', () => withCheckedHarness(flavor.layout, async (h) => {
      const result = await h.call('jira_get_create_fields', { project_key: 'DEMO' });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /^# DEMO: \d+ fields across 5 issue types \(Epic, Story, Task, Bug, Sub-task\)\n- issuetype · Issue Type \(issuetype\) · on all types · required in all types\n/);
      assert.match(result.text, /\n- customfield_10030 · Severity \(option, select\) · on all types · required in Bug\n/);
      assert.match(result.text, /\n- customfield_10016 · Story Points \(number, float\) · on Story, Task, Bug\n/);
      const fields = (result.structuredContent as { fields: { id: string; required: boolean; required_in?: string[] }[] }).fields;
      assert.equal(new Set(fields.map((field) => field.id)).size, fields.length, 'each field once');
      assert.deepEqual(fields.find((field) => field.id === 'parent')?.required_in, ['Sub-task']);
      assert.equal(fields.find((field) => field.id === 'summary')?.required, true);
      assert.equal(requestLines(h.sandbox).filter((line) => line.startsWith(`GET ${flavor.api}/issue/createmeta/DEMO/issuetypes/`)).length, 5);
      const outside = await h.call('jira_get_create_fields', { project_key: 'NOPE' });
      assert.equal(outside.isError, true);
    }));

    it('jira_get_changelog with dates gives key dates and time in each status from the changelog', () => withCheckedHarness(flavor.layout, async (h) => {
      const moved = await h.call('jira_transition_issue', { issue_key: 'DEMO-4', status: 'In Progress' });
      assert.equal(moved.isError, undefined, moved.text);
      const result = await h.call('jira_get_changelog', { issue_key: 'DEMO-2,DEMO-4', dates: true });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /^DEMO-2 · In Progress · created 2026-10-04 09:15 · updated 2026-10-22 14:15 · due 2026-11-30 · resolved —\n  time in status:\n  - To Do: 3d 0h\n  - In Progress: \d+d \d+h \(current\)\nDEMO-4 · In Progress · created 2026-10-05 09:15 · updated \S+ \S+ · due — · resolved —\n  time in status:\n  - To Do: \d+d \d+h\n  - In Progress: 0m \(current\)\n2 issues returned; no more\.$/);
      const dates = (result.structuredContent as { dates: { issue: string; status_times: { status: string; seconds: number; visits: number }[] }[] }).dates;
      assert.deepEqual(dates[0]!.status_times[0], { status: 'To Do', seconds: 3 * 86400, visits: 1 });
      if (flavor.name === 'Cloud') {
        const bulk = h.sandbox.requests.filter((request) => request.path === '/rest/api/3/changelog/bulkfetch');
        assert.deepEqual(bulk.map((request) => request.body), [{ issueIdsOrKeys: ['DEMO-2', 'DEMO-4'], maxResults: 1000, fieldIds: ['status'] }]);
      } else {
        assert.ok(requestLines(h.sandbox).includes('GET /rest/api/2/issue/DEMO-4'));
      }
      const resolved = await h.call('jira_get_changelog', { issue_key: 'DEMO-7', dates: true });
      assert.match(resolved.text, /^DEMO-7 · Done · .* · resolved \d{4}-\d{2}-\d{2} \d{2}:\d{2}\n/);
    }));
  });

  describe(`Jira ${flavor.name}: all of an issue's attachments`, () => {
    it('without attachment_id returns every attachment (or only images), within ATTACHMENT_MAX_BYTES', () => withCheckedHarness(flavor.layout, async (h) => {
      const all = await h.call('jira_download_attachment', { issue_key: 'DEMO-2' });
      assert.equal(all.isError, undefined, all.text);
      assert.equal(all.content[0]!.type, 'text');
      assert.match(all.text, /^2 attachments of DEMO-2, in this order:\n- 40000 \(68 B, image\/png\)\n- 40001 \(121 B, text\/plain\)\n\[image\]\n\[resource\]$/);
      assert.deepEqual(Buffer.from((all.content[1] as Block).data!, 'base64'), PIXEL_PNG);
      assert.match((all.content[2] as Block).resource!.text!, /^GET \/login\?next/);
      const images = await h.call('jira_download_attachment', { issue_key: 'DEMO-2', images_only: true });
      assert.deepEqual(images.content.map((part) => part.type), ['text', 'image']);
      const both = await h.call('jira_download_attachment', { issue_key: 'DEMO-2', attachment_id: '40001', images_only: true });
      assert.equal(both.isError, true);
      assert.match(both.text, /omit attachment_id, or omit images_only/);
      const none = await h.call('jira_download_attachment', { issue_key: 'DEMO-3', images_only: true });
      assert.equal(none.text, '0 images of DEMO-3 (it has none).');
    }));

    it('skips files over the cap, and stops adding content once the total would pass it', () => withCheckedHarness(flavor.layout, async (h) => {
      const result = await h.call('jira_download_attachment', { issue_key: 'DEMO-2' });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /^1 attachment of DEMO-2, in this order:\n- 40000 \(68 B, image\/png\)\n- skipped 40001: would pass ATTACHMENT_MAX_BYTES=150 in all; fetch it alone\n\[image\]$/);
      assert.ok(!requestLines(h.sandbox).some((line) => line.includes('40001')), 'the skipped file is not downloaded');
    }, { ATTACHMENT_MAX_BYTES: '150' }));

    it('with save_path saves every attachment into that folder inside ATTACHMENTS_DIR', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'jira-all-files-'));
      try {
        await withCheckedHarness(flavor.layout, async (h) => {
          const result = await h.call('jira_download_attachment', { issue_key: 'DEMO-2', save_path: 'DEMO-2/' });
          assert.equal(result.isError, undefined, result.text);
          assert.deepEqual(readFileSync(join(dir, 'DEMO-2', 'login-loop.png')), PIXEL_PNG);
          assert.match(readFileSync(join(dir, 'DEMO-2', 'redirect-trace.txt'), 'utf8'), /^GET \/login/);
          assert.match(result.text, /^2 attachments of DEMO-2\.\n\[untrusted content [0-9a-f]{8} begins: Jira DEMO-2 attachments[^\n]*\n- 40000 \(68 B, image\/png\) saved to .*DEMO-2\/login-loop\.png\n/);
          assert.deepEqual(result.content.map((part) => part.type), ['text']);
          const again = await h.call('jira_download_attachment', { issue_key: 'DEMO-2', save_path: 'DEMO-2' });
          assert.equal(again.isError, true);
          assert.match(again.text, /already exists; pass overwrite=true/);
        }, { ATTACHMENTS_DIR: dir });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe(`Jira ${flavor.name}: epics by parent and cross-project links`, () => {
    it('jira_get_project_epic_hierarchy groups epics under the issue they link to in another project', () => withCheckedHarness(flavor.layout, async (h) => {
      const created = await h.call('jira_create_issue', {
        project_key: 'DEMO', issue_type: 'Epic', summary: 'Certificate automation', ...(flavor.name === 'Cloud' ? {} : { additional_fields: { 'Epic Name': 'Certs' } }),
      });
      assert.equal(created.isError, undefined, created.text);
      const epic = (created.structuredContent as { key: string }).key;
      const linked = await h.call('jira_create_issue_link', { link_type: 'Relates', outward_issue_key: 'OPS-1', inward_issue_key: epic });
      assert.equal(linked.isError, undefined, linked.text);
      const result = await h.call('jira_get_project_epic_hierarchy', { project_key: 'DEMO' });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, new RegExp('^# DEMO: 2 epics under 1 parent\\n\\[untrusted content [0-9a-f]{8} begins: Jira DEMO epics[^\\n]*\\n' +
        `## OPS-1 Rotate TLS certificates on edge node 1 \\(link: relates to\\)\\n- ${epic} · To Do · Certificate automation\\n` +
        '## No parent\\n- DEMO-1 · In Progress · Self-service billing\\n\\[untrusted content [0-9a-f]{8} ends\\]\\nNo more epics\\.$'));
      const data = result.structuredContent as { groups: { parent?: { key: string; via: string } }[]; epics: number; more: boolean };
      assert.deepEqual(data.groups.map((group) => group.parent?.key), ['OPS-1', undefined]);
      assert.equal(data.more, false);
      const limited = await h.call('jira_get_project_epic_hierarchy', { project_key: 'DEMO', limit: 1 });
      assert.match(limited.text, /More epics exist than limit=1; raise limit/);
      const outside = await h.call('jira_get_project_epic_hierarchy', { project_key: 'NOPE' });
      assert.equal(outside.isError, true);
      assert.match(outside.text, /NOPE/);
    }));

    it('jira_get_cross_project_dependencies groups links into other projects, scanning in pages', () => withCheckedHarness(flavor.layout, async (h) => {
      const linked = await h.call('jira_create_issue_link', { link_type: 'Blocks', outward_issue_key: 'OPS-2', inward_issue_key: 'DEMO-20' });
      assert.equal(linked.isError, undefined, linked.text);
      const all = await h.call('jira_get_cross_project_dependencies', { project_key: 'DEMO' });
      assert.equal(all.isError, undefined, all.text);
      assert.match(all.text, /^# DEMO: 2 links to 1 other project\n\[untrusted content [0-9a-f]{8} begins: Jira DEMO cross-project links[^\n]*\n## OPS\n- DEMO-20 is blocked by OPS-2 · \S+.* · Rotate TLS certificates on edge node 2\n- DEMO-2 relates to OPS-3 · To Do · Rotate TLS certificates on edge node 3\n\[untrusted content [0-9a-f]{8} ends\]\n61 issues scanned; no more\.$/);
      const first = await h.call('jira_get_cross_project_dependencies', { project_key: 'DEMO', limit: 10 });
      const cursor = (first.structuredContent as { cursor?: string; links: number }).cursor;
      assert.ok(cursor, first.text);
      assert.equal((first.structuredContent as { links: number }).links, 1);
      const second = await h.call('jira_get_cross_project_dependencies', { project_key: 'DEMO', limit: 10, cursor });
      assert.match(second.text, /^# DEMO: 1 link to 1 other project\n[\s\S]*- DEMO-20 is blocked by OPS-2/);
      const other = await h.call('jira_get_cross_project_dependencies', { project_key: 'OPS', cursor });
      assert.equal(other.isError, true);
      assert.match(other.text, /cursor: it belongs to other arguments/);
      const ops = await h.call('jira_get_cross_project_dependencies', { project_key: 'OPS' });
      assert.match(ops.text, /^# OPS: 2 links to 1 other project\n[\s\S]*- OPS-2 blocks DEMO-20 · [\s\S]*- OPS-3 relates to DEMO-2 · /);
    }));

    it('both are refused for a project outside JIRA_PROJECTS_FILTER, before any request', () => withCheckedHarness(flavor.layout, async (h) => {
      for (const tool of ['jira_get_project_epic_hierarchy', 'jira_get_cross_project_dependencies']) {
        const result = await h.call(tool, { project_key: 'DEMO' });
        assert.equal(result.isError, true, tool);
        assert.match(result.text, /Project DEMO is outside the projects this server may use/);
      }
      assert.equal(h.sandbox.requests.length, 0);
    }, { JIRA_PROJECTS_FILTER: 'OPS' }));
  });
}
