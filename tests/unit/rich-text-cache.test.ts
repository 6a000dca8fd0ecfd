import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { adfToMarkdown } from '../../src/convert/adf/to-markdown.js';
import { wikiToMarkdown } from '../../src/convert/wiki/to-markdown.js';
import { convertedCacheChars, richTextToMarkdown } from '../../src/jira/format.js';

// richTextToMarkdown keeps recent conversions (src/jira/format.ts): what it answers from memory must be
// exactly what a fresh conversion gives, and the memory must stay within its bound.
const wiki = (n: number) => `h2. Part ${n}\n\n* item *${n}* with {{code}}\n* [a link|https://example.com/${n}]\n\n${'Some text. '.repeat(900)}`;
const adf = (n: number) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: `Paragraph ${n}`, marks: [{ type: 'strong' }] }] }] });

describe('the rich-text conversion cache', () => {
  it('answers a repeated source with the same Markdown as a fresh conversion, wiki markup and ADF apart', () => {
    assert.equal(richTextToMarkdown(wiki(1)), wikiToMarkdown(wiki(1)));
    assert.equal(richTextToMarkdown(wiki(1)), wikiToMarkdown(wiki(1)));
    assert.equal(richTextToMarkdown(adf(1)), adfToMarkdown(adf(1)));
    assert.equal(richTextToMarkdown(adf(1)), adfToMarkdown(adf(1)));
    // The same text as wiki markup and inside ADF are different sources.
    assert.notEqual(richTextToMarkdown('*bold*'), richTextToMarkdown({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: '*bold*' }] }] }));
  });

  it('stays within 2,000,000 characters, dropping the oldest, and still converts correctly after', () => {
    for (let n = 0; n < 400; n += 1) richTextToMarkdown(wiki(n));
    assert.ok(convertedCacheChars() <= 2_000_000, `${convertedCacheChars()} characters held`);
    assert.ok(convertedCacheChars() > 1_000_000, 'recent conversions are kept');
    for (const n of [0, 1, 200, 399]) assert.equal(richTextToMarkdown(wiki(n)), wikiToMarkdown(wiki(n)), `source ${n}`);
  });
});
