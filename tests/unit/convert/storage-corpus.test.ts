import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { isTag } from 'domhandler';

import {
  extractSection, mergeEditedMarkdownWithReport, replaceSection, splitSections, storageToEditableMarkdown, storageToMarkdown,
} from '../../../src/convert/storage/index.js';
import { parseEditable } from '../../../src/convert/storage/parse-markdown.js';
import { parseStorage, rangeOf, sourceOf } from '../../../src/convert/storage/source.js';

import type { AnyNode, Element } from 'domhandler';

/**
 * The round-trip corpus: realistic Cloud and Data Center pages (see
 * tests/fixtures/storage/README.md). Every page must survive read → write
 * byte for byte, and an edit must touch nothing but what was edited.
 */

const directory = join(import.meta.dirname, '../../fixtures/storage');
const pages = readdirSync(directory).filter((name) => name.endsWith('.storage.xhtml')).sort()
  .map((name) => ({ name, storage: readFileSync(join(directory, name), 'utf8') }));

function elements(storage: string, wanted: (element: Element) => boolean): Element[] {
  const found: Element[] = [];
  const visit = (nodes: AnyNode[]): void => {
    for (const node of nodes) {
      if (!isTag(node)) continue;
      if (wanted(node)) found.push(node);
      visit(node.children);
    }
  };
  visit(parseStorage(storage).children);
  return found;
}

const macros = (storage: string): { source: string; start: number; end: number }[] =>
  elements(storage, (element) => element.name === 'ac:structured-macro')
    .map((element) => ({ source: sourceOf(element, storage)!, ...rangeOf(element)! }));

function occurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) count += 1;
  return count;
}

