import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { markdownToAdf } from '../../../src/convert/adf/from-markdown.js';
import { adfToMarkdown } from '../../../src/convert/adf/to-markdown.js';
import { markdownToWiki } from '../../../src/convert/wiki/from-markdown.js';
import { wikiToMarkdown } from '../../../src/convert/wiki/to-markdown.js';
import { adfSchemaErrors } from './adf-schema.js';
import { markdownDocument } from './markdown-arbitrary.js';

const viaAdf = (markdown: string): string => adfToMarkdown(markdownToAdf(markdown));
const viaWiki = (markdown: string): string => wikiToMarkdown(markdownToWiki(markdown));

/** Documents as agents write them into Jira: bug reports, runbooks, meeting notes, release notes. */
const corpus = [
  [
    '## Steps to reproduce',
    '',
    '1. Log in as [@Alice Nguyen](accountid:5b10ac8d82e05b22cc7d4ef5)',
    '2. Open **Settings > SSO** and press _Save_',
    '3. See the error in `auth.log`:',
    '',
    '```java',
    'if (token == null) {',
    '  throw new AuthException("expired: " + `id`);',
    '}',
    '```',
    '',
    '> **Warning:**',
    '>',
    '> Affects _all_ EU tenants since <date:2024-06-13>.',
    '',
    '| Browser | Result | Notes |',
    '| - | - | - |',
    '| Firefox 126 | HTTP 500 | see [log](https://logs.example/run?id=42&x=1) |',
    '| Chrome 125 | OK | \\| pipes \\| in text |',
  ].join('\n'),
  [
    '# Runbook: rotate the signing key',
    '',
    'Status: [IN PROGRESS](status:blue) — owner [@jsmith](username:jsmith) :rocket:',
    '',
    '> [!CAUTION]',
    '> Rotating twice within 5 min locks every session out.',
    '',
    '- [x] Announce in #ops',
    '- [ ] Run the job',
    '  - [ ] staging',
    '  - [ ] production',
    '- [ ] Verify',
    '',
    '<details><summary>Why not automate it?</summary>',
    '',
    'Because the HSM needs a person. See <https://wiki.example/hsm>.',
    '',
    '</details>',
    '',
    '---',
    '',
    '![diagram](media:6f2c1a0e-3b5d-4c1e-9a51-2f8e7d9c0b1a)',
  ].join('\n'),
  [
    'Meeting notes 2024-06-13 (snake_case_names, C++ and 10:30:45 are not markup).',
    '',
    '* Decision: ship *Friday*; ~~Thursday~~ is out',
    '* Risks:',
    '  1. the **API** limit (1 000 req/min)',
    '  2. `x*y*z` in the docs',
    '',
    'Escapes: \\*not bold\\*, \\[not a link\\], a\\_b, <not html>, &amp; and {braces} [~bob] !img.png!',
  ].join('\n'),
  [
    '### Release 2.4.0',
    '',
    '> **Note: Breaking change**',
    '> The `--legacy` flag is gone. Use `--mode=compat` instead.',
    '',
    '- Faster search (3×) — [PROJ-12](https://acme.atlassian.net/browse/PROJ-12)',
    '- Smaller output',
    '',
    '[Done](status:green) [Blocked](status:red) [Later](status:#ff8800)',
  ].join('\n'),
];

