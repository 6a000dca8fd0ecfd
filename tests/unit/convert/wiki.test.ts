import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { wikiToMarkdown } from '../../../src/convert/wiki/to-markdown.js';

describe('wikiToMarkdown', () => {
  it('converts a realistic Jira Server bug report', () => {
    const report = [
      'h2. Summary',
      'Checkout fails for [~jsmith] when the cart has *more than 50* items.',
      'See [the runbook|https://wiki.example.com/runbook].',
      '',
      'h3. Steps',
      '# Add 51 items',
      '# Click {{Checkout}}',
      '## Observe the spinner',
      '',
      '{code:java}',
      'Caused by: java.lang.IllegalStateException: cart > 50',
      '    at com.example.Cart.check(Cart.java:42)',
      '{code}',
      '',
      '||Browser||Result||',
      '|Chrome 125|(x) fails|',
      '|Firefox 126|works|',
    ].join('\r\n');
    assert.equal(wikiToMarkdown(report), [
      '## Summary',
      '',
      'Checkout fails for [@jsmith](username:jsmith) when the cart has **more than 50** items.\\',
      'See [the runbook](https://wiki.example.com/runbook).',
      '',
      '### Steps',
      '',
      '1. Add 51 items',
      '2. Click `Checkout`',
      '   1. Observe the spinner',
      '',
      '```java',
      'Caused by: java.lang.IllegalStateException: cart > 50',
      '    at com.example.Cart.check(Cart.java:42)',
      '```',
      '',
      '| Browser | Result |',
      '| - | - |',
      '| Chrome 125 | (x) fails |',
      '| Firefox 126 | works |',
    ].join('\n'));
  });

  it('converts inline formatting, links, mentions (as username: links), images and line breaks', () => {
    assert.equal(
      wikiToMarkdown('_it_ -gone- +under+ {color:red}red{color} [https://x.example] [Bob|~bob] !shot.png|thumbnail! a\\\\b'),
      '_it_ ~~gone~~ under red <https://x.example> [@bob](username:bob) ![](shot.png) a\\\nb',
    );
    assert.equal(wikiToMarkdown('!diagram.png|alt=Flow, width=300! [Alice|~accountid:5b10ac8d]'), '![Flow](diagram.png) [@Alice](accountid:5b10ac8d)');
  });

  it('leaves look-alike text alone', () => {
    assert.equal(
      wikiToMarkdown('snake_case_name 2024-01-01 C++ a - b Wow! Great! x*y*z'),
      'snake_case_name 2024-01-01 C++ a - b Wow! Great! x\\*y\\*z',
    );
  });

  it('builds nested and mixed lists, including dash bullets', () => {
    assert.equal(wikiToMarkdown('* one\n** nested\n*# numbered\n* two\n- dash'), '- one\n  - nested\n  1. numbered\n- two\n- dash');
    assert.equal(wikiToMarkdown('# a\n* b'), '1. a\n\n- b');
  });

  it('converts code, noformat, quote, bq and panel blocks', () => {
    const markup = [
      '{code:language=sql|title=Query}SELECT 1;{code}',
      '{code}',
      'plain()',
      '{code}',
      '{noformat}',
      'raw *not bold*',
      '{noformat}',
      '{quote}Quoted',
      'twice{quote}',
      'bq. short quote',
      '{panel:title=Environment|borderStyle=dashed}',
      'Prod *eu-1*',
      '{panel}',
      '{info}Heads up{info}',
      '----',
    ].join('\n');
    assert.equal(wikiToMarkdown(markup), [
      '```sql',
      'SELECT 1;',
      '```',
      '',
      '```',
      'plain()',
      '```',
      '',
      '```',
      'raw *not bold*',
      '```',
      '',
      '> Quoted\\',
      '> twice',
      '',
      '> short quote',
      '',
      '> **Environment**',
      '>',
      '> Prod **eu-1**',
      '',
      '> **Info:**',
      '>',
      '> Heads up',
      '',
      '---',
    ].join('\n'));
  });

  it('keeps pipes inside links and monospace within one table cell', () => {
    assert.equal(wikiToMarkdown('||Key||Value||\n|link|[docs|https://d.example]|\n|code|{{a|b}}|'),
      '| Key | Value |\n| - | - |\n| link | [docs](https://d.example) |\n| code | `a\\|b` |');
  });

  it('keeps unknown macros as visible text', () => {
    assert.equal(wikiToMarkdown('{status:colour=Green}done{status} and [^log.txt]'), '{status:colour=Green}done{status} and [log.txt](attachment:log.txt)');
  });

  it('never throws on malformed input', () => {
    const inputs = [
      '', '{code}\nunterminated *x*', '{quote}open', '{panel:title=x', '|', '||', '{', '[', '!', '*', '{{', 'h1.', 'h7. no',
      '* ', '***', '*'.repeat(20_000), '*_'.repeat(5_000) + 'x' + '_*'.repeat(5_000), '{quote}'.repeat(101) + 'x',
      '[~]', '[|]', '!|!', '{color}', '\\', 'a\\', null, undefined, 42,
    ] as unknown[] as string[];
    for (const input of inputs) assert.equal(typeof wikiToMarkdown(input), 'string');
    assert.equal(wikiToMarkdown('{code}\nunterminated *x*'), '```\nunterminated *x*\n```');
    assert.equal(wikiToMarkdown('{quote}open'), '> open');
  });
});