/** The part of `before` that differs from `after`: [start, end) in `before`. */
function changedRange(before: string, after: string): [number, number] {
  let start = 0;
  while (start < before.length && before[start] === after[start]) start += 1;
  let end = 0;
  while (end < before.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end += 1;
  return [start, before.length - end];
}

/** The first top-level paragraph without placeholders in the Markdown, with where it ends. */
function plainParagraph(markdown: string): { end: number; text: string } {
  for (const node of parseEditable(markdown).children) {
    if (node.type !== 'paragraph' || node.children.some((child) => child.type === 'html')) continue;
    const text = markdown.slice(node.position!.start.offset, node.position!.end.offset);
    if (text.length > 20) return { end: node.position!.end.offset!, text };
  }
  throw new Error('no plain paragraph to edit');
}

describe('storage corpus', () => {
  it('has Cloud and Data Center pages', () => {
    assert.ok(pages.filter((page) => page.name.startsWith('cloud-')).length >= 3);
    assert.ok(pages.filter((page) => page.name.startsWith('dc-')).length >= 3);
  });

  for (const { name, storage } of pages) {
    describe(name, () => {
      const markdown = storageToMarkdown(storage);

      it('writes back byte-identical when nothing was edited', () => {
        const report = mergeEditedMarkdownWithReport(storage, markdown);
        assert.equal(report.storage, storage);
        assert.equal(report.changed, 0);
        assert.equal(report.removed, 0);
        assert.deepEqual(report.removedPlaceholders, []);
        assert.ok(report.kept > 0);
      });

      it('keeps every macro and changes only the edited paragraph', () => {
        const paragraph = plainParagraph(markdown);
        const edited = `${markdown.slice(0, paragraph.end)} (edited)${markdown.slice(paragraph.end)}`;
        const report = mergeEditedMarkdownWithReport(storage, edited);
        const [start, end] = changedRange(storage, report.storage);
        // Every macro is still there byte for byte, but for one whose body holds the edited paragraph.
        for (const macro of macros(storage).filter((range) => !(range.start <= start && end <= range.end))) {
          assert.ok(occurrences(report.storage, macro.source) >= occurrences(storage, macro.source), `lost ${macro.source.slice(0, 120)}`);
        }
        const owner = elements(storage, (element) => {
          const range = rangeOf(element)!;
          return element.name === 'p' && range.start <= start && end <= range.end;
        });
        assert.equal(owner.length, 1, 'the change stays inside one <p>');
        assert.match(report.storage.slice(start, report.storage.length - (storage.length - end)), /\(edited\)/);
        assert.deepEqual(report.removedPlaceholders, []);
        assert.equal(storageToMarkdown(report.storage), edited, 'reading the result gives the edited Markdown');
      });

      const { placeholders } = storageToEditableMarkdown(storage);
      const blockMarkers = parseEditable(markdown).children.filter((node) => node.type === 'paragraph'
        && node.children.length === 1 && node.children[0]!.type === 'html'
        && placeholders.some((placeholder) => !placeholder.inline && (node.children[0] as { value: string }).value.includes(`#${placeholder.id} `)));

      it('restores placeholders exactly, also when moved, and drops the deleted one', { skip: blockMarkers.length === 0 && 'no block placeholders' }, () => {
        const lines = blockMarkers.map((node) => markdown.slice(node.position!.start.offset, node.position!.end.offset));
        let moved = markdown;
        for (const line of lines) moved = moved.replace(`${line}\n\n`, '').replace(`\n\n${line}`, '');
        moved = `${moved}\n\n${lines.reverse().join('\n\n')}`;
        const report = mergeEditedMarkdownWithReport(storage, moved);
        for (const placeholder of placeholders) {
          assert.ok(occurrences(report.storage, placeholder.storage) >= 1, `placeholder #${placeholder.id} ${placeholder.kind}`);
        }
        assert.deepEqual(report.removedPlaceholders, []);

        const gone = placeholders.find((placeholder) => lines.some((line) => line.includes(`#${placeholder.id} `)))!;
        const line = lines.find((text) => text.includes(`#${gone.id} `))!;
        const deleted = mergeEditedMarkdownWithReport(storage, markdown.replace(line, ''));
        assert.equal(occurrences(deleted.storage, gone.storage), occurrences(storage, gone.storage) - 1);
        assert.deepEqual(deleted.removedPlaceholders.map((item) => item.id), [gone.id]);
      });

      const sections = splitSections(storage);
      const target = sections.find((section) => section.depth >= 2 && sections.filter((other) => other.heading === section.heading).length === 1);

      it('replaces one section and keeps the rest byte-identical', { skip: !target && 'no unique heading' }, () => {
        const unchanged = replaceSection(storage, target!.heading, extractSection(storage, target!.heading).markdown);
        assert.equal(unchanged.storage, storage);
        const report = replaceSection(storage, target!.heading, 'Replaced body.');
        const heading = elements(storage, (element) => /^h[1-6]$/.test(element.name)
          && storageToMarkdown(sourceOf(element, storage)!).replace(/^#+ /, '').includes(target!.heading))[0]!;
        const depth = Number(heading.name[1]);
        let next: AnyNode | null = heading.next;
        while (next && !(isTag(next) && /^h[1-6]$/.test(next.name) && Number(next.name[1]) <= depth)) next = next.next;
        const before = rangeOf(heading)!.end;
        const parent = heading.parent && isTag(heading.parent) ? rangeOf(heading.parent)!.closeStart! : storage.length;
        const after = next && isTag(next) ? rangeOf(next)!.start : parent;
        assert.equal(report.storage.slice(0, before), storage.slice(0, before));
        assert.equal(report.storage.slice(report.storage.length - (storage.length - after)), storage.slice(after));
        assert.equal(extractSection(report.storage, target!.heading).markdown.split('\n\n').slice(1).join('\n\n'), 'Replaced body.');
      });
    });
  }

  it('reads the largest page in far fewer characters than its storage', (t) => {
    const largest = pages.reduce((big, page) => (page.storage.length > big.storage.length ? page : big));
    const markdown = storageToMarkdown(largest.storage);
    t.diagnostic(`${largest.name}: storage ${largest.storage.length} chars, Markdown ${markdown.length} chars`);
    assert.ok(markdown.length < largest.storage.length * 0.5);
  });

  it('keeps Cloud account ids and Data Center user keys and names through an edit', () => {
    for (const { storage } of pages) {
      const markdown = storageToMarkdown(storage);
      const { end } = plainParagraph(markdown);
      const edited = `${markdown.slice(0, end)} Rewritten.${markdown.slice(end)}`;
      const result = mergeEditedMarkdownWithReport(storage, edited).storage;
      for (const attribute of ['ri:account-id=', 'ri:userkey=', 'ri:username=', 'ac:macro-id=', 'ri:version-at-save=']) {
        assert.equal(occurrences(result, attribute), occurrences(storage, attribute), attribute);
      }
    }
  });
});
