// Bounded load on the HTTP transport: 50 concurrent sessions x 20 tool calls against the sandbox.
// Run: node --import tsx bench/http-load.ts [sessions] [calls]
//
// The file bundles itself first (with scripts/bundle.sh, as the program is bundled) and runs the
// bundle with --expose-gc, so the figures are those of built code, not of tsx's loader. The server
// runs on the main thread (its heap is what is measured); the sandbox and the load clients run in a
// worker thread, so neither competes with the server's event loop. Exits 1 on any error, or when the
// server's heap does not return to its baseline once every session is closed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';


import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { loadConfig } from '../src/config/index.js';
import { createLogger } from '../src/log.js';
import { KNOWN_NAMES } from '../src/mcp/registry.js';
import { loadImplementation } from '../src/lazy.js';
import { createMcpServer } from '../src/server.js';
import { quantile } from './lib/stats.js';

import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

const TOKEN = 'http-load-bench-token-5e8a1f0c9b7d';
const CALLS: [string, Record<string, unknown>][] = [
  ['jira_get_issue', { issue_key: 'DEMO-1' }],
  ['jira_search', { jql: 'project = DEMO ORDER BY key', limit: 5 }],
  ['confluence_get_page', { page_id: '98305' }],
  ['confluence_search', { query: 'release' }],
];

interface LoadResult { latencies: number[]; errors: string[]; wallMs: number }

/** Worker side: the sandbox, then `sessions` clients each making `calls` calls, all at once. */
async function worker(): Promise<void> {
  const { sessions, calls } = workerData as { sessions: number; calls: number };
  const sandbox = await (await loadImplementation()).startSandboxSession('cloud-jira');
  parentPort!.postMessage({ env: sandbox.env });
  const url = await new Promise<string>((resolve) => parentPort!.once('message', (message: { url: string }) => resolve(message.url)));
  const run = async (count: number, callsEach: number): Promise<LoadResult> => {
    const latencies: number[] = [];
    const errors: string[] = [];
    const started = performance.now();
    await Promise.all(Array.from({ length: count }, async (_, session) => {
      const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } });
      const client = new Client({ name: `load-${session}`, version: '1.0.0' });
      try {
        await client.connect(transport);
        for (let call = 0; call < callsEach; call += 1) {
          const [name, args] = CALLS[(session + call) % CALLS.length]!;
          const begun = performance.now();
          const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
          latencies.push(performance.now() - begun);
          if (result.isError) errors.push(`${name}: ${JSON.stringify(result.content).slice(0, 200)}`);
        }
        await transport.terminateSession();
      } catch (error) {
        errors.push(`session ${session}: ${(error as Error).message}`);
      } finally {
        await client.close();
      }
    }));
    return { latencies, errors, wallMs: performance.now() - started };
  };
  // The warm-up opens as many sessions as the load, so lazily built state (sockets, caches) is in the baseline.
  parentPort!.postMessage({ warmup: await run(sessions, 2) });
  // Two identical rounds: the first gives the figures, the second shows whether memory keeps growing.
  for (let round = 0; round < 2; round += 1) {
    await new Promise((resolve) => parentPort!.once('message', resolve));
    parentPort!.postMessage({ load: await run(sessions, calls) });
  }
  await new Promise((resolve) => parentPort!.once('message', resolve));
  const unmatched = sandbox.sandbox.unmatched.length;
  await sandbox.close();
  parentPort!.postMessage({ done: true, unmatched });
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Heap and RSS after a full collection (the bench is run with --expose-gc). */
async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 3; i += 1) {
    global.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return process.memoryUsage();
}

