#!/bin/sh
# The bundle step of nix/package.nix: src/main.ts and its production dependencies in ONE file, with
# the esbuild binary from nixpkgs (the npm `esbuild` package scripts/build.mjs uses is a dev
# dependency, which the Nix build does not install). Same options as scripts/build.mjs.
#   ESBUILD=<esbuild binary> VERSION=<version> sh scripts/nix-bundle.sh <outfile>
set -eu
outfile=${1:?usage: nix-bundle.sh <outfile>}
esbuild=${ESBUILD:-esbuild}
version=${VERSION:-$(node -p 'require("./package.json").version')}

"$esbuild" src/main.ts \
  --bundle --platform=node --format=esm --target=node20 --minify --legal-comments=none \
  --define:__VERSION__="\"$version\"" \
  --banner:js="#!/usr/bin/env node
import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" \
  --log-level=warning --outfile="$outfile"
