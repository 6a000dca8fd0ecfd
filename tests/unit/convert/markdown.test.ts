import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { list, listItem, paragraph, renderMarkdown, root, text, wrapMark } from '../../../src/convert/markdown.js';
import { table } from '../../../src/convert/table.js';

describe('renderMarkdown', () => {
  it('uses the shared conventions: - bullets, _emphasis_, **strong**, fenced code, trimmed output', () => {
    const markdown = renderMarkdown(root([
      paragraph([...wrapMark('emphasis', [text('it')]), text(' '), ...wrapMark('strong', [text('bold')])]),
      list([listItem([text('one')]), listItem([text('done')], true)]),
      { type: 'code', lang: null, value: 'x = 1' },
      { type: 'thematicBreak' },
    ]));
    assert.equal(markdown, '_it_ **bold**\n\n- one\n- [x] done\n\n```\nx = 1\n```\n\n---');
  });

  it('escapes user text instead of letting it become markup', () => {
    assert.equal(renderMarkdown(root([text('# not a heading *nor bold* <b>')])), '\\# not a heading \\*nor bold\\* \\<b>');
  });

  it('moves edge whitespace outside marks so they stay valid emphasis', () => {
    const markdown = renderMarkdown(root([paragraph([...wrapMark('strong', [text(' Note: ')]), text('read this')])]));
    assert.equal(markdown, '**Note:** read this');
  });

  it('keeps marks glued to a word as plain text instead of encoding the letters around them', () => {
    const markdown = renderMarkdown(root([paragraph([
      text('foo'), { type: 'emphasis', children: [text('bar')] }, text('baz '),
      { type: 'strong', children: [text('x')] }, text('y and a'), { type: 'strong', children: [text('(b)')] },
    ])]));
    assert.equal(markdown, 'foobarbaz **x**y and a(b)');
  });

  it('lays out merged table cells by leaving covered slots empty', () => {
    const built = table([
      [{ children: [text('A')] }, { children: [text('B')] }, { children: [text('C')] }],
      [{ children: [text('wide')], colspan: 2 }, { children: [text('tall')], rowspan: 2 }],
      [{ children: [text('x')] }],
    ]);
    assert.ok(built);
    assert.equal(renderMarkdown(root([built])), '| A | B | C |\n| - | - | - |\n| wide | | tall |\n| x | | |');
  });
});