/** Bundles this file as scripts/bundle.sh bundles the program (main part + appended implementation), runs it, returns its exit code. */
async function runBundled(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'http-load-'));
  const outfile = join(dir, 'http-load.mjs');
  try {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const bundled = spawnSync('sh', ['scripts/bundle.sh', outfile], {
      cwd: root, stdio: 'inherit', env: { ...process.env, ESBUILD: join(root, 'node_modules/.bin/esbuild'), VERSION: 'bench', ENTRY: 'bench/http-load.ts' },
    });
    if (bundled.status !== 0) return bundled.status ?? 1;
    return spawnSync(process.execPath, ['--expose-gc', outfile, ...process.argv.slice(2)], { stdio: 'inherit' }).status ?? 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sessions = Number(process.argv[2] ?? 50);
  const calls = Number(process.argv[3] ?? 20);
  const child = new Worker(new URL(import.meta.url), { workerData: { sessions, calls } });
  const next = <T>() => new Promise<T>((resolve, reject) => {
    child.once('message', resolve);
    child.once('error', reject);
  });
  const { env } = await next<{ env: Record<string, string> }>();
  const tokenFile = join(mkdtempSync(join(tmpdir(), 'http-load-')), 'token');
  writeFileSync(tokenFile, TOKEN, { mode: 0o600 });
  const config = loadConfig({ ...env, MCP_TRANSPORT: 'http', MCP_PORT: '0', MCP_AUTH_TOKEN_FILE: tokenFile, TOOLSETS: 'all' }, KNOWN_NAMES);
  const log = createLogger('warn');
  // As the program runs it: the HTTP transport, clients and tools from the lazily loaded part (src/lazy.ts).
  const { createClients, startHttpServer } = await loadImplementation();
  const clients = createClients(config, log);
  const server = await startHttpServer(config, () => createMcpServer(config, clients, log), log);
  child.postMessage({ url: server.url });
  const { warmup } = await next<{ warmup: LoadResult }>();
  const before = await settledMemory();
  let peakHeap = 0;
  let peakRss = 0;
  let peakSessions = 0;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
    peakSessions = Math.max(peakSessions, server.sessionCount());
  }, 100);
  const idle = performance.eventLoopUtilization();
  child.postMessage('go');
  const { load } = await next<{ load: LoadResult }>();
  const busy = performance.eventLoopUtilization(idle).utilization;
  clearInterval(sampler);
  const after = await settledMemory();
  child.postMessage('again');
  const { load: second } = await next<{ load: LoadResult }>();
  const afterSecond = await settledMemory();
  child.postMessage('finish');
  const { unmatched } = await next<{ unmatched: number }>();
  await server.shutdown('bench done');
  await child.terminate();

  const total = sessions * calls;
  const errors = [...warmup.errors, ...load.errors, ...second.errors];
  const heapGrowth = after.heapUsed - before.heapUsed;
  const roundGrowth = afterSecond.heapUsed - after.heapUsed;
  // Back to baseline: within 3 MB of the heap before the load (code compiled and caches filled on the
  // way, allocator noise), a second identical round adds less than 1 MB (no leak per session), and no
  // session is left open.
  const returned = heapGrowth < 3 * 1024 * 1024 && roundGrowth < 1024 * 1024 && server.sessionCount() === 0;
  const lines = [
    `HTTP load: ${sessions} concurrent sessions x ${calls} calls = ${total} tool calls (server on its own thread; sandbox + clients in a worker)`,
    `errors: ${errors.length}${unmatched ? `, ${unmatched} unrouted sandbox requests` : ''}`,
    `calls completed: ${load.latencies.length} in ${(load.wallMs / 1000).toFixed(2)} s -> ${(load.latencies.length / (load.wallMs / 1000)).toFixed(0)} calls/s`,
    `latency per call: p50 ${quantile(load.latencies, 0.5)} ms, p99 ${quantile(load.latencies, 0.99)} ms, max ${quantile(load.latencies, 1)} ms`,
    `sessions open at peak: ${peakSessions}; after close: ${server.sessionCount()}; server thread busy ${(busy * 100).toFixed(0)}% of the time`,
    `server heap: before ${mb(before.heapUsed)}, peak ${mb(peakHeap)}, after close + GC ${mb(after.heapUsed)} (${heapGrowth >= 0 ? '+' : ''}${mb(heapGrowth)}), ` +
      `after a second round ${mb(afterSecond.heapUsed)} (${roundGrowth >= 0 ? '+' : ''}${mb(roundGrowth)})`,
    `process RSS: before ${mb(before.rss)}, peak ${mb(peakRss)}, after ${mb(after.rss)}, after a second round ${mb(afterSecond.rss)}`,
    `memory back to baseline: ${returned ? 'yes' : 'NO'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  for (const error of errors.slice(0, 10)) process.stdout.write(`  error: ${error}\n`);
  process.exitCode = errors.length + unmatched === 0 && load.latencies.length === total && second.latencies.length === total && returned ? 0 : 1;
}

if (!import.meta.url.endsWith('.mjs')) process.exitCode = await runBundled();
else if (isMainThread) await main();
else await worker();
