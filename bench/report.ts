import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ALL_TOOLS } from '../src/mcp/registry.js';
import { median, quantile, tokens } from './lib/stats.js';
import { PYTHON_OPERATIONS } from './python-operations.js';

import type { ColdStartResult } from './measure.js';

// docs/performance.md and its charts, from one bench run's results.

interface Results {
  date: string;
  machine: { cpus: number; cpuModel?: string; memoryGiB: number; node: string };
  runs: number;
  coldStart: ColdStartResult[];
  peers: { id: string; npm: string; version: string; products: string; pointable: true | string }[];
  economy: Record<string, unknown>[];
  overhead: { iterations: number; directP50: number; directP99: number; mcpP50: number; mcpP99: number; addedP50: number; addedP99: number };
  conversion: Record<string, number | string>;
  http: { sessions: number; callsPerSession: number; ok: boolean; report: string }[];
}

const escapeXml = (text: string) => text.split('&').join('&amp;').split('<').join('&lt;').split('>').join('&gt;');

/** A horizontal bar chart as SVG: one bar per label, value printed at the end. */
export function barChart(title: string, unit: string, bars: { label: string; value: number; ours?: boolean }[]): string {
  const width = 760;
  const labelWidth = 260;
  const rowHeight = 26;
  const height = 40 + bars.length * rowHeight + 10;
  const max = Math.max(...bars.map((bar) => bar.value), 1);
  const rows = bars.map((bar, index) => {
    const y = 40 + index * rowHeight;
    const length = Math.max(1, Math.round(((width - labelWidth - 90) * bar.value) / max));
    return `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end" font-size="12">${escapeXml(bar.label)}</text>` +
      `<rect x="${labelWidth}" y="${y + 4}" width="${length}" height="16" fill="${bar.ours ? '#0052cc' : '#97a0af'}"/>` +
      `<text x="${labelWidth + length + 6}" y="${y + 16}" font-size="12">${bar.value.toLocaleString('en-US')} ${unit}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">` +
    `<rect width="100%" height="100%" fill="white"/><text x="10" y="22" font-size="14" font-weight="bold">${escapeXml(title)}</text>` +
    `${rows.join('')}</svg>\n`;
}

export function writeReport(results: Results, root: string): void {
  const started = results.coldStart.filter((entry) => !entry.error);
  const ours = (id: string) => results.coldStart.find((entry) => entry.id === id);
  writeFileSync(join(root, 'docs/performance-cold-start.svg'), barChart(`Cold start: spawn -> tools/list answered (median of ${results.runs})`, 'ms',
    started.map((entry) => ({ label: entry.id, value: Math.round(median(entry.listMs)), ours: entry.id.startsWith('atlassian-mcp') }))));
  writeFileSync(join(root, 'docs/performance-tools-list.svg'), barChart('tools/list size', 'chars',
    started.map((entry) => ({ label: `${entry.id} (${entry.tools} tools)`, value: entry.listChars ?? 0, ours: entry.id.startsWith('atlassian-mcp') }))));

  const lines: string[] = [
    '# Performance',
    '',
    `<!-- Written by \`npm run bench\` (bench/run.ts) on ${results.date.slice(0, 10)}; raw figures in bench/results/latest.json. -->`,
    '',
    `Measured by \`npm run bench\` in one run on ${results.machine.cpus} cores (${results.machine.cpuModel ?? 'unknown CPU'}), ` +
      `${results.machine.memoryGiB} GiB, Node ${results.machine.node}. Peers are installed from the npm registry at bench time ` +
      'into bench/peers/ and pointed at the built-in sandbox on 127.0.0.1 where they allow it. The most used server (Python, ' +
      'mcp-atlassian on PyPI) cannot be installed on this machine, which reaches only the npm and Debian registries.',
    '',
    '## Peers',
    '',
    '| Server | Version | Products | Pointed at the sandbox |',
    '|---|---|---|---|',
    ...results.peers.map((peer) => `| ${peer.id} (\`${peer.npm}\`) | ${peer.version} | ${peer.products} | ${peer.pointable === true ? 'yes' : `no: ${peer.pointable}`} |`),
    '',
    '## 1. Cold start',
    '',
    `Spawn -> \`initialize\` answered -> \`tools/list\` answered, ${results.runs} runs, servers interleaved.`,
    '',
    '![cold start](performance-cold-start.svg)',
    '',
    '| Server | Tools | initialize p50 (p10-p90) ms | tools/list p50 (p10-p90) ms |',
    '|---|---|---|---|',
    ...results.coldStart.map((entry) => entry.error
      ? `| ${entry.id} | - | failed: ${entry.error.split('\n')[0]?.slice(0, 120)} | - |`
      : `| ${entry.id} | ${entry.tools} | ${median(entry.initializeMs)} (${quantile(entry.initializeMs, 0.1)}-${quantile(entry.initializeMs, 0.9)}) | ` +
        `${median(entry.listMs)} (${quantile(entry.listMs, 0.1)}-${quantile(entry.listMs, 0.9)}) |`),
    '',
    '## 2. Tool-list footprint',
    '',
    '![tools/list size](performance-tools-list.svg)',
    '',
    '| Server | Tools | Characters | ~Tokens | Characters per tool |',
    '|---|---|---|---|---|',
    ...started.map((entry) => `| ${entry.id} | ${entry.tools} | ${entry.listChars} | ${tokens(entry.listChars ?? 0)} | ${Math.round((entry.listChars ?? 0) / Math.max(1, entry.tools ?? 1))} |`),
    '',
    '## 3. Result economy',
    '',
    'Characters of the text the model reads for the same facts, against the raw upstream JSON.',
    '',
    '| Fact | Server | Characters | Raw JSON | Share of raw |',
    '|---|---|---|---|---|',
    ...results.economy.map((row) => {
      const chars = row.chars as number | undefined;
      const raw = row.raw as number | undefined;
      const value = row.error && chars === undefined ? `failed: ${String(row.error).slice(0, 80)}` : `${chars}${row.isError ? ' (error result)' : ''}`;
      return `| ${String(row.fact)} | ${String(row.server)} | ${value} | ${raw ?? ''} | ${chars && raw ? `${Math.round((chars / raw) * 100)} %` : ''} |`;
    }),
    '',
    '## 4. Overhead per tool call',
    '',
    `jira_get_issue through MCP (stdio, bundle) vs the same upstream request with got, alternated, ${results.overhead.iterations} calls each; "added" is the p50/p99 of each MCP call minus the direct request just before it. The same issue is read each time, so after the first call its description's Markdown comes from the conversion cache (src/jira/format.ts).`,
    '',
    '| | p50 ms | p99 ms |',
    '|---|---|---|',
    `| direct got | ${results.overhead.directP50} | ${results.overhead.directP99} |`,
    `| through MCP | ${results.overhead.mcpP50} | ${results.overhead.mcpP99} |`,
    `| added | ${results.overhead.addedP50} | ${results.overhead.addedP99} |`,
    '',
    '## 5. Throughput and memory (HTTP)',
    '',
    'bench/http-load.ts against the sandbox over the Streamable HTTP transport (server on the main thread, sandbox and clients in a worker):',
    '',
    ...results.http.flatMap((run) => [`**${run.sessions} concurrent session(s) x ${run.callsPerSession} calls**${run.ok ? '' : ' (FAILED)'}`, '', '```', run.report, '```', '']),
    '',
    '## 6. Conversion throughput (~1 MB documents)',
    '',
    '| Direction | MB/s |',
    '|---|---|',
    ...Object.entries(results.conversion).map(([direction, value]) => `| ${direction} | ${value} |`),
    '',
    '## Targets',
    '',
    ...targets(results, ours, started),
    '',
  ];
  writeFileSync(join(root, 'docs/performance.md'), lines.join('\n'));
}

function targets(results: Results, ours: (id: string) => ColdStartResult | undefined, started: ColdStartResult[]): string[] {
  const all = ours('atlassian-mcp (all tools)');
  const defaults = ours('atlassian-mcp (default)');
  const floor = ours('Node + SDK floor (1 tool)');
  const peers = started.filter((entry) => !entry.id.startsWith('atlassian-mcp') && !entry.id.startsWith('Node + SDK'));
  const fastestPeer = Math.min(...peers.map((entry) => median(entry.listMs)));
  const search = results.economy.find((row) => row.fact === '50-issue search' && row.server === 'atlassian-mcp');
  const rows: [string, string, boolean][] = [];
  if (all && floor) {
    const ms = median(all.listMs);
    rows.push([`Cold start, all tools, no slower than the fastest peer (${fastestPeer} ms)`, `${ms} ms`, ms <= fastestPeer]);
    rows.push([`Cold start within 1.3x of the SDK floor (${median(floor.listMs)} ms)`, `${(ms / median(floor.listMs)).toFixed(2)}x`, ms <= 1.3 * median(floor.listMs)]);
  }
  if (defaults) rows.push(['Default tools/list under 8,000 characters', String(defaults.listChars), (defaults.listChars ?? Infinity) < 8000]);
  if (all) rows.push(['TOOLSETS=all tools/list under 45,000 characters', String(all.listChars), (all.listChars ?? Infinity) < 45000]);
  const covered = PYTHON_OPERATIONS.filter((entry) => entry.ours !== null).length;
  const ownOnly = ALL_TOOLS.filter((tool) => !PYTHON_OPERATIONS.some((entry) => entry.ours === tool.name)).length;
  const operations = covered + ownOnly;
  rows.push([`...while covering as many operations as the Python server (98): its tools covered + our tools it lacks (bench/python-operations.ts)`,
    `${covered} + ${ownOnly} = ${operations}`, operations >= PYTHON_OPERATIONS.length]);
  if (search?.chars && search.raw) {
    rows.push(['50-issue search under 1/4 of the raw JSON', `${Math.round(((search.chars as number) / (search.raw as number)) * 100)} %`, (search.chars as number) < (search.raw as number) / 4]);
  }
  rows.push(['p50 overhead under 2 ms', `${results.overhead.addedP50} ms`, results.overhead.addedP50 < 2]);
  return ['| Target | Measured | Met |', '|---|---|---|', ...rows.map(([target, measured, met]) => `| ${target} | ${measured} | ${met ? 'yes' : 'NO'} |`)];
}
