import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

// nix/package.nix installs the production dependencies in a fixed-output derivation whose hash is
// committed in nix/npm-deps.json. A lockfile change without a new hash would break every Nix build
// with a hash mismatch, so `npm test` recomputes it (docs/nixos.md, "How the package is built").

const SCRIPT = 'scripts/nix-npm-hash.mjs';
const UPDATE = `run \`node ${SCRIPT} --write\` (needs nix: apt-get install nix-bin) and commit nix/npm-deps.json`;

interface NpmDepsRecord {
  narHash: string;
  prodLockSha256: string;
}

const recorded = JSON.parse(readFileSync('nix/npm-deps.json', 'utf8')) as NpmDepsRecord;

function script(...args: string[]): string {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  assert.equal(result.status, 0, `${SCRIPT} ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout.trim();
}

const nixVersion = spawnSync('nix', ['--version'], { encoding: 'utf8' });
const hasNix = !nixVersion.error && nixVersion.status === 0;
const underCi = process.env.CI === 'true';

describe('nix/npm-deps.json matches package-lock.json', () => {
  it('records the digest of the production part of package-lock.json', () => {
    assert.match(recorded.narHash, /^sha256-[A-Za-z0-9+/]{43}=$/, 'nix/npm-deps.json narHash is not an SRI sha256 hash');
    assert.equal(script('--digest'), recorded.prodLockSha256,
      `the production dependencies in package-lock.json changed, but nix/npm-deps.json did not: ${UPDATE}`);
  });

  it('records the NAR hash of the tree `npm ci --omit=dev --ignore-scripts` installs', {
    // Outside CI a developer without nix is told why; .ci/run installs nix, so CI never skips.
    skip: !hasNix && !underCi ? 'nix is not installed (apt-get install nix-bin); the lockfile digest above still ran' : false,
  }, () => {
    assert.ok(hasNix, 'CI=true but nix is not installed: .ci/run installs nix-bin before npm test');
    const computed = JSON.parse(script()) as NpmDepsRecord;
    assert.equal(computed.prodLockSha256, recorded.prodLockSha256, `package-lock.json changed: ${UPDATE}`);
    assert.equal(computed.narHash, recorded.narHash,
      `the production dependency tree hashes to ${computed.narHash}, not the recorded ${recorded.narHash}: ${UPDATE}`);
  });
});
