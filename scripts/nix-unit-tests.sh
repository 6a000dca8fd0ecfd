#!/bin/sh
# The checkPhase of nix/package.nix: runs tests/unit without tsx (a dev dependency the Nix build does
# not install). esbuild transpiles each TypeScript file on its own (no bundling, so import.meta.url
# and relative imports keep their meaning) into .nix-unit-tests/, and node's test runner runs the
# result from the source root, where the tests expect to find docs/ and README.md.
# The build installs production dependencies only, so a test that needs a dev-only package (fast-check,
# ajv, the ADF schema…) cannot run there; a metafile of a throwaway bundle names the packages each test
# reaches, and those tests are listed as left to `npm test` instead of failing the build.
#   ESBUILD=<esbuild binary> sh scripts/nix-unit-tests.sh
set -eu
esbuild=${ESBUILD:-esbuild}
out=.nix-unit-tests

rm -rf "$out"
# shellcheck disable=SC2046 # file names in this repository have no spaces
"$esbuild" $(find src scripts tests/unit tests/helpers -name '*.ts' ! -name '*.d.ts') \
  --outdir="$out" --outbase=. --format=esm --platform=node --target=node20 --log-level=warning
# Tests read their fixtures relative to their own file, so the fixtures go next to the transpiled tests.
[ -d tests/fixtures ] && mkdir -p "$out/tests" && cp -r tests/fixtures "$out/tests/"
# shellcheck disable=SC2046
"$esbuild" $(find tests/unit -name '*.test.ts' ! -name 'nix-lock.test.ts') --bundle --packages=external \
  --outdir="$out/.probe" --outbase=. --format=esm --platform=node --target=node20 --metafile="$out/meta.json" --log-level=warning

# nix-lock.test checks the repository's lockfile against nix/npm-deps.json with nix and npm, which
# the build sandbox has neither of; npm test runs it.
tests=$(node scripts/nix-runnable-tests.mjs "$out/meta.json" "$out")
status=0
# shellcheck disable=SC2086
node --test --test-concurrency=2 $tests || status=$?
rm -rf "$out"
exit "$status"
