// npm run bench: measures atlassian-mcp side by side with the other Atlassian MCP servers in one run,
// writes bench/results/latest.json and the report docs/performance.md (+ SVG charts).
// Not part of npm test: it installs peers from the npm registry and takes a few minutes.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

import { build } from 'esbuild';

import { startSandboxSession } from '../src/sandbox/session.js';
import { callChars, connect, measureColdStart, measureConversion, measureOverhead, rawChars } from './measure.js';
import { entryPath, installPeers, peerVersion } from './peers.js';
import { writeReport } from './report.js';

import type { Contender } from './measure.js';

const ROOT = resolve(import.meta.dirname, '..');
// 21 interleaved runs: on a shared 2-core VM, medians of 11 moved by 10-15 % from run to run.
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const BASE_ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'silent' };

async function main(): Promise<void> {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('build failed');
  const floor = join(ROOT, 'bench/.cache/floor.mjs');
  mkdirSync(join(ROOT, 'bench/.cache'), { recursive: true });
  await build({ entryPoints: [join(ROOT, 'bench/floor-server.ts')], outfile: floor, bundle: true, platform: 'node', format: 'esm', target: 'node20', minify: true, logLevel: 'warning' });
  const { installed, failed } = installPeers();

  const session = await startSandboxSession('dc');
  try {
    const ours = (extra: Record<string, string>): Contender['env'] => ({ ...BASE_ENV, ...session.env, ...extra });
    const bundle = join(ROOT, 'dist/atlassian-mcp.mjs');
    const contenders: Contender[] = [
      { id: 'atlassian-mcp (all tools)', command: process.execPath, args: [bundle], env: ours({ TOOLSETS: 'all' }) },
      { id: 'atlassian-mcp (default)', command: process.execPath, args: [bundle], env: ours({}) },
      { id: 'atlassian-mcp (read-only, all)', command: process.execPath, args: [bundle], env: ours({ TOOLSETS: 'all', READ_ONLY_MODE: 'true' }) },
      { id: 'Node + SDK floor (1 tool)', command: process.execPath, args: [floor], env: BASE_ENV },
      ...installed.map((peer) => ({ id: `${peer.id} ${peerVersion(peer)}`, command: process.execPath, args: [entryPath(peer)], env: { ...BASE_ENV, ...peer.env(session.sandbox) } })),
    ];
    process.stderr.write(`bench: cold start, ${RUNS} runs x ${contenders.length} servers\n`);
    const coldStart = await measureColdStart(contenders, RUNS);

    process.stderr.write('bench: result economy\n');
    const server = await connect(contenders[0]!);
    const economy: Record<string, unknown>[] = [];
    const has = async (tool: string) => ((await server.request('tools/list', {})).result.tools as { name: string }[]).some((t) => t.name === tool);
    economy.push({
      fact: '50-issue search', server: 'atlassian-mcp', ...(await callChars(server, 'jira_search', { jql: 'project = DEMO ORDER BY key ASC', limit: 50 })),
      raw: await rawChars(session.sandbox, 'jira-dc', '/rest/api/2/search', { jql: 'project = DEMO ORDER BY key ASC', maxResults: 50 }),
      rawNote: 'GET /rest/api/2/search, maxResults=50, default fields',
    });
    const commentsTool = (await has('jira_get_comments')) ? 'jira_get_comments' : undefined;
    economy.push(commentsTool
      ? { fact: 'issue with 20 comments', server: 'atlassian-mcp', ...(await callChars(server, commentsTool, { issue_key: 'DEMO-2' })),
          raw: await rawChars(session.sandbox, 'jira-dc', '/rest/api/2/issue/DEMO-2/comment', {}), rawNote: 'GET /rest/api/2/issue/DEMO-2/comment' }
      : { fact: 'issue with 20 comments', server: 'atlassian-mcp', error: 'jira_get_comments is not built yet' });
    economy.push({
      fact: 'large Confluence page', server: 'atlassian-mcp', ...(await callChars(server, 'confluence_get_page', { page_id: '98306' })),
      raw: await rawChars(session.sandbox, 'confluence-dc', '/rest/api/content/98306', { expand: 'body.storage,version,space' }),
      rawNote: 'GET /rest/api/content/98306?expand=body.storage,version,space',
    });
    for (const peer of installed) {
      if (peer.pointable !== true || peer.calls.length === 0) continue;
      try {
        const peerServer = await connect({ id: peer.id, command: process.execPath, args: [entryPath(peer)], env: { ...BASE_ENV, ...peer.env(session.sandbox) } });
        for (const call of peer.calls) {
          const fact = { search50: '50-issue search', comments20: 'issue with 20 comments', largePage: 'large Confluence page' }[call.fact];
          economy.push({ fact, server: peer.id, tool: call.tool, ...(await callChars(peerServer, call.tool, call.args)) });
        }
        await peerServer.close();
      } catch (error) {
        economy.push({ fact: '-', server: peer.id, error: (error as Error).message.slice(0, 200) });
      }
    }

    process.stderr.write('bench: overhead\n');
    const overhead = await measureOverhead(server, session.sandbox, 400);
    await server.close();

    process.stderr.write('bench: conversion\n');
    const conversion = await measureConversion();

    // Throughput and memory over HTTP: bench/http-load.ts with 1, 10 and 50 concurrent sessions.
    process.stderr.write('bench: HTTP load\n');
    const http = [1, 10, 50].map((sessions) => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/http-load.ts', String(sessions), '20'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
      return { sessions, callsPerSession: 20, ok: run.status === 0, report: (run.stdout || run.stderr).trim() };
    });

    const results = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
      runs: RUNS,
      coldStart,
      peers: [
        ...installed.map((peer) => ({ id: peer.id, npm: peer.npm, version: peerVersion(peer), products: peer.products, pointable: peer.pointable })),
        ...failed.map(({ peer, reason }) => ({ id: peer.id, npm: peer.npm, version: 'not installed', products: peer.products, pointable: reason })),
      ],
      economy,
      overhead,
      conversion,
      http,
    };
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
    writeReport(results, ROOT);
    process.stderr.write('bench: wrote bench/results/latest.json, docs/performance.md\n');
  } finally {
    await session.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
