import { z } from 'zod';

import { ToolInputError } from './errors.js';
import { closeUntrusted } from './result.js';

import type { ContentBlock } from '@modelcontextprotocol/sdk/types.js';
import type { Config } from '../config/index.js';
import type { ToolDefinition } from './define-tool.js';

// Bounds on what crosses the MCP boundary, enforced once for every tool by the wrapper in server.ts:
// arguments in (MAX_ARGUMENT_CHARS) and results out (MAX_RESULT_CHARS). A bound a schema declares
// itself (page bodies, titles) is checked by the SDK's validation before the wrapper runs.

type Limits = Pick<Config, 'maxArgumentChars' | 'maxResultChars' | 'attachmentMaxBytes'>;

/** Top-level arguments whose schema bounds their length, per tool; computed once. */
const declared = new WeakMap<ToolDefinition, Set<string>>();

function declaredBounds(tool: ToolDefinition): Set<string> {
  let names = declared.get(tool);
  if (!names) {
    const schema = z.toJSONSchema(z.object(tool.input), { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { maxLength?: number }> };
    names = new Set(Object.entries(schema.properties ?? {}).filter(([, property]) => property.maxLength !== undefined).map(([name]) => name));
    declared.set(tool, names);
  }
  return names;
}

function sizeOf(value: unknown): number {
  return typeof value === 'string' ? value.length : (JSON.stringify(value) ?? '').length;
}

/**
 * Refuses an argument larger than its bound, naming it. File content (`*_base64`) may be as large as
 * ATTACHMENT_MAX_BYTES encoded (with line breaks); every other argument without a declared bound, as
 * MAX_ARGUMENT_CHARS (a whole array or object counts as its JSON). Text must be well-formed Unicode:
 * a lone UTF-16 surrogate cannot be sent to Jira or Confluence (URLs refuse it, JSON would garble it).
 */
export function checkArguments(tool: ToolDefinition, args: Record<string, unknown>, limits: Limits): void {
  const bounded = declaredBounds(tool);
  for (const [name, value] of Object.entries(args)) {
    if (value === undefined) continue;
    const malformed = malformedAt(value, name);
    if (malformed) throw new ToolInputError(`${malformed}: not valid Unicode text (a lone UTF-16 surrogate); send the text as it is written.`);
    if (bounded.has(name)) continue;
    const base64 = name.endsWith('_base64');
    const limit = base64 ? Math.ceil((limits.attachmentMaxBytes / 3) * 4 * 1.03) + 4 : limits.maxArgumentChars;
    const size = sizeOf(value);
    if (size <= limit) continue;
    throw new ToolInputError(base64
      ? `${name}: ${count(size)} characters of base64, more than a file of ATTACHMENT_MAX_BYTES=${limits.attachmentMaxBytes} bytes; ` +
        'send a smaller file, or raise ATTACHMENT_MAX_BYTES on the server.'
      : `${name}: ${count(size)} characters, over the ${count(limit)} this server accepts (MAX_ARGUMENT_CHARS); ` +
        'shorten it, or raise MAX_ARGUMENT_CHARS on the server.');
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Where in a value a string (or key) holds a lone surrogate, as a path like `issues[0].summary`. */
function malformedAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = malformedAt(item, `${path}[${index}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = LONE_SURROGATE.test(key) ? `${path} (a key)` : malformedAt(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

const count = (value: number) => value.toLocaleString('en-US');

/**
 * How to get the rest of a cut result: the tool's own hint, else its narrowing arguments. A cut list has
 * lost its closing cursor line (and the cursor would skip what was cut), so narrowing is the advice.
 */
export function continuationHint(tool: ToolDefinition): string {
  if (tool.continuation) return tool.continuation;
  const narrow = ['limit', 'fields', 'include'].filter((name) => name in tool.input);
  return narrow.length ? `Ask for less with ${narrow.join(' or ')}.` : 'Ask for something narrower.';
}

export interface CappedOutput {
  content: ContentBlock[];
  data: Record<string, unknown>;
  cut: boolean;
}

/**
 * Caps a result at MAX_RESULT_CHARS: the text (text blocks and embedded text resources, in order) and,
 * separately, the structured content as JSON. A cut text ends with a notice of what was cut and how to
 * get the rest; untrusted blocks it left open are closed first. Binary content (images, files) is bounded
 * by ATTACHMENT_MAX_BYTES instead. The structured content stays valid against the output schema: long
 * strings are shortened, then long lists lose their last items, and the result is checked.
 */
export function capResult(tool: ToolDefinition, content: ContentBlock[], data: Record<string, unknown>, limits: Limits): CappedOutput {
  const limit = limits.maxResultChars;
  const total = content.reduce((sum, block) => sum + textOf(block).length, 0);
  let cappedContent = content;
  if (total > limit) {
    const notice = `\n[Result cut at MAX_RESULT_CHARS: ${count(limit)} of ${count(total)} characters shown. ${continuationHint(tool)}]`;
    // Room for the notice and for the end markers of blocks the cut leaves open.
    let budget = Math.max(0, limit - notice.length - 200);
    cappedContent = [];
    let noticeAdded = false;
    let cutDone = false;
    for (const block of content) {
      const text = textOf(block);
      if (block.type !== 'text' && !(block.type === 'resource' && 'text' in block.resource)) {
        cappedContent.push(block);
        continue;
      }
      if (!cutDone && text.length <= budget) {
        cappedContent.push(block);
        budget -= text.length;
        continue;
      }
      // Text after the cut is left out altogether.
      if (cutDone) continue;
      cutDone = true;
      const kept = closeUntrusted(cutAt(text, budget));
      if (block.type === 'text') {
        cappedContent.push({ ...block, text: `${kept}${noticeAdded ? '' : notice}` });
        noticeAdded = true;
      } else if (block.type === 'resource' && 'text' in block.resource && kept.length > 0) {
        cappedContent.push({ ...block, resource: { ...block.resource, text: kept } });
      }
    }
    // The notice goes into the first text block when the cut fell in a resource.
    if (!noticeAdded) {
      const first = cappedContent.findIndex((block) => block.type === 'text');
      if (first >= 0) {
        const block = cappedContent[first] as { type: 'text'; text: string };
        cappedContent[first] = { ...block, text: `${block.text}${notice}` };
      } else {
        cappedContent.unshift({ type: 'text', text: notice.trim() });
      }
    }
  }
  const cappedData = capData(tool, data, limit);
  return { content: cappedContent, data: cappedData, cut: cappedContent !== content || cappedData !== data };
}

function textOf(block: ContentBlock): string {
  if (block.type === 'text') return block.text;
  if (block.type === 'resource' && 'text' in block.resource) return block.resource.text;
  return '';
}

/** The first `max` characters, ending at a line break when one is near, never inside a surrogate pair. */
function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const lineEnd = text.lastIndexOf('\n', end);
  if (lineEnd >= max * 0.8) end = lineEnd;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

const STRING_FLOOR = 200;
const CUT_MARK = ' … [cut]';

/** The structured content within `limit` characters of JSON, still valid against the output schema. */
function capData(tool: ToolDefinition, data: Record<string, unknown>, limit: number): Record<string, unknown> {
  if (JSON.stringify(data).length <= limit) return data;
  const copy = structuredClone(data);
  for (let round = 0; round < 4 && JSON.stringify(copy).length > limit; round += 1) {
    shortenStrings(copy, JSON.stringify(copy).length - limit);
  }
  for (let round = 0; round < 20 && JSON.stringify(copy).length > limit; round += 1) {
    if (!dropItems(copy, JSON.stringify(copy).length - limit)) break;
  }
  // Shortening keeps types, and output lists have no minimum length; should a schema ever forbid the
  // shortened form, the full data is returned rather than an invalid result.
  return z.object(tool.output).safeParse(copy).success ? copy : data;
}

type Holder = Record<string, unknown> | unknown[];
interface Leaf { holder: Holder; key: string | number; length: number }

function collect(value: unknown, strings: Leaf[], arrays: unknown[][], holder?: Holder, key?: string | number): void {
  if (typeof value === 'string' && holder !== undefined && key !== undefined) strings.push({ holder, key, length: value.length });
  else if (Array.isArray(value)) {
    arrays.push(value);
    value.forEach((item, index) => collect(item, strings, arrays, value, index));
  } else if (value && typeof value === 'object') {
    for (const [name, item] of Object.entries(value)) collect(item, strings, arrays, value as Record<string, unknown>, name);
  }
}

/**
 * Shortens the longest strings to one common length, just enough to save `excess` characters (no
 * string below STRING_FLOOR): the fairest cut, in one pass.
 */
function shortenStrings(root: Record<string, unknown>, excess: number): void {
  const strings: Leaf[] = [];
  collect(root, strings, []);
  const long = strings.filter((leaf) => leaf.length > STRING_FLOOR).sort((a, b) => b.length - a.length);
  if (long.length === 0) return;
  let target = STRING_FLOOR;
  let sum = 0;
  for (let k = 0; k < long.length; k += 1) {
    sum += long[k]!.length;
    const next = long[k + 1]?.length ?? STRING_FLOOR;
    // Cutting the k+1 longest to `next` saves sum - (k+1)*next; each cut string also gains the mark.
    const need = excess + (k + 1) * (CUT_MARK.length + 8);
    if (sum - (k + 1) * Math.max(next, STRING_FLOOR) >= need) {
      target = Math.max(STRING_FLOOR, Math.floor((sum - need) / (k + 1)));
      break;
    }
  }
  for (const leaf of long) {
    const value = (leaf.holder as Record<string | number, string>)[leaf.key]!;
    if (value.length > target) (leaf.holder as Record<string | number, string>)[leaf.key] = `${cutAt(value, target)}${CUT_MARK}`;
  }
}

/** Drops the last items of the largest list to save `excess` characters; false when nothing is left to drop. */
function dropItems(root: Record<string, unknown>, excess: number): boolean {
  const arrays: unknown[][] = [];
  collect(root, [], arrays);
  const largest = arrays.filter((array) => array.length > 0)
    .map((array) => ({ array, size: JSON.stringify(array).length }))
    .sort((a, b) => b.size - a.size)[0];
  if (!largest) return false;
  let saved = 0;
  while (largest.array.length > 0 && saved < excess) saved += JSON.stringify(largest.array.pop()).length + 1;
  return true;
}
