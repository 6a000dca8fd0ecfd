import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { storageToMarkdown } from '../../../src/convert/storage/to-markdown.js';

const macro = (name: string, params: Record<string, string>, inner = '') =>
  `<ac:structured-macro ac:name="${name}" ac:schema-version="1" ac:macro-id="d6f1">${Object.entries(params)
    .map(([key, value]) => `<ac:parameter ac:name="${key}">${value}</ac:parameter>`).join('')}${inner}</ac:structured-macro>`;

describe('storageToMarkdown', () => {
  it('converts a realistic Confluence page', () => {
    const page = [
      '<ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell>',
      '<h1>Deploy&nbsp;guide</h1>',
      '<p>Owner: <ac:link><ri:user ri:account-id="557058:f3a1" /></ac:link>. Read <ac:link><ri:page ri:space-key="OPS" ri:content-title="Runbook" /></ac:link> first.</p>',
      '</ac:layout-cell><ac:layout-cell>',
      macro('info', {}, '<ac:rich-text-body><p>Deploys freeze on <strong>Fridays </strong>after 3pm.</p></ac:rich-text-body>'),
      '</ac:layout-cell></ac:layout-section></ac:layout>',
      macro('code', { language: 'bash' }, '<ac:plain-text-body><![CDATA[kubectl apply -f deploy.yaml && echo "<done>"\n]]></ac:plain-text-body>'),
      '<table class="wrapped"><colgroup><col /><col /></colgroup><tbody>',
      '<tr><th><p>Env</p></th><th><p>URL</p></th></tr>',
      '<tr><td><p>prod</p></td><td><a href="https://prod.example.com">prod site</a></td></tr>',
      '</tbody></table>',
      '<ac:task-list>',
      '<ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>Tag release</ac:task-body></ac:task>',
      '<ac:task><ac:task-id>2</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Notify <ac:link><ri:user ri:userkey="ff8080" /></ac:link></ac:task-body></ac:task>',
      '</ac:task-list>',
    ].join('\n');
    assert.equal(storageToMarkdown(page), [
      '<!-- confluence:layout #1 "two_equal" -->',
      '',
      '<!-- confluence:layout-cell #2 -->',
      '',
      '# Deploy guide',
      '',
      'Owner: [@557058:f3a1](accountid:557058:f3a1). Read [Runbook](page://OPS/Runbook) first.',
      '',
      '<!-- confluence:layout-cell #3 -->',
      '',
      '> **Info:**',
      '>',
      '> Deploys freeze on **Fridays** after 3pm.',
      '',
      '<!-- /confluence:layout #1 -->',
      '',
      '```bash',
      'kubectl apply -f deploy.yaml && echo "<done>"',
      '```',
      '',
      '| Env | URL |',
      '| - | - |',
      '| prod | [prod site](https://prod.example.com) |',
      '',
      '- [x] Tag release',
      '- [ ] Notify [@ff8080](userkey:ff8080)',
    ].join('\n'));
  });

  it('shows mentions by display name when the caller resolves them', () => {
    const markdown = storageToMarkdown('<p><ac:link><ri:user ri:account-id="557058:f3a1" /></ac:link></p>', {
      userName: (user) => (user.value === '557058:f3a1' ? 'Jane Doe' : undefined),
    });
    assert.equal(markdown, '[@Jane Doe](accountid:557058:f3a1)');
  });

  it('decodes named entities in markup but keeps CDATA code bodies verbatim', () => {
    const markdown = storageToMarkdown(
      `<p>a&nbsp;b &amp; &lt;c&gt;</p>${macro('code', { language: 'html' }, '<ac:plain-text-body><![CDATA[<p>&amp; &nbsp;</p>]]></ac:plain-text-body>')}`,
    );
    assert.equal(markdown, 'a b & \\<c>\n\n```html\n<p>&amp; &nbsp;</p>\n```');
  });

  it('converts inline HTML formatting and entities', () => {
    assert.equal(
      storageToMarkdown('<p>a<br/>b <code>x &lt; y</code> <u>u</u> <s>gone</s> <em>it</em> <b>bold</b> &amp; <time datetime="2024-06-13" /></p>'),
      'a\\\nb `x < y` u ~~gone~~ _it_ **bold** & <date:2024-06-13>',
    );
  });

  it('converts nested lists, ordered start, pre, blockquote and rule', () => {
    const markdown = storageToMarkdown(
      '<ul><li>one<ul><li>nested</li></ul></li><li><p>two</p></li></ul><ol start="4"><li>four</li></ol>'
      + '<pre>raw  pre\n  text</pre><blockquote><p>quote</p></blockquote><hr/><h3>End</h3>',
    );
    assert.equal(markdown, '- one\n  - nested\n- two\n\n4. four\n\n```\nraw  pre\n  text\n```\n\n> quote\n\n---\n\n### End');
  });

  it('writes page, attachment, anchor and user links as links with Confluence schemes', () => {
    const markdown = storageToMarkdown(
      '<p><ac:link><ri:page ri:content-title="Rollback plan" /><ac:plain-text-link-body><![CDATA[how to roll back]]></ac:plain-text-link-body></ac:link>, '
      + '<ac:link><ri:page ri:content-title="FAQ" /><ac:link-body><em>FAQ</em></ac:link-body></ac:link>, '
      + '<ac:link><ri:attachment ri:filename="spec.pdf" /></ac:link>, '
      + '<ac:link ac:anchor="install"><ac:plain-text-link-body><![CDATA[Install]]></ac:plain-text-link-body></ac:link>, '
      + '<ac:link><ri:user ri:username="jdoe" /></ac:link></p>',
    );
    assert.equal(markdown, '[how to roll back](<page:Rollback plan>), [_FAQ_](page:FAQ), [spec.pdf](attachment:spec.pdf), [Install](#install), [@jdoe](username:jdoe)');
  });

  it('converts status, jira, panels, emoticons and images; containers and placeholders for the rest', () => {
    const markdown = storageToMarkdown([
      `<p>State: ${macro('status', { colour: 'Green', title: 'Done' })} <ac:emoticon ac:name="tick" ac:emoji-fallback="✅" /> <ac:emoticon ac:name="smile" /></p>`,
      macro('expand', { title: 'Details' }, '<ac:rich-text-body><p>hidden</p></ac:rich-text-body>'),
      macro('toc', { maxLevel: '3' }),
      `<p>Tracked in ${macro('jira', { server: 'JIRA', key: 'PROJ-42' })}</p>`,
      macro('warning', { title: 'Careful' }, '<ac:rich-text-body><p>Prod only</p></ac:rich-text-body>'),
      '<p><ac:image ac:height="250"><ri:attachment ri:filename="diagram.png" /></ac:image> <ac:image><ri:url ri:value="https://img.example/a.gif" /></ac:image></p>',
      macro('gliffy', { name: 'arch' }),
      macro('details', {}, '<ac:rich-text-body><p>owner: ops</p></ac:rich-text-body>'),
    ].join(''));
    assert.equal(markdown, [
      'State: [Done](status:green) ✅ :smile:',
      '',
      '<!-- confluence:macro:expand #1 "Details" -->',
      '',
      'hidden',
      '',
      '<!-- /confluence:macro:expand #1 -->',
      '',
      '<!-- confluence:macro:toc #2 -->',
      '',
      'Tracked in [PROJ-42](jira:PROJ-42)',
      '',
      '> **Warning: Careful**',
      '>',
      '> Prod only',
      '',
      '![](attachment:diagram.png) ![](https://img.example/a.gif)',
      '',
      '<!-- confluence:macro:gliffy #4 "arch" -->',
      '',
      '<!-- confluence:macro:details #5 -->',
      '',
      'owner: ops',
      '',
      '<!-- /confluence:macro:details #5 -->',
    ].join('\n'));
  });

  it('uses the first row as header and keeps merged cells aligned', () => {
    const markdown = storageToMarkdown(
      '<table><tbody><tr><td>a</td><td>b</td><td>c</td></tr>'
      + '<tr><td colspan="2">wide</td><td rowspan="2">tall</td></tr><tr><td>x</td><td>y</td></tr></tbody></table>',
    );
    assert.equal(markdown, '| a | b | c |\n| - | - | - |\n| wide | | tall |\n| x | y | |');
  });

  it('drops placeholders and editor bookkeeping', () => {
    assert.equal(storageToMarkdown('<p>Text<ac:placeholder>Type here</ac:placeholder></p><script>alert(1)</script>'), 'Text');
  });

  it('never throws on malformed input', () => {
    const inputs = [
      '', '<p>unclosed <strong>bold', '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[never closed',
      '<table><tr><td>x', '<<<>>>', `<p>${'<div>'.repeat(5_000)}deep`, '<ac:link>', '<ac:task-list><ac:task-list>x',
      '<ac:structured-macro>', '<ac:image />', '<td colspan="999999">x</td>', '</p></p>', null, undefined, 7,
    ] as unknown[] as string[];
    for (const input of inputs) assert.equal(typeof storageToMarkdown(input), 'string');
    assert.equal(storageToMarkdown('<p>unclosed <strong>bold'), 'unclosed **bold**');
    assert.equal(storageToMarkdown('<ac:structured-macro>'), '\\[macro: unknown]');
  });
});
