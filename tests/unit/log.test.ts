import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { createLogger } from '../../src/log.js';

const dir = mkdtempSync(join(tmpdir(), 'atlassian-mcp-log-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Logs through a file descriptor, as the server does through fd 2, and returns the JSON lines written. */
function written(level: string, write: (log: ReturnType<typeof createLogger>) => void): Record<string, unknown>[] {
  const file = join(dir, `${level}-${Math.random().toString(36).slice(2)}.log`);
  const fd = openSync(file, 'w');
  try {
    write(createLogger(level, fd));
  } finally {
    closeSync(fd);
  }
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the logger (src/log.ts)', () => {
  it('writes the lines at or above its level as JSON, with the level by name', () => {
    const lines = written('warn', (log) => {
      log.debug('not this');
      log.info('nor this');
      log.warn({ tool: 'jira_search' }, 'this');
      log.error('and this');
    });
    assert.deepEqual(lines.map((line) => [line.level, line.msg, line.name]), [['warn', 'this', 'atlassian-mcp'], ['error', 'and this', 'atlassian-mcp']]);
    assert.equal(lines[0]!.tool, 'jira_search');
  });

  it('blanks credentials out wherever a log call carries them', () => {
    const [line] = written('info', (log) => log.info({ headers: { authorization: 'Bearer abc' }, token: 'xyz' }, 'request'));
    assert.deepEqual(line!.headers, { authorization: '[redacted]' });
    assert.equal(line!.token, '[redacted]');
  });

  it('writes nothing at silent, however severe', () => {
    assert.deepEqual(written('silent', (log) => log.fatal('nothing')), []);
  });
});
