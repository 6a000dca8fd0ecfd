#!/usr/bin/env node
// `npm run test:nix`: the Nix module tests (docs/nixos.md, "Tests").
//   1. nix/tests/default.nix with nix-instantiate: the NixOS and home-manager modules against strict
//      option declarations, and the flake's output shape. Needs NIXPKGS_LIB (nixpkgs' lib/ folder).
//   2. nix/tests/nixos.nix when NIXOS_SRC points at a nixpkgs nixos/ folder: the units rendered by
//      NixOS's own systemd modules, checked with `systemd-analyze verify` (must be clean) and
//      `systemd-analyze security --offline=true` (exposure 2.0 or lower), and the wrapper run.
// Without NIXPKGS_LIB or nix-instantiate it prints why it skipped and exits 0; --require-nixos
// (used by the flake's checks) turns every skip into a failure.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const strict = process.argv.includes('--require-nixos');
const MAX_EXPOSURE = 2.0;
const SECRET_FILES = ['jira-token', 'jira-pat', 'confluence-token', 'confluence-pat', 'mcp-token'];

let failures = 0;
let count = 0;
function report(ok, name, detail = '') {
  count += 1;
  if (!ok) failures += 1;
  process.stdout.write(`${ok ? 'ok' : 'not ok'} ${count} - ${name}\n`);
  if (!ok && detail) process.stdout.write(`${detail.replace(/^/gm, '  # ')}\n`);
}
function skip(reason) {
  if (strict) {
    report(false, 'test:nix prerequisites', reason);
    return;
  }
  process.stdout.write(`# SKIP ${reason}\n`);
}

function run(command, args, options = {}) {
  return spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
}
function available(command) {
  return !run(command, ['--version']).error;
}

