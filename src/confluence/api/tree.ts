import { ToolInputError } from '../../mcp/errors.js';
import { V1, V2, cursorOf } from '../paths.js';
import { v1Content, v1List, v2Child, v2Descendant, v2List, v2Page } from '../schemas.js';

import type { ConfluenceClient } from '../client.js';
import type { Next, Page, Paged, PageSummary } from '../types.js';

// The page tree: children, ancestors, a space's outline, and moving or copying pages within it.

export interface TreeNode extends PageSummary {
  depth: number;
}

/** Runs `work` over items, a few at a time: a tree level fans out without flooding the site. */
async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}

export class TreeApi {
  readonly #client: ConfluenceClient;

  constructor(client: ConfluenceClient) {
    this.#client = client;
  }

  async children(pageId: string, options: { limit: number; next?: Next }, signal?: AbortSignal): Promise<Paged<PageSummary>> {
    await this.#client.pages.assertAllowed(pageId, signal);
    const subject = `page ${pageId}`;
    if (this.#client.cloud) {
      const list = v2List(v2Child).parse(await this.#client.request({
        path: `${V2}/pages/${encodeURIComponent(pageId)}/direct-children`, searchParams: { limit: options.limit, cursor: options.next?.cursor }, subject, signal,
      }));
      const cursor = cursorOf(list._links.next);
      return { items: list.results.map((child) => ({ id: child.id, title: child.title, type: child.type ?? 'page' })), next: cursor ? { cursor } : undefined };
    }
    const start = options.next?.start ?? 0;
    const list = v1List(v1Content).parse(await this.#client.request({
      path: `${V1}/content/${encodeURIComponent(pageId)}/child/page`, searchParams: { expand: 'version', start, limit: options.limit }, subject, signal,
    }));
    return {
      items: list.results.map((child) => ({ id: child.id, title: child.title, type: 'page', version: child.version?.number, updated: child.version?.when ?? undefined, url: this.#client.webUrl(child._links.webui) })),
      next: list._links.next ? { start: start + list.results.length } : undefined,
    };
  }

  /** From the space's top page down to the parent of `pageId`. */
  async ancestors(pageId: string, signal?: AbortSignal): Promise<{ page: Page; ancestors: PageSummary[] }> {
    if (!this.#client.cloud) {
      // One request: the page with its ancestors (titles included), without the body.
      const raw = v1Content.parse(await this.#client.request({ path: `${V1}/content/${encodeURIComponent(pageId)}`, searchParams: { expand: 'ancestors,space,version' }, subject: `page ${pageId}`, signal }));
      const page = this.#client.pages.fromV1(raw);
      this.#client.assertSpaceAllowed(page.spaceKey, `Page ${page.id}`);
      return { page, ancestors: (raw.ancestors ?? []).map((ancestor) => ({ id: ancestor.id, title: ancestor.title ?? '' })) };
    }
    const page = await this.#client.pages.get({ pageId }, signal);
    const ids = v2List(v2Child.partial({ title: true })).parse(await this.#client.request({
      path: `${V2}/pages/${encodeURIComponent(pageId)}/ancestors`, searchParams: { limit: 250 }, subject: `page ${pageId}`, signal,
    })).results.map((ancestor) => ancestor.id);
    if (ids.length === 0) return { page, ancestors: [] };
    // v2 gives ancestors as ids only; one request fetches their titles.
    const titled = v2List(v2Page).parse(await this.#client.request({ path: `${V2}/pages`, searchParams: { id: ids.join(','), limit: 250 }, subject: 'the ancestors', signal })).results;
    return {
      page,
      ancestors: ids.map((id) => {
        const found = titled.find((candidate) => candidate.id === id);
        return { id, title: found?.title ?? '', url: found ? this.#client.webUrl(found._links.webui) : undefined };
      }),
    };
  }

  /** A space's pages to `depth` levels, at most `limit` of them, in outline order. */
  async spaceTree(spaceKey: string, options: { depth: number; limit: number }, signal?: AbortSignal): Promise<{ nodes: TreeNode[]; truncated: boolean }> {
    this.#client.assertSpaceAllowed(spaceKey);
    const nodes = this.#client.cloud ? await this.#cloudTree(spaceKey, options, signal) : await this.#dcTree(spaceKey, options, signal);
    return { nodes: outline(nodes).slice(0, options.limit), truncated: nodes.length > options.limit };
  }

  async #cloudTree(spaceKey: string, options: { depth: number; limit: number }, signal?: AbortSignal): Promise<TreeNode[]> {
    const space = await this.#client.cloudSpaceByKey(spaceKey, signal);
    const roots = v2List(v2Page).parse(await this.#client.request({
      path: `${V2}/spaces/${space.id}/pages`, searchParams: { depth: 'root', limit: Math.min(options.limit + 1, 250) }, subject: `space ${spaceKey}`, signal,
    })).results;
    const nodes: TreeNode[] = roots.map((root) => ({ id: root.id, title: root.title, depth: 1 }));
    // One descendants request per root reaches every level at once (Cloud caps depth at 10).
    for (const root of roots) {
      if (options.depth < 2 || nodes.length > options.limit) break;
      let cursor: string | undefined;
      do {
        const list = v2List(v2Descendant).parse(await this.#client.request({
          path: `${V2}/pages/${root.id}/descendants`, searchParams: { depth: options.depth - 1, limit: 250, cursor }, subject: `page ${root.id}`, signal,
        }));
        // Folders, whiteboards and databases stay in the outline: pages below them hang from them.
        for (const item of list.results) nodes.push({ id: item.id, title: item.title, type: item.type ?? 'page', parentId: item.parentId ?? root.id, depth: (item.depth ?? 1) + 1 });
        cursor = cursorOf(list._links.next);
      } while (cursor && nodes.length <= options.limit);
    }
    return nodes;
  }

  async #dcTree(spaceKey: string, options: { depth: number; limit: number }, signal?: AbortSignal): Promise<TreeNode[]> {
    const roots = v1List(v1Content).parse(await this.#client.request({
      path: `${V1}/space/${encodeURIComponent(spaceKey)}/content/page`, searchParams: { depth: 'root', limit: Math.min(options.limit + 1, 200) }, subject: `space ${spaceKey}`, signal,
    })).results;
    const nodes: TreeNode[] = roots.map((root) => ({ id: root.id, title: root.title, depth: 1 }));
    // v1 has no depth-limited descendants: walk level by level, a few parents at a time.
    let level = nodes;
    for (let depth = 2; depth <= options.depth && level.length > 0 && nodes.length <= options.limit; depth += 1) {
      const found = await inBatches(level, 4, async (parent) => v1List(v1Content).parse(await this.#client.request({
        path: `${V1}/content/${parent.id}/child/page`, searchParams: { limit: 200 }, subject: `page ${parent.id}`, signal,
      })).results.map((child): TreeNode => ({ id: child.id, title: child.title, parentId: parent.id, depth })));
      level = found.flat();
      nodes.push(...level);
    }
    return nodes;
  }

  /** Moves a page (with its children) under another page, possibly in another space. */
  async move(pageId: string, target: { parentId?: string; spaceKey?: string }, signal?: AbortSignal): Promise<{ before: Page; after: Page; parent: Page }> {
    const before = await this.#client.pages.get({ pageId }, signal);
    const parentId = target.parentId ?? (target.spaceKey ? await this.#client.pages.homepageId(target.spaceKey, signal) : undefined);
    if (!parentId) throw new ToolInputError('Give target_parent_id, or target_space_key to move under that space\'s home page.');
    const parent = await this.#client.pages.get({ pageId: parentId }, signal);
    if (target.spaceKey && parent.spaceKey !== target.spaceKey) {
      throw new ToolInputError(`target_parent_id ${parentId} is in space ${parent.spaceKey}, not ${target.spaceKey}.`);
    }
    if (parent.id === pageId) throw new ToolInputError('A page cannot be moved under itself.');
    if (this.#client.cloud) {
      await this.#client.request({ method: 'PUT', path: `${V1}/content/${encodeURIComponent(pageId)}/move/append/${encodeURIComponent(parentId)}`, subject: `page ${pageId}`, signal });
    } else {
      // Server/DC moves by saving the page with a new parent (a new version of the same body).
      await this.#client.request({
        method: 'PUT', path: `${V1}/content/${encodeURIComponent(pageId)}`, subject: `page ${pageId}`, signal,
        json: {
          id: pageId, type: 'page', title: before.title, space: { key: parent.spaceKey }, ancestors: [{ id: parentId }],
          version: { number: before.version + 1, message: `Moved under "${parent.title}"` }, body: { storage: { value: before.storage, representation: 'storage' } },
        },
      });
    }
    return { before, after: await this.#client.pages.get({ pageId }, signal), parent };
  }

  /** Copies a page's body and labels (and attachments, if asked) to a new page. */
  async copy(init: { sourceId: string; title?: string; parentId?: string; spaceKey?: string; copyAttachments: boolean }, signal?: AbortSignal,
    progress?: (done: number, total: number) => Promise<void>): Promise<{ source: Page; copy: Page; attachments: number; labels: number }> {
    const source = await this.#client.pages.get({ pageId: init.sourceId }, signal);
    const parentId = init.parentId ?? (init.spaceKey && init.spaceKey !== source.spaceKey
      ? await this.#client.pages.homepageId(init.spaceKey, signal)
      : source.parentId ?? await this.#client.pages.homepageId(source.spaceKey, signal));
    const parent = await this.#client.pages.get({ pageId: parentId }, signal);
    if (init.spaceKey && parent.spaceKey !== init.spaceKey) {
      throw new ToolInputError(`destination_parent_id ${parentId} is in space ${parent.spaceKey}, not ${init.spaceKey}.`);
    }
    // Titles are unique per space: a copy beside its source needs a new one.
    const title = init.title ?? (parent.spaceKey === source.spaceKey ? `Copy of ${source.title}` : source.title);
    const labels = await this.#client.labels.list(source.id, signal);
    if (this.#client.cloud) {
      const raw = v1Content.parse(await this.#client.request({
        method: 'POST', path: `${V1}/content/${encodeURIComponent(source.id)}/copy`, subject: `page ${source.id}`, signal,
        json: { destination: { type: 'parent_page', value: parentId }, pageTitle: title, copyAttachments: init.copyAttachments, copyLabels: true, copyPermissions: false, copyProperties: false },
      }));
      const copy = await this.#client.pages.get({ pageId: raw.id }, signal);
      const attachments = init.copyAttachments ? (await this.#client.attachments.list(copy.id, { limit: 250 }, signal)).items.length : 0;
      return { source, copy, attachments, labels: labels.length };
    }
    // Server/DC has no copy operation: create the page, then add its labels and attachments.
    const copy = await this.#client.pages.create({ parentId, title, storage: source.storage }, signal, parent);
    for (const label of labels) await this.#client.labels.add(copy.id, label.name, signal);
    let attachments = 0;
    if (init.copyAttachments) {
      const files = (await this.#client.attachments.list(source.id, { limit: 250 }, signal)).items;
      for (const file of files) {
        const { data } = await this.#client.attachments.download(file, signal);
        await this.#client.attachments.upload(copy.id, { fileName: file.title, contentType: file.mediaType, data, comment: file.comment }, signal);
        attachments += 1;
        await progress?.(attachments, files.length);
      }
    }
    return { source, copy, attachments, labels: labels.length };
  }
}

/** Depth-first order, siblings in the order the site gave them. */
function outline(nodes: TreeNode[]): TreeNode[] {
  const byParent = new Map<string | undefined, TreeNode[]>();
  for (const node of nodes) byParent.set(node.parentId, [...(byParent.get(node.parentId) ?? []), node]);
  const out: TreeNode[] = [];
  const visit = (parentId: string | undefined) => {
    for (const node of byParent.get(parentId) ?? []) {
      out.push(node);
      visit(node.id);
    }
  };
  visit(undefined);
  return out;
}
