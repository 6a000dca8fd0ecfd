import { ToolInputError } from '../../mcp/errors.js';
import { V1, V2, cursorOf } from '../paths.js';
import { v1List, v1Space, v2List, v2Page, v2Space } from '../schemas.js';

import type { z } from 'zod';
import type { ConfluenceClient } from '../client.js';
import type { Next, Paged, Space } from '../types.js';

// Spaces (Cloud v2 /spaces, Server/DC v1 /space). CONFLUENCE_SPACES_FILTER narrows every
// listing to the allowed spaces and refuses the others by key.

const DC_EXPAND = 'description.plain,homepage';

export class SpacesApi {
  readonly #client: ConfluenceClient;

  constructor(client: ConfluenceClient) {
    this.#client = client;
  }

  #fromV2(raw: z.infer<typeof v2Space>): Space {
    this.#client.rememberSpace(raw);
    return {
      id: raw.id, key: raw.key, name: raw.name, type: raw.type ?? undefined, status: raw.status ?? undefined,
      description: raw.description?.plain?.value || undefined, homepageId: raw.homepageId ?? undefined, url: this.#client.webUrl(raw._links.webui),
    };
  }

  #fromV1(raw: z.infer<typeof v1Space>): Space & { homepageTitle?: string } {
    return {
      id: raw.id, key: raw.key, name: raw.name, type: raw.type ?? undefined, status: raw.status ?? undefined,
      description: raw.description?.plain?.value || undefined, homepageId: raw.homepage?.id, homepageTitle: raw.homepage?.title,
      url: this.#client.webUrl(raw._links.webui),
    };
  }

  async list(options: { limit: number; next?: Next }, signal?: AbortSignal): Promise<Paged<Space>> {
    const allowed = this.#client.allowedSpaces;
    if (this.#client.cloud) {
      const list = v2List(v2Space).parse(await this.#client.request({
        path: `${V2}/spaces`, searchParams: { limit: options.limit, cursor: options.next?.cursor, 'description-format': 'plain', keys: allowed.length ? allowed.join(',') : undefined },
        subject: 'spaces', signal,
      }));
      const cursor = cursorOf(list._links.next);
      return { items: list.results.map((raw) => this.#fromV2(raw)), next: cursor ? { cursor } : undefined };
    }
    if (allowed.length > 0) {
      // One request per allowed space: a short, known list.
      const found = await Promise.all(allowed.map((key) => this.get(key, signal).catch(() => undefined)));
      return { items: found.filter((space): space is Space => space !== undefined).slice(0, options.limit) };
    }
    const start = options.next?.start ?? 0;
    const list = v1List(v1Space).parse(await this.#client.request({
      path: `${V1}/space`, searchParams: { start, limit: options.limit, expand: DC_EXPAND }, subject: 'spaces', signal,
    }));
    return { items: list.results.map((raw) => this.#fromV1(raw)), next: list._links.next ? { start: start + list.results.length } : undefined };
  }

  /** One space by key, with its home page. */
  async get(spaceKey: string, signal?: AbortSignal): Promise<Space & { homepageTitle?: string }> {
    this.#client.assertSpaceAllowed(spaceKey);
    if (!this.#client.cloud) {
      return this.#fromV1(v1Space.parse(await this.#client.request({
        path: `${V1}/space/${encodeURIComponent(spaceKey)}`, searchParams: { expand: DC_EXPAND }, subject: `space ${spaceKey}`, signal,
      })));
    }
    const raw = v2List(v2Space).parse(await this.#client.request({
      path: `${V2}/spaces`, searchParams: { keys: spaceKey, 'description-format': 'plain' }, subject: `space ${spaceKey}`, signal,
    })).results[0];
    if (!raw) throw new ToolInputError(`Space ${spaceKey} not found, or the account cannot see it. List spaces with confluence_list_spaces.`);
    const space = this.#fromV2(raw);
    if (!space.homepageId) return space;
    const home = v2Page.partial({ version: true, spaceId: true }).parse(await this.#client.request({ path: `${V2}/pages/${space.homepageId}`, subject: `the home page of ${spaceKey}`, signal }));
    return { ...space, homepageTitle: home.title };
  }
}
