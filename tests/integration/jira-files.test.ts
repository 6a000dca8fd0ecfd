import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { PIXEL_PNG } from '../../src/sandbox/data/jira.js';
import { requestLines, withCheckedHarness } from '../helpers/harness.js';

import type { SandboxLayout } from '../../src/sandbox/session.js';

// Attachments on both flavors: MCP image / embedded-resource content, the size cap, files confined to
// ATTACHMENTS_DIR, binary uploads that come back byte for byte.

const FLAVORS: { name: string; layout: SandboxLayout; api: string }[] = [
  { name: 'Cloud', layout: 'cloud-jira', api: '/rest/api/3' },
  { name: 'Server/DC', layout: 'cloud-confluence', api: '/rest/api/2' },
];

type Block = { type: string; data?: string; mimeType?: string; resource?: { uri: string; mimeType?: string; text?: string; blob?: string } };
const TRACE = 'GET /login?next=%2Fdashboard 302\nGET /sso/callback 302 (Set-Cookie dropped: SameSite=None without Secure)\nGET /login 200\n';

for (const flavor of FLAVORS) {
  describe(`Jira ${flavor.name}: attachments`, () => {
    it('lists attachments; downloads an image as image content and a text file as an embedded resource', () => withCheckedHarness(flavor.layout, async (h) => {
      const list = await h.call('jira_get_issue', { issue_key: 'DEMO-2', include: ['attachments'] });
      assert.match(list.text, /\n## Attachments\n\[untrusted content [0-9a-f]{8} begins: Jira DEMO-2 attachments[^\n]*\n- 40000 login-loop\.png \(image\/png, 68 B\) · Bob Okafor · 2026-10-04\n- 40001 redirect-trace\.txt \(text\/plain, 121 B\) · Alice Nguyen · 2026-10-05\n\[untrusted content [0-9a-f]{8} ends\]$/);
      const image = await h.call('jira_download_attachment', { issue_key: 'DEMO-2', attachment_id: '40000' });
      assert.equal(image.isError, undefined, image.text);
      const imageBlock = image.content[1] as Block;
      assert.equal(imageBlock.type, 'image');
      assert.equal(imageBlock.mimeType, 'image/png');
      assert.deepEqual(Buffer.from(imageBlock.data!, 'base64'), PIXEL_PNG);
      const text = await h.call('jira_download_attachment', { issue_key: 'DEMO-2', attachment_id: '40001' });
      const resource = (text.content[1] as Block).resource!;
      assert.equal(resource.mimeType, 'text/plain');
      assert.equal(resource.text, TRACE);
      assert.match(resource.uri, flavor.name === 'Cloud' ? /\/rest\/api\/3\/attachment\/content\/40001$/ : /\/secure\/attachment\/40001\/redirect-trace\.txt$/);
      assert.deepEqual(text.structuredContent, { id: '40001', filename: 'redirect-trace.txt', mime_type: 'text/plain', size: 121 });
      const content = flavor.name === 'Cloud' ? 'GET /rest/api/3/attachment/content/40001' : 'GET /secure/attachment/40001/redirect-trace.txt';
      assert.ok(requestLines(h.sandbox).includes(content));
      const wrong = await h.call('jira_download_attachment', { issue_key: 'DEMO-3', attachment_id: '40001' });
      assert.equal(wrong.isError, true);
      assert.match(wrong.text, /Attachment 40001 is not on DEMO-3; its attachment ids: 40002 \(jira_get_issue with include \['attachments'\] lists their names\)\./);
    }));

    it('refuses a file over ATTACHMENT_MAX_BYTES before downloading it', () => withCheckedHarness(flavor.layout, async (h) => {
      const result = await h.call('jira_download_attachment', { issue_key: 'DEMO-2', attachment_id: '40001' });
      assert.equal(result.isError, true);
      assert.match(result.text, /redirect-trace\.txt has 121 B \(121 bytes\), over ATTACHMENT_MAX_BYTES=100; raise it or open the file in Jira\./);
      assert.ok(!requestLines(h.sandbox).some((line) => line.includes('content') || line.includes('secure')));
    }, { ATTACHMENT_MAX_BYTES: '100' }));

    it('uploads base64 and local files (binary intact), saves downloads inside ATTACHMENTS_DIR only, deletes', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'jira-files-'));
      const outside = mkdtempSync(join(tmpdir(), 'jira-outside-'));
      try {
        writeFileSync(join(dir, 'report.csv'), 'a,b\n1,2\n');
        writeFileSync(join(outside, 'secret.txt'), 'no');
        symlinkSync(join(outside, 'secret.txt'), join(dir, 'link.txt'));
        await withCheckedHarness(flavor.layout, async (h) => {
          const uploaded = await h.call('jira_upload_attachment', { issue_key: 'DEMO-3', filename: 'pixel.png', content_base64: PIXEL_PNG.toString('base64') });
          assert.equal(uploaded.isError, undefined, uploaded.text);
          const id = (uploaded.structuredContent as { id: string }).id;
          assert.match(uploaded.text, new RegExp(`^Attached pixel\\.png to DEMO-3\\.\\nURL: .*/browse/DEMO-3\\n- attached pixel\\.png \\(id ${id}, image/png, 68 B\\)$`));
          const back = await h.call('jira_download_attachment', { issue_key: 'DEMO-3', attachment_id: id, save_path: 'DEMO-3/pixel.png' });
          assert.equal(back.isError, undefined, back.text);
          assert.deepEqual(readFileSync(join(dir, 'DEMO-3', 'pixel.png')), PIXEL_PNG);
          assert.match(back.text, /^Saved attachment \d+ \(68 B, image\/png\) to .*DEMO-3\/pixel\.png\.$/);
          const again = await h.call('jira_download_attachment', { issue_key: 'DEMO-3', attachment_id: id, save_path: 'DEMO-3/pixel.png' });
          assert.match(again.text, /already exists; pass overwrite=true/);
          const escape = await h.call('jira_download_attachment', { issue_key: 'DEMO-3', attachment_id: id, save_path: '../escape.png' });
          assert.match(escape.text, /save_path: give a path relative to ATTACHMENTS_DIR without "\.\."/);

          const local = await h.call('jira_upload_attachment', { issue_key: 'DEMO-3', file_path: 'report.csv' });
          assert.match(local.text, /- attached report\.csv \(id \d+, text\/csv, 8 B\)/);
          const linked = await h.call('jira_upload_attachment', { issue_key: 'DEMO-3', file_path: 'link.txt' });
          assert.equal(linked.isError, true);
          assert.match(linked.text, /leads outside ATTACHMENTS_DIR/);
          const both = await h.call('jira_upload_attachment', { issue_key: 'DEMO-3', file_path: 'report.csv', content_base64: 'YQ==', filename: 'a.txt' });
          assert.match(both.text, /Give either content_base64 \(with filename\) or file_path/);
          const noName = await h.call('jira_upload_attachment', { issue_key: 'DEMO-3', content_base64: 'YQ==' });
          assert.match(noName.text, /filename is required with content_base64/);

          const deleted = await h.call('jira_delete_attachment', { issue_key: 'DEMO-3', attachment_id: id });
          assert.match(deleted.text, new RegExp(`^Deleted attachment pixel\\.png from DEMO-3\\.\\nURL: .*\\n- deleted pixel\\.png \\(id ${id}\\)$`));
          const remaining = (await h.call('jira_get_issue', { issue_key: 'DEMO-3', include: ['attachments'] })).structuredContent as { parts: { attachments: string[] } };
          // Each line is "- <id> <file name> (<type>, <size>) · <author> · <date>".
          assert.deepEqual(remaining.parts.attachments.map((line) => line.split(' ')[2]), ['finance-template.csv', 'report.csv']);
          assert.ok(requestLines(h.sandbox).includes(`DELETE ${flavor.api}/attachment/${id}`));
        }, { ATTACHMENTS_DIR: dir });
      } finally {
        rmSync(dir, { recursive: true, force: true });
        rmSync(outside, { recursive: true, force: true });
      }
    });

    it('without ATTACHMENTS_DIR, local paths are refused with the variable to set', () => withCheckedHarness(flavor.layout, async (h) => {
      const save = await h.call('jira_download_attachment', { issue_key: 'DEMO-2', attachment_id: '40001', save_path: 'x.txt' });
      assert.match(save.text, /save_path needs ATTACHMENTS_DIR/);
      const upload = await h.call('jira_upload_attachment', { issue_key: 'DEMO-2', file_path: 'x.txt' });
      assert.match(upload.text, /Local files are disabled: set ATTACHMENTS_DIR/);
    }));

    it('JIRA_PROJECTS_FILTER applies to attachments', () => withCheckedHarness(flavor.layout, async (h) => {
      for (const tool of ['jira_get_issue', 'jira_download_attachment', 'jira_delete_attachment', 'jira_upload_attachment'] as const) {
        const result = await h.call(tool, { issue_key: 'DEMO-2', attachment_id: '40001', filename: 'a.txt', content_base64: 'YQ==' });
        assert.equal(result.isError, true, tool);
        assert.match(result.text, /DEMO-2 is in project DEMO, outside the projects/);
      }
      assert.equal(h.sandbox.requests.length, 0);
    }, { JIRA_PROJECTS_FILTER: 'OPS' }));
  });
}
