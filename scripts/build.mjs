#!/usr/bin/env node
// Bundles src/main.ts into ONE executable ESM file with every runtime dependency inlined,
// so the program runs from an empty directory with nothing but Node.
import { build } from 'esbuild';
import { chmodSync, readFileSync, statSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// BUILD_OUTFILE lets parallel work build elsewhere without replacing the bundle another test run is using.
const outfile = process.env.BUILD_OUTFILE || 'dist/atlassian-mcp.mjs';

await build({
  entryPoints: ['src/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  define: { __VERSION__: JSON.stringify(pkg.version) },
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
console.error(`built ${outfile} (${(statSync(outfile).size / 1024).toFixed(0)} KiB)`);
