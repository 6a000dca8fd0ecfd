import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { markdownToAdf } from '../../../src/convert/adf/from-markdown.js';
import { adfToMarkdown } from '../../../src/convert/adf/to-markdown.js';
import { markdownToWiki } from '../../../src/convert/wiki/from-markdown.js';
import { wikiToMarkdown } from '../../../src/convert/wiki/to-markdown.js';
import { adfSchemaErrors } from './adf-schema.js';

// Characters that mean something to Markdown, wiki markup, HTML or the converters' own forms.
const markup = fc.constantFrom(
  ...'*_~`#->|[]()!{}\\:;@&<+^?.=/ \n\t'.split(''), '\r\n', 'h1. ', 'bq. ', '{code}', '{quote}', '{panel:title=x}', '{{', '}}',
  '||', '[~', '[^', '!x.png!', '<details>', '<summary>', '</details>', '```', '- [ ] ', '1. ', '> ', '| a |\n| - |',
  '(status:', '(accountid:', '<date:', '(media:', 'https://e.example/', '&#92;', '&amp;', '{*}', 'a', 'Z', '7', 'é', '日', '👍',
);
const markupText = fc.array(markup, { maxLength: 80 }).map((parts) => parts.join(''));
const anyText = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 100 }), markupText);

const adfTypes = [
  'doc', 'paragraph', 'text', 'heading', 'bulletList', 'orderedList', 'listItem', 'taskList', 'taskItem', 'codeBlock',
  'blockquote', 'panel', 'expand', 'nestedExpand', 'table', 'tableRow', 'tableHeader', 'tableCell', 'mention', 'status',
  'date', 'emoji', 'inlineCard', 'mediaSingle', 'media', 'mediaGroup', 'hardBreak', 'rule', 'bodiedExtension', 'unknownThing',
];
const adfValue = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constant(null), fc.boolean(), markupText);
const adfNode = fc.letrec((tie) => ({
  node: fc.record({
    type: fc.constantFrom(...adfTypes),
    text: fc.option(markupText, { nil: undefined }),
    attrs: fc.option(fc.dictionary(fc.constantFrom('level', 'order', 'text', 'id', 'url', 'color', 'timestamp', 'title', 'panelType', 'state', 'language', 'shortName', 'colspan'), adfValue), { nil: undefined }),
    marks: fc.option(fc.array(fc.record({ type: fc.constantFrom('strong', 'em', 'code', 'link', 'strike', 'underline', 'x'), attrs: fc.option(fc.record({ href: adfValue }), { nil: undefined }) }), { maxLength: 3 }), { nil: undefined }),
    content: fc.option(fc.array(tie('node'), { maxLength: 4 }), { nil: undefined, depthSize: 'small' }),
  }),
})).node;

function time(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

describe('converters never throw', () => {
  it('markdownToAdf on arbitrary text always returns a schema-valid document', () => {
    fc.assert(fc.property(anyText, (markdown) => {
      assert.deepEqual(adfSchemaErrors(markdownToAdf(markdown)), []);
    }), { numRuns: 400 });
  });

  it('markdownToWiki on arbitrary text returns a string', () => {
    fc.assert(fc.property(anyText, (markdown) => {
      assert.equal(typeof markdownToWiki(markdown), 'string');
    }), { numRuns: 400 });
  });

  it('wikiToMarkdown on arbitrary text returns a string', () => {
    fc.assert(fc.property(anyText, (wiki) => {
      assert.equal(typeof wikiToMarkdown(wiki), 'string');
    }), { numRuns: 400 });
  });

  it('adfToMarkdown on arbitrary ADF-like trees and values returns a string', () => {
    fc.assert(fc.property(fc.oneof(adfNode, fc.anything()), (doc) => {
      assert.equal(typeof adfToMarkdown(doc), 'string');
    }), { numRuns: 400 });
  });

  const markdownInputs: Record<string, string> = {
    'nested brackets': `${'['.repeat(10_000)}x${']'.repeat(10_000)}`,
    'unclosed links': '[a]('.repeat(10_000),
    'nested quotes': `${'>'.repeat(10_000)} x`,
    'nested lists': Array.from({ length: 150 }, (_, i) => `${' '.repeat(i * 2)}- x`).join('\n'),
    'emphasis run': `${'*'.repeat(20_000)}a${'*'.repeat(20_000)}`,
    'alternating emphasis': '*a _b '.repeat(5_000),
    'backticks': '`'.repeat(10_000),
    'details on one line': '<details>'.repeat(5_000),
    'details blocks': '<details>\n\n'.repeat(3_000),
    'shortcodes': ':a:'.repeat(10_000),
    'table rows': `| a | b |\n| - | - |\n${'| x | y |\n'.repeat(2_000)}`,
    'many quotes': '> quote\n\n'.repeat(2_000),
  };
  for (const [name, markdown] of Object.entries(markdownInputs)) {
    it(`writes pathological Markdown in bounded time: ${name}`, { timeout: 60_000 }, () => {
      const ms = time(() => {
        assert.deepEqual(adfSchemaErrors(markdownToAdf(markdown)), []);
        assert.equal(typeof markdownToWiki(markdown), 'string');
      });
      // Generous, for a busy CI machine (about 2 s when idle; 11 s was seen with other suites competing for
      // the two cores): a quadratic blow-up takes minutes, not seconds.
      assert.ok(ms < 25_000, `took ${Math.round(ms)} ms`);
    });
  }

  it('reads pathological wiki markup and ADF in bounded time', { timeout: 30_000 }, () => {
    const wikiInputs = [
      '*'.repeat(20_000), `${'*_'.repeat(5_000)}x${'_*'.repeat(5_000)}`, '{quote}'.repeat(2_000), '['.repeat(10_000),
      '{{'.repeat(10_000), '!'.repeat(10_000), '{*}'.repeat(5_000), '|'.repeat(10_000), '* '.repeat(5_000), '\\'.repeat(10_000),
    ];
    for (const wiki of wikiInputs) {
      const ms = time(() => assert.equal(typeof wikiToMarkdown(wiki), 'string'));
      assert.ok(ms < 10_000, `${wiki.slice(0, 10)}… took ${Math.round(ms)} ms`);
    }
    const deepAdf: { type: string; content: unknown[] } = { type: 'doc', content: [] };
    let cursor = deepAdf;
    for (let i = 0; i < 10_000; i += 1) {
      const next = { type: i % 2 ? 'bulletList' : 'listItem', content: [] as unknown[] };
      cursor.content.push(next);
      cursor = next;
    }
    assert.match(adfToMarkdown(deepAdf), /truncated/);
  });
});
