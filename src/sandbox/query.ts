// A small interpreter for the part of JQL and CQL the sandbox needs: `field op value` clauses
// (=, !=, ~, !~, <, <=, >, >=, in, not in, is [not] empty), AND / OR / NOT, parentheses,
// functions such as currentUser(), and ORDER BY. Enough for searches to behave like the real ones,
// so that tests of scoping and pagination mean something.

export class QuerySyntaxError extends Error {}

type Token = { kind: 'word' | 'string' | 'op' | 'punct'; text: string };

export type Expr =
  | { type: 'and' | 'or'; left: Expr; right: Expr }
  | { type: 'not'; expr: Expr }
  | { type: 'clause'; field: string; op: string; values: string[] }
  | { type: 'all' };

export interface ParsedQuery {
  where: Expr;
  orderBy: { field: string; direction: 'asc' | 'desc' }[];
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i += 1;
    } else if (ch === '"' || ch === "'") {
      let text = '';
      i += 1;
      while (i < source.length && source[i] !== ch) {
        if (source[i] === '\\' && i + 1 < source.length) i += 1;
        text += source[i];
        i += 1;
      }
      if (i >= source.length) throw new QuerySyntaxError(`unterminated string starting with ${ch}${text.slice(0, 20)}`);
      i += 1;
      tokens.push({ kind: 'string', text });
    } else if ('(),'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch });
      i += 1;
    } else if ('=!~<>'.includes(ch)) {
      const two = source.slice(i, i + 2);
      const op = ['!=', '!~', '<=', '>='].includes(two) ? two : ch;
      if (op === '!') throw new QuerySyntaxError("unexpected '!'");
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    } else {
      let text = '';
      while (i < source.length && !' \t\n\r"\'(),=!~<>'.includes(source[i]!)) {
        text += source[i];
        i += 1;
      }
      tokens.push({ kind: 'word', text });
    }
  }
  return tokens;
}

class Parser {
  #pos = 0;
  constructor(private readonly tokens: Token[]) {}

  peekWord(...words: string[]): boolean {
    const token = this.tokens[this.#pos];
    return token?.kind === 'word' && words.includes(token.text.toLowerCase());
  }

  next(): Token {
    const token = this.tokens[this.#pos];
    if (!token) throw new QuerySyntaxError('the query ended unexpectedly');
    this.#pos += 1;
    return token;
  }

  done(): boolean {
    return this.#pos >= this.tokens.length;
  }

  parse(): ParsedQuery {
    const where = this.done() || this.peekWord('order') ? { type: 'all' as const } : this.or();
    const orderBy: ParsedQuery['orderBy'] = [];
    if (this.peekWord('order')) {
      this.next();
      if (!this.peekWord('by')) throw new QuerySyntaxError("expected 'by' after 'order'");
      this.next();
      do {
        if (orderBy.length > 0) this.next();
        const field = this.next().text.toLowerCase();
        let direction: 'asc' | 'desc' = 'asc';
        if (this.peekWord('asc', 'desc')) direction = this.next().text.toLowerCase() as 'asc' | 'desc';
        orderBy.push({ field, direction });
      } while (this.tokens[this.#pos]?.text === ',');
    }
    if (!this.done()) throw new QuerySyntaxError(`unexpected '${this.tokens[this.#pos]!.text}'`);
    return { where, orderBy };
  }

  or(): Expr {
    let left = this.and();
    while (this.peekWord('or')) {
      this.next();
      left = { type: 'or', left, right: this.and() };
    }
    return left;
  }

  and(): Expr {
    let left = this.unary();
    while (this.peekWord('and')) {
      this.next();
      left = { type: 'and', left, right: this.unary() };
    }
    return left;
  }

  unary(): Expr {
    if (this.peekWord('not')) {
      this.next();
      return { type: 'not', expr: this.unary() };
    }
    if (this.tokens[this.#pos]?.text === '(') {
      this.next();
      const inner = this.or();
      if (this.next().text !== ')') throw new QuerySyntaxError("expected ')'");
      return inner;
    }
    return this.clause();
  }

  clause(): Expr {
    const fieldToken = this.next();
    if (fieldToken.kind === 'op' || fieldToken.kind === 'punct') {
      throw new QuerySyntaxError(`expected a field name but found '${fieldToken.text}'`);
    }
    const field = fieldToken.text.toLowerCase();
    let op: string;
    if (this.peekWord('in')) {
      this.next();
      op = 'in';
    } else if (this.peekWord('not')) {
      this.next();
      if (!this.peekWord('in')) throw new QuerySyntaxError("expected 'in' after 'not'");
      this.next();
      op = 'not in';
    } else if (this.peekWord('is')) {
      this.next();
      op = this.peekWord('not') ? (this.next(), 'is not') : 'is';
    } else {
      const token = this.next();
      if (token.kind !== 'op') throw new QuerySyntaxError(`expected an operator after '${fieldToken.text}' but found '${token.text}'`);
      op = token.text;
    }
    if (op === 'in' || op === 'not in') {
      if (this.next().text !== '(') throw new QuerySyntaxError(`expected '(' after '${op}'`);
      const values: string[] = [];
      while (this.tokens[this.#pos]?.text !== ')') {
        if (values.length > 0 && this.next().text !== ',') throw new QuerySyntaxError("expected ',' in a list");
        values.push(this.value());
      }
      this.next();
      return { type: 'clause', field, op, values };
    }
    return { type: 'clause', field, op, values: [this.value()] };
  }

  value(): string {
    const token = this.next();
    if (token.kind === 'op' || (token.kind === 'punct' && token.text !== '(')) {
      throw new QuerySyntaxError(`expected a value but found '${token.text}'`);
    }
    if (token.kind === 'word' && this.tokens[this.#pos]?.text === '(') {
      this.next();
      if (this.next().text !== ')') throw new QuerySyntaxError(`function ${token.text}() takes no arguments here`);
      return `${token.text.toLowerCase()}()`;
    }
    return token.text;
  }
}

export function parseQuery(source: string): ParsedQuery {
  return new Parser(tokenize(source)).parse();
}

/** Field values of one item; undefined means the field is empty. */
export type Resolve = (field: string) => string | string[] | undefined;

export function evaluate(expr: Expr, resolve: Resolve, functions: Record<string, string>): boolean {
  switch (expr.type) {
    case 'all': return true;
    case 'and': return evaluate(expr.left, resolve, functions) && evaluate(expr.right, resolve, functions);
    case 'or': return evaluate(expr.left, resolve, functions) || evaluate(expr.right, resolve, functions);
    case 'not': return !evaluate(expr.expr, resolve, functions);
    case 'clause': {
      const raw = resolve(expr.field);
      const actual = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).map((v) => v.toLowerCase());
      const wanted = expr.values.map((v) => (functions[v] ?? v).toLowerCase());
      const first = wanted[0] ?? '';
      switch (expr.op) {
        case '=': return actual.includes(first);
        case '!=': return !actual.includes(first);
        case 'in': return actual.some((v) => wanted.includes(v));
        case 'not in': return !actual.some((v) => wanted.includes(v));
        case '~': return actual.some((v) => first.split(/\s+/).every((word) => v.includes(word)));
        case '!~': return !actual.some((v) => v.includes(first));
        case 'is': return actual.length === 0;
        case 'is not': return actual.length > 0;
        case '<': return actual.some((v) => v < first);
        case '<=': return actual.some((v) => v <= first);
        case '>': return actual.some((v) => v > first);
        case '>=': return actual.some((v) => v >= first);
        default: return false;
      }
    }
  }
}
