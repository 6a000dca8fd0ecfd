// Helpers for JQL and CQL text: scoping a user's query to allowed projects/spaces without breaking
// its ORDER BY, and telling a query from a plain phrase. A character scanner that respects quotes
// and parentheses, because a keyword inside a quoted value must not count.

/** Index of the top-level `ORDER BY` in a query, or -1. */
function orderByIndex(query: string): number {
  let quote: string | undefined;
  let depth = 0;
  for (let i = 0; i < query.length; i += 1) {
    const ch = query[i]!;
    if (quote) {
      if (ch === '\\') i += 1;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '(') {
      depth += 1;
    } else if (ch === ')') {
      depth -= 1;
    } else if (depth === 0 && (ch === 'o' || ch === 'O') && (i === 0 || /\s/.test(query[i - 1]!))) {
      const words = query.slice(i, i + 12).toLowerCase().split(/\s+/);
      if (words[0] === 'order' && words[1]?.startsWith('by')) return i;
    }
  }
  return -1;
}

/** Splits "status = Open ORDER BY created" into its condition and its ORDER BY clause. */
export function splitOrderBy(query: string): { where: string; orderBy: string } {
  const at = orderByIndex(query);
  return at < 0
    ? { where: query.trim(), orderBy: '' }
    : { where: query.slice(0, at).trim(), orderBy: query.slice(at).trim() };
}

/** `scope AND (where) ORDER BY …`; the user's condition is parenthesised so its ORs stay inside. */
export function scopeQuery(query: string, scope: string): string {
  const { where, orderBy } = splitOrderBy(query);
  return [where ? `${scope} AND (${where})` : scope, orderBy].filter(Boolean).join(' ');
}

/** A JQL/CQL string literal. */
export function quote(value: string): string {
  return `"${value.split('\\').join('\\\\').split('"').join('\\"')}"`;
}

/** True when the text uses query syntax (an operator outside quotes), false for a plain phrase. */
export function looksLikeQuery(text: string): boolean {
  let quoteChar: string | undefined;
  for (const ch of text) {
    if (quoteChar) {
      if (ch === quoteChar) quoteChar = undefined;
    } else if (ch === '"' || ch === "'") {
      quoteChar = ch;
    } else if ('=~<>'.includes(ch)) {
      return true;
    }
  }
  return /\b(in|not in)\s*\(/i.test(text);
}
