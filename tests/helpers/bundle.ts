import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The built single-file program; `npm test` builds it first (ATLASSIAN_MCP_BUNDLE points elsewhere). */
export const BUNDLE = resolve(process.env.ATLASSIAN_MCP_BUNDLE || 'dist/atlassian-mcp.mjs');

export function assertBundleBuilt(): void {
  assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run npm run build (npm test does it first)`);
}

/** Only what the program needs: no inherited Atlassian variables from the developer's shell. */
export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  // NODE_V8_COVERAGE is c8's channel: children started from the sources report their coverage there.
  const coverage: Record<string, string> = process.env.NODE_V8_COVERAGE ? { NODE_V8_COVERAGE: process.env.NODE_V8_COVERAGE } : {};
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...coverage, ...extra };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** How to start the program: the built bundle, or the TypeScript sources through tsx (counted by coverage). */
export const BUNDLE_COMMAND = [BUNDLE];
export const SOURCE_COMMAND = ['--import', 'tsx', resolve('src/main.ts')];

/** Runs the program to completion with the given arguments and environment. */
export function runBundle(args: string[], env: Record<string, string>, input = '', command = BUNDLE_COMMAND): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...command, ...args], { env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
