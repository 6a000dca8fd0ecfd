import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import * as zod from 'zod';
import * as zodV3 from 'zod/v3';
import * as zodV4 from 'zod/v4';
import * as zodV4Mini from 'zod/v4-mini';

import { builtin } from './builtin.js';
import { IMPLEMENTATION_SHA256 } from './version.js';

import type { Clients } from './clients.js';
import type { Config } from './config/index.js';
import type * as ImplementationModule from './implementation.js';
import type { Logger } from './log.js';

// Start-up cost is mostly parsing: a client spawns the server, sends initialize and tools/list, and
// waits. Those need the configuration and the generated manifest only, so the tools, clients and
// converters (src/implementation.ts) are loaded on first use. From source that is a dynamic import.
// In the bundle, scripts/bundle.sh compiles them as a separate CommonJS bundle and appends it, brotli
// compressed and base64 encoded, in a comment at the end of the one file: V8 skips a comment almost
// for free. The part is decoded and compiled (about 130 ms) once tools/list is answered, or by the first
// call that needs it, whichever comes first (server.ts). Its SHA-256 is built into this part, so a
// file replaced under a running process (an upgrade) is refused instead of half-loaded.

export type Implementation = typeof ImplementationModule;

/** The line that starts the appended part; scripts/bundle.sh writes it. */
export const IMPLEMENTATION_MARKER = '/*atlassian-mcp implementation, brotli, base64:';

let loading: Promise<Implementation> | undefined;

/** The implementation, loaded once per process. */
export function loadImplementation(): Promise<Implementation> {
  const sha256 = IMPLEMENTATION_SHA256;
  loading ??= sha256 !== undefined
    ? new Promise<Implementation>((resolve) => resolve(embedded(fileURLToPath(import.meta.url), sha256)))
    : fromSource();
  return loading;
}

function fromSource(): Promise<Implementation> {
  // A variable, so esbuild does not follow it into the main bundle.
  const path = './implementation.js';
  return import(path) as Promise<Implementation>;
}

/**
 * What the part gets from this one instead of carrying a copy: zod, as the SDK and our schemas import
 * it (scripts/build.mjs fails when the part asks for anything else that is not node's own).
 */
const SHARED: Record<string, unknown> = { zod, 'zod/v3': zodV3, 'zod/v4': zodV4, 'zod/v4-mini': zodV4Mini };

/** Decodes, checks and runs the part appended to `file` (exported for the bundle's test). */
export function embedded(file: string, sha256: string): Implementation {
  const text = readFileSync(file, 'latin1');
  const start = text.lastIndexOf(IMPLEMENTATION_MARKER);
  const end = text.lastIndexOf('*/');
  if (start < 0 || end < start) throw new Error(`${file} has no implementation part; rebuild it with npm run build`);
  const packed = Buffer.from(text.slice(start + IMPLEMENTATION_MARKER.length, end), 'base64');
  const code = builtin('node:zlib').brotliDecompressSync(packed).toString('utf8');
  if (builtin('node:crypto').createHash('sha256').update(code).digest('hex') !== sha256) {
    throw new Error(`${file} was replaced since this process started (an upgrade?); restart atlassian-mcp`);
  }
  const nodeRequire = createRequire(file);
  const require = (id: string): unknown => SHARED[id] ?? nodeRequire(id);
  const module = { exports: {} as Implementation };
  builtin('node:vm').compileFunction(code, ['require', 'module', 'exports'], { filename: `${file}#implementation` })(require, module, module.exports);
  return module.exports;
}

/** The product clients, created on first use and then shared (every session of an HTTP server uses the same). */
export function lazyClients(config: Config, log: Logger, asServer = false): () => Promise<Clients> {
  let clients: Promise<Clients> | undefined;
  return () => (clients ??= loadImplementation().then((implementation) => implementation.createClients(config, log, asServer)));
}
