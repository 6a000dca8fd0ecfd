import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Sandbox } from '../src/sandbox/server.js';

// The other Atlassian MCP servers on the npm registry, installed at bench time into bench/peers/
// (git-ignored, never vendored) and pointed at the sandbox where they allow it.

export interface PeerCall {
  /** What the call measures: one of the facts every server is asked for. */
  fact: 'search50' | 'comments20' | 'largePage';
  tool: string;
  args: Record<string, unknown>;
}

export interface Peer {
  id: string;
  npm: string;
  /** Entry file inside the installed package. */
  entry: string;
  products: string;
  /** Environment pointing it at the sandbox, or the reason it cannot be. */
  env(sandbox: Sandbox): Record<string, string>;
  pointable: true | string;
  calls: PeerCall[];
}

export const PEERS: Peer[] = [
  {
    id: 'aashari-jira',
    npm: '@aashari/mcp-server-atlassian-jira',
    entry: 'dist/index.js',
    products: 'Jira Cloud',
    env: () => ({ ATLASSIAN_SITE_NAME: 'sandbox', ATLASSIAN_USER_EMAIL: 'alice@example.com', ATLASSIAN_API_TOKEN: 'not-used' }),
    pointable: 'builds its base URL as https://<ATLASSIAN_SITE_NAME>.atlassian.net, so it cannot reach a local site: start-up and tools/list only',
    calls: [],
  },
  {
    id: 'jira-datacenter-mcp',
    npm: 'jira-datacenter-mcp',
    entry: 'dist/run.js',
    products: 'Jira Data Center',
    env: (sandbox) => ({ JIRA_HOST: sandbox.urls['jira-dc'], JIRA_API_TOKEN: sandbox.credentials.dcPat }),
    pointable: true,
    calls: [
      { fact: 'search50', tool: 'jira_search_issues', args: { jql: 'project = DEMO ORDER BY key ASC', maxResults: 50 } },
      { fact: 'comments20', tool: 'jira_get_issue_comments', args: { issueKey: 'DEMO-2' } },
    ],
  },
  {
    id: 'confluence-datacenter-mcp',
    npm: 'confluence-datacenter-mcp',
    entry: 'dist/run.js',
    products: 'Confluence Data Center',
    env: (sandbox) => ({ CONFLUENCE_HOST: sandbox.urls['confluence-dc'], CONFLUENCE_API_TOKEN: sandbox.credentials.dcPat }),
    pointable: true,
    calls: [{ fact: 'largePage', tool: 'confluence_get_content', args: { contentId: '98306', expand: 'body.storage,version,space' } }],
  },
  {
    id: 'mcp-atlassian (npm)',
    npm: 'mcp-atlassian',
    entry: 'dist/index.js',
    products: 'Jira + Confluence Cloud',
    env: (sandbox) => ({ ATLASSIAN_BASE_URL: sandbox.urls['jira-cloud'], ATLASSIAN_EMAIL: sandbox.credentials.cloudEmail, ATLASSIAN_API_TOKEN: sandbox.credentials.cloudToken }),
    pointable: true,
    calls: [],
  },
];

export const PEERS_DIR = join(import.meta.dirname, 'peers');

/** Installs (or reuses) every peer; returns what installed and why the others did not. */
export function installPeers(): { installed: Peer[]; failed: { peer: Peer; reason: string }[] } {
  mkdirSync(PEERS_DIR, { recursive: true });
  const missing = PEERS.filter((peer) => !existsSync(entryPath(peer)));
  if (missing.length > 0) {
    const result = spawnSync('npm', ['install', '--prefix', PEERS_DIR, '--no-audit', '--no-fund', '--ignore-scripts', '--no-save',
      ...missing.map((peer) => peer.npm)], { encoding: 'utf8' });
    if (result.status !== 0) process.stderr.write(`bench: npm install of peers failed:\n${result.stderr}\n`);
  }
  const installed = PEERS.filter((peer) => existsSync(entryPath(peer)));
  const failed = PEERS.filter((peer) => !installed.includes(peer)).map((peer) => ({ peer, reason: 'npm install failed or the package has no entry file' }));
  return { installed, failed };
}

export function entryPath(peer: Peer): string {
  return join(PEERS_DIR, 'node_modules', peer.npm, peer.entry);
}

export function peerVersion(peer: Peer): string {
  try {
    return JSON.parse(readFileSync(join(PEERS_DIR, 'node_modules', peer.npm, 'package.json'), 'utf8')).version as string;
  } catch {
    return '?';
  }
}
