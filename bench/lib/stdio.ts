import { spawn } from 'node:child_process';

import type { ChildProcessWithoutNullStreams } from 'node:child_process';

// A minimal JSON-RPC-over-stdio driver, the same for our server and every peer, so start-up and list
// timings measure the servers and not a client library.

export interface StdioServer {
  child: ChildProcessWithoutNullStreams;
  request(method: string, params?: unknown, timeoutMs?: number): Promise<{ result?: any; error?: any; ms: number }>;
  notify(method: string, params?: unknown): void;
  close(): Promise<void>;
  stderr(): string;
}

export function startStdio(command: string, args: string[], env: Record<string, string>, cwd?: string): StdioServer {
  const child = spawn(command, args, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let buffer = '';
  let stderr = '';
  let nextId = 1;
  const waiting = new Map<number, (message: any) => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (!line) continue;
      let message: any;
      try {
        message = JSON.parse(line);
      } catch {
        continue; // a peer that writes logs to stdout; its own problem, not ours to crash on
      }
      const resolve = waiting.get(message.id);
      if (resolve) {
        waiting.delete(message.id);
        resolve(message);
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  let exited = false;
  const onExit = new Promise<void>((resolve) => child.once('close', () => {
    exited = true;
    // A server that dies answers nothing more: fail what is pending instead of waiting for timeouts.
    for (const [id, resolveMessage] of waiting) resolveMessage({ id, error: { message: `exited: ${stderr.slice(-300)}` } });
    waiting.clear();
    resolve();
  }));
  return {
    child,
    request(method, params, timeoutMs = 30_000) {
      const id = nextId++;
      const started = performance.now();
      if (exited) return Promise.resolve({ error: { message: `exited: ${stderr.slice(-300)}` }, ms: 0 });
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${method} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, (message) => {
          clearTimeout(timer);
          resolve({ result: message.result, error: message.error, ms: performance.now() - started });
        });
        child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
      });
    },
    notify(method, params) {
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method, params })}\n`);
    },
    async close() {
      if (exited) return;
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await onExit;
      clearTimeout(timer);
    },
    stderr: () => stderr,
  };
}

export const INITIALIZE = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'atlassian-mcp-bench', version: '1.0.0' },
};

/** Spawn -> initialize answered -> tools/list answered, in milliseconds from spawn. */
export async function coldStart(command: string, args: string[], env: Record<string, string>, cwd?: string) {
  const started = performance.now();
  const server = startStdio(command, args, env, cwd);
  try {
    const init = await server.request('initialize', INITIALIZE);
    if (init.error) throw new Error(`initialize failed: ${JSON.stringify(init.error)}`);
    const initializeMs = performance.now() - started;
    server.notify('notifications/initialized');
    const list = await server.request('tools/list', {});
    if (list.error) throw new Error(`tools/list failed: ${JSON.stringify(list.error)}`);
    return { initializeMs, listMs: performance.now() - started, tools: list.result.tools as any[] };
  } finally {
    await server.close();
  }
}
