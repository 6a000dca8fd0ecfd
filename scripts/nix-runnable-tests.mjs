#!/usr/bin/env node
// Used by scripts/nix-unit-tests.sh: prints the transpiled unit tests whose imports all resolve with the
// installed (production) packages, and tells on stderr which ones are left to `npm test` and why.
//   node scripts/nix-runnable-tests.mjs <esbuild metafile> <transpiled dir>
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const [metafile, outDir] = process.argv.slice(2);
const meta = JSON.parse(readFileSync(metafile, 'utf8'));
const builtins = new Set(builtinModules);
const packageOf = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2) : specifier.split('/').slice(0, 1)).join('/');
const runnable = [];
for (const [output, info] of Object.entries(meta.outputs)) {
  if (!info.entryPoint) continue;
  const missing = [...new Set((info.imports ?? [])
    .filter((item) => item.external && !item.path.startsWith('node:') && !builtins.has(item.path))
    .map((item) => packageOf(item.path))
    .filter((name) => !existsSync(join('node_modules', name))))];
  const transpiled = join(outDir, info.entryPoint.replace(/\.ts$/, '.js'));
  if (missing.length === 0) runnable.push(transpiled);
  else process.stderr.write(`skipped in the Nix build (needs dev packages ${missing.join(', ')}; npm test runs it): ${info.entryPoint}\n`);
  void output;
}
process.stdout.write(runnable.sort().join('\n'));
