import { z } from 'zod';

import { ToolInputError } from '../../mcp/errors.js';
import { decodeCursor, encodeCursor, shortDateTime } from '../../mcp/result.js';

import type { ToolContext } from '../../mcp/define-tool.js';
import type { ConfluenceClient } from '../client.js';
import type { Next, Page } from '../types.js';

/** The Confluence client of a call; tools are only registered when Confluence is configured, so this is a safety net. */
export function confluence(context: ToolContext): ConfluenceClient {
  if (!context.confluence) throw new ToolInputError('Confluence is not configured on this server: set CONFLUENCE_URL and its credentials.');
  return context.confluence;
}

/** Confluence content ids are numbers; say so before asking the site. */
export const contentId = (what: string, example: string) =>
  z.string().regex(/^\d+$/, `a numeric ${what} id`).describe(`${what[0]!.toUpperCase()}${what.slice(1)} id, e.g. '${example}'`);

export const pageIdArg = contentId('page', '98304');

export const cursorArg = z.string().max(4000).optional().describe('Next page, from the last result');

/** A list cursor: Cloud's cursor or Server/DC's offset, tied to the tool and to what was listed. */
export function listCursor(tool: string, scope: string, next: Next | undefined): string | undefined {
  return next ? encodeCursor(tool, { k: scope, c: next.cursor, s: next.start }) : undefined;
}

export function readListCursor(tool: string, scope: string, cursor: string | undefined): Next | undefined {
  if (!cursor) return undefined;
  const state = decodeCursor(tool, cursor, { k: z.string(), c: z.string().optional(), s: z.number().optional() });
  if (state.k !== scope) throw new ToolInputError(`cursor: it belongs to a different ${tool} call; repeat that call, or omit cursor to start over`);
  return { cursor: state.c, start: state.s };
}

/** "Space DOC (Engineering Docs) · page 98302 · version 7 · updated 2026-10-25 12:00 by Alice" */
export function pageFacts(page: Page): string {
  return [`Space ${page.spaceKey}${page.spaceName ? ` (${page.spaceName})` : ''}`, `page ${page.id}`, `version ${page.version}`,
    page.updated ? `updated ${shortDateTime(page.updated)}${page.updatedBy ? ` by ${page.updatedBy}` : ''}` : ''].filter(Boolean).join(' · ');
}

/** The output fields every tool that returns one page shares. */
export const pageRef = {
  id: z.string(),
  title: z.string(),
  space_key: z.string(),
  version: z.number(),
  url: z.string(),
};

export function pageRefOf(page: Page): { id: string; title: string; space_key: string; version: number; url: string } {
  return { id: page.id, title: page.title, space_key: page.spaceKey, version: page.version, url: page.url };
}

/** A byte count as people read it. */
export function size(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
