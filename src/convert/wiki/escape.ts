/**
 * Escaping plain text for Jira wiki markup, so user text never turns into
 * markup by accident. Characters are escaped only where Jira could read them
 * as markup (a `*` between two letters is just a star), which keeps ordinary
 * prose readable. What a backslash cannot protect is written as a numeric
 * character reference, which Jira renders as the character.
 */

const markChars = '*_-+^~';
// Jira's icon shortcuts: (x) (i) (/) (!) (?) (y) (n) (on) (off) (*) (*r) (flag)…
const icons = new Set(['x', 'i', '/', '!', '?', 'y', 'n', '+', '-', 'on', 'off', '*', '*r', '*g', '*b', '*y', 'flag', 'flagoff']);
const smileys = new Set([':)', ':(', ':P', ':D', ';)']);
/** Passed as the character after a text when markup follows it: never a letter, digit or space. */
export const FOLLOWED = '\u0001';

// What a backslash escapes in Jira (and in wikiToMarkdown).
export const escapable = '*_-+{}[]!|^~?#\\';

export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && /[\p{L}\p{N}]/u.test(ch);
}

export function isSpace(ch: string | undefined): boolean {
  return ch === undefined || ch === '' || ch.trim() === '';
}

function iconAt(text: string, i: number): boolean {
  // Icon names are short: look a few characters ahead only, so a run of `(` stays linear.
  const close = text.slice(i + 1, i + 10).indexOf(')');
  return close > 0 && icons.has(text.slice(i + 1, i + 1 + close));
}

function entityLike(text: string, i: number): boolean {
  let j = i + 1;
  if (text[j] === '#') {
    j += 1;
    if (text[j] === 'x' || text[j] === 'X') j += 1;
  }
  const start = j;
  while (j < text.length && j - start < 32 && /[0-9a-z]/i.test(text[j]!)) j += 1;
  return j > start && text[j] === ';';
}

/**
 * Escapes `text` for wiki markup. `before` is the character already written
 * just before it ('\n' or '' at the start of a line), so marks and line-start
 * syntax (`* `, `# `, `h1.`, `----`) are judged where the text really lands;
 * `after` is the character that will follow it (undefined at the end of a line).
 */
export function escapeWikiText(text: string, before: string, after?: string): string {
  let out = '';
  let prev = before;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    const next = i + 1 < text.length ? text[i + 1] : after;
    const lineStart = prev === '\n' || prev === '';
    let piece = ch;
    if ('{}[]|'.includes(ch)) piece = `\\${ch}`;
    else if (ch === '!') piece = isSpace(next) ? ch : '\\!';
    else if (ch === '#') piece = lineStart ? '\\#' : ch;
    else if (markChars.includes(ch)) {
      const opens = !isWordChar(prev) && !isSpace(next);
      const closes = !isSpace(prev) && !isWordChar(next);
      const dash = ch === '-' && (next === '-' || prev === '-');
      if (opens || closes || dash || lineStart) piece = `\\${ch}`;
    } else if (ch === '?') piece = next === '?' || prev === '?' ? '\\?' : ch;
    else if (ch === '\\') piece = next === undefined || next === FOLLOWED || escapable.includes(next) ? '&#92;' : ch;
    else if (ch === '&') piece = entityLike(text, i) ? '&amp;' : ch;
    else if (ch === '(' && iconAt(text, i)) piece = '&#40;';
    else if ((ch === ':' || ch === ';') && next !== undefined && smileys.has(ch + next) && !isWordChar(prev) && !isWordChar(text[i + 2])) {
      piece = ch === ':' ? '&#58;' : '&#59;';
    } else if (lineStart && (ch === 'h' || ch === 'b')) {
      // `h1. ` and `bq. ` at the start of a line are a heading and a quote.
      const head = text.slice(i, i + 3);
      if (/^h[1-6]\.$/.test(head) || head === 'bq.') {
        out += `${text.slice(i, i + 2)}&#46;`;
        i += 2;
        prev = '.';
        continue;
      }
    }
    out += piece;
    prev = ch === '\n' ? '\n' : ch;
  }
  return out;
}
