import { readFileSync, statSync } from 'node:fs';
import { inspect } from 'node:util';

/** Where a secret came from: a file named by a `*_FILE` variable, or a variable holding the value itself. */
export type SecretSource =
  | { kind: 'file'; variable: string; path: string }
  | { kind: 'env'; variable: string };

/**
 * A credential that can be used but not printed. The value lives in a private field, so
 * JSON.stringify, util.inspect and pino all see only where it came from.
 */
export class Secret {
  readonly source: SecretSource;
  #value: string;

  constructor(source: SecretSource, value: string) {
    this.source = source;
    this.#value = value;
  }

  /** Reads a secret file: trailing whitespace trimmed; a problem is returned as text naming the variable. */
  static fromFile(variable: string, path: string): { secret?: Secret; problem?: string; warning?: string } {
    let text: string;
    let mode: number;
    try {
      mode = statSync(path).mode;
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT' ? 'does not exist' :
        code === 'EACCES' ? 'is not readable by this user' :
        code === 'EISDIR' ? 'is a directory, not a file' :
        `cannot be read (${code ?? 'unknown error'})`;
      return { problem: `${variable}=${path}: the file ${why}` };
    }
    const value = text.trimEnd();
    if (value === '') return { problem: `${variable}=${path}: the file is empty` };
    const secret = new Secret({ kind: 'file', variable, path }, value);
    const warning = (mode & 0o077) !== 0
      ? `${variable}=${path} is readable by group or others (mode ${(mode & 0o777).toString(8)}); run chmod 600 on it`
      : undefined;
    return { secret, warning };
  }

  get value(): string {
    return this.#value;
  }

  /** Re-reads a file-backed secret (token rotation). Returns true when the value changed. */
  reload(): boolean {
    if (this.source.kind !== 'file') return false;
    try {
      const next = readFileSync(this.source.path, 'utf8').trimEnd();
      if (next === '' || next === this.#value) return false;
      this.#value = next;
      return true;
    } catch {
      return false;
    }
  }

  /** Human description of the source, never the value: "file /run/agenix/jira (JIRA_TOKEN_FILE)". */
  describe(): string {
    return this.source.kind === 'file'
      ? `file ${this.source.path} (${this.source.variable})`
      : `environment variable ${this.source.variable}`;
  }

  toJSON(): string {
    return `[secret from ${this.describe()}]`;
  }

  toString(): string {
    return this.toJSON();
  }

  [inspect.custom](): string {
    return this.toJSON();
  }
}
