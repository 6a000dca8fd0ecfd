import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { mediaTypeOf } from '../../src/confluence/api/attachments.js';
import { countSelection } from '../../src/confluence/api/comments.js';
import { labelName } from '../../src/confluence/api/labels.js';
import { mentionedUsers } from '../../src/confluence/api/users.js';
import { describeMerge, pageSlice } from '../../src/confluence/convert.js';
import { cursorOf } from '../../src/confluence/paths.js';
import { ToolInputError } from '../../src/mcp/errors.js';
import { insertMarker, selectionOffsets } from '../../src/sandbox/confluence/inline.js';
import { parseMultipart } from '../../src/sandbox/confluence/multipart.js';
import { storageProblem } from '../../src/sandbox/confluence/store.js';

// The small pieces of the Confluence tools and sandbox that decide things on their own.

describe('Confluence helpers', () => {
  it('countSelection counts visible text only: not markup, macro parameters or code bodies', () => {
    const storage = '<p>one gateway, <strong>one gateway</strong></p><ac:structured-macro ac:name="code"><ac:parameter ac:name="title">one gateway</ac:parameter>' +
      '<ac:plain-text-body><![CDATA[one gateway]]></ac:plain-text-body></ac:structured-macro><p class="one gateway">x</p>';
    assert.equal(countSelection(storage, 'one gateway'), 2);
    assert.equal(countSelection(storage, 'absent'), 0);
    assert.equal(countSelection('<p>aaaa</p>', 'aa'), 2, 'occurrences do not overlap');
  });

  it('the sandbox marks the same occurrences the client counts', () => {
    const storage = '<p>The <em>gateway</em> and the gateway.</p>';
    const offsets = selectionOffsets(storage, 'gateway');
    assert.equal(offsets.length, countSelection(storage, 'gateway'));
    assert.equal(insertMarker(storage, offsets[1]!, 'gateway', 'r1'), '<p>The <em>gateway</em> and the <ac:inline-comment-marker ac:ref="r1">gateway</ac:inline-comment-marker>.</p>');
  });

  it('mentionedUsers finds each mentioned user once, by the attribute that identifies them', () => {
    const storage = '<p><ac:link><ri:user ri:account-id="a1" /></ac:link> <ac:link><ri:user ri:userkey="k1" /></ac:link> <ac:link><ri:user ri:account-id="a1" /></ac:link></p>';
    assert.deepEqual(mentionedUsers([storage, '<p><ri:user ri:username="bob" /></p>']), [
      { attribute: 'ri:account-id', value: 'a1' }, { attribute: 'ri:userkey', value: 'k1' }, { attribute: 'ri:username', value: 'bob' },
    ]);
  });

  it('labels are lowercased single words; anything else is refused with an example', () => {
    assert.equal(labelName(' Runbook '), 'runbook');
    assert.throws(() => labelName('two words'), ToolInputError);
    assert.throws(() => labelName(''), /not a valid label/);
  });

  it('media types come from the file name, with a safe default', () => {
    assert.equal(mediaTypeOf('Q3.PDF'), 'application/pdf');
    assert.equal(mediaTypeOf('diagram.png'), 'image/png');
    assert.equal(mediaTypeOf('archive.tar.zst'), 'application/octet-stream');
  });

  it('cursorOf reads the cursor of a Cloud next link', () => {
    assert.equal(cursorOf('/wiki/api/v2/pages/1/attachments?limit=1&cursor=abc%3D'), 'abc=');
    assert.equal(cursorOf(undefined), undefined);
    assert.equal(cursorOf('/wiki/api/v2/spaces?limit=2'), undefined);
  });

  it('describeMerge names every macro whose marker the edit dropped', () => {
    assert.equal(describeMerge({ kept: 3, changed: 1, removed: 0, removedPlaceholders: [] }), '3 block(s) kept byte-identical, 1 changed, 0 removed.');
    assert.equal(describeMerge({ kept: 0, changed: 0, removed: 1, removedPlaceholders: [{ id: 2, kind: 'macro:drawio', note: 'flow' }] }),
      '0 block(s) kept byte-identical, 0 changed, 1 removed. Removed with their markers: macro:drawio #2 "flow".');
  });

  it('pageSlice pieces always rejoin into the whole page, whatever the page', () => {
    const block = fc.oneof(
      fc.string({ minLength: 1, maxLength: 80 }).map((text) => `<p>${text.replaceAll('&', '&amp;').replaceAll('<', '&lt;')}</p>`),
      fc.integer({ min: 1, max: 3 }).map((level) => `<h${level}>Heading ${level}</h${level}>`),
      fc.string({ maxLength: 60 }).map((code) => `<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[${code.replaceAll(']]>', '')}]]></ac:plain-text-body></ac:structured-macro>`),
    );
    fc.assert(fc.property(fc.array(block, { minLength: 1, maxLength: 30 }), fc.integer({ min: 500, max: 2000 }), (blocks, maxChars) => {
      const storage = blocks.join('');
      const whole = pageSlice(storage, { format: 'markdown', offset: 0 }).body;
      const pieces: string[] = [];
      let offset: number | undefined = 0;
      for (let guard = 0; offset !== undefined && guard < 100; guard += 1) {
        const piece = pageSlice(storage, { format: 'markdown', maxChars, offset });
        assert.ok(piece.body.length <= maxChars);
        if (piece.body) pieces.push(piece.body);
        offset = piece.nextOffset;
      }
      assert.equal(offset, undefined, 'the last piece says so');
      assert.equal(pieces.join('\n\n'), whole);
    }), { numRuns: 150 });
  });
});

describe('Confluence sandbox', () => {
  it('parseMultipart keeps binary parts byte for byte', async () => {
    const bytes = Buffer.from([0, 255, 13, 10, 45, 45, 1]);
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'application/octet-stream' }), 'a "quoted" name.bin');
    form.append('comment', 'héllo');
    const body = Buffer.from(await new Response(form).arrayBuffer());
    const parts = parseMultipart(body)!;
    assert.deepEqual(parts.map((part) => [part.name, part.filename]), [['file', 'a "quoted" name.bin'], ['comment', undefined]]);
    assert.deepEqual(parts[0]!.data, bytes);
    assert.equal(parts[1]!.data.toString('utf8'), 'héllo');
    assert.equal(parseMultipart(Buffer.from('{"json": true}')), undefined);
  });

  it('storageProblem accepts self-closing tags and refuses unclosed or crossed ones, as Confluence does', () => {
    assert.equal(storageProblem('<p>Shipped <time datetime="2026-10-28" /> <ac:emoticon ac:name="smile" /></p>'), undefined);
    assert.equal(storageProblem('<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[<not a tag>]]></ac:plain-text-body></ac:structured-macro>'), undefined);
    assert.match(storageProblem('<p>open <strong>bold</p>') ?? '', /Error parsing xhtml/);
    assert.match(storageProblem('<p>never closed') ?? '', /expected <\/p>/);
  });
});
