import { z } from 'zod';

import { ToolInputError } from '../../mcp/errors.js';
import { V1 } from '../paths.js';

import type { ConfluenceClient } from '../client.js';
import type { Next, Paged } from '../types.js';

// Page templates, Cloud only: v1 /template (v2 has no templates, Server/DC's REST API none at all).
// Without a space key Confluence lists the global templates; with one, that space's own.

const template = z.object({
  templateId: z.string(),
  name: z.string(),
  templateType: z.string().nullish(),
  // Documented as a string; some sites answer with a content body instead.
  description: z.union([z.string(), z.object({ value: z.string().nullish() })]).nullish(),
  space: z.object({ key: z.string().nullish() }).nullish(),
  body: z.object({ storage: z.object({ value: z.string() }).nullish() }).nullish(),
});
const templateList = z.object({ results: z.array(template), start: z.number().optional(), _links: z.object({ next: z.string().optional() }).default({}) });

export interface Template {
  id: string;
  name: string;
  type?: string;
  description?: string;
  spaceKey?: string;
  /** Storage XHTML; only when one template is read. */
  storage?: string;
}

function fromRaw(raw: z.infer<typeof template>): Template {
  const description = typeof raw.description === 'string' ? raw.description : raw.description?.value;
  return {
    id: raw.templateId, name: raw.name, type: raw.templateType ?? undefined, description: description || undefined,
    spaceKey: raw.space?.key ?? undefined, storage: raw.body?.storage?.value,
  };
}

/**
 * A template's body as a page body: template variables (<at:var>) become their names in brackets and their
 * declarations go, since a page cannot hold them.
 */
export function templateToPageStorage(storage: string): string {
  return storage
    .replace(/<at:declarations>[\s\S]*?<\/at:declarations>/g, '')
    .replace(/<at:var\s+at:name="([^"]*)"[^>]*?(\/>|>[\s\S]*?<\/at:var>)/g, (_match, name: string) => `[${name}]`);
}

export class TemplatesApi {
  readonly #client: ConfluenceClient;

  constructor(client: ConfluenceClient) {
    this.#client = client;
  }

  #assertCloud(what: string): void {
    if (!this.#client.cloud) {
      throw new ToolInputError(`${what} needs Confluence Cloud: Server/Data Center has no REST API for templates.`);
    }
  }

  async list(options: { spaceKey?: string; limit: number; next?: Next }, signal?: AbortSignal): Promise<Paged<Template>> {
    this.#assertCloud('Listing templates');
    if (options.spaceKey) this.#client.assertSpaceAllowed(options.spaceKey);
    const start = options.next?.start ?? 0;
    const list = templateList.parse(await this.#client.request({
      path: `${V1}/template/page`, searchParams: { spaceKey: options.spaceKey, start, limit: options.limit },
      subject: options.spaceKey ? `templates of space ${options.spaceKey}` : 'global templates', signal,
    }));
    return { items: list.results.map(fromRaw), next: list._links.next ? { start: start + list.results.length } : undefined };
  }

  async get(templateId: string, signal?: AbortSignal): Promise<Template> {
    this.#assertCloud('template_id');
    const found = fromRaw(template.parse(await this.#client.request({
      path: `${V1}/template/${encodeURIComponent(templateId)}`, subject: `template ${templateId}`, signal,
    })));
    if (found.spaceKey) this.#client.assertSpaceAllowed(found.spaceKey, `Template ${templateId}`);
    return found;
  }
}
