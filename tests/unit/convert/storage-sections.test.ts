import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import {
  SectionError, extractMarkdownSection, extractSection, paginateMarkdown, replaceSection, splitSections, storageToMarkdown,
  storageToMarkdownPage, unifiedDiff,
} from '../../../src/convert/storage/index.js';
import { matchSequences } from '../../../src/convert/storage/diff.js';

/** Large pages in pieces, one section at a time, and diffs between versions. */

const page = '<h1>Intro</h1><p>a</p><h2>Setup</h2><p>b</p>'
  + '<ac:structured-macro ac:name="toc" ac:schema-version="1" ac:macro-id="t1" />\n'
  + '<h3>Sub</h3><p>c</p><h2>Upgrade</h2><p>d</p><h3>Setup</h3><p>e</p>';

describe('sections', () => {
  it('lists the headings with level, occurrence, path and size', () => {
    assert.deepEqual(splitSections(page).map(({ heading, depth, occurrence, path }) => [heading, depth, occurrence, path.join(' > ')]), [
      ['Intro', 1, 1, ''], ['Setup', 2, 1, 'Intro'], ['Sub', 3, 1, 'Intro > Setup'], ['Upgrade', 2, 1, 'Intro'], ['Setup', 3, 2, 'Intro > Upgrade'],
    ]);
    assert.equal(splitSections(page)[1]!.chars, extractSection(page, 'Setup', { occurrence: 1 }).markdown.length);
  });

  it('extracts a section with its subsections, with the placeholder numbers of the whole page', () => {
    const { markdown } = extractSection(page, 'setup', { occurrence: 1 });
    assert.equal(markdown, '## Setup\n\nb\n\n<!-- confluence:macro:toc #1 -->\n\n### Sub\n\nc');
    assert.ok(storageToMarkdown(page).includes(markdown));
  });

  it('reports a missing or ambiguous heading with the headings there are', () => {
    assert.throws(() => extractSection(page, 'Setup'), (error: unknown) => error instanceof SectionError && error.reason === 'ambiguous'
      && /appears 2 times \(1: 'Setup' \(h2 under 'Intro'\); 2: 'Setup' \(h3 under 'Upgrade'\)\)/.test(error.message));
    assert.throws(() => extractSection(page, 'Nope'), (error: unknown) => error instanceof SectionError && error.reason === 'not-found'
      && error.message.includes("'Upgrade' (h2 under 'Intro')"));
    assert.throws(() => extractSection('<p>x</p>', 'A'), /this page has no headings/);
    assert.throws(() => extractSection(page, 'Setup', { occurrence: 3 }), /occurrence 3 does not exist/);
  });

  it('replaces a section\'s content and keeps everything else byte-identical', () => {
    const report = replaceSection(page, 'Upgrade', 'new d');
    assert.equal(report.storage, page.replace('<p>d</p><h3>Setup</h3><p>e</p>', '<p>new d</p>'));
    assert.deepEqual(report.removedPlaceholders, []);
    const withHeading = replaceSection(page, '## Setup', '## Setup\n\nB\n\n<!-- confluence:macro:toc #1 -->\n\n### Sub\n\nc', { occurrence: 1 });
    assert.equal(withHeading.storage, page.replace('<p>b</p>', '<p>B</p>'));
    const renamed = replaceSection(page, 'Sub', '### Renamed\n\nC');
    assert.equal(renamed.storage, page.replace('<h3>Sub</h3><p>c</p>', '<h3>Renamed</h3><p>C</p>'));
    const dropped = replaceSection(page, 'Setup', 'only text', { occurrence: 1 });
    assert.deepEqual(dropped.removedPlaceholders, [{ id: 1, kind: 'macro:toc', note: '' }]);
  });

  it('finds sections inside layout cells', () => {
    const layout = '<ac:layout><ac:layout-section ac:type="single"><ac:layout-cell><h2>Inside</h2><p>x</p></ac:layout-cell></ac:layout-section></ac:layout><h2>Outside</h2><p>y</p>';
    assert.deepEqual(splitSections(layout).map((section) => section.heading), ['Inside', 'Outside']);
    assert.equal(replaceSection(layout, 'Inside', 'z').storage, layout.replace('<p>x</p>', '<p>z</p>'));
  });

  it('extracts a section from Markdown text too', () => {
    assert.equal(extractMarkdownSection('# A\n\nx\n\n## B\n\ny\n\n# C', 'b'), '## B\n\ny');
    assert.equal(extractMarkdownSection('# A', 'Z'), undefined);
  });
});

