#!/bin/sh
# Builds the program as ONE file with every runtime dependency inlined, so it runs from an empty
# directory with nothing but Node. The one definition of the bundle: `npm run build` (scripts/build.mjs,
# with the npm esbuild) and nix/package.nix (with nixpkgs' esbuild binary) both run it.
#   ESBUILD=<esbuild binary> VERSION=<version> [METAFILE=<path>] [ENTRY=src/main.ts] sh scripts/bundle.sh <outfile>
# (ENTRY: bench/http-load.ts bundles itself this way, to load-test the server as it ships.)
#
# Two parts (see src/lazy.ts): src/implementation.ts (tools, clients, converters) as a CommonJS bundle
# that shares zod with the main part, then src/main.ts as the ESM entry, which knows the first part's
# SHA-256 and finds it appended, compressed and base64-encoded, in a comment at the end of the file.
set -eu
outfile=${1:?usage: bundle.sh <outfile>}
esbuild=${ESBUILD:-esbuild}
version=${VERSION:-$(node -p 'require("./package.json").version')}
part="$outfile.implementation.cjs"
trap 'rm -f "$part"' EXIT

"$esbuild" src/implementation.ts \
  --bundle --platform=node --format=cjs --target=node20 --minify --legal-comments=none \
  --external:zod --define:__VERSION__="\"$version\"" \
  ${METAFILE:+--metafile="$METAFILE"} --log-level=warning --outfile="$part"

sha256=$(node -e 'process.stdout.write(require("node:crypto").createHash("sha256").update(require("node:fs").readFileSync(process.argv[1])).digest("hex"))' "$part")

"$esbuild" "${ENTRY:-src/main.ts}" \
  --bundle --platform=node --format=esm --target=node20 --minify --legal-comments=none \
  --define:__VERSION__="\"$version\"" --define:__IMPLEMENTATION_SHA256__="\"$sha256\"" \
  --banner:js="#!/usr/bin/env node
import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" \
  --log-level=warning --outfile="$outfile"

# Brotli, then base64 (which holds no "*/", so the comment cannot end early); the fewer bytes, the less
# every start-up reads. The marker is IMPLEMENTATION_MARKER in src/lazy.ts.
node -e '
const fs = require("node:fs");
const zlib = require("node:zlib");
const [outfile, part] = process.argv.slice(1);
const packed = zlib.brotliCompressSync(fs.readFileSync(part), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
const lines = packed.toString("base64").match(/.{1,120}/g) ?? [];
fs.appendFileSync(outfile, `\n/*atlassian-mcp implementation, brotli, base64:\n${lines.join("\n")}\n*/\n`);
' "$outfile" "$part"
chmod 755 "$outfile"
