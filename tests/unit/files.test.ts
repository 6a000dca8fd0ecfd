import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';

import { readConfinedFile, writeConfinedFile } from '../../src/atlassian/files.js';

const base = mkdtempSync(join(tmpdir(), 'atlassian-mcp-files-'));
after(() => rmSync(base, { recursive: true, force: true }));
const root = join(base, 'root');
const outside = join(base, 'outside');
mkdirSync(root);
mkdirSync(outside);
writeFileSync(join(root, 'ok.txt'), 'inside');
writeFileSync(join(outside, 'secret.txt'), 'outside');
symlinkSync(join(outside, 'secret.txt'), join(root, 'link-out.txt'));
symlinkSync(outside, join(root, 'dir-out'));
mkdirSync(join(root, 'sub'));

it('reads files inside the directory and refuses everything that leads out', async () => {
  assert.deepEqual(await readConfinedFile(root, 'ok.txt', 100), { data: Buffer.from('inside'), name: 'ok.txt' });
  for (const [path, message] of [
    ['../outside/secret.txt', /without "\.\."/],
    [join(outside, 'secret.txt'), /relative to ATTACHMENTS_DIR/],
    ['link-out.txt', /leads outside ATTACHMENTS_DIR/],
    ['dir-out/secret.txt', /leads outside ATTACHMENTS_DIR/],
    ['missing.txt', /does not exist/],
    ['sub', /not a regular file/],
  ] as const) {
    await assert.rejects(readConfinedFile(root, path, 100), { name: 'ToolInputError', message }, path);
  }
  await assert.rejects(readConfinedFile(root, 'ok.txt', 3), { message: /over ATTACHMENT_MAX_BYTES=3/ });
  await assert.rejects(readConfinedFile(undefined, 'ok.txt', 100), { message: /set ATTACHMENTS_DIR/ });
});

it('writes inside the directory, creates folders, never overwrites unless asked, never follows links out', async () => {
  const written = await writeConfinedFile(root, 'new/report.pdf', Buffer.from('v1'), false);
  assert.equal(readFileSync(written, 'utf8'), 'v1');
  await assert.rejects(writeConfinedFile(root, 'new/report.pdf', Buffer.from('v2'), false), { message: /already exists; pass overwrite=true/ });
  await writeConfinedFile(root, 'new/report.pdf', Buffer.from('v2'), true);
  assert.equal(readFileSync(written, 'utf8'), 'v2');
  await assert.rejects(writeConfinedFile(root, 'link-out.txt', Buffer.from('x'), true), { message: /leads outside|symlink/ });
  await assert.rejects(writeConfinedFile(root, 'dir-out/new.txt', Buffer.from('x'), true), { message: /leads outside/ });
  await assert.rejects(writeConfinedFile(root, '../escape.txt', Buffer.from('x'), true), { message: /without "\.\."/ });
  assert.equal(readFileSync(join(outside, 'secret.txt'), 'utf8'), 'outside');
});
