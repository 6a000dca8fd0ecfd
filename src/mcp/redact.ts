import { hasServerCredentials } from '../config/index.js';

import type { ContentBlock } from '@modelcontextprotocol/sdk/types.js';
import type { Config } from '../config/index.js';
import type { CallerCredentials } from '../transports/http/team.js';

// The last line of defence for credentials in results. Our own texts never contain one (they are built
// from statuses, upstream error fields and variable names), but an upstream can echo a request header
// in an error body (a debugging proxy, a misconfigured gateway), and a user may paste a token into a
// ticket. Whatever the source, a configured credential never reaches the model.

const REDACTED = '[redacted credential]';
// Shorter values would blank ordinary words; real tokens and passwords are longer.
const MIN_LENGTH = 8;

/** The credentials of this call as they could appear in text: the values and the Basic header form. */
export function credentialsOf(config: Config, caller?: CallerCredentials): string[] {
  const found = new Set<string>();
  for (const product of [config.jira, config.confluence]) {
    if (!product || !hasServerCredentials(product)) continue;
    const { auth } = product;
    found.add(auth.secret.value);
    if (auth.scheme === 'basic') found.add(Buffer.from(`${auth.username}:${auth.secret.value}`).toString('base64'));
  }
  for (const own of [caller?.jira, caller?.confluence]) {
    for (const value of [own?.token, own?.pat]) {
      if (value === undefined) continue;
      found.add(value);
      if (caller?.username !== undefined) found.add(Buffer.from(`${caller.username}:${value}`).toString('base64'));
    }
  }
  return [...found].filter((value) => value.length >= MIN_LENGTH).sort((a, b) => b.length - a.length);
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

function scrubValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return scrub(value, secrets);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubValue(item, secrets)]));
  }
  return value;
}

/** Text content and structured content with every credential replaced; binary content is left as is. */
export function redactResult<D>(content: ContentBlock[], data: D, secrets: readonly string[]): { content: ContentBlock[]; data: D } {
  if (secrets.length === 0) return { content, data };
  const json = JSON.stringify(data) ?? '';
  return {
    content: content.map((block) => {
      if (block.type === 'text') return { ...block, text: scrub(block.text, secrets) };
      if (block.type === 'resource' && 'text' in block.resource) return { ...block, resource: { ...block.resource, text: scrub(block.resource.text, secrets) } };
      return block;
    }),
    data: secrets.some((secret) => json.includes(secret)) ? scrubValue(data, secrets) as D : data,
  };
}
