#!/bin/sh
# Installs the production dependencies of ./package-lock.json into <out>/node_modules, in a canonical
# form whose NAR hash (of <out>) is the committed one in nix/npm-deps.json. Two callers must produce
# the same tree: the fixed-output derivation in nix/package.nix, and scripts/nix-npm-hash.mjs (run by
# tests/unit/nix-lock.test.ts), so the recipe lives here and nowhere else.
#
# The lockfile has no `resolved` URLs; npm fetches each package from its configured registry and
# checks it against the lockfile's `integrity`, so the tree is fixed by the lockfile alone.
#   sh scripts/nix-npm-deps.sh <out> [npm arguments, e.g. --prefer-offline]
set -eu
out=${1:?usage: nix-npm-deps.sh <out> [npm arguments]}
shift

npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error "$@"

# What differs between npm versions and is not needed to bundle: the hidden lockfile, the .bin links
# (at any depth) and the empty scope folders npm 10 leaves for omitted dev packages.
rm -f node_modules/.package-lock.json
find node_modules -type d -name .bin -prune -exec rm -rf {} +
find node_modules -type d -empty -delete
# A NAR records only whether a file is executable; tarballs disagree on it and nothing here is run
# directly (the bundle is built from these files), so no file is.
chmod -R a-x,a+X node_modules

# <out>/node_modules rather than <out> itself: a build links it as ./node_modules, and esbuild and Node
# resolve a package's own imports from its real path, looking for the node_modules folder above it.
mkdir -p "$out"
mv node_modules "$out/node_modules"
