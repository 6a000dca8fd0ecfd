import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { markdownToAdf } from '../../../src/convert/adf/from-markdown.js';
import { adfSchemaErrors } from './adf-schema.js';

import type { AdfDoc, AdfMark, AdfNode } from '../../../src/convert/adf/from-markdown.js';

const t = (text: string, ...marks: AdfMark[]): AdfNode => (marks.length ? { type: 'text', text, marks } : { type: 'text', text });
const p = (...content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });
const li = (...content: AdfNode[]): AdfNode => ({ type: 'listItem', content });
const doc = (...content: AdfNode[]): AdfDoc => ({ type: 'doc', version: 1, content });
const strong = { type: 'strong' };
const em = { type: 'em' };
const code = { type: 'code' };
const link = (href: string): AdfMark => ({ type: 'link', attrs: { href } });

/** Converts and checks the result against the official ADF JSON schema before anything else. */
function adf(markdown: string): AdfDoc {
  const result = markdownToAdf(markdown);
  assert.deepEqual(adfSchemaErrors(result), [], `invalid ADF for ${JSON.stringify(markdown)}`);
  return result;
}

describe('markdownToAdf', () => {
  it('converts headings, paragraphs, marks and line breaks', () => {
    assert.deepEqual(adf('## Steps *to* reproduce\n\nPlain **bold _both_** `npm test` ~~old~~ [docs](https://d.example "Docs")\nnext line\\\nhard'), doc(
      { type: 'heading', attrs: { level: 2 }, content: [t('Steps '), t('to', em), t(' reproduce')] },
      p(
        t('Plain '), t('bold ', strong), t('both', strong, em), t(' '), t('npm test', code), t(' '),
        t('old', { type: 'strike' }), t(' '), t('docs', { type: 'link', attrs: { href: 'https://d.example', title: 'Docs' } }),
        { type: 'hardBreak' }, t('next line'), { type: 'hardBreak' }, t('hard'),
      ),
    ));
  });

  it('keeps only the link mark beside code, as the schema requires', () => {
    assert.deepEqual(adf('**`x`** [`y`](https://y.example)'), doc(p(t('x', code), t(' '), t('y', link('https://y.example'), code))));
  });

  it('turns bare URLs into smart links (inlineCard), but keeps them as links inside marks', () => {
    assert.deepEqual(adf('See <https://acme.atlassian.net/browse/PROJ-7> and https://x.example/a **https://b.example**'), doc(p(
      t('See '), { type: 'inlineCard', attrs: { url: 'https://acme.atlassian.net/browse/PROJ-7' } }, t(' and '),
      { type: 'inlineCard', attrs: { url: 'https://x.example/a' } }, t(' '), t('https://b.example', strong, link('https://b.example')),
    )));
  });

  it('resolves reference links and keeps e-mail links', () => {
    assert.deepEqual(adf('[guide][g] <ops@example.com>\n\n[g]: https://guide.example'), doc(p(
      t('guide', link('https://guide.example')), t(' '), t('ops@example.com', link('mailto:ops@example.com')),
    )));
  });

  it('converts bullet, ordered (with start) and nested lists', () => {
    assert.deepEqual(adf('3. three\n   - nested\n4. four'), doc({
      type: 'orderedList', attrs: { order: 3 }, content: [
        li(p(t('three')), { type: 'bulletList', content: [li(p(t('nested')))] }),
        li(p(t('four'))),
      ],
    }));
  });

  it('converts GFM task lists to taskList/taskItem with local ids, nesting sub-tasks beside their parent', () => {
    assert.deepEqual(adf('- [x] Write test\n- [ ] Fix bug\n  - [ ] Sub-task'), doc({
      type: 'taskList', attrs: { localId: 'tasks-1' }, content: [
        { type: 'taskItem', attrs: { localId: 'task-2', state: 'DONE' }, content: [t('Write test')] },
        { type: 'taskItem', attrs: { localId: 'task-3', state: 'TODO' }, content: [t('Fix bug')] },
        { type: 'taskList', attrs: { localId: 'tasks-4' }, content: [
          { type: 'taskItem', attrs: { localId: 'task-5', state: 'TODO' }, content: [t('Sub-task')] },
        ] },
      ],
    }));
  });

  it('splits a list mixing tasks and plain items into a task list and a bullet list', () => {
    assert.deepEqual(adf('- [ ] task\n- plain').content.map((node) => node.type), ['taskList', 'bulletList']);
  });

  it('converts code blocks with and without a language, backticks inside kept', () => {
    assert.deepEqual(adf('````java\nString s = "```";\n````\n\n```\n```'), doc(
      { type: 'codeBlock', attrs: { language: 'java' }, content: [t('String s = "```";')] },
      { type: 'codeBlock', content: [] },
    ));
  });

  it('converts blockquotes, rules and tables with a header row', () => {
    assert.deepEqual(adf('> quoted\n\n---\n\n| Browser | Result |\n| - | - |\n| Firefox | HTTP 500 |\n| Chrome |'), doc(
      { type: 'blockquote', content: [p(t('quoted'))] },
      { type: 'rule' },
      { type: 'table', content: [
        { type: 'tableRow', content: [
          { type: 'tableHeader', content: [p(t('Browser'))] }, { type: 'tableHeader', content: [p(t('Result'))] },
        ] },
        { type: 'tableRow', content: [
          { type: 'tableCell', content: [p(t('Firefox'))] }, { type: 'tableCell', content: [p(t('HTTP 500'))] },
        ] },
        { type: 'tableRow', content: [
          { type: 'tableCell', content: [p(t('Chrome'))] }, { type: 'tableCell', content: [p()] },
        ] },
      ] },
    ));
  });

  it('maps the readers\' callout form and GitHub alerts to panels', () => {
    const panels = adf([
      '> **Info:**', '>', '> Heads up', '',
      '> **Warning:** inline body', '',
      '> **Note: Release**', '> body', '',
      '> [!NOTE]', '> github note', '',
      '> [!TIP]', '> tip', '',
      '> [!IMPORTANT]', '> important', '',
      '> [!CAUTION]', '> caution', '',
      '> **Success:**', '> done', '',
      '> **Error:**', '> failed',
    ].join('\n'));
    assert.deepEqual(panels.content.map((node) => node.attrs?.panelType), ['info', 'warning', 'note', 'info', 'tip', 'note', 'error', 'success', 'error']);
    assert.deepEqual(panels.content[0], { type: 'panel', attrs: { panelType: 'info' }, content: [p(t('Heads up'))] });
    assert.deepEqual(panels.content[1]!.content, [p(t('inline body'))]);
    assert.deepEqual(panels.content[2]!.content, [p(t('Release', strong)), p(t('body'))]);
    assert.deepEqual(panels.content[3]!.content, [p(t('github note'))]);
  });

  it('converts <details> sections to expand, nested ones to nestedExpand', () => {
    assert.deepEqual(adf('<details><summary>Stack trace</summary>\n\nat Foo.bar\n\n<details><summary>Inner</summary>\n\nx\n\n</details>\n\n</details>'), doc({
      type: 'expand', attrs: { title: 'Stack trace' }, content: [
        p(t('at Foo.bar')),
        { type: 'nestedExpand', attrs: { title: 'Inner' }, content: [p(t('x'))] },
      ],
    }));
    assert.deepEqual(adf('<details>\n<summary>One line</summary>\nbody **b**\n</details>'), doc({
      type: 'expand', attrs: { title: 'One line' }, content: [p(t('body '), t('b', strong))],
    }));
  });

  it('converts mentions, status lozenges, dates and emoji shortcodes from their Markdown forms', () => {
    assert.deepEqual(adf('[@Alice Nguyen](accountid:5b10ac8d82e05b22cc7d4ef5) set [In progress](status:blue) due <date:2024-06-13> :thumbsup: at 10:30:45'), doc(p(
      { type: 'mention', attrs: { id: '5b10ac8d82e05b22cc7d4ef5', text: '@Alice Nguyen' } }, t(' set '),
      { type: 'status', attrs: { text: 'In progress', color: 'blue' } }, t(' due '),
      { type: 'date', attrs: { timestamp: '1718236800000' } }, t(' '),
      { type: 'emoji', attrs: { shortName: ':thumbsup:' } }, t(' at 10:30:45'),
    )));
    // Unknown colours fall back to neutral; a username (a Server/DC form) stays readable text.
    assert.deepEqual(adf('[Odd](status:pink) [@jsmith](username:jsmith) [file](attachment:log.txt)'), doc(p(
      { type: 'status', attrs: { text: 'Odd', color: 'neutral' } }, t(' @jsmith file'),
    )));
  });

  it('converts images to media: Jira files by media id, web images by URL, several in a row as a group', () => {
    assert.deepEqual(adf('![screenshot.png](media:a1b2)\n\n![](media:contentId-7/f-1) ![logo](https://cdn.example/logo.png)\n\nInline ![icon](media:c3) and ![web](https://x.example/i.png)'), doc(
      { type: 'mediaSingle', attrs: { layout: 'center' }, content: [
        { type: 'media', attrs: { type: 'file', id: 'a1b2', collection: '', alt: 'screenshot.png' } },
      ] },
      { type: 'mediaGroup', content: [
        { type: 'media', attrs: { type: 'file', id: 'f-1', collection: 'contentId-7' } },
        { type: 'media', attrs: { type: 'external', url: 'https://cdn.example/logo.png', alt: 'logo' } },
      ] },
      p(
        t('Inline '), { type: 'mediaInline', attrs: { type: 'file', id: 'c3', collection: '', alt: 'icon' } }, t(' and '),
        t('web', link('https://x.example/i.png')),
      ),
    ));
    // A Server/DC attachment name has no URL on Cloud: its name is what is left.
    assert.deepEqual(adf('see ![](shot.png)'), doc(p(t('see shot.png'))));
  });

  it('fits what ADF cannot nest: headings and quotes in lists, tables and quotes in panels, tasks in quotes', () => {
    const result = adf([
      '- # Heading in a list', '- > quote in a list', '',
      '> **Note:**', '> > quote in a panel', '>', '> | a | b |', '> | - | - |', '> | 1 | 2 |', '',
      '> - [ ] task in a quote', '',
      '<details><summary>x</summary>', '', '| t |', '| - |', '', '</details>',
    ].join('\n'));
    assert.deepEqual(result.content[0], { type: 'bulletList', content: [
      li(p(t('Heading in a list', strong))),
      li(p(t('quote in a list'))),
    ] });
    assert.deepEqual(result.content[1], { type: 'panel', attrs: { panelType: 'note' }, content: [
      p(t('quote in a panel')), p(t('a'), t(' | '), t('b')), p(t('1'), t(' | '), t('2')),
    ] });
    assert.deepEqual(result.content[2], { type: 'blockquote', content: [
      { type: 'bulletList', content: [li(p(t('[ ] '), t('task in a quote')))] },
    ] });
    assert.equal(result.content[3]!.content![0]!.type, 'table');
  });

  it('keeps raw HTML and footnotes as visible text; a <br> is a line break', () => {
    assert.deepEqual(adf('a<br>b <span>c</span>\n\n<div>block</div>\n\nnote[^1]\n\n[^1]: the note'), doc(
      p(t('a'), { type: 'hardBreak' }, t('b <span>c</span>')),
      p(t('<div>block</div>')),
      p(t('note[^1]')),
      p(t('[^1]: the note')),
    ));
  });

  it('returns an empty document for empty input', () => {
    assert.deepEqual(adf(''), doc());
    assert.deepEqual(adf('   \n\n'), doc());
  });
});