// nix-instantiate on a dummy store: evaluation only, so the tests also prove nothing (no secret,
// no path literal) is ever copied into a store.
function evaluate(file, args) {
  const argv = ['--eval', '--strict', '--json', '--store', 'dummy://', join(root, file)];
  for (const [name, value] of Object.entries(args)) argv.push('--argstr', name, value);
  const result = run('nix-instantiate', argv, { cwd: root });
  if (result.status !== 0) throw new Error(`nix-instantiate ${file} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

function moduleTests(nixpkgsLib, secretsDir) {
  process.stdout.write('# nix/tests/default.nix: modules against strict option declarations, flake shape\n');
  const results = evaluate('nix/tests/default.nix', { nixpkgsLib, secretsDir });
  for (const result of results) report(result.ok, result.name, result.detail);
}

/** systemd-analyze's "Overall exposure level for x.service: 1.6 OK" line, as a number. */
function exposureOf(output) {
  const line = output.split('\n').find((text) => text.includes('Overall exposure level'));
  const value = line ? Number.parseFloat(line.slice(line.lastIndexOf(':') + 1)) : Number.NaN;
  return { line: line?.trim() ?? '(no exposure line)', value };
}

function nixosTests(nixpkgsLib, nixosSrc, work, canaries) {
  process.stdout.write(`# nix/tests/nixos.nix: units rendered by ${nixosSrc}, checked with systemd-analyze\n`);
  // ExecStart must exist for `verify`; this one prints its environment, which checks the wrapper.
  const packageDir = join(work, 'package');
  mkdirSync(join(packageDir, 'bin'), { recursive: true });
  writeFileSync(join(packageDir, 'bin', 'atlassian-mcp'), '#!/bin/sh\nexec env\n');
  chmodSync(join(packageDir, 'bin', 'atlassian-mcp'), 0o755);

  const rendered = evaluate('nix/tests/nixos.nix', {
    nixpkgsLib, nixosSrc, secretsDir: join(work, 'secrets'), packageDir,
  });
  for (const flavor of ['user', 'system']) {
    report(rendered.problems[flavor].length === 0, `${flavor} service: no failed assertion or warning under NixOS's types`,
      rendered.problems[flavor].join('\n'));
  }

  const runtimeDir = join(work, 'xdg-runtime');
  mkdirSync(runtimeDir, { mode: 0o700 });
  const env = { ...process.env, XDG_RUNTIME_DIR: runtimeDir, SYSTEMD_LOG_COLOR: '0', SYSTEMD_COLORS: '0' };
  for (const flavor of ['user', 'system']) {
    const dir = join(work, `units-${flavor}`);
    mkdirSync(dir);
    for (const [name, text] of Object.entries(rendered[flavor])) writeFileSync(join(dir, name), text);
    const modeArgs = flavor === 'user' ? ['--user'] : [];
    const unitText = Object.values(rendered[flavor]).join('\n');

    report(!unitText.includes('/nix/store/'), `${flavor} units: no store path anywhere (environment, ExecStart of the test package)`,
      unitText);
    const leaked = canaries.filter((canary) => unitText.includes(canary));
    report(leaked.length === 0, `${flavor} units: no secret file content`, leaked.join('\n'));

    const verify = run('systemd-analyze', ['verify', ...modeArgs, './atlassian-mcp.socket', './atlassian-mcp.service'],
      { cwd: dir, env });
    const verifyOutput = `${verify.stdout}${verify.stderr}`.trim();
    report(verify.status === 0 && verifyOutput === '', `${flavor} units: systemd-analyze verify${flavor === 'user' ? ' --user' : ''} is clean`,
      `exit ${verify.status}\n${verifyOutput}`);

    const security = run('systemd-analyze', ['security', '--offline=true', ...modeArgs, './atlassian-mcp.service'],
      { cwd: dir, env });
    const exposure = exposureOf(`${security.stdout}${security.stderr}`);
    report(exposure.value <= MAX_EXPOSURE,
      `${flavor} service: systemd-analyze security exposure ${Number.isNaN(exposure.value) ? '?' : exposure.value} <= ${MAX_EXPOSURE}`,
      `${exposure.line}\n${security.stdout}${security.stderr}`);
  }

  // The wrapper, run as a client would: it must export the product configuration and exec the package.
  const wrapperPath = join(work, 'atlassian-mcp-wrapper');
  writeFileSync(wrapperPath, rendered.wrapper);
  const wrapped = run('sh', [wrapperPath], { env: {} });
  const exported = Object.fromEntries(wrapped.stdout.split('\n').filter((line) => line.includes('='))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  const expected = rendered.wrapperEnvironment;
  const wrong = Object.entries(expected).filter(([name, value]) => exported[name] !== value);
  const extra = Object.keys(exported).filter((name) => /^(JIRA|CONFLUENCE|MCP|ATLASSIAN)_/.test(name) && !(name in expected));
  report(wrapped.status === 0 && wrong.length === 0 && extra.length === 0,
    'wrapper: run with an empty environment, the package sees exactly the product configuration',
    `exit ${wrapped.status}\nwrong: ${JSON.stringify(wrong)}\nunexpected: ${extra.join(', ')}\n${wrapped.stderr}`);
}

function main() {
  const nixpkgsLib = process.env.NIXPKGS_LIB;
  if (!available('nix-instantiate')) {
    skip('test:nix skipped: nix-instantiate is not installed (Debian/Ubuntu: apt-get install nix-bin); see docs/nixos.md');
  } else if (!nixpkgsLib) {
    skip('test:nix skipped: NIXPKGS_LIB is not set; point it at a checkout of nixpkgs\' lib/ folder (docs/nixos.md, "Tests")');
  } else {
    const work = mkdtempSync(join(tmpdir(), 'atlassian-mcp-nix-test-'));
    try {
      // Canary secrets: the tests check their content shows up nowhere the modules write.
      const secretsDir = join(work, 'secrets');
      mkdirSync(secretsDir, { mode: 0o700 });
      const canaries = SECRET_FILES.map((name) => {
        const canary = `canary-${name}-${randomBytes(12).toString('hex')}`;
        writeFileSync(join(secretsDir, name), `${canary}\n`, { mode: 0o600 });
        return canary;
      });
      moduleTests(nixpkgsLib, secretsDir);
      const nixosSrc = process.env.NIXOS_SRC;
      if (!nixosSrc) {
        skip('real NixOS unit tests skipped: NIXOS_SRC is not set; point it at a nixpkgs nixos/ folder (docs/nixos.md, "Tests")');
      } else if (!available('systemd-analyze')) {
        skip('real NixOS unit tests skipped: systemd-analyze is not installed');
      } else {
        nixosTests(nixpkgsLib, nixosSrc, work, canaries);
      }
    } catch (error) {
      report(false, 'test:nix evaluation', error instanceof Error ? error.message : String(error));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  process.stdout.write(`# ${count} checks, ${failures} failed\n`);
  process.exit(failures > 0 ? 1 : 0);
}

main();
