import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { requestLines, withCheckedHarness } from '../helpers/harness.js';

import type { SandboxLayout } from '../../src/sandbox/session.js';
import type { Harness } from '../helpers/harness.js';

// Attachments on both flavors: list, download (as MCP image or embedded resource, or into ATTACHMENTS_DIR),
// upload (base64 or a confined file; a second upload of a name is a new version), delete.

const FLAVORS = [
  { name: 'Cloud', layout: 'cloud-confluence', cloud: true },
  { name: 'Server/DC', layout: 'cloud-jira', cloud: false },
] as const;

const dir = mkdtempSync(join(tmpdir(), 'confluence-attachments-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const withSite = (layout: SandboxLayout, test: (h: Harness) => Promise<void>, env: Record<string, string> = {}) =>
  withCheckedHarness(layout, test, { ATTACHMENTS_DIR: dir, ...env }, 'confluence');

type Listed = { attachments: { id: string; title: string; media_type: string; size: number; version: number }[]; cursor?: string };

for (const flavor of FLAVORS) {
  describe(`Confluence attachments, ${flavor.name}`, () => {
    it('confluence_get_attachments lists files with type, size, version and author; pages with a cursor', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_get_attachments', { content_id: '98305' });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /- dashboard\.png \(att229377 · image\/png · 70 B · v1 · 2026-10-28 · Carol Jensen\) — Release dashboard/);
      assert.match(result.text, /- checklist\.txt \(att229378 · text\/plain · 51 B · v2 · 2026-10-28 · Carol Jensen\)/);
      const first = await h.call('confluence_get_attachments', { content_id: '98305', limit: 1 });
      const { cursor } = first.structuredContent as Listed;
      assert.ok(cursor);
      const second = await h.call('confluence_get_attachments', { content_id: '98305', limit: 1, cursor });
      assert.deepEqual((second.structuredContent as Listed).attachments.map((a) => a.title), ['checklist.txt']);
      const one = await h.call('confluence_get_attachments', { content_id: '98305', filename: 'checklist.txt' });
      assert.deepEqual((one.structuredContent as Listed).attachments.map((a) => a.id), ['att229378']);
    }));

    it('confluence_download_attachment returns an image as image content and a text file as a resource', () => withSite(flavor.layout, async (h) => {
      const image = await h.call('confluence_download_attachment', { attachment_id: 'att229377' });
      assert.equal(image.isError, undefined, image.text);
      const picture = image.content.find((part) => part.type === 'image') as { data: string; mimeType: string };
      assert.equal(picture.mimeType, 'image/png');
      assert.equal(Buffer.from(picture.data, 'base64').subarray(1, 4).toString(), 'PNG');
      assert.match(image.text, /^Attachment att229377 \(image\/png, 70 B\) from page 98305/);
      const text = await h.call('confluence_download_attachment', { attachment_id: '229378' });
      const resource = text.content.find((part) => part.type === 'resource') as { resource: { blob: string; mimeType: string; uri: string } };
      assert.equal(resource.resource.mimeType, 'text/plain');
      assert.match(Buffer.from(resource.resource.blob, 'base64').toString(), /^Release 2\.4 checklist/);
      assert.match(resource.resource.uri, /\/download\/attachments\/98305\/checklist\.txt$/);
      const downloads = requestLines(h.sandbox).filter((line) => line.includes('download'));
      assert.deepEqual(downloads, flavor.cloud
        ? ['GET /wiki/rest/api/content/98305/child/attachment/att229377/download', 'GET /wiki/rest/api/content/98305/child/attachment/att229378/download']
        : ['GET /download/attachments/98305/dashboard.png', 'GET /download/attachments/98305/checklist.txt']);
    }));

    it('a download over ATTACHMENT_MAX_BYTES is refused with the setting to change', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_download_attachment', { attachment_id: 'att229377' });
      assert.equal(result.isError, true);
      assert.match(result.text, /larger than the 64 bytes this server downloads.*Raise ATTACHMENT_MAX_BYTES/);
    }, { ATTACHMENT_MAX_BYTES: '64' }));

    it('save_path writes into ATTACHMENTS_DIR only, and never overwrites unless asked', () => withSite(flavor.layout, async (h) => {
      const target = `${flavor.cloud ? 'cloud' : 'dc'}/dashboard.png`;
      const saved = await h.call('confluence_download_attachment', { attachment_id: 'att229377', save_path: target });
      assert.equal(saved.isError, undefined, saved.text);
      assert.equal(saved.content.length, 1, 'no image content when saved');
      assert.equal(readFileSync(join(dir, target)).subarray(1, 4).toString(), 'PNG');
      const again = await h.call('confluence_download_attachment', { attachment_id: 'att229377', save_path: target });
      assert.match(again.text, /already exists; pass overwrite=true/);
      const replaced = await h.call('confluence_download_attachment', { attachment_id: 'att229377', save_path: target, overwrite: true });
      assert.equal(replaced.isError, undefined);
      const outside = await h.call('confluence_download_attachment', { attachment_id: 'att229377', save_path: '../escape.png' });
      assert.match(outside.text, /save_path: give a path relative to ATTACHMENTS_DIR/);
    }));

    it('confluence_upload_attachment uploads base64 bytes intact, then a new version under the same name', () => withSite(flavor.layout, async (h) => {
      const bytes = Buffer.from([0, 255, 1, 254, 0x0d, 0x0a, 0x2d, 0x2d, 128, 7]);
      const first = await h.call('confluence_upload_attachment', { content_id: '98304', filename: 'blob.bin', content_base64: bytes.toString('base64'), comment: 'raw' });
      assert.equal(first.isError, undefined, first.text);
      const created = first.structuredContent as { id: string; new_version: boolean; size: number };
      assert.equal(created.new_version, false);
      assert.match(first.text, new RegExp(`^Attached blob\\.bin \\(${created.id}, 10 B\\) to page 98304\\.$`));
      const back = await h.call('confluence_download_attachment', { attachment_id: created.id });
      const resource = back.content.find((part) => part.type === 'resource') as { resource: { blob: string; mimeType: string } };
      assert.deepEqual(Buffer.from(resource.resource.blob, 'base64'), bytes, 'binary content survives the multipart round trip');
      const second = await h.call('confluence_upload_attachment', { content_id: '98304', filename: 'blob.bin', content_base64: Buffer.from('v2').toString('base64') });
      assert.equal((second.structuredContent as { new_version: boolean; id: string }).new_version, true);
      assert.equal((second.structuredContent as { id: string }).id, created.id);
      assert.match(second.text, /^Uploaded a new version \(2\) of blob\.bin/);
      const upload = h.sandbox.requests.filter((r) => r.method === 'POST' && r.path.includes('/attachment')).map((r) => r.path);
      const base = flavor.cloud ? '/wiki/rest/api/content/98304/child/attachment' : '/rest/api/content/98304/child/attachment';
      assert.deepEqual(upload, [base, `${base}/${created.id}/data`]);
    }));

    it('uploads from a file inside ATTACHMENTS_DIR, refusing paths that lead out', () => withSite(flavor.layout, async (h) => {
      mkdirSync(join(dir, 'reports'), { recursive: true });
      writeFileSync(join(dir, 'reports', 'q3.csv'), 'quarter,revenue\nQ3,42\n');
      const result = await h.call('confluence_upload_attachment', { content_id: '98305', file_path: 'reports/q3.csv' });
      assert.equal(result.isError, undefined, result.text);
      assert.equal((result.structuredContent as { title: string; media_type: string }).title, 'q3.csv');
      assert.equal((result.structuredContent as { media_type: string }).media_type, 'text/csv');
      const link = join(dir, `leak-${flavor.cloud ? 'c' : 'd'}`);
      symlinkSync('/etc', link);
      const escaped = await h.call('confluence_upload_attachment', { content_id: '98305', file_path: `leak-${flavor.cloud ? 'c' : 'd'}/hostname` });
      assert.equal(escaped.isError, true);
      assert.match(escaped.text, /leads outside ATTACHMENTS_DIR/);
      const both = await h.call('confluence_upload_attachment', { content_id: '98305', file_path: 'reports/q3.csv', content_base64: 'aGk=' });
      assert.match(both.text, /Give one of file_path, file_paths or content_base64/);
      const junk = await h.call('confluence_upload_attachment', { content_id: '98305', filename: 'x.txt', content_base64: 'not base64!' });
      assert.match(junk.text, /content_base64: not base64/);
    }));

    it('page_id downloads all of a page\'s files, or only its images, within ATTACHMENT_MAX_BYTES', () => withSite(flavor.layout, async (h) => {
      const all = await h.call('confluence_download_attachment', { page_id: '98305' });
      assert.equal(all.isError, undefined, all.text);
      assert.match(all.text, /^2 of 2 file\(s\) of page 98305 follow/);
      assert.deepEqual(all.content.map((part) => part.type), ['text', 'image', 'resource']);
      const files = (all.structuredContent as { files: { id: string; size: number }[] }).files;
      assert.deepEqual(files.map((f) => [f.id, f.size]), [['att229377', 70], ['att229378', 51]]);
      const images = await h.call('confluence_download_attachment', { page_id: '98305', images_only: true });
      assert.match(images.text, /^1 of 1 image\(s\) of page 98305/);
      assert.deepEqual(images.content.map((part) => part.type), ['text', 'image']);
      const none = await h.call('confluence_download_attachment', { page_id: '98304' });
      assert.match(none.text, /^0 of 0 file\(s\)/);
      const neither = await h.call('confluence_download_attachment', {});
      assert.match(neither.text, /Give either attachment_id or page_id/);
    }));

    it('page_id with save_path saves every file into that folder; files over the result budget are skipped, not fatal', () => withSite(flavor.layout, async (h) => {
      const folder = `${flavor.cloud ? 'cloud' : 'dc'}-release`;
      const saved = await h.call('confluence_download_attachment', { page_id: '98305', save_path: folder });
      assert.equal(saved.isError, undefined, saved.text);
      assert.equal(saved.content.length, 1, 'only the summary when saved');
      assert.equal(readFileSync(join(dir, folder, 'checklist.txt'), 'utf8').split('\n')[0], 'Release 2.4 checklist');
      assert.equal(readFileSync(join(dir, folder, 'dashboard.png')).subarray(1, 4).toString(), 'PNG');
      assert.equal((saved.structuredContent as { saved_to: string }).saved_to, join(realpathSync(dir), folder));
    }, { ATTACHMENT_MAX_BYTES: '100' }));

    it('a page download stops adding files at ATTACHMENT_MAX_BYTES and names the ones left out', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_download_attachment', { page_id: '98305' });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /^1 of 2 file\(s\)/);
      assert.match(result.text, /- checklist\.txt \(att229378\): over ATTACHMENT_MAX_BYTES for one result/);
      assert.deepEqual(result.content.map((part) => part.type), ['text', 'image']);
    }, { ATTACHMENT_MAX_BYTES: '100' }));

    it('file_paths uploads several files, reading all of them first', () => withSite(flavor.layout, async (h) => {
      const folder = join(dir, `batch-${flavor.cloud ? 'c' : 'd'}`);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'a.txt'), 'first\n');
      writeFileSync(join(folder, 'b.md'), '# second\n');
      const prefix = `batch-${flavor.cloud ? 'c' : 'd'}`;
      const missing = await h.call('confluence_upload_attachment', { content_id: '98304', file_paths: [`${prefix}/a.txt`, `${prefix}/nope.txt`] });
      assert.equal(missing.isError, true);
      assert.match(missing.text, /file_paths: .*nope\.txt does not exist/);
      assert.ok(!h.sandbox.requests.some((r) => r.method === 'POST'), 'nothing uploaded when one file is missing');
      const result = await h.call('confluence_upload_attachment', { content_id: '98304', file_paths: [`${prefix}/a.txt`, `${prefix}/b.md`], comment: 'batch' });
      assert.equal(result.isError, undefined, result.text);
      assert.match(result.text, /^Attached a\.txt \(att\d+, 6 B\) to page 98304\.\nAttached b\.md \(att\d+, 9 B\) to page 98304\.$/);
      const uploaded = (result.structuredContent as { uploaded: { title: string; media_type: string }[] }).uploaded;
      assert.deepEqual(uploaded.map((u) => [u.title, u.media_type]), [['a.txt', 'text/plain'], ['b.md', 'text/markdown']]);
      const named = await h.call('confluence_upload_attachment', { content_id: '98304', file_paths: [`${prefix}/a.txt`], filename: 'x.txt' });
      assert.match(named.text, /filename: not with file_paths/);
    }));

    it('confluence_delete_attachment removes the file from its page', () => withSite(flavor.layout, async (h) => {
      const result = await h.call('confluence_delete_attachment', { attachment_id: 'att229378' });
      assert.equal(result.isError, undefined, result.text);
      assert.equal(result.text, 'Deleted attachment checklist.txt (att229378) from page 98305.');
      const remove = h.sandbox.requests.find((r) => r.method === 'DELETE')!;
      assert.equal(remove.path, flavor.cloud ? '/wiki/api/v2/attachments/229378' : '/rest/api/content/98305/child/attachment/att229378');
      const list = await h.call('confluence_get_attachments', { content_id: '98305' });
      assert.deepEqual((list.structuredContent as Listed).attachments.map((a) => a.title), ['dashboard.png']);
    }));

    it('CONFLUENCE_SPACES_FILTER refuses attachments of pages outside the allowed spaces', () => withSite(flavor.layout, async (h) => {
      for (const [tool, args] of [
        ['confluence_get_attachments', { content_id: '98305' }],
        ['confluence_download_attachment', { attachment_id: 'att229377' }],
        ['confluence_upload_attachment', { content_id: '98305', filename: 'a.txt', content_base64: 'aGk=' }],
        ['confluence_delete_attachment', { attachment_id: 'att229378' }],
      ] as const) {
        const result = await h.call(tool, args);
        assert.equal(result.isError, true, tool);
        assert.match(result.text, /is in space DOC, outside the spaces this server may use/, tool);
      }
      assert.ok(h.sandbox.requests.every((r) => r.method === 'GET' && !r.path.includes('download')), 'nothing written or downloaded');
    }, { CONFLUENCE_SPACES_FILTER: 'OPS' }));
  });
}
