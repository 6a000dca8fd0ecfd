import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isTag, isText } from 'domhandler';

import { markdownToStorage, storageToMarkdown } from '../../../src/convert/storage/index.js';
import { parseStorage, rangeOf } from '../../../src/convert/storage/source.js';

import type { AnyNode } from 'domhandler';

/** Markdown → storage for new pages: every construct, escaping, and a well-formed result. */

/** Every element closed by its own end tag (or self-closed): what Confluence's XHTML parser demands. */
export function assertWellFormed(storage: string): void {
  const visit = (nodes: AnyNode[]): void => {
    for (const node of nodes) {
      if (!isTag(node)) continue;
      assert.ok(rangeOf(node)?.balanced, `<${node.name}> is closed explicitly in ${storage.slice(0, 300)}`);
      visit(node.children);
    }
  };
  visit(parseStorage(storage).children);
}

const write = (markdown: string): string => {
  const storage = markdownToStorage(markdown);
  assertWellFormed(storage);
  return storage;
};

describe('markdownToStorage', () => {
  it('writes headings, paragraphs, marks, code spans, breaks and rules', () => {
    assert.equal(write('# Title *x*\n\nA **b** _c_ ~~d~~ `e<f>` g\\\nh\n\n---'),
      '<h1>Title <em>x</em></h1><p>A <strong>b</strong> <em>c</em> <s>d</s> <code>e&lt;f&gt;</code> g<br />h</p><hr />');
  });

  it('escapes text and attributes, strips characters XML forbids, and keeps raw HTML as text', () => {
    assert.equal(write('5 < 6 & "q" \u0001 <b>raw</b> [x](https://a.example/?a=1&b="2")'),
      '<p>5 &lt; 6 &amp; "q"  &lt;b&gt;raw&lt;/b&gt; <a href="https://a.example/?a=1&amp;b=&quot;2&quot;">x</a></p>');
  });

  it('drops script links but keeps their text', () => {
    assert.equal(write('[click](javascript:alert(1)) [mail](mailto:a@b.example)'),
      '<p>click <a href="mailto:a@b.example">mail</a></p>');
  });

  it('writes fenced code as a code macro, splitting CDATA around ]]>', () => {
    assert.equal(write('```ts\nconst end = "]]>";\n```\n\n```\nplain\n```'),
      '<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">ts</ac:parameter>'
      + '<ac:plain-text-body><![CDATA[const end = "]]]]><![CDATA[>";]]></ac:plain-text-body></ac:structured-macro>'
      + '<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:plain-text-body><![CDATA[plain]]></ac:plain-text-body></ac:structured-macro>');
  });

  it('names common fence languages the way the code macro knows them', () => {
    const language = (fence: string): string | undefined => {
      const macro = parseStorage(write(`\`\`\`${fence}\nx\n\`\`\``)).children[0];
      const parameter = macro && isTag(macro) ? macro.children.find((child) => isTag(child) && child.name === 'ac:parameter') : undefined;
      return parameter && isTag(parameter) && isText(parameter.children[0]!) ? parameter.children[0].data : undefined;
    };
    assert.deepEqual(['javascript', 'Python', 'yaml', 'sh', 'csharp', 'c++', 'html', 'go', 'typescript'].map(language),
      ['js', 'py', 'yml', 'bash', 'c#', 'cpp', 'xml', 'go', 'typescript']);
  });

  it('writes callouts in the reader\'s form and GitHub\'s as panels, other quotes as blockquotes', () => {
    const panel = (name: string, body: string, title?: string): string => `<ac:structured-macro ac:name="${name}" ac:schema-version="1">${
      title ? `<ac:parameter ac:name="title">${title}</ac:parameter>` : ''}<ac:rich-text-body>${body}</ac:rich-text-body></ac:structured-macro>`;
    assert.equal(write('> **Info:**\n>\n> a'), panel('info', '<p>a</p>'));
    assert.equal(write('> **Warning: Careful**\n>\n> b'), panel('warning', '<p>b</p>', 'Careful'));
    assert.equal(write('> **Note:** inline body'), panel('note', '<p>inline body</p>'));
    assert.equal(write('> [!NOTE]\n> c'), panel('info', '<p>c</p>'));
    assert.equal(write('> [!TIP]\n> d'), panel('tip', '<p>d</p>'));
    assert.equal(write('> [!IMPORTANT]\n> e'), panel('note', '<p>e</p>'));
    assert.equal(write('> [!CAUTION]\n> f'), panel('warning', '<p>f</p>'));
    assert.equal(write('> just a quote\n>\n> - with a list'), '<blockquote><p>just a quote</p><ul><li>with a list</li></ul></blockquote>');
    assert.equal(write('> **Bold start** of a quote'), '<blockquote><p><strong>Bold start</strong> of a quote</p></blockquote>');
  });

  it('writes lists, ordered starts and nested lists', () => {
    assert.equal(write('- a\n- b\n  - c\n\n3. x\n4. y'),
      '<ul><li>a</li><li><p>b</p><ul><li>c</li></ul></li></ul><ol start="3"><li>x</li><li>y</li></ol>');
  });

  it('writes task lists with fresh task ids, nested tasks beside their parent', () => {
    assert.equal(write('- [ ] one\n- [x] two\n  - [ ] sub'),
      '<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>one</ac:task-body></ac:task>'
      + '<ac:task><ac:task-id>2</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>two</ac:task-body></ac:task>'
      + '<ac:task-list><ac:task><ac:task-id>3</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>sub</ac:task-body></ac:task></ac:task-list></ac:task-list>');
  });

  it('writes tables with a header row, padded rows and <br> line breaks in cells', () => {
    assert.equal(write('| A | B |\n| - | - |\n| 1<br>2 |\n| | x |'),
      '<table><tbody><tr><th><p>A</p></th><th><p>B</p></th></tr><tr><td><p>1<br />2</p></td><td></td></tr>'
      + '<tr><td></td><td><p>x</p></td></tr></tbody></table>');
  });

  it('writes mentions, page, blog, attachment, space and anchor links, statuses, dates, Jira keys and images', () => {
    assert.equal(write([
      '[@A](accountid:557058:a1) [@B](userkey:ff80) [@C](username:cc)',
      '[Runbook](page:Runbook) [Deploy](<page://OPS/Deploy guide>) [C# notes](<page:C%23 notes>) [News](blogpost://OPS/News)',
      '[spec.pdf](attachment:spec.pdf) [the spec](attachment:spec.pdf) [OPS](space:OPS) [Top](#top)',
      '[Done](status:green) [?](status:neutral) <date:2024-06-13> [PROJ-1](jira:PROJ-1)',
      '![](attachment:a.png) ![Alt](https://img.example/b.png) ![](c.png)',
    ].join('\n')), '<p>'
      + '<ac:link><ri:user ri:account-id="557058:a1" /></ac:link> <ac:link><ri:user ri:userkey="ff80" /></ac:link> <ac:link><ri:user ri:username="cc" /></ac:link>\n'
      + '<ac:link><ri:page ri:content-title="Runbook" /></ac:link> '
      + '<ac:link><ri:page ri:space-key="OPS" ri:content-title="Deploy guide" /><ac:plain-text-link-body><![CDATA[Deploy]]></ac:plain-text-link-body></ac:link> '
      + '<ac:link><ri:page ri:content-title="C# notes" /></ac:link> '
      + '<ac:link><ri:blog-post ri:space-key="OPS" ri:content-title="News" /></ac:link>\n'
      + '<ac:link><ri:attachment ri:filename="spec.pdf" /></ac:link> '
      + '<ac:link><ri:attachment ri:filename="spec.pdf" /><ac:plain-text-link-body><![CDATA[the spec]]></ac:plain-text-link-body></ac:link> '
      + '<ac:link><ri:space ri:space-key="OPS" /></ac:link> '
      + '<ac:link ac:anchor="top"><ac:plain-text-link-body><![CDATA[Top]]></ac:plain-text-link-body></ac:link>\n'
      + '<ac:structured-macro ac:name="status" ac:schema-version="1"><ac:parameter ac:name="colour">Green</ac:parameter><ac:parameter ac:name="title">Done</ac:parameter></ac:structured-macro> '
      + '<ac:structured-macro ac:name="status" ac:schema-version="1"><ac:parameter ac:name="colour">Grey</ac:parameter><ac:parameter ac:name="title">?</ac:parameter></ac:structured-macro> '
      + '<time datetime="2024-06-13" /> '
      + '<ac:structured-macro ac:name="jira" ac:schema-version="1"><ac:parameter ac:name="key">PROJ-1</ac:parameter></ac:structured-macro>\n'
      + '<ac:image><ri:attachment ri:filename="a.png" /></ac:image> <ac:image ac:alt="Alt"><ri:url ri:value="https://img.example/b.png" /></ac:image> '
      + '<ac:image><ri:attachment ri:filename="c.png" /></ac:image></p>');
  });

  it('drops placeholders it cannot restore: a new page has no originals', () => {
    assert.equal(write('<!-- confluence:macro:toc #1 -->\n\ntext <!-- confluence:macro:anchor #2 -->'), '<p>text</p>');
  });

  it('round-trips what the reader writes: Markdown → storage → the same Markdown', () => {
    const markdown = [
      '# Plan',
      'Owner [@5b10](accountid:5b10), see [Runbook](page:Runbook) and [the spec](attachment:spec.pdf) [Done](status:green) <date:2024-06-13> [OPS-1](jira:OPS-1).',
      '> **Warning: Careful**\n>\n> Prod only',
      '- a\n  - b\n- c',
      '* [ ] open\n* [x] done',
      '| A | B |\n| - | - |\n| 1<br>2 | **x** |',
      '```bash\necho "]]>"\n```',
      '---',
      '![](attachment:diagram.png)',
    ].join('\n\n');
    assert.equal(storageToMarkdown(write(markdown)), markdown);
  });

  it('never throws and always writes well-formed storage, whatever the input', () => {
    for (const input of ['', '\n\n', '<', '<!--', '```', '> ', '- [ ]', '|a|\n|-|', '[x](', '![', '<br>', '***', null, undefined, 3] as unknown[]) {
      write(input as string);
    }
  });
});
