import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { isTag } from 'domhandler';
import fc from 'fast-check';

import {
  markdownToStorage, mergeEditedMarkdown, paginateMarkdown, replaceSection, splitSections, storageToEditableMarkdown, storageToMarkdown,
} from '../../../src/convert/storage/index.js';
import { readMarker } from '../../../src/convert/storage/markers.js';
import { parseEditable } from '../../../src/convert/storage/parse-markdown.js';
import { parseStorage, rangeOf } from '../../../src/convert/storage/source.js';

import type { AnyNode } from 'domhandler';

/**
 * Conversion never throws and never hangs, whatever the input: generated
 * storage (well-formed and broken), generated Markdown, random text. Runs are
 * bounded, and each conversion must finish quickly.
 */

const TIME_LIMIT_MS = 2000;

function timed<T>(work: () => T): T {
  const started = performance.now();
  const result = work();
  assert.ok(performance.now() - started < TIME_LIMIT_MS, 'a conversion took too long');
  return result;
}

function isWellFormed(storage: string): boolean {
  const visit = (nodes: AnyNode[]): boolean => nodes.every((node) => !isTag(node) || (rangeOf(node)?.balanced === true && visit(node.children)));
  return visit(parseStorage(storage).children);
}

const words = fc.constantFrom('a', 'word', ' ', '  ', '\n', 'x < y', 'A & B', '&amp;', '&nbsp;', '&lt;', '&bogus;', '*', '_', '`', '#', '|', '[', ']',
  '> q', '- i', '1.', '<!-- confluence:macro:toc #1 -->', ']]>', '😀', 'é', '\u0000', '\t');
const text = fc.array(words, { maxLength: 4 }).map((parts) => parts.join(''));
const macroNames = fc.constantFrom('code', 'info', 'note', 'warning', 'tip', 'panel', 'status', 'expand', 'toc', 'jira', 'anchor', 'drawio', 'children',
  'excerpt', 'details', 'section', 'column', 'unknown-thing');
const attribute = fc.constantFrom('', ' class="x"', ' style="text-align: center;"', ' colspan="2"', ' rowspan="3"', ' data-layout="wide"', ' local-id="l1"');

/** Storage-like markup from Confluence's vocabulary; `broken` leaves tags unclosed and truncates. */
const { node: storageNode } = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.tuple(fc.constantFrom('p', 'h1', 'h3', 'ul', 'ol', 'li', 'table', 'tbody', 'tr', 'td', 'th', 'strong', 'em', 'span', 'div', 'blockquote',
      'pre', 'code', 'a', 'u', 's', 'ac:layout', 'ac:layout-section', 'ac:layout-cell', 'ac:task-list', 'ac:task', 'ac:task-body',
      'ac:rich-text-body', 'ac:link', 'ac:link-body', 'ac:inline-comment-marker'), attribute, fc.array(tie('node'), { maxLength: 4 }))
      .map(([name, attributes, children]) => `<${name}${attributes}>${children.join('')}</${name}>`),
    fc.tuple(macroNames, fc.array(fc.tuple(fc.constantFrom('title', 'language', 'colour', 'key', ''), text), { maxLength: 2 }),
      fc.oneof(fc.constant(''), tie('node').map((body) => `<ac:rich-text-body>${body}</ac:rich-text-body>`),
        text.map((body) => `<ac:plain-text-body><![CDATA[${body.replaceAll(']]>', ']]]]><![CDATA[>')}]]></ac:plain-text-body>`)))
      .map(([name, params, body]) => `<ac:structured-macro ac:name="${name}" ac:schema-version="1">${params
        .map(([key, value]) => `<ac:parameter ac:name="${key}">${value.replaceAll('<', '&lt;').replaceAll('&', '&amp;')}</ac:parameter>`).join('')}${body}</ac:structured-macro>`),
    fc.constantFrom('<br />', '<hr />', '<p />', '<ac:emoticon ac:name="smile" />', '<time datetime="2024-01-02" />',
      '<ac:link><ri:user ri:account-id="557058:x" /></ac:link>', '<ac:link><ri:page ri:content-title="T" ri:space-key="S" /></ac:link>',
      '<ac:image><ri:attachment ri:filename="a.png" /></ac:image>', '<ac:task-status>complete</ac:task-status>', '<ac:task-id>3</ac:task-id>'),
  ),
}));
const storage = fc.array(storageNode, { maxLength: 6 }).map((nodes) => nodes.join(''));
const brokenStorage = fc.tuple(storage, fc.nat(), fc.constantFrom('', '<p>', '</td>', '<ac:structured-macro ac:name="code">', '<![CDATA[', '<ac:layout-cell>'))
  .map(([markup, cut, extra]) => markup.slice(0, cut % (markup.length + 1)) + extra);

const markdownLine = fc.oneof(
  text,
  fc.constantFrom('# Heading', '## Setup', '### Sub', '- item', '  - nested', '1. one', '- [ ] task', '- [x] done', '> quote', '> **Info:**', '> [!WARNING]',
    '| a | b |', '| - | - |', '| 1 | 2<br>3 |', '```js', '```', '~~~', '---', '***', '<!-- confluence:macro:toc #1 -->', '<!-- confluence:layout #2 -->',
    '<!-- confluence:layout-cell #3 -->', '<!-- /confluence:layout #2 -->', '<!-- /confluence:macro:expand #9 -->', '[@A](accountid:1)',
    '[P](<page://S/T#a>)', '[D](status:green)', '<date:2024-02-03>', '[K-1](jira:K-1)', '![](attachment:x.png)', '[x](javascript:1)', '<b>raw</b>',
    '    indented code', '[ref]: https://x.example', 'text with [ref]', '\\', '<br>', '<!--', '-->'),
);
const markdown = fc.array(fc.tuple(markdownLine, fc.constantFrom('\n', '\n\n')), { maxLength: 12 })
  .map((lines) => lines.map(([line, end]) => line + end).join(''));

