import { UpstreamError } from '../../atlassian/errors.js';
import { ToolInputError } from '../../mcp/errors.js';
import { V1, V2 } from '../paths.js';
import { v1Content, v1List, v1Space, v2List, v2Page } from '../schemas.js';

import type { z } from 'zod';
import type { ConfluenceClient } from '../client.js';
import type { Page } from '../types.js';

// Reading and writing pages. Cloud: v2 /pages; Server/DC: v1 /content. Every page that is read or
// written is checked against CONFLUENCE_SPACES_FILTER before anything is returned or changed.

export type PageTarget = { pageId: string } | { spaceKey: string; title: string };

const DC_EXPAND = 'body.storage,version,space,ancestors';

export class PagesApi {
  readonly #client: ConfluenceClient;

  constructor(client: ConfluenceClient) {
    this.#client = client;
  }

  /** A page (optionally as it was at an earlier version), refused when its space is not allowed. */
  async get(target: PageTarget, signal?: AbortSignal, version?: number): Promise<Page> {
    if ('spaceKey' in target) this.#client.assertSpaceAllowed(target.spaceKey, `Page "${target.title}"`);
    const page = this.#client.cloud ? await this.#getCloud(target, signal, version) : await this.#getDc(target, signal, version);
    this.#client.assertSpaceAllowed(page.spaceKey, `Page ${page.id}`);
    return page;
  }

