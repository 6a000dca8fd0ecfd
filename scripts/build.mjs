#!/usr/bin/env node
// `npm run build`: scripts/bundle.sh with the npm esbuild binary, then a check that the lazily loaded
// part (src/implementation.ts) holds none of the main part's modules, which would run twice.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The modules src/lazy.ts shares with the implementation part (keep the two lists equal). */
const SHARED = ['zod', 'zod/v4', 'zod/v3', 'zod/v4-mini'];

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// BUILD_OUTFILE lets parallel work build elsewhere without replacing the bundle another test run is using.
const outfile = process.env.BUILD_OUTFILE || 'dist/atlassian-mcp.mjs';
const dir = mkdtempSync(join(tmpdir(), 'atlassian-mcp-build-'));
const metafile = join(dir, 'implementation.json');
try {
  const esbuild = new URL('../node_modules/.bin/esbuild', import.meta.url).pathname;
  const run = spawnSync('sh', ['scripts/bundle.sh', outfile], {
    stdio: 'inherit', env: { ...process.env, ESBUILD: esbuild, VERSION: pkg.version, METAFILE: metafile },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
  const meta = JSON.parse(readFileSync(metafile, 'utf8'));
  const inputs = Object.keys(meta.inputs);
  // A second MCP server class, or the main part's own modules, would run beside the main part's copies.
  const mainOnly = ['src/main.ts', 'src/server.ts', 'src/lazy.ts', 'node_modules/@modelcontextprotocol/sdk/dist/esm/server/mcp.js',
    'node_modules/@modelcontextprotocol/sdk/dist/esm/server/index.js'].filter((path) => inputs.includes(path));
  // What the part asks of its `require` besides node's own modules: src/lazy.ts hands over these (zod's).
  const shared = new Set(Object.values(meta.inputs).flatMap((input) => input.imports)
    .filter((entry) => entry.external && !builtinModules.includes(entry.path.replace(/^node:/, ''))).map((entry) => entry.path));
  const unknown = [...shared].filter((id) => !SHARED.includes(id));
  if (mainOnly.length > 0 || unknown.length > 0) {
    console.error(`build: src/implementation.ts must not import ${[...mainOnly, ...unknown].join(', ')} (see src/lazy.ts)`);
    process.exit(1);
  }
  console.error(`built ${outfile} (${(statSync(outfile).size / 1024).toFixed(0)} KiB)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
