import { createHash } from 'node:crypto';

import { z } from 'zod';

import { ToolInputError } from '../../mcp/errors.js';
import { decodeCursor, encodeCursor } from '../../mcp/result.js';

// One opaque cursor for every paged Jira read: it remembers where the next page starts (an offset
// or Jira's page token) and which arguments it belongs to, so it cannot page through another query.

export interface PageState {
  startAt: number;
  token?: string;
}

export const cursorArg = z.string().optional().describe('Next page, from the last result');
export const limitArg = (max: number, fallback: number) => z.number().int().min(1).max(max).default(fallback).describe('Items to return');

function bindingOf(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 12);
}

/** Where to start: the cursor's state, checked against the arguments it was issued for. */
export function readCursor(tool: string, cursor: string | undefined, binding: unknown[]): PageState {
  if (!cursor) return { startAt: 0 };
  const state = decodeCursor(tool, cursor, { q: z.string(), s: z.number().int().min(0), n: z.string().optional() });
  if (state.q !== bindingOf(binding)) {
    throw new ToolInputError(`cursor: it belongs to other arguments of ${tool}; repeat the original call, or omit cursor to start over`);
  }
  return { startAt: state.s, token: state.n };
}

export function makeCursor(tool: string, binding: unknown[], next: PageState | undefined): string | undefined {
  return next ? encodeCursor(tool, { q: bindingOf(binding), s: next.startAt, ...(next.token ? { n: next.token } : {}) }) : undefined;
}