  /** Refuses a page outside CONFLUENCE_SPACES_FILTER; costs a request only when a filter is set. */
  async assertAllowed(pageId: string, signal?: AbortSignal): Promise<void> {
    if (this.#client.allowedSpaces.length > 0) await this.get({ pageId }, signal);
  }

  async fromV2(raw: z.infer<typeof v2Page>, signal?: AbortSignal): Promise<Page> {
    const space = await this.#client.cloudSpaceById(raw.spaceId, signal);
    return {
      id: raw.id, title: raw.title, spaceKey: space.key, spaceName: space.name, parentId: raw.parentId ?? undefined, version: raw.version.number,
      updated: raw.version.createdAt ?? undefined, message: raw.version.message || undefined, storage: raw.body.storage?.value ?? '',
      url: this.#client.webUrl(raw._links.webui),
    };
  }

  fromV1(raw: z.infer<typeof v1Content>): Page {
    if (!raw.space || !raw.version) throw new ToolInputError(`Content ${raw.id} came back without its space or version.`);
    return {
      id: raw.id, title: raw.title, spaceKey: raw.space.key, spaceName: raw.space.name, parentId: raw.ancestors?.at(-1)?.id,
      version: raw.version.number, updated: raw.version.when ?? undefined, updatedBy: raw.version.by?.displayName ?? undefined,
      message: raw.version.message || undefined, storage: raw.body.storage?.value ?? '', url: this.#client.webUrl(raw._links.webui),
    };
  }

  async #getCloud(target: PageTarget, signal?: AbortSignal, version?: number): Promise<Page> {
    if ('pageId' in target) {
      const raw = v2Page.parse(await this.#client.request({
        path: `${V2}/pages/${encodeURIComponent(target.pageId)}`, searchParams: { 'body-format': 'storage', version },
        subject: version ? `version ${version} of page ${target.pageId}` : `page ${target.pageId}`, signal,
      }));
      return this.fromV2(raw, signal);
    }
    const space = await this.#client.cloudSpaceByKey(target.spaceKey, signal);
    const found = v2List(v2Page).parse(await this.#client.request({
      path: `${V2}/pages`, searchParams: { 'space-id': space.id, title: target.title, 'body-format': 'storage' }, subject: `page "${target.title}"`, signal,
    })).results[0];
    if (!found) throw new ToolInputError(`No page titled "${target.title}" in space ${target.spaceKey}. Titles must match exactly; try confluence_search.`);
    if (version !== undefined && version !== found.version.number) return this.#getCloud({ pageId: found.id }, signal, version);
    return this.fromV2(found, signal);
  }

  async #getDc(target: PageTarget, signal?: AbortSignal, version?: number): Promise<Page> {
    if ('pageId' in target) {
      // Older versions are "historical" content in v1.
      const history = version === undefined ? {} : { status: 'historical', version };
      return this.fromV1(v1Content.parse(await this.#client.request({
        path: `${V1}/content/${encodeURIComponent(target.pageId)}`, searchParams: { expand: DC_EXPAND, ...history },
        subject: version ? `version ${version} of page ${target.pageId}` : `page ${target.pageId}`, signal,
      })));
    }
    const found = v1List(v1Content).parse(await this.#client.request({
      path: `${V1}/content`, searchParams: { type: 'page', spaceKey: target.spaceKey, title: target.title, expand: DC_EXPAND }, subject: `page "${target.title}"`, signal,
    })).results[0];
    if (!found) throw new ToolInputError(`No page titled "${target.title}" in space ${target.spaceKey}. Titles must match exactly; try confluence_search.`);
    if (version !== undefined && version !== found.version?.number) return this.#getDc({ pageId: found.id }, signal, version);
    return this.fromV1(found);
  }

  /** The id of a space's home page: where new pages go when no parent is given. */
  async homepageId(spaceKey: string, signal?: AbortSignal): Promise<string> {
    this.#client.assertSpaceAllowed(spaceKey);
    const id = this.#client.cloud
      ? (await this.#client.cloudSpaceByKey(spaceKey, signal)).homepageId
      : v1Space.parse(await this.#client.request({ path: `${V1}/space/${encodeURIComponent(spaceKey)}`, searchParams: { expand: 'homepage' }, subject: `space ${spaceKey}`, signal })).homepage?.id;
    if (!id) throw new ToolInputError(`Space ${spaceKey} has no home page; give parent_id.`);
    return id;
  }

  /** Creates a page under `parentId`, or under the space's home page. */
  async create(init: { spaceKey?: string; parentId?: string; title: string; storage: string }, signal?: AbortSignal, knownParent?: Page): Promise<Page> {
    let spaceKey = init.spaceKey;
    let parentId = init.parentId;
    if (parentId) {
      const parent = knownParent?.id === parentId ? knownParent : await this.get({ pageId: parentId }, signal);
      if (spaceKey && spaceKey !== parent.spaceKey) {
        throw new ToolInputError(`parent_id ${parentId} is in space ${parent.spaceKey}, not ${spaceKey}; omit space_key or choose a parent in ${spaceKey}.`);
      }
      spaceKey = parent.spaceKey;
    } else if (spaceKey) {
      parentId = await this.homepageId(spaceKey, signal);
    } else {
      throw new ToolInputError('Give space_key, parent_id, or both.');
    }
    this.#client.assertSpaceAllowed(spaceKey, `Page "${init.title}"`);
    const subject = `a new page in space ${spaceKey}`;
    if (this.#client.cloud) {
      const space = await this.#client.cloudSpaceByKey(spaceKey, signal);
      return this.fromV2(v2Page.parse(await this.#client.request({
        method: 'POST', path: `${V2}/pages`, subject, signal,
        json: { spaceId: space.id, status: 'current', title: init.title, parentId, body: { representation: 'storage', value: init.storage } },
      })), signal);
    }
    return this.fromV1(v1Content.parse(await this.#client.request({
      method: 'POST', path: `${V1}/content`, searchParams: { expand: DC_EXPAND }, subject, signal,
      json: { type: 'page', title: init.title, space: { key: spaceKey }, ancestors: [{ id: parentId }], body: { storage: { value: init.storage, representation: 'storage' } } },
    })));
  }

  /**
   * Saves a new body (and title) as version `expected + 1`, only if the page is still at `expected`: the
   * version the caller read. A page that moved on is never overwritten; the error names its version.
   */
  async update(edit: { pageId: string; expected: number; title?: string; storage: string | ((current: Page) => string | Promise<string>); message?: string },
    signal?: AbortSignal): Promise<{ before: Page; after: Page }> {
    const before = await this.get({ pageId: edit.pageId }, signal);
    if (before.version !== edit.expected) throw stale(before, edit.expected);
    const number = edit.expected + 1;
    const title = edit.title ?? before.title;
    // The new body may be built from the current one (a merge, a section): only once the version is known to match.
    const storage = typeof edit.storage === 'function' ? await edit.storage(before) : edit.storage;
    try {
      const after = this.#client.cloud
        ? await this.fromV2(v2Page.parse(await this.#client.request({
          method: 'PUT', path: `${V2}/pages/${encodeURIComponent(edit.pageId)}`, subject: `page ${edit.pageId}`, signal,
          json: { id: edit.pageId, status: 'current', title, body: { representation: 'storage', value: storage }, version: { number, message: edit.message ?? '' } },
        })), signal)
        : this.fromV1(v1Content.parse(await this.#client.request({
          method: 'PUT', path: `${V1}/content/${encodeURIComponent(edit.pageId)}`, subject: `page ${edit.pageId}`, signal,
          json: { id: edit.pageId, type: 'page', title, version: { number, message: edit.message ?? '' }, body: { storage: { value: storage, representation: 'storage' } } },
        })));
      return { before, after };
    } catch (error) {
      // Someone saved between our read and our write: Confluence refused with 409; say which version won.
      if (error instanceof UpstreamError && error.status === 409) throw stale(await this.get({ pageId: edit.pageId }, signal), edit.expected);
      throw error;
    }
  }

  /** Moves a page to the trash (Confluence keeps it restorable there). */
  async delete(pageId: string, signal?: AbortSignal): Promise<Page> {
    const page = await this.get({ pageId }, signal);
    await this.#client.request({ method: 'DELETE', path: this.#client.cloud ? `${V2}/pages/${encodeURIComponent(pageId)}` : `${V1}/content/${encodeURIComponent(pageId)}`, subject: `page ${pageId}`, signal });
    return page;
  }
}

function stale(current: Page, expected: number): ToolInputError {
  return new ToolInputError(`Page ${current.id} is at version ${current.version}, not ${expected}: it was changed after you read it, ` +
    `so nothing was saved. Read it again with confluence_get_page, re-apply your edit, and pass version=${current.version}.`);
}
