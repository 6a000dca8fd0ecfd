import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  mergeEditedMarkdown, mergeEditedMarkdownWithReport, storageToEditableMarkdown, storageToMarkdown,
} from '../../../src/convert/storage/index.js';

/** Edits through Markdown: what an agent changes is written, everything else keeps its exact bytes. */

const macro = (name: string, id: string, params: Record<string, string>, inner = ''): string =>
  `<ac:structured-macro ac:name="${name}" ac:schema-version="1" ac:macro-id="${id}">${Object.entries(params)
    .map(([key, value]) => `<ac:parameter ac:name="${key}">${value}</ac:parameter>`).join('')}${inner}</ac:structured-macro>`;

/** Reads `storage`, applies `edit` to its Markdown, writes back. */
function edit(storage: string, change: (markdown: string) => string): string {
  const markdown = storageToMarkdown(storage);
  const edited = change(markdown);
  assert.notEqual(edited, markdown, 'the edit changes the Markdown');
  return mergeEditedMarkdown(storage, edited);
}

describe('editing a page through Markdown', () => {
  it('keeps a changed paragraph\'s attributes and the untouched paragraphs around it', () => {
    const storage = '<p local-id="a1">First</p>\n<p style="text-align: center;" local-id="b2">Second <em>line</em></p>\n<p>Third</p>';
    assert.equal(edit(storage, (md) => md.replace('Second', 'Changed')),
      '<p local-id="a1">First</p>\n<p style="text-align: center;" local-id="b2">Changed <em>line</em></p>\n<p>Third</p>');
  });

  it('treats different Markdown spellings of the same content as unchanged', () => {
    const storage = '<p>A <em>b</em> <strong>c</strong></p><p>second</p>';
    assert.equal(mergeEditedMarkdown(storage, 'A *b* __c__\n\nsecond'), storage);
  });

  it('writes inserted blocks between untouched ones, and drops deleted ones', () => {
    const storage = '<h2 id="x">Title</h2>\n<p>one</p>\n<p>two</p>\n<p>three</p>';
    const result = edit(storage, (md) => md.replace('one\n\ntwo', 'one\n\n- new item'));
    assert.equal(result, '<h2 id="x">Title</h2>\n<p>one</p>\n<ul><li>new item</li></ul><p>three</p>');
  });

  it('keeps a code macro\'s parameters when only its code changes, and writes a new one for another language', () => {
    const code = macro('code', 'c1', { language: 'python', title: 'Setup', linenumbers: 'true' },
      '<ac:plain-text-body><![CDATA[print("a")]]></ac:plain-text-body>');
    assert.equal(edit(code, (md) => md.replace('print("a")', 'print("]]>")')),
      code.replace('<![CDATA[print("a")]]>', '<![CDATA[print("]]]]><![CDATA[>")]]>'));
    assert.equal(edit(code, (md) => md.replace('```python', '```js')),
      '<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">js</ac:parameter>'
      + '<ac:plain-text-body><![CDATA[print("a")]]></ac:plain-text-body></ac:structured-macro>');
  });

  it('keeps a panel macro (id, parameters, untouched paragraphs) when its body is edited', () => {
    const panel = macro('info', 'p1', { icon: 'false', title: 'Heads up' },
      '<ac:rich-text-body><p class="x">keep me</p><p>change me</p></ac:rich-text-body>');
    assert.equal(edit(panel, (md) => md.replace('change me', 'changed')), panel.replace('change me', 'changed'));
  });

  it('turns a panel into another kind when its label changes', () => {
    const panel = macro('info', 'p1', {}, '<ac:rich-text-body><p>text</p></ac:rich-text-body>');
    assert.equal(edit(panel, (md) => md.replace('**Info:**', '**Warning:**')),
      '<ac:structured-macro ac:name="warning" ac:schema-version="1"><ac:rich-text-body><p>text</p></ac:rich-text-body></ac:structured-macro>');
  });

  it('keeps unchanged rows and cells, spans and table attributes when a cell is edited or a row added', () => {
    const storage = '<table data-layout="wide"><colgroup><col style="width: 90px;" /><col /></colgroup><tbody>'
      + '<tr><th>Key</th><th>Value</th></tr>'
      + '<tr><td rowspan="2" class="highlight">a</td><td><p>1</p></td></tr>'
      + '<tr><td data-highlight-colour="red"><p>2</p></td></tr>'
      + '</tbody></table>';
    const markdown = storageToMarkdown(storage);
    assert.equal(markdown, '| Key | Value |\n| - | - |\n| a | 1 |\n| | 2 |');
    const edited = mergeEditedMarkdown(storage, `${markdown.replace('| 2 |', '| two |')}\n| b | 3 |`);
    assert.equal(edited, storage
      .replace('<td data-highlight-colour="red"><p>2</p></td></tr>', '<td data-highlight-colour="red"><p>two</p></td></tr><tr><td><p>b</p></td><td><p>3</p></td></tr>'));
  });

  it('adds a column to every row without touching the existing cells', () => {
    const storage = '<table><tbody><tr><th><p>A</p></th></tr><tr><td><p>1</p></td></tr></tbody></table>';
    assert.equal(edit(storage, () => '| A | B |\n| - | - |\n| 1 | 2 |'),
      '<table><tbody><tr><th><p>A</p></th><th><p>B</p></th></tr><tr><td><p>1</p></td><td><p>2</p></td></tr></tbody></table>');
  });

  it('keeps a Data Center table wrapper and its classes', () => {
    const storage = '<div class="table-wrap"><table class="wrapped confluenceTable"><tbody><tr><th class="confluenceTh">A</th></tr>'
      + '<tr><td class="confluenceTd">1</td></tr></tbody></table></div>';
    assert.equal(edit(storage, (md) => md.replace('| 1 |', '| one |')), storage.replace('>1<', '>one<'));
  });

  it('edits one list item and keeps the others, nested lists included', () => {
    const storage = '<ul><li>one</li><li><p>two</p><ul><li>a</li><li>b</li></ul></li><li>three</li></ul>';
    assert.equal(edit(storage, (md) => md.replace('  - b', '  - B')),
      '<ul><li>one</li><li><p>two</p><ul><li>a</li><li>B</li></ul></li><li>three</li></ul>');
    assert.equal(edit(storage, (md) => md.replace('- three', '- three\n- four')),
      '<ul><li>one</li><li><p>two</p><ul><li>a</li><li>b</li></ul></li><li>three</li><li>four</li></ul>');
  });

  it('ticks a task without touching its id, uuid or body', () => {
    const task = (id: number, status: string, body: string): string =>
      `<ac:task><ac:task-id>${id}</ac:task-id><ac:task-uuid>u-${id}</ac:task-uuid><ac:task-status>${status}</ac:task-status><ac:task-body>${body}</ac:task-body></ac:task>`;
    const body = '<span class="placeholder-inline-tasks">Ship <ac:link><ri:user ri:account-id="557058:abc" /></ac:link> by <time datetime="2024-07-01" /></span>';
    const storage = `<ac:task-list>${task(7, 'incomplete', body)}${task(8, 'incomplete', 'Other')}</ac:task-list>`;
    assert.equal(edit(storage, (md) => md.replace('- [ ] Ship', '- [x] Ship')),
      `<ac:task-list>${task(7, 'complete', body)}${task(8, 'incomplete', 'Other')}</ac:task-list>`);
    const nested = `<ac:task-list>${task(1, 'incomplete', 'Parent')}<ac:task-list>${task(2, 'incomplete', 'Child')}${task(3, 'complete', 'Other child')}</ac:task-list></ac:task-list>`;
    assert.equal(edit(nested, (md) => md.replace('- [ ] Child', '- [x] Child')), nested.replace(task(2, 'incomplete', 'Child'), task(2, 'complete', 'Child')));
    const added = edit(storage, (md) => `${md}\n- [ ] New one`);
    assert.ok(added.endsWith('<ac:task><ac:task-id>9</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>New one</ac:task-body></ac:task></ac:task-list>'));
  });

  it('keeps mentions, page links and statuses byte for byte inside an edited paragraph', () => {
    const mention = '<ac:link><ri:user ri:account-id="557058:abc" ri:local-id="l1" /></ac:link>';
    const page = '<ac:link><ri:page ri:space-key="OPS" ri:content-title="Runbook" ri:version-at-save="4" /></ac:link>';
    const status = macro('status', 's1', { title: 'Done', colour: 'Green' });
    const storage = `<p>Ask ${mention} and read ${page}: ${status}</p>`;
    assert.equal(edit(storage, (md) => md.replace('Ask', 'Please ask')), storage.replace('Ask', 'Please ask'));
    // A resolved display name is not a change.
    const named = storageToMarkdown(storage, { userName: () => 'Jane Doe' });
    assert.equal(mergeEditedMarkdown(storage, named), storage);
  });

  it('turns the page\'s emoticons back into emoticons in an edited paragraph', () => {
    const tick = '<ac:emoticon ac:name="tick" ac:emoji-shortname=":white_check_mark:" ac:emoji-fallback="✅" />';
    const storage = `<p>Done ${tick} and <ac:emoticon ac:name="smile" /> ok</p>`;
    assert.equal(storageToMarkdown(storage), 'Done ✅ and :smile: ok');
    assert.equal(edit(storage, (md) => md.replace('ok', 'fine ✅')), storage.replace(' ok', ` fine ${tick}`));
  });

  it('writes new mentions, page links, statuses, dates and Jira keys as Confluence elements', () => {
    const result = edit('<p>old</p>', () => 'Hi [@Ann](accountid:5b10) see [Plan](<page://ENG/Release plan#dates>) '
      + '[OK](status:green) <date:2024-07-01> [ENG-1](jira:ENG-1)');
    assert.equal(result, '<p>Hi <ac:link><ri:user ri:account-id="5b10" /></ac:link> see <ac:link ac:anchor="dates">'
      + '<ri:page ri:space-key="ENG" ri:content-title="Release plan" /><ac:plain-text-link-body><![CDATA[Plan]]></ac:plain-text-link-body></ac:link> '
      + '<ac:structured-macro ac:name="status" ac:schema-version="1"><ac:parameter ac:name="colour">Green</ac:parameter><ac:parameter ac:name="title">OK</ac:parameter></ac:structured-macro> '
      + '<time datetime="2024-07-01" /> <ac:structured-macro ac:name="jira" ac:schema-version="1"><ac:parameter ac:name="key">ENG-1</ac:parameter></ac:structured-macro></p>');
  });

  it('keeps a layout and edits one cell', () => {
    const storage = '<ac:layout><ac:layout-section ac:type="two_equal" ac:breakout-mode="default"><ac:layout-cell><p>left</p><p>stay</p></ac:layout-cell>'
      + '<ac:layout-cell><p>right</p></ac:layout-cell></ac:layout-section></ac:layout>';
    const markdown = storageToMarkdown(storage);
    assert.equal(markdown, '<!-- confluence:layout #1 "two_equal" -->\n\n<!-- confluence:layout-cell #2 -->\n\nleft\n\nstay\n\n'
      + '<!-- confluence:layout-cell #3 -->\n\nright\n\n<!-- /confluence:layout #1 -->');
    assert.equal(mergeEditedMarkdown(storage, markdown.replace('right', 'RIGHT')), storage.replace('right', 'RIGHT'));
    // Content moved from one cell to the other.
    assert.equal(mergeEditedMarkdown(storage, markdown.replace('stay\n\n', '').replace('right', 'right\n\nstay')),
      storage.replace('<p>stay</p>', '').replace('<p>right</p>', '<p>right</p><p>stay</p>'));
    // Content typed into a layout cell without blank lines around the markers.
    assert.equal(mergeEditedMarkdown(storage, markdown.replace('<!-- confluence:layout-cell #3 -->\n\nright', '<!-- confluence:layout-cell #3 -->\nright!')),
      storage.replace('right', 'right!'));
  });

  it('restores an expand macro around its edited body; a deleted close marker closes it at the end', () => {
    const expand = macro('expand', 'e1', { title: 'More' }, '<ac:rich-text-body><p>hidden</p></ac:rich-text-body>');
    const storage = `${expand}<p>after</p>`;
    assert.equal(edit(storage, (md) => md.replace('hidden', 'shown')), storage.replace('hidden', 'shown'));
    // Only the marker gone: the blocks after it are unchanged, and stay where they were.
    assert.equal(edit(storage, (md) => md.replace('<!-- /confluence:macro:expand #1 -->', '')), storage);
    assert.equal(edit(storage, (md) => md.replace('<!-- /confluence:macro:expand #1 -->', '').replace('after', 'after!')),
      expand.replace('<p>hidden</p>', '<p>hidden</p><p>after!</p>'));
  });

  it('restores placeholders by number wherever they are, and ignores numbers the page does not have', () => {
    const toc = macro('toc', 't1', { maxLevel: '2' });
    const drawio = macro('drawio', 'd1', { diagramName: 'arch' });
    const storage = `${toc}<p>text</p>${drawio}`;
    const { markdown, placeholders } = storageToEditableMarkdown(storage);
    assert.deepEqual(placeholders.map((item) => [item.id, item.kind, item.note]), [[1, 'macro:toc', ''], [2, 'macro:drawio', 'arch']]);
    assert.equal(markdown, '<!-- confluence:macro:toc #1 -->\n\ntext\n\n<!-- confluence:macro:drawio #2 "arch" -->');
    assert.equal(mergeEditedMarkdown(storage, '<!-- confluence:macro:drawio #2 -->\n\ntext\n\n<!-- confluence:macro:toc #1 -->'),
      `${drawio}<p>text</p>${toc}`);
    assert.equal(mergeEditedMarkdown(storage, 'text <!-- confluence:macro:drawio #2 --> more <!-- confluence:macro:x #99 -->'),
      `<p>text</p>${drawio}<p>more</p>`);
    const report = mergeEditedMarkdownWithReport(storage, 'text');
    assert.equal(report.storage, '<p>text</p>');
    assert.deepEqual(report.removedPlaceholders, [{ id: 1, kind: 'macro:toc', note: '' }, { id: 2, kind: 'macro:drawio', note: 'arch' }]);
  });

  it('keeps an inline placeholder at the start of an edited paragraph in place', () => {
    const anchor = macro('anchor', 'a1', { '': 'top' });
    const storage = `<p>${anchor}Intro text</p>`;
    assert.equal(storageToMarkdown(storage), '<!-- confluence:macro:anchor #1 "top" -->Intro text');
    assert.equal(edit(storage, (md) => md.replace('Intro', 'Opening')), storage.replace('Intro', 'Opening'));
  });

  it('keeps empty paragraphs and whitespace next to untouched blocks', () => {
    const storage = '<p>a</p>\n<p />\n<p><br /></p>\n<p>b</p>\n';
    assert.equal(edit(storage, (md) => md.replace('b', 'B')), '<p>a</p>\n<p />\n<p><br /></p>\n<p>B</p>\n');
  });

  it('reports what it kept, changed and removed', () => {
    const report = mergeEditedMarkdownWithReport('<p>a</p><p>b</p><p>c</p>', 'a\n\nB');
    assert.deepEqual([report.kept, report.changed, report.removed], [1, 1, 1]);
  });
});
