import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

import { parseInPieces, parseMarkdown } from '../../../src/convert/markdown-parse.js';
import { markdownDocument } from './markdown-arbitrary.js';

import type { Nodes } from 'mdast';

/** A tree without source positions, which differ between a piece and the whole by design. */
function shape(node: unknown): unknown {
  return JSON.parse(JSON.stringify(node, (key, value: unknown) => (key === 'position' ? undefined : value)));
}

/** The reference: the same parser over the whole text at once. */
function parseWhole(source: string): unknown {
  return shape(fromMarkdown(source, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }));
}

function types(node: Nodes): string[] {
  return 'children' in node ? [node.type, ...node.children.flatMap(types)] : [node.type];
}

describe('parseMarkdown', () => {
  it('reads CommonMark with the GFM extensions: tables, task lists, strikethrough, autolinks, footnotes', () => {
    const root = parseMarkdown('| a |\n| - |\n| b |\n\n- [x] done\n\n~~old~~ https://x.example a[^1]\n\n[^1]: note');
    assert.deepEqual(types(root), [
      'root', 'table', 'tableRow', 'tableCell', 'text', 'tableRow', 'tableCell', 'text',
      'list', 'listItem', 'paragraph', 'text',
      'paragraph', 'delete', 'text', 'text', 'link', 'text', 'text', 'footnoteReference',
      'footnoteDefinition', 'paragraph', 'text',
    ]);
  });

  it('parses a large document in pieces to the same tree as in one go', () => {
    const block = [
      '## Section', '', '> **Note:**', '>', '> quoted *text*', '', '1. one', '2. two', '', '   continued', '',
      '```', 'code', '', 'more code', '```', '', '    indented code', '', '    still code', '',
      'Setext', '---', '', '| a | b |', '| - | - |', '| 1 | 2 |', '', '- [ ] task', '', '* other list', '', '',
    ].join('\n');
    const source = block.repeat(60);
    assert.ok(source.length > 10_000);
    assert.deepEqual(shape(parseMarkdown(source)), parseWhole(source));
    // A fence left open swallows everything after it, in pieces as in one go.
    const open = `${source}\n\n\`\`\`\nnever closed\n\n${source}`;
    assert.deepEqual(shape(parseMarkdown(open)), parseWhole(open));
  });

  it('parses generated documents in small pieces to the same tree as in one go', () => {
    fc.assert(fc.property(fc.array(markdownDocument, { minLength: 2, maxLength: 3 }), (documents) => {
      const source = documents.join('\n\n');
      assert.deepEqual(shape(parseInPieces(source, 40)), parseWhole(source));
    }), { numRuns: 100 });
  });

  it('keeps documents whole when a construct can reach across blocks', () => {
    const filler = 'x\n\n'.repeat(300);
    for (const reach of ['[ref]: https://r.example', '<!--\n\ncomment\n\n-->', '<pre>\n\nkept\n\n</pre>']) {
      const source = `${filler}${reach}\n\n${filler}`;
      assert.deepEqual(shape(parseInPieces(source, 40)), parseWhole(source), reach);
    }
  });

  it('parses long runs of emphasis characters quickly, as text', () => {
    const root = parseMarkdown(`${'*'.repeat(20_000)}a${'*'.repeat(20_000)} **b**`);
    assert.deepEqual(types(root), ['root', 'paragraph', 'text']);
  });

  it('never throws on nesting deeper than the parser can take', () => {
    const root = parseMarkdown(`${'>'.repeat(10_000)} x`);
    assert.equal(root.type, 'root');
    assert.ok(root.children.length > 0);
  });
});
