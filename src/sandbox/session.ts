import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSandbox } from './server.js';

import type { Sandbox, SandboxOptions } from './server.js';

/**
 * Which flavor each product uses against the sandbox. 'cloud-jira' is the mixed setup many teams
 * have — Jira Cloud (Basic) with Confluence Data Center (Bearer PAT) — and 'cloud-confluence' the
 * reverse; together they exercise all four flavors.
 */
export type SandboxLayout = 'cloud-jira' | 'cloud-confluence' | 'cloud' | 'dc';
export const LAYOUTS: SandboxLayout[] = ['cloud-jira', 'cloud-confluence', 'cloud', 'dc'];

export interface SandboxSession {
  sandbox: Sandbox;
  /** Environment for atlassian-mcp: URLs, usernames and *_FILE paths (secrets live in 0600 files). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Environment variables that connect atlassian-mcp to a running sandbox, secrets written to files. */
export function sandboxEnv(sandbox: Sandbox, layout: SandboxLayout, secretDir: string): Record<string, string> {
  const write = (name: string, value: string) => {
    const path = join(secretDir, name);
    writeFileSync(path, `${value}\n`, { mode: 0o600 });
    return path;
  };
  const cloudToken = write('cloud-api-token', sandbox.credentials.cloudToken);
  const dcPat = write('dc-pat', sandbox.credentials.dcPat);
  const jiraCloud = layout === 'cloud-jira' || layout === 'cloud';
  const confluenceCloud = layout === 'cloud-confluence' || layout === 'cloud';
  return {
    // The sandbox is in memory on this machine: no site to protect, so sweeps run at full speed.
    HTTP_RATE_LIMIT_PER_SECOND: '0',
    // 127.0.0.1 does not look like Cloud, so the mode says it; PAT-only products stay Server/DC.
    ATLASSIAN_MODE: jiraCloud || confluenceCloud ? 'cloud' : 'self-hosted',
    JIRA_URL: jiraCloud ? sandbox.urls['jira-cloud'] : sandbox.urls['jira-dc'],
    ...(jiraCloud ? { JIRA_USERNAME: sandbox.credentials.cloudEmail, JIRA_TOKEN_FILE: cloudToken } : { JIRA_PAT_FILE: dcPat }),
    CONFLUENCE_URL: confluenceCloud ? sandbox.urls['confluence-cloud'] : sandbox.urls['confluence-dc'],
    ...(confluenceCloud
      ? { CONFLUENCE_USERNAME: sandbox.credentials.cloudEmail, CONFLUENCE_TOKEN_FILE: cloudToken }
      : { CONFLUENCE_PAT_FILE: dcPat }),
  };
}

/** Starts a sandbox and prepares the environment that points atlassian-mcp at it. */
export async function startSandboxSession(layout: SandboxLayout, options: SandboxOptions = {}): Promise<SandboxSession> {
  const sandbox = await startSandbox(options);
  const secretDir = mkdtempSync(join(tmpdir(), 'atlassian-mcp-sandbox-'));
  return {
    sandbox,
    env: sandboxEnv(sandbox, layout, secretDir),
    close: async () => {
      await sandbox.close();
      rmSync(secretDir, { recursive: true, force: true });
    },
  };
}