describe('pagination', () => {
  const handbook = readFileSync(join(import.meta.dirname, '../../fixtures/storage/cloud-handbook.storage.xhtml'), 'utf8');
  const markdown = storageToMarkdown(handbook);

  it('cuts a large page into pieces between blocks that add up to the whole page', () => {
    const pieces: string[] = [];
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      const piece = storageToMarkdownPage(handbook, 4000, offset);
      assert.ok(piece.text.length <= 4000);
      assert.equal(piece.totalChars, markdown.length);
      assert.equal(markdown.slice(piece.offset, piece.offset + piece.text.length), piece.text);
      pieces.push(piece.text);
      offset = piece.nextOffset;
    }
    assert.ok(pieces.length > 5);
    assert.equal(pieces.join('\n\n'), markdown);
    // The same cuts with or without the block starts the storage reader knows.
    assert.deepEqual(paginateMarkdown(markdown, 4000, 0).nextOffset, storageToMarkdownPage(handbook, 4000, 0).nextOffset);
  });

  it('cuts a block larger than the limit at a line break', () => {
    const code = `\`\`\`\n${Array.from({ length: 50 }, (_, index) => `line ${index}`).join('\n')}\n\`\`\``;
    const piece = paginateMarkdown(code, 100);
    assert.ok(piece.text.length <= 100 && piece.nextOffset! <= 100, JSON.stringify(piece));
    assert.equal(code.slice(0, piece.nextOffset).trimEnd(), piece.text);
    assert.equal(code[piece.nextOffset! - 1], '\n');
  });

  it('returns the rest when it fits, and nothing past the end', () => {
    assert.deepEqual(paginateMarkdown('a\n\nb', 100, 0), { text: 'a\n\nb', offset: 0, nextOffset: undefined, totalChars: 4 });
    assert.deepEqual(paginateMarkdown('a\n\nb', 100, 99), { text: '', offset: 4, nextOffset: undefined, totalChars: 4 });
  });
});

describe('unifiedDiff', () => {
  it('writes diff -u hunks with context, merging nearby changes', () => {
    const before = Array.from({ length: 20 }, (_, index) => `line ${index + 1}`).join('\n');
    const after = before.replace('line 2\n', 'line two\n').replace('line 5\n', '').replace('line 20', 'line 20\nline 21');
    assert.equal(unifiedDiff(before, after, { from: 'version 3', to: 'version 4' }), [
      '--- version 3', '+++ version 4',
      '@@ -1,8 +1,7 @@', ' line 1', '-line 2', '+line two', ' line 3', ' line 4', '-line 5', ' line 6', ' line 7', ' line 8',
      '@@ -18,3 +17,4 @@', ' line 18', ' line 19', ' line 20', '+line 21',
    ].join('\n'));
  });

  it('is empty for equal texts and handles empty sides', () => {
    assert.equal(unifiedDiff('same', 'same'), '');
    assert.equal(unifiedDiff('', 'a\nb', { context: 0 }), '--- a\n+++ b\n@@ -1 +1,2 @@\n-\n+a\n+b');
  });

  it('finds a longest common subsequence (checked against dynamic programming)', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 300; round += 1) {
      const a = Array.from({ length: Math.floor(random() * 30) }, () => Math.floor(random() * 5));
      const b = Array.from({ length: Math.floor(random() * 30) }, () => Math.floor(random() * 5));
      const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
      for (let i = a.length - 1; i >= 0; i -= 1) {
        for (let j = b.length - 1; j >= 0; j -= 1) {
          table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
        }
      }
      const matches = matchSequences(a, b);
      assert.equal(matches.length, table[0]![0]);
      matches.forEach(([i, j], index) => {
        assert.equal(a[i], b[j]);
        if (index > 0) assert.ok(i > matches[index - 1]![0] && j > matches[index - 1]![1]);
      });
    }
  });
});
