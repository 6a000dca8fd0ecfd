import fc from 'fast-check';

/**
 * fast-check arbitraries for Markdown documents as agents write them: real
 * block structure (headings, nested and task lists, quotes and callouts,
 * tables, fenced code with backticks, <details>) filled with text full of
 * characters that mean something in Markdown, wiki markup or HTML.
 */

const words = ['alpha', 'Beta', 'x1', 'über', '日本', '👍', 'snake_case', 'C++', 'a-b', '2024-01-01', 'e.g.', 'PROJ-12'];
const specials = [
  '*', '_', '~', '`', '#', '-', '+', '^', '?', '!', '|', '[', ']', '{', '}', '(', ')', '<', '>', '&', '\\', ':', ';', '.', '"', "'",
  '**', '__', '~~', '--', '??', '{{', '}}', '||', '(x)', '(i)', ':)', '&amp;', '&#92;', 'h1.', 'bq.', '{code}', '[~bob]', '!a.png!',
  ':wave:', '10:30:45', '@here',
];
const spaces = [' ', ' ', ' ', '  '];

const plainText = fc.array(fc.constantFrom(...words, ...specials, ...spaces), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));
const word = fc.constantFrom(...words);
const url = fc.constantFrom('https://example.com/a?b=1&c=2', 'http://x.example', 'mailto:a@b.example', 'https://e.example/p_(q)');

const inlineToken: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: plainText },
  { weight: 2, arbitrary: word.map((w) => `**${w}**`) },
  { weight: 2, arbitrary: word.map((w) => `_${w}_`) },
  { weight: 1, arbitrary: word.map((w) => `~~${w}~~`) },
  { weight: 1, arbitrary: fc.tuple(word, word).map(([a, b]) => `**${a} _${b}_**`) },
  { weight: 2, arbitrary: fc.constantFrom('`code`', '`a*b*c`', '`` a`b ``', '`{{x}}`', '`|pipe|`', '`\\`') },
  { weight: 2, arbitrary: fc.tuple(word, url).map(([w, u]) => `[${w}](${u})`) },
  { weight: 1, arbitrary: url.filter((u) => u.startsWith('http')).map((u) => `<${u}>`) },
  { weight: 1, arbitrary: fc.constantFrom(
    '[@Alice Nguyen](accountid:5b10ac8d82e05b22cc7d4ef5)', '[@jsmith](username:jsmith)', '[IN PROGRESS](status:blue)',
    '[Done](status:green)', '<date:2024-06-13>', '![shot.png](media:0a1b2c)', '![](https://cdn.example/i.png)',
    '[log.txt](attachment:log.txt)', ':thumbsup:', 'foo**bar**baz', 'a\\\nb',
  ) },
);

export const inlineMarkdown = fc.array(inlineToken, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(' ').trim() || 'x');

const heading = fc.tuple(fc.integer({ min: 1, max: 6 }), inlineMarkdown).map(([level, text]) => `${'#'.repeat(level)} ${text}`);
const codeBlock = fc.tuple(fc.constantFrom('', 'js', 'java', 'sql'), fc.array(fc.oneof(plainText, fc.constantFrom('```', '{noformat}', '  indented', '')), { maxLength: 4 }))
  .map(([lang, lines]) => `\`\`\`\`${lang}\n${lines.join('\n')}\n\`\`\`\``);
const rule = fc.constant('---');

function indent(block: string, by: string): string {
  return block.split('\n').map((line, i) => (i === 0 || line === '' ? line : by + line)).join('\n');
}

const listBlock: fc.Arbitrary<string> = fc.letrec((tie) => ({
  list: fc.tuple(
    fc.constantFrom('-', '*', '1.', '3.', '- [ ]', '- [x]'),
    fc.array(fc.tuple(inlineMarkdown, fc.option(tie('list'), { freq: 5, depthSize: 'small' }), fc.boolean()), { minLength: 1, maxLength: 3 }),
  ).map(([marker, items]) => items.map(([text, sub, checked]) => {
    const own = marker.startsWith('- [') ? `- [${checked ? 'x' : ' '}]` : marker;
    const pad = ' '.repeat(own.startsWith('- [') ? 2 : own.length + 1);
    return `${own} ${text}${sub ? `\n${pad}${indent(sub as string, pad)}` : ''}`;
  }).join('\n')),
})).list as fc.Arbitrary<string>;

const table = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.array(fc.array(inlineMarkdown, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }))
  .map(([width, rows]) => {
    const cell = (text: string | undefined): string => (text ?? '').replaceAll('|', '\\|');
    const row = (cells: string[]): string => `| ${Array.from({ length: width }, (_, i) => cell(cells[i])).join(' | ')} |`;
    return [row(rows[0]!), `|${' - |'.repeat(width)}`, ...rows.slice(1).map(row)].join('\n');
  });

const simpleBlock = fc.oneof(inlineMarkdown, heading, codeBlock, listBlock, table, rule);

const quote = fc.tuple(
  fc.constantFrom('', '**Info:**', '**Warning:** ', '**Note: Title**', '[!TIP]', '[!CAUTION]', '**Heads up**'),
  fc.array(simpleBlock, { minLength: 1, maxLength: 3 }),
).map(([lead, blocks]) => [lead, ...blocks].filter(Boolean).join('\n\n').split('\n').map((line) => `> ${line}`.trimEnd()).join('\n'));

const details = fc.tuple(plainText, fc.array(simpleBlock, { minLength: 1, maxLength: 2 }))
  .map(([title, blocks]) => `<details><summary>${title.replace(/[<>&]/g, '')}</summary>\n\n${blocks.join('\n\n')}\n\n</details>`);

/** A whole document: blocks separated by blank lines (and sometimes not). */
export const markdownDocument = fc.array(fc.oneof(
  { weight: 4, arbitrary: simpleBlock },
  { weight: 1, arbitrary: quote },
  { weight: 1, arbitrary: details },
), { minLength: 1, maxLength: 4 }).chain((blocks) => fc.array(fc.constantFrom('\n\n', '\n\n', '\n'), {
  minLength: blocks.length, maxLength: blocks.length,
}).map((gaps) => blocks.map((block, i) => (i > 0 ? gaps[i]! : '') + block).join('')));
