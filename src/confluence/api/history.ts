import { V1, V2, cursorOf } from '../paths.js';
import { v1Content, v2List, v2Version } from '../schemas.js';

import type { ConfluenceClient } from '../client.js';
import type { Next, Page, PageVersion } from '../types.js';

// A page's versions. Cloud v2 lists them; Server/DC's public API has no version list (its /history
// gives only the latest and previous), so each version is read as "historical" content, newest first.

export class HistoryApi {
  readonly #client: ConfluenceClient;

  constructor(client: ConfluenceClient) {
    this.#client = client;
  }

  async list(pageId: string, options: { limit: number; next?: Next }, signal?: AbortSignal): Promise<{ page: Page; versions: PageVersion[]; next?: Next }> {
    const page = await this.#client.pages.get({ pageId }, signal);
    if (this.#client.cloud) {
      const list = v2List(v2Version).parse(await this.#client.request({
        path: `${V2}/pages/${encodeURIComponent(pageId)}/versions`, searchParams: { limit: options.limit, cursor: options.next?.cursor, sort: '-modified-date' },
        subject: `page ${pageId}`, signal,
      }));
      const names = await this.#client.displayNames(list.results.map((version) => version.authorId), signal);
      const cursor = cursorOf(list._links.next);
      return {
        page,
        versions: list.results.map((version) => ({
          number: version.number, when: version.createdAt ?? undefined, by: names.get(version.authorId ?? '') ?? undefined,
          message: version.message ?? '', minorEdit: version.minorEdit ?? false,
        })),
        next: cursor ? { cursor } : undefined,
      };
    }
    // Here `start` is the newest version number still to list.
    const newest = Math.min(options.next?.start ?? page.version, page.version);
    const numbers: number[] = [];
    for (let number = newest; number >= 1 && numbers.length < options.limit; number -= 1) numbers.push(number);
    const versions: PageVersion[] = [];
    for (let i = 0; i < numbers.length; i += 4) {
      versions.push(...await Promise.all(numbers.slice(i, i + 4).map(async (number) => {
        if (number === page.version) return { number, when: page.updated, by: page.updatedBy, message: page.message ?? '', minorEdit: false };
        const raw = v1Content.parse(await this.#client.request({
          path: `${V1}/content/${encodeURIComponent(pageId)}`, searchParams: { status: 'historical', version: number, expand: 'version' },
          subject: `version ${number} of page ${pageId}`, signal,
        }));
        return { number, when: raw.version?.when ?? undefined, by: raw.version?.by?.displayName ?? undefined, message: raw.version?.message ?? '', minorEdit: raw.version?.minorEdit ?? false };
      })));
    }
    const oldest = numbers.at(-1) ?? 1;
    return { page, versions, next: oldest > 1 ? { start: oldest - 1 } : undefined };
  }

  /** The page as it was at `version` (title and body). */
  version(pageId: string, version: number, signal?: AbortSignal): Promise<Page> {
    return this.#client.pages.get({ pageId }, signal, version);
  }
}
