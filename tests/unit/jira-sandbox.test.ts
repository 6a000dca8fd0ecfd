import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { readCursor, makeCursor } from '../../src/jira/tools/paging.js';
import { parseMultipart } from '../../src/sandbox/jira/files.js';
import { formatDuration, parseDuration } from '../../src/sandbox/jira/site.js';

// Pure helpers behind the Jira tools and the sandbox: durations as Jira writes them, the multipart
// reader of the sandbox's upload route, and cursors bound to the arguments they page.

describe('Jira durations', () => {
  it('formats seconds with Jira\'s 8-hour days and 5-day weeks', () => {
    assert.equal(formatDuration(5400), '1h 30m');
    assert.equal(formatDuration(8 * 3600), '1d');
    assert.equal(formatDuration(5 * 8 * 3600 + 3600), '1w 1h');
    assert.equal(formatDuration(0), '0m');
  });

  it('parses what Jira accepts and refuses the rest', () => {
    assert.equal(parseDuration('1h 30m'), 5400);
    assert.equal(parseDuration('2d'), 16 * 3600);
    assert.equal(parseDuration('1.5h'), 5400);
    for (const bad of ['', 'ninety minutes', '1x', '-1h', '0m']) assert.equal(parseDuration(bad), undefined, bad);
  });
});

describe('sandbox multipart reader', () => {
  it('reads a file part byte for byte, with its name and type, as FormData writes it', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x0d, 0x0a, 0x2d, 0x2d]);
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'image/png' }), 'pixel.png');
    form.append('comment', 'hello');
    const body = Buffer.from(await new Response(form).arrayBuffer());
    const parts = parseMultipart(body);
    assert.deepEqual(parts.map((part) => [part.name, part.filename, part.contentType]), [['file', 'pixel.png', 'image/png'], ['comment', undefined, 'application/octet-stream']]);
    assert.deepEqual(parts[0]!.data, bytes);
    assert.equal(parts[1]!.data.toString(), 'hello');
  });

  it('answers [] for a body that is not multipart', () => {
    assert.deepEqual(parseMultipart(Buffer.from('{"not":"multipart"}')), []);
  });
});

describe('paging cursors', () => {
  it('carry the next start and token, and only page the arguments they were issued for', () => {
    const cursor = makeCursor('jira_get_comments', ['DEMO-1', 'oldest'], { startAt: 20, token: 'abc' })!;
    assert.deepEqual(readCursor('jira_get_comments', cursor, ['DEMO-1', 'oldest']), { startAt: 20, token: 'abc' });
    assert.throws(() => readCursor('jira_get_comments', cursor, ['DEMO-2', 'oldest']), /belongs to other arguments of jira_get_comments/);
    assert.throws(() => readCursor('jira_get_worklog', cursor, ['DEMO-1', 'oldest']), /not a cursor that jira_get_worklog issued/);
    assert.equal(makeCursor('jira_get_comments', [], undefined), undefined);
    assert.deepEqual(readCursor('jira_get_comments', undefined, []), { startAt: 0 });
  });
});