// FUZZ_RUNS raises the count for a longer local search.
const runs = { numRuns: Number(process.env['FUZZ_RUNS'] ?? 150) };

describe('conversion on arbitrary input', () => {
  it('reads generated storage and writes it back byte-identical', { timeout: 120_000 }, () => {
    fc.assert(fc.property(fc.oneof(storage, brokenStorage), (input) => {
      const read = timed(() => storageToMarkdown(input));
      assert.equal(typeof read, 'string');
      assert.equal(timed(() => mergeEditedMarkdown(input, read)), input);
    }), runs);
  });

  it('merges arbitrary edits into generated storage without throwing, keeping well-formed storage well-formed', { timeout: 120_000 }, () => {
    fc.assert(fc.property(storage, markdown, fc.nat(), (input, inserted, at) => {
      const read = storageToMarkdown(input);
      const position = at % (read.length + 1);
      for (const edited of [inserted, read.slice(0, position) + inserted + read.slice(position), read.slice(0, position)]) {
        const result = timed(() => mergeEditedMarkdown(input, edited));
        if (isWellFormed(input)) assert.ok(isWellFormed(result), `not well-formed: ${result}`);
      }
    }), runs);
  });

  it('writes generated Markdown as well-formed storage', { timeout: 120_000 }, () => {
    fc.assert(fc.property(markdown, (input) => {
      const written = timed(() => markdownToStorage(input));
      assert.ok(isWellFormed(written), `not well-formed: ${written}`);
      assert.equal(typeof storageToMarkdown(written), 'string');
    }), runs);
  });

  it('survives random text as storage and as Markdown, sections and pagination included', { timeout: 120_000 }, () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer({ min: 1, max: 50 }), (input, size) => {
      timed(() => mergeEditedMarkdown(input, storageToMarkdown(input)));
      assert.ok(isWellFormed(timed(() => markdownToStorage(input))));
      const sections = splitSections(input);
      if (sections.length === 1) replaceSection(input, sections[0]!.heading, input);
      let offset: number | undefined = 0;
      for (let pieces = 0; offset !== undefined; pieces += 1) {
        assert.ok(pieces < 1000);
        offset = paginateMarkdown(input, size, offset).nextOffset;
      }
    }), runs);
  });

  it('merges random line edits of the corpus pages: well-formed, and every placeholder left in place restored', { timeout: 300_000 }, () => {
    const directory = join(import.meta.dirname, '../../fixtures/storage');
    const pages = readdirSync(directory).filter((name) => name.endsWith('.storage.xhtml')).map((name) => readFileSync(join(directory, name), 'utf8'));
    const mutation = fc.tuple(fc.constantFrom('delete', 'duplicate', 'swap', 'reword', 'insert'), fc.nat(), markdownLine);
    fc.assert(fc.property(fc.constantFrom(...pages.keys()), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, mutations) => {
      const page = pages[which]!;
      const { markdown, placeholders } = storageToEditableMarkdown(page);
      const lines = markdown.split('\n');
      for (const [kind, at, line] of mutations) {
        const index = at % lines.length;
        if (kind === 'delete') lines.splice(index, 1);
        else if (kind === 'duplicate') lines.splice(index, 0, lines[index]!);
        else if (kind === 'swap') lines.splice(index, 2, ...lines.slice(index, index + 2).reverse());
        else if (kind === 'reword') lines[index] = lines[index]!.replace(/[a-z]+/, 'changed');
        else lines.splice(index, 0, '', line, '');
      }
      const edited = lines.join('\n');
      const result = timed(() => mergeEditedMarkdown(page, edited));
      assert.ok(isWellFormed(result));
      // The markers the edited Markdown still has as markers (not swallowed by a code block the edit opened).
      const markers = new Set<number>();
      const visit = (node: { type: string; value?: string; children?: unknown[] }): void => {
        const marker = node.type === 'html' ? readMarker(node.value ?? '') : undefined;
        if (marker?.role === 'leaf') markers.add(marker.id);
        for (const child of node.children ?? []) visit(child as typeof node);
      };
      visit(parseEditable(edited));
      for (const placeholder of placeholders.filter((item) => markers.has(item.id))) {
        assert.ok(result.includes(placeholder.storage), `placeholder #${placeholder.id} restored`);
      }
    }), { numRuns: Math.max(40, Math.floor(runs.numRuns / 3)) });
  });

  it('handles deep nesting and long inputs in time', { timeout: 120_000 }, () => {
    const deep = `${'<div><ul><li>'.repeat(3000)}deep`;
    assert.equal(timed(() => mergeEditedMarkdown(deep, storageToMarkdown(deep))), deep);
    const wide = '<p>x</p>'.repeat(5000);
    assert.equal(timed(() => mergeEditedMarkdown(wide, storageToMarkdown(wide).replace('x\n\nx', 'y'))).length, wide.length - 8);
    const quotes = `${'> '.repeat(2000)}deep`;
    assert.ok(isWellFormed(timed(() => markdownToStorage(quotes))));
  });
});
