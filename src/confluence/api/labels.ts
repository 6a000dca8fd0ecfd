import { ToolInputError } from '../../mcp/errors.js';
import { V1, V2 } from '../paths.js';
import { v1Label, v1List, v2Label, v2List } from '../schemas.js';

import type { ConfluenceClient } from '../client.js';
import type { Label } from '../types.js';

// Labels of a page. Cloud reads them with v2 and writes them with v1 (v2 has no label writes);
// Server/DC uses v1 throughout. Finding pages by label is a CQL search (see the tools).

/** Confluence stores labels lowercased and refuses spaces in them; say so before asking. */
export function labelName(name: string): string {
  const label = name.trim().toLowerCase();
  if (!label || /\s/.test(label) || label.length > 255) {
    throw new ToolInputError(`name: '${name}' is not a valid label; use one word without spaces, e.g. 'runbook' or 'q3-review'`);
  }
  return label;
}

export class LabelsApi {
  readonly #client: ConfluenceClient;

  constructor(client: ConfluenceClient) {
    this.#client = client;
  }

  async list(pageId: string, signal?: AbortSignal): Promise<Label[]> {
    const subject = `page ${pageId}`;
    const path = this.#client.cloud ? `${V2}/pages/${encodeURIComponent(pageId)}/labels` : `${V1}/content/${encodeURIComponent(pageId)}/label`;
    const raw = this.#client.cloud
      ? v2List(v2Label).parse(await this.#client.request({ path, searchParams: { limit: 250 }, subject, signal })).results
      : v1List(v1Label).parse(await this.#client.request({ path, searchParams: { limit: 200 }, subject, signal })).results;
    return raw.map((label) => ({ name: label.name, prefix: label.prefix ?? 'global' }));
  }

  /** Adds one label; adding a label the page already has changes nothing. */
  async add(pageId: string, name: string, signal?: AbortSignal): Promise<void> {
    await this.#client.request({
      method: 'POST', path: `${V1}/content/${encodeURIComponent(pageId)}/label`, json: { prefix: 'global', name: labelName(name) }, subject: `page ${pageId}`, signal,
    });
  }

  async remove(pageId: string, name: string, signal?: AbortSignal): Promise<void> {
    // The query form also works for labels that contain a slash, which a path segment would not carry.
    await this.#client.request({
      method: 'DELETE', path: `${V1}/content/${encodeURIComponent(pageId)}/label`, searchParams: { name: labelName(name) }, subject: `label "${name}" on page ${pageId}`, signal,
    });
  }
}
