import { got } from 'got';

import { adfToMarkdown } from '../src/convert/adf/to-markdown.js';
import { storageToMarkdown } from '../src/convert/storage/to-markdown.js';
import { seedConfluence } from '../src/sandbox/data/confluence.js';
import { seedJira } from '../src/sandbox/data/jira.js';
import { coldStart, INITIALIZE, startStdio } from './lib/stdio.js';
import { quantile } from './lib/stats.js';

import type { Sandbox } from '../src/sandbox/server.js';
import type { StdioServer } from './lib/stdio.js';

// The measurements of `npm run bench`, one function per figure of the benchmark issue.

export interface Contender {
  id: string;
  command: string;
  args: string[];
  env: Record<string, string>;
}

export interface ColdStartResult {
  id: string;
  initializeMs: number[];
  listMs: number[];
  tools?: number;
  listChars?: number;
  error?: string;
}

/** Spawn -> initialize -> tools/list, `runs` times, contenders interleaved so drift hits all alike. */
export async function measureColdStart(contenders: Contender[], runs: number): Promise<ColdStartResult[]> {
  const results = contenders.map((c): ColdStartResult => ({ id: c.id, initializeMs: [], listMs: [] }));
  for (let run = 0; run < runs; run += 1) {
    for (const [index, contender] of contenders.entries()) {
      const result = results[index]!;
      if (result.error) continue;
      try {
        const sample = await coldStart(contender.command, contender.args, contender.env);
        result.initializeMs.push(sample.initializeMs);
        result.listMs.push(sample.listMs);
        result.tools = sample.tools.length;
        result.listChars = JSON.stringify({ tools: sample.tools }).length;
      } catch (error) {
        result.error = (error as Error).message.slice(0, 200);
      }
    }
  }
  return results;
}

/** A running stdio server, initialized. */
export async function connect(contender: Contender): Promise<StdioServer> {
  const server = startStdio(contender.command, contender.args, contender.env);
  const init = await server.request('initialize', INITIALIZE);
  if (init.error) throw new Error(`initialize failed: ${JSON.stringify(init.error).slice(0, 300)}`);
  server.notify('notifications/initialized');
  return server;
}

/** Characters of the text a tool call returns (what the model reads), or the error. */
export async function callChars(server: StdioServer, tool: string, args: Record<string, unknown>): Promise<{ chars?: number; isError?: boolean; error?: string }> {
  const response = await server.request('tools/call', { name: tool, arguments: args }, 60_000);
  if (response.error) return { error: JSON.stringify(response.error).slice(0, 200) };
  const text = (response.result.content as { type: string; text?: string }[]).map((part) => part.text ?? '').join('\n');
  return response.result.isError ? { isError: true, error: text.slice(0, 200), chars: text.length } : { chars: text.length };
}

/** Raw JSON characters of an upstream request, fetched directly with got (the PAT of the DC sites). */
export async function rawChars(sandbox: Sandbox, site: 'jira-dc' | 'confluence-dc', path: string, searchParams: Record<string, string | number>): Promise<number> {
  const body = await got(`${sandbox.urls[site]}${path}`, {
    searchParams, headers: { authorization: `Bearer ${sandbox.credentials.dcPat}` }, responseType: 'text',
  }).text();
  return body.length;
}

/**
 * Added latency of one tool call: the same upstream request issued directly with got vs through MCP
 * (stdio, our bundle), alternated, after a warm-up. Returns p50/p99 of both and of the difference.
 */
export async function measureOverhead(server: StdioServer, sandbox: Sandbox, iterations: number) {
  const direct: number[] = [];
  const viaMcp: number[] = [];
  /** Each MCP call minus the direct request just before it: the added latency, paired so drift cancels. */
  const added: number[] = [];
  const client = got.extend({ headers: { authorization: `Bearer ${sandbox.credentials.dcPat}` }, responseType: 'text' });
  const fields = 'summary,status,issuetype,priority,assignee,reporter,created,updated,duedate,labels,components,fixVersions,parent,resolution,project,description';
  for (let i = 0; i < iterations + 20; i += 1) {
    let started = performance.now();
    await client(`${sandbox.urls['jira-dc']}/rest/api/2/issue/DEMO-2`, { searchParams: { fields } }).text();
    const d = performance.now() - started;
    started = performance.now();
    const response = await server.request('tools/call', { name: 'jira_get_issue', arguments: { issue_key: 'DEMO-2' } });
    const m = performance.now() - started;
    if (response.error || response.result.isError) throw new Error('overhead: jira_get_issue failed');
    if (i >= 20) {
      direct.push(d);
      viaMcp.push(m);
      added.push(m - d);
    }
  }
  return {
    iterations,
    directP50: quantile(direct, 0.5), directP99: quantile(direct, 0.99),
    mcpP50: quantile(viaMcp, 0.5), mcpP99: quantile(viaMcp, 0.99),
    addedP50: Math.round(quantile(added, 0.5) * 10) / 10,
    addedP99: Math.round(quantile(added, 0.99) * 10) / 10,
  };
}

/** About `bytes` of realistic input, by repeating seed documents. */
function bigAdf(bytes: number): Record<string, unknown> {
  const seed = seedJira().issues.filter((issue) => issue.description).map((issue) => issue.description!.adf);
  const content: unknown[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i += 1) {
    const doc = seed[i % seed.length] as { content: unknown[] };
    content.push(...doc.content);
    size += JSON.stringify(doc.content).length;
  }
  return { type: 'doc', version: 1, content };
}

function bigStorage(bytes: number): string {
  const pages = seedConfluence().pages.map((page) => page.storage);
  let out = '';
  for (let i = 0; out.length < bytes; i += 1) out += pages[i % pages.length];
  return out;
}

function throughput(run: () => unknown, bytes: number, repeats = 3): number {
  run(); // warm-up: JIT and lazy initialisation
  const started = performance.now();
  for (let i = 0; i < repeats; i += 1) run();
  const seconds = (performance.now() - started) / 1000 / repeats;
  return Math.round((bytes / 1_000_000 / seconds) * 10) / 10;
}

/** MB/s of each converter direction on a ~1 MB document; a direction not built yet is reported as such. */
export async function measureConversion(): Promise<Record<string, number | string>> {
  const adf = bigAdf(1_000_000);
  const storage = bigStorage(1_000_000);
  const adfBytes = JSON.stringify(adf).length;
  const markdownFromAdf = adfToMarkdown(adf);
  const markdownFromStorage = storageToMarkdown(storage);
  const result: Record<string, number | string> = {
    'ADF -> Markdown': throughput(() => adfToMarkdown(adf), adfBytes),
    'storage -> Markdown': throughput(() => storageToMarkdown(storage), storage.length),
  };
  const adfWriter = await import('../src/convert/adf/from-markdown.js').catch(() => undefined) as { markdownToAdf?: (md: string) => unknown } | undefined;
  result['Markdown -> ADF'] = adfWriter?.markdownToAdf
    ? throughput(() => adfWriter.markdownToAdf!(markdownFromAdf), markdownFromAdf.length)
    : 'not built yet';
  const storageWriter = await import('../src/convert/storage/from-markdown.js').catch(() => undefined) as { markdownToStorage?: (md: string) => string } | undefined;
  result['Markdown -> storage'] = storageWriter?.markdownToStorage
    ? throughput(() => storageWriter.markdownToStorage!(markdownFromStorage), markdownFromStorage.length)
    : 'not built yet';
  return result;
}
