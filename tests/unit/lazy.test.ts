import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { brotliCompressSync } from 'node:zlib';

import { embedded, IMPLEMENTATION_MARKER } from '../../src/lazy.js';

// The bundle's loader, on a hand-made file laid out as scripts/bundle.sh lays out dist/atlassian-mcp.mjs:
// code, then the CommonJS part, brotli-compressed and base64-encoded, in a comment at the end.
const dir = mkdtempSync(join(tmpdir(), 'atlassian-mcp-lazy-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const PART = "const { z } = require('zod'); const { join } = require('node:path'); " +
  "module.exports = { parsed: z.object({ n: z.number() }).parse({ n: 1 }), joined: join('a', 'b'), isZod: typeof z.object === 'function' };";
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function bundleWith(part: string, name: string): string {
  const lines = brotliCompressSync(Buffer.from(part)).toString('base64').match(/.{1,120}/g) ?? [];
  const file = join(dir, name);
  writeFileSync(file, `console.log('main part'); /* a comment of its own */\n${IMPLEMENTATION_MARKER}\n${lines.join('\n')}\n*/\n`);
  return file;
}

describe('the appended implementation part (src/lazy.ts)', () => {
  it('is decoded, checked and run, with zod shared and node modules required', () => {
    const file = bundleWith(PART, 'ok.mjs');
    const exports = embedded(file, sha256(PART)) as unknown as { parsed: unknown; joined: string; isZod: boolean };
    assert.deepEqual(exports.parsed, { n: 1 });
    assert.equal(exports.joined, join('a', 'b'));
    assert.equal(exports.isZod, true);
  });

  it('refuses a part that is not the one this main part was built with (a file replaced by an upgrade)', () => {
    const file = bundleWith(PART, 'replaced.mjs');
    assert.throws(() => embedded(file, sha256('something else')), new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} was replaced since this process started.*restart atlassian-mcp`));
  });

  it('names the file and the fix when the part is missing', () => {
    const file = join(dir, 'bare.mjs');
    writeFileSync(file, "console.log('no part');\n");
    assert.throws(() => embedded(file, sha256(PART)), /bare\.mjs has no implementation part; rebuild it with npm run build/);
  });
});