describe('round trips', () => {
  it('Markdown -> ADF -> Markdown is stable after one pass on a realistic corpus, and every ADF is valid', () => {
    for (const markdown of corpus) {
      assert.deepEqual(adfSchemaErrors(markdownToAdf(markdown)), []);
      const once = viaAdf(markdown);
      assert.deepEqual(adfSchemaErrors(markdownToAdf(once)), []);
      assert.equal(viaAdf(once), once);
    }
  });

  it('Markdown -> wiki -> Markdown is stable after one pass on a realistic corpus', () => {
    for (const markdown of corpus) {
      const once = viaWiki(markdown);
      assert.equal(viaWiki(once), once);
    }
  });

  it('keeps the realistic corpus itself intact through ADF where Markdown can say it', () => {
    const [bug, runbook] = corpus;
    // The one change: the reader escapes `&` in a link destination.
    assert.equal(viaAdf(bug!), bug!.replace('id=42&x=1', 'id=42\\&x=1'));
    assert.match(viaAdf(runbook!), /^Status: \[IN PROGRESS\]\(status:blue\) — owner @jsmith :rocket:$/m);
    assert.match(viaAdf(runbook!), /^> \*\*Error:\*\*$/m);
    assert.match(viaAdf(runbook!), /^<details><summary>Why not automate it\?<\/summary>$/m);
    assert.match(viaAdf(runbook!), /^!\[diagram\]\(media:6f2c1a0e-3b5d-4c1e-9a51-2f8e7d9c0b1a\)$/m);
  });

  it('ADF -> Markdown -> ADF keeps mention ids, status colours, dates, media ids, panels, expands and tasks', () => {
    const source = {
      type: 'doc', version: 1, content: [
        { type: 'paragraph', content: [
          { type: 'mention', attrs: { id: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077', text: '@Alice Nguyen' } },
          { type: 'text', text: ' ' },
          { type: 'status', attrs: { text: 'IN REVIEW', color: 'purple' } },
          { type: 'text', text: ' ' },
          { type: 'date', attrs: { timestamp: '1718236800000' } },
          { type: 'text', text: ' ' },
          { type: 'emoji', attrs: { shortName: ':custom-party:' } },
          { type: 'text', text: ' ' },
          { type: 'inlineCard', attrs: { url: 'https://acme.atlassian.net/browse/PROJ-7' } },
        ] },
        { type: 'panel', attrs: { panelType: 'error' }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Broken' }] }] },
        { type: 'expand', attrs: { title: 'Logs' }, content: [{ type: 'codeBlock', attrs: { language: 'text' }, content: [{ type: 'text', text: 'line 1\nline 2' }] }] },
        { type: 'mediaSingle', attrs: { layout: 'center' }, content: [{ type: 'media', attrs: { type: 'file', id: '9f0c', collection: '', alt: 'trace.png' } }] },
        { type: 'taskList', attrs: { localId: 'a' }, content: [
          { type: 'taskItem', attrs: { localId: 'b', state: 'DONE' }, content: [{ type: 'text', text: 'triage' }] },
        ] },
      ],
    };
    const back = markdownToAdf(adfToMarkdown(source));
    assert.deepEqual(adfSchemaErrors(back), []);
    const [paragraph, panel, expand, media, tasks] = back.content;
    assert.deepEqual(paragraph!.content!.filter((node) => node.type !== 'text'), [
      { type: 'mention', attrs: { id: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077', text: '@Alice Nguyen' } },
      { type: 'status', attrs: { text: 'IN REVIEW', color: 'purple' } },
      { type: 'date', attrs: { timestamp: '1718236800000' } },
      { type: 'emoji', attrs: { shortName: ':custom-party:' } },
      { type: 'inlineCard', attrs: { url: 'https://acme.atlassian.net/browse/PROJ-7' } },
    ]);
    assert.deepEqual(panel, source.content[1]);
    assert.deepEqual(expand, source.content[2]);
    assert.deepEqual(media, source.content[3]);
    assert.equal(tasks!.type, 'taskList');
    assert.deepEqual(tasks!.content![0]!.attrs!.state, 'DONE');
  });

  it('Markdown -> ADF -> Markdown is stable after one pass on generated documents, all ADF valid', () => {
    fc.assert(fc.property(markdownDocument, (markdown) => {
      assert.deepEqual(adfSchemaErrors(markdownToAdf(markdown)), []);
      const once = viaAdf(markdown);
      assert.equal(viaAdf(once), once);
    }), { numRuns: 200 });
  });

  it('Markdown -> wiki -> Markdown is stable after one pass on generated documents', () => {
    fc.assert(fc.property(markdownDocument, (markdown) => {
      const once = viaWiki(markdown);
      assert.equal(viaWiki(once), once);
    }), { numRuns: 200 });
  });

  it('is stable on arbitrary Markdown-ish text, not just well-formed documents', () => {
    const chars = fc.constantFrom(...'ab *_~`#->|[]()!{}\\:@&<\n\n'.split(''), '- ', '1. ', '> ', '```\n', '| a |\n|-|\n', '[x](http://e.x)');
    fc.assert(fc.property(fc.array(chars, { maxLength: 40 }).map((parts) => parts.join('')), (markdown) => {
      const adfOnce = viaAdf(markdown);
      assert.equal(viaAdf(adfOnce), adfOnce);
      const wikiOnce = viaWiki(markdown);
      assert.equal(viaWiki(wikiOnce), wikiOnce);
    }), { numRuns: 400 });
  });
});
