import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { markdownToWiki } from '../../../src/convert/wiki/from-markdown.js';
import { wikiToMarkdown } from '../../../src/convert/wiki/to-markdown.js';

const lines = (...rows: string[]): string => rows.join('\n');

describe('markdownToWiki', () => {
  it('converts headings, marks, monospace, links and line breaks', () => {
    assert.equal(
      markdownToWiki('## Steps *to* reproduce\n\nPlain **bold _both_** `npm test` ~~old~~ [docs](https://d.example) <https://x.example>\nnext line\\\nhard'),
      lines('h2. Steps _to_ reproduce', '', 'Plain *bold _both_* {{npm test}} -old- [docs|https://d.example] [https://x.example]', 'next line', 'hard'),
    );
  });

  it('uses the brace form for marks inside words and keeps one mark from nesting in itself', () => {
    assert.equal(markdownToWiki('foo**bar**baz and *a _b_ c*'), 'foo{*}bar{*}baz and _a b c_');
  });

  it('keeps line breaks inside marks, list items and cells on their line', () => {
    assert.equal(markdownToWiki('**a\\\nb**'), '*a\\\\b*');
    assert.equal(markdownToWiki('- one\\\n  two\n\n  second paragraph'), '* one\\\\two\\\\second paragraph');
  });

  it('converts nested and mixed lists, tasks with visible boxes', () => {
    assert.equal(markdownToWiki('- one\n  1. first\n  2. second\n     - deep\n- two\n\n3. three'), lines(
      '* one', '*# first', '*# second', '*#* deep', '* two', '', '# three',
    ));
    assert.equal(markdownToWiki('- [x] done\n- [ ] todo'), '* \\[x\\] done\n* \\[ \\] todo');
  });

  it('moves blocks a one-line list item cannot hold out of the list, in order', () => {
    assert.equal(markdownToWiki('- item\n\n  ```js\n  run()\n  ```\n- next'), lines(
      '* item', '', '{code:js}', 'run()', '{code}', '', '* next',
    ));
  });

  it('converts code blocks: a language to {code:lang}, none to {noformat}, closing tags inside kept safe', () => {
    assert.equal(markdownToWiki('```sql\nSELECT 1;\n```'), '{code:sql}\nSELECT 1;\n{code}');
    assert.equal(markdownToWiki('```\nplain *text*\n```'), '{noformat}\nplain *text*\n{noformat}');
    assert.equal(markdownToWiki('```java\nx = "{code}";\n```'), '{noformat}\nx = "{code}";\n{noformat}');
    assert.equal(markdownToWiki('```\n{noformat} and {code}\n```'), '{noformat}\n{ noformat} and {code}\n{noformat}');
  });

  it('converts quotes, callouts and titled panels; a macro never nests in itself', () => {
    assert.equal(markdownToWiki('> quoted\n> > inner'), '{quote}\nquoted\n\ninner\n{quote}');
    assert.equal(markdownToWiki('> **Warning:** careful'), '{warning}\ncareful\n{warning}');
    assert.equal(markdownToWiki('> **Info: Heads up**\n> body'), '{info:title=Heads up}\nbody\n{info}');
    assert.equal(markdownToWiki('> [!TIP]\n> tip'), '{tip}\ntip\n{tip}');
    assert.equal(markdownToWiki('> **Success:** ok\n\n> **Error:** failed'), '{tip}\nok\n{tip}\n\n{warning}\nfailed\n{warning}');
    assert.equal(markdownToWiki('> **Environment**\n>\n> Prod *eu-1*'), '{panel:title=Environment}\nProd _eu-1_\n{panel}');
  });

  it('converts tables: header row with ||, empty cells kept, pipes in cells escaped', () => {
    assert.equal(markdownToWiki('| Key | Value |\n| - | - |\n| a \\| b | [docs](https://d.example) |\n| c |'), lines(
      '||Key||Value||', '|a \\| b|[docs|https://d.example]|', '|c| |',
    ));
  });

  it('converts rules, images, attachments, mentions and the Cloud-only forms to readable text', () => {
    assert.equal(markdownToWiki('---\n\n![Flow](diagram.png) ![](https://x.example/i.png)'), '----\n\n!diagram.png|alt=Flow! !https://x.example/i.png!');
    assert.equal(
      markdownToWiki('[log.txt](attachment:log.txt) [the log](attachment:log.txt) [@jsmith](username:jsmith) [@Alice](accountid:5b10) [Done](status:green) <date:2024-06-13> ![](media:abc)'),
      '[^log.txt] [the log|^log.txt] [~jsmith] @Alice \\[Done\\] 2024-06-13 image',
    );
  });

  it('escapes plain text so it never becomes markup, leaving ordinary punctuation alone', () => {
    const cases: [string, string][] = [
      ['snake_case 2024-01-01 a - b x\\*y\\*z e.g. Wow! Great!', 'snake_case 2024-01-01 a - b x*y*z e.g. Wow! Great!'],
      ['\\*not bold\\* \\_not italic\\_ \\~\\~not struck\\~\\~', '\\*not bold\\* \\_not italic\\_ \\~\\~not struck\\~\\~'],
      ['{code} [link|x] a|b !img.png! C++ x--y ??cite??', '\\{code\\} \\[link\\|x\\] a\\|b \\!img.png! C\\+\\+ x\\-\\-y \\?\\?cite\\?\\?'],
      ['(x) (i) :) &copy; \\\\ back\\\\slash', '&#40;x) &#40;i) &#58;) © \\ back\\slash'],
      ['&amp;copy; ends with \\\\', '&amp;copy; ends with &#92;'],
    ];
    for (const [markdown, wiki] of cases) assert.equal(markdownToWiki(markdown), wiki, markdown);
  });

  it('escapes block syntax at the start of a line', () => {
    assert.equal(markdownToWiki('\\* not a list\n\\- nor this\n\\# nor this\nh1. nor a heading\nbq. nor a quote\n\\----'), lines(
      '\\* not a list', '\\- nor this', '\\# nor this', 'h1&#46; nor a heading', 'bq&#46; nor a quote', '\\-\\-\\-\\-',
    ));
  });

  it('reads back as the Markdown it came from', () => {
    const markdown = lines(
      '## Summary', '',
      'Checkout fails for [@jsmith](username:jsmith) when the cart has **more than 50** items: `cart > 50`.', '',
      '> **Warning:**', '>', '> Affects _all_ EU tenants.', '',
      '1. Add 51 items', '2. Click **Checkout**', '   - [x] reproduced', '', '',
      '| Browser | Result |', '| - | - |', '| Firefox 126 | HTTP 500 |',
    );
    assert.equal(wikiToMarkdown(markdownToWiki(markdown)), lines(
      '## Summary', '',
      'Checkout fails for [@jsmith](username:jsmith) when the cart has **more than 50** items: `cart > 50`.', '',
      '> **Warning:**', '>', '> Affects _all_ EU tenants.', '',
      '1. Add 51 items', '2. Click **Checkout**', '   - [x] reproduced', '',
      '| Browser | Result |', '| - | - |', '| Firefox 126 | HTTP 500 |',
    ));
  });

  it('returns an empty string for empty input', () => {
    assert.equal(markdownToWiki(''), '');
  });
});
