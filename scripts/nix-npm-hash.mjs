#!/usr/bin/env node
// Recomputes what nix/npm-deps.json records about the production dependency tree:
//   narHash         - NAR hash of the folder scripts/nix-npm-deps.sh fills (<out>/node_modules; the
//                     outputHash of the fixed-output derivation in nix/package.nix)
//   prodLockSha256  - digest of the production part of package-lock.json that tree is built from
//
//   node scripts/nix-npm-hash.mjs           print both as JSON (needs nix and npm)
//   node scripts/nix-npm-hash.mjs --write   also update nix/npm-deps.json
//   node scripts/nix-npm-hash.mjs --digest  print only prodLockSha256 (needs neither nix nor npm)
//
// tests/unit/nix-lock.test.ts runs it, so a lockfile change that forgets the hash fails `npm test`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const RECORD = join(root, 'nix', 'npm-deps.json');

/** Keys sorted at every level, so the digest does not depend on how npm ordered the JSON. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The part of a lockfile that decides `npm ci --omit=dev`: the root's runtime dependencies and every
 * installed package that is not dev-only. A devDependency bump leaves it, and so the NAR hash, unchanged.
 */
export function prodLockDigest(lockText) {
  const lock = JSON.parse(lockText);
  const rootPackage = lock.packages?.[''] ?? {};
  const packages = Object.fromEntries(
    Object.entries(lock.packages ?? {}).filter(([path, entry]) => path !== '' && entry.dev !== true),
  );
  const subset = {
    dependencies: rootPackage.dependencies ?? {},
    optionalDependencies: rootPackage.optionalDependencies ?? {},
    peerDependencies: rootPackage.peerDependencies ?? {},
    packages,
  };
  return createHash('sha256').update(canonical(subset)).digest('hex');
}

function run(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr}${result.stdout}`);
  }
  return result.stdout.trim();
}

/** Installs the production tree from package.json + package-lock.json in a temporary folder and hashes it. */
export function computeNarHash() {
  const work = mkdtempSync(join(tmpdir(), 'atlassian-mcp-npm-deps-'));
  try {
    copyFileSync(join(root, 'package.json'), join(work, 'package.json'));
    copyFileSync(join(root, 'package-lock.json'), join(work, 'package-lock.json'));
    // --prefer-offline: the npm cache is enough when it has the packages; otherwise npm downloads them.
    run('sh', [join(root, 'scripts', 'nix-npm-deps.sh'), join(work, 'out'), '--prefer-offline'], { cwd: work });
    return run('nix', ['--extra-experimental-features', 'nix-command', 'hash', 'path', '--type', 'sha256',
      join(work, 'out')]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function currentRecord() {
  return JSON.parse(readFileSync(RECORD, 'utf8'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv.includes('--digest')) {
  process.stdout.write(`${prodLockDigest(readFileSync(join(root, 'package-lock.json'), 'utf8'))}\n`);
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const computed = {
    narHash: computeNarHash(),
    prodLockSha256: prodLockDigest(readFileSync(join(root, 'package-lock.json'), 'utf8')),
  };
  if (process.argv.includes('--write')) {
    const record = {
      comment: 'Written by `node scripts/nix-npm-hash.mjs --write`; checked by tests/unit/nix-lock.test.ts.',
      ...computed,
    };
    writeFileSync(RECORD, `${JSON.stringify(record, null, 2)}\n`);
    process.stderr.write(`updated ${RECORD}\n`);
  }
  process.stdout.write(`${JSON.stringify(computed)}\n`);
}
