import { isComment } from 'domhandler';
import { parseDocument } from 'htmlparser2';

import type { Html, Paragraph } from 'mdast';

/**
 * Placeholders: what stands in the Markdown for storage that Markdown cannot
 * express. Each is an HTML comment naming what it is and carrying a number
 * that is stable for a given page body (document order):
 *
 *   <!-- confluence:macro:drawio #3 "Architecture" -->     a macro kept as is
 *   <!-- confluence:macro:expand #4 "Details" -->          a container: its body
 *   …Markdown…                                              stays editable
 *   <!-- /confluence:macro:expand #4 -->
 *   <!-- confluence:layout #1 --> … <!-- confluence:layout-cell #2 --> … <!-- /confluence:layout #1 -->
 *
 * On update each one left in place is replaced by the exact original storage.
 * The note in quotes is for the reader only; only kind and number count.
 */

export type MarkerRole = 'leaf' | 'open' | 'close' | 'cell';

export interface Marker {
  role: MarkerRole;
  kind: string;
  id: number;
}

const PREFIX = 'confluence:';
const NOTE_LIMIT = 60;

function cleanNote(note: string, limit: number): string {
  // `--` may not appear inside a comment, and a line break would split the marker.
  let value = note.replace(/\s+/g, ' ').trim().replaceAll('--', '- -');
  if (value.length > limit) value = `${value.slice(0, limit - 1)}…`;
  return value ? ` ${JSON.stringify(value)}` : '';
}

export function markerText(role: MarkerRole, kind: string, id: number, note = '', limit = NOTE_LIMIT): string {
  const slash = role === 'close' ? '/' : '';
  return `<!-- ${slash}${PREFIX}${kind} #${id}${role === 'close' ? '' : cleanNote(note, limit)} -->`;
}

export interface MarkerData {
  marker: MarkerRole;
}

export function markerNode(role: MarkerRole, kind: string, id: number, note = '', limit = NOTE_LIMIT): Html {
  return { type: 'html', value: markerText(role, kind, id, note, limit), data: { marker: role } as MarkerData };
}

/** A marker standing as a block of its own. */
export function markerParagraph(role: MarkerRole, kind: string, id: number, note = ''): Paragraph {
  return { type: 'paragraph', children: [markerNode(role, kind, id, note)] };
}

export function markerRoleOf(node: { data?: unknown }): MarkerRole | undefined {
  return (node.data as Partial<MarkerData> | undefined)?.marker;
}

/** Reads a marker back from raw HTML in parsed Markdown; anything else is not one. */
export function readMarker(html: string): Marker | undefined {
  const trimmed = html.trim();
  if (!trimmed.startsWith('<!--') || !trimmed.includes(PREFIX)) return undefined;
  const nodes = parseDocument(trimmed).children;
  const comment = nodes[0];
  if (nodes.length !== 1 || !comment || !isComment(comment)) return undefined;
  const [head, number] = comment.data.trim().split(/\s+/, 2);
  if (!head || !number?.startsWith('#')) return undefined;
  const closing = head.startsWith('/');
  const name = closing ? head.slice(1) : head;
  if (!name.startsWith(PREFIX)) return undefined;
  const id = Number(number.slice(1));
  if (!Number.isSafeInteger(id) || id < 1) return undefined;
  const kind = name.slice(PREFIX.length);
  const role: MarkerRole = closing ? 'close' : kind === 'layout-cell' ? 'cell' : 'leaf';
  return { role, kind, id };
}
