import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { adfToMarkdown } from '../../../src/convert/adf/to-markdown.js';

const t = (value: string, ...marks: unknown[]) => ({ type: 'text', text: value, ...(marks.length ? { marks } : {}) });
const p = (...content: unknown[]) => ({ type: 'paragraph', content });
const doc = (...content: unknown[]) => ({ type: 'doc', version: 1, content });
const cell = (type: string, value: string, attrs: Record<string, unknown> = {}) => ({ type, attrs, content: [p(t(value))] });

describe('adfToMarkdown', () => {
  it('converts a realistic Jira Cloud bug description', () => {
    const description = doc(
      { type: 'heading', attrs: { level: 2 }, content: [t('Steps to reproduce')] },
      { type: 'orderedList', attrs: { order: 1 }, content: [
        { type: 'listItem', content: [p(t('Log in as '), { type: 'mention', attrs: { id: '5b10ac8d82e05b22cc7d4ef5', text: '@Alice Smith' } })] },
        { type: 'listItem', content: [p(t('Open '), t('Settings > SSO', { type: 'strong' }))] },
      ] },
      { type: 'codeBlock', attrs: { language: 'java' }, content: [t('if (token == null) {\n  throw new AuthException("expired");\n}')] },
      { type: 'panel', attrs: { panelType: 'warning' }, content: [p(t('Affects '), t('all', { type: 'em' }), t(' EU tenants.'))] },
      { type: 'table', attrs: { isNumberColumnEnabled: false, layout: 'default' }, content: [
        { type: 'tableRow', content: [cell('tableHeader', 'Browser'), cell('tableHeader', 'Result')] },
        { type: 'tableRow', content: [cell('tableCell', 'Firefox 126'), cell('tableCell', 'HTTP 500')] },
      ] },
    );
    assert.equal(adfToMarkdown(description), [
      '## Steps to reproduce',
      '',
      '1. Log in as [@Alice Smith](accountid:5b10ac8d82e05b22cc7d4ef5)',
      '2. Open **Settings > SSO**',
      '',
      '```java',
      'if (token == null) {',
      '  throw new AuthException("expired");',
      '}',
      '```',
      '',
      '> **Warning:**',
      '>',
      '> Affects _all_ EU tenants.',
      '',
      '| Browser | Result |',
      '| - | - |',
      '| Firefox 126 | HTTP 500 |',
    ].join('\n'));
  });

  it('merges marks shared by neighbouring text nodes and keeps text of unmapped marks', () => {
    const markdown = adfToMarkdown(doc(p(
      t('SSO ', { type: 'strong' }),
      t('and MFA', { type: 'strong' }, { type: 'em' }),
      t(' see '),
      t('docs', { type: 'link', attrs: { href: 'https://example.com/docs' } }),
      t(', run '),
      t('npm test', { type: 'code' }),
      t(', '),
      t('old', { type: 'strike' }),
      t(' '),
      t('under', { type: 'underline' }, { type: 'textColor', attrs: { color: '#ff0000' } }),
      { type: 'hardBreak' },
      t('H'), t('2', { type: 'subsup', attrs: { type: 'sub' } }), t('O'),
    )));
    assert.equal(markdown, '**SSO _and MFA_** see [docs](https://example.com/docs), run `npm test`, ~~old~~ under\\\nH2O');
  });

  it('renders nested, ordered-from-N and task lists', () => {
    const markdown = adfToMarkdown(doc(
      { type: 'orderedList', attrs: { order: 3 }, content: [
        { type: 'listItem', content: [p(t('third')), { type: 'bulletList', content: [{ type: 'listItem', content: [p(t('nested'))] }] }] },
        { type: 'listItem', content: [p(t('fourth'))] },
      ] },
      { type: 'taskList', attrs: { localId: 'a' }, content: [
        { type: 'taskItem', attrs: { localId: 'b', state: 'DONE' }, content: [t('Write test')] },
        { type: 'taskItem', attrs: { localId: 'c', state: 'TODO' }, content: [t('Fix bug')] },
        { type: 'taskList', attrs: { localId: 'd' }, content: [{ type: 'taskItem', attrs: { state: 'TODO' }, content: [t('Sub-task')] }] },
      ] },
    ));
    assert.equal(markdown, '3. third\n   - nested\n4. fourth\n\n- [x] Write test\n- [ ] Fix bug\n  - [ ] Sub-task');
  });

  it('renders blockquote, rule, expand and panel kinds', () => {
    const markdown = adfToMarkdown(doc(
      { type: 'blockquote', content: [p(t('quoted'))] },
      { type: 'rule' },
      { type: 'expand', attrs: { title: 'Stack trace' }, content: [p(t('at Foo.bar'))] },
      { type: 'panel', attrs: { panelType: 'success' }, content: [p(t('Fixed'))] },
      { type: 'panel', attrs: { panelType: 'custom' }, content: [p(t('Custom'))] },
    ));
    assert.equal(markdown, [
      '> quoted', '', '---', '',
      '<details><summary>Stack trace</summary>', '', 'at Foo.bar', '', '</details>', '',
      '> **Success:**', '>', '> Fixed', '',
      '> **Note:**', '>', '> Custom',
    ].join('\n'));
  });

  it('renders status, date and mention in link forms that keep colour, day and account id', () => {
    const markdown = adfToMarkdown(doc(p(
      { type: 'status', attrs: { text: 'IN PROGRESS', color: 'blue' } }, t(' due '),
      { type: 'date', attrs: { timestamp: '1718236800000' } }, t(' '),
      { type: 'emoji', attrs: { shortName: ':thumbsup:', text: '👍' } }, t(' '),
      { type: 'emoji', attrs: { shortName: ':custom:' } }, t(' by '),
      { type: 'mention', attrs: { id: '5b10ac8d' } }, t(' in '),
      { type: 'inlineCard', attrs: { url: 'https://acme.atlassian.net/browse/PROJ-7' } },
    ), { type: 'blockCard', attrs: { url: 'https://acme.atlassian.net/wiki/x/AbC' } }));
    assert.equal(markdown, [
      '[IN PROGRESS](status:blue) due <date:2024-06-13> 👍 :custom: by [@5b10ac8d](accountid:5b10ac8d) in <https://acme.atlassian.net/browse/PROJ-7>',
      '',
      '<https://acme.atlassian.net/wiki/x/AbC>',
    ].join('\n'));
  });

  it('renders media as images: Jira files by media id, external ones by URL; drops placeholders', () => {
    const markdown = adfToMarkdown(doc(
      { type: 'mediaSingle', attrs: { layout: 'center' }, content: [{ type: 'media', attrs: { id: 'a1b2', type: 'file', collection: 'jira', alt: 'screenshot.png' } }] },
      { type: 'mediaGroup', content: [{ type: 'media', attrs: { id: 'f-1', type: 'file' } }, { type: 'media', attrs: { type: 'external', url: 'https://cdn.example.com/log.txt' } }] },
      p({ type: 'placeholder', attrs: { text: 'Type something' } }, t('kept')),
    ));
    assert.equal(markdown, '![screenshot.png](media:jira/a1b2)\n\n![](media:f-1) ![](https://cdn.example.com/log.txt)\n\nkept');
  });

  it('uses the first row as the header even without tableHeader cells, and pads merged cells', () => {
    const markdown = adfToMarkdown(doc({ type: 'table', content: [
      { type: 'tableRow', content: [cell('tableCell', 'a'), cell('tableCell', 'b')] },
      { type: 'tableRow', content: [cell('tableCell', 'wide', { colspan: 2 })] },
      { type: 'tableRow', content: [{ type: 'tableCell', content: [p(t('one')), p(t('two'))] }, cell('tableCell', 'x|y')] },
    ] }));
    assert.equal(markdown, '| a | b |\n| - | - |\n| wide | |\n| one two | x\\|y |');
  });

  it('degrades unknown nodes to their text, or a visible marker when they have none', () => {
    const markdown = adfToMarkdown(doc(
      { type: 'futureContainer', content: [p(t('inner text'))] },
      { type: 'futureLeaf', attrs: { foo: 1 } },
      p(t('see '), { type: 'futureInline', text: 'inline text' }),
      { type: 'bodiedExtension', attrs: { extensionKey: 'jira-chart' }, content: [p(t('chart body'))] },
    ));
    assert.equal(markdown, 'inner text\n\n\\[unsupported: futureLeaf]\n\nsee inline text\n\n\\[macro: jira-chart]\n\nchart body');
  });

  it('accepts content arrays and plain strings', () => {
    assert.equal(adfToMarkdown([p(t('bare array'))]), 'bare array');
    assert.equal(adfToMarkdown({ content: [p(t('no type'))] }), 'no type');
    assert.equal(adfToMarkdown('plain *text*'), 'plain \\*text\\*');
  });

  it('never throws on malformed input', () => {
    const deep: { type: string; content: unknown[] } = { type: 'doc', content: [] };
    let cursor = deep;
    for (let i = 0; i < 10_000; i += 1) {
      const next = { type: 'blockquote', content: [] as unknown[] };
      cursor.content.push(next);
      cursor = next;
    }
    const cyclic: { type: string; content: unknown[] } = { type: 'doc', content: [] };
    cyclic.content.push(cyclic);
    const inputs: unknown[] = [
      null, undefined, 0, 42, NaN, true, {}, [], [null, 1, 'x'], { type: 42 }, { type: 'doc', content: 'nope' },
      doc({ type: 'heading', attrs: { level: 99 }, content: [t('big')] }),
      doc({ type: 'date', attrs: { timestamp: 'not-a-number' } }, { type: 'date', attrs: { timestamp: 1e20 } }),
      doc({ type: 'orderedList', attrs: { order: -3 }, content: [{ type: 'listItem' }, null, t('loose')] }),
      doc({ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', attrs: { colspan: 'x', rowspan: 1e9 } }] }] }),
      doc(p(t('x', null, { type: 'link' }, { type: 'link', attrs: { href: 5 } }, 'strong'))),
      deep, cyclic,
    ];
    for (const input of inputs) assert.equal(typeof adfToMarkdown(input), 'string');
    assert.equal(adfToMarkdown(null), '');
    assert.equal(adfToMarkdown(doc({ type: 'heading', attrs: { level: 99 }, content: [t('big')] })), '###### big');
    assert.equal(adfToMarkdown(doc({ type: 'date', attrs: { timestamp: 'not-a-number' } })), 'not-a-number');
    assert.match(adfToMarkdown(deep), /\[truncated: nested too deeply\]$/);
  });
});
