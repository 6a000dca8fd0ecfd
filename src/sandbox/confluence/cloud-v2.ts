import { randomUUID } from 'node:crypto';

import { USERS } from '../data/users.js';
import { int, many, one } from '../router.js';
import { insertMarker, selectionOffsets } from './inline.js';
import { v2Error } from './site.js';
import { addComment, createPage, trashPage, updatePage } from './store.js';

import type { SandboxComment } from '../data/confluence.js';
import type { Router, RouteResponse } from '../router.js';
import type { ConfluenceSite } from './site.js';
import type { Outcome } from './store.js';

// Confluence Cloud REST v2 (/wiki/api/v2): pages, the page tree, versions, comments, labels (read),
// attachments (read, delete), spaces and users-bulk.

const V2 = '/wiki/api/v2';

type Json = Record<string, unknown>;

function outcome<T>(result: Outcome<T>, render: (value: T) => unknown, status = 200): RouteResponse {
  return 'ok' in result ? { status, body: render(result.ok) } : v2Error(result.status, result.message);
}

/** A v2 body write: { representation: 'storage', value }. */
function storageOf(body: unknown): string | undefined {
  const value = body as { representation?: string; value?: unknown } | undefined;
  return value?.representation === 'storage' && typeof value.value === 'string' ? value.value : undefined;
}

export function cloudV2Routes(router: Router, site: ConfluenceSite): void {
  const { data } = site;
  const numeric = (id: string | undefined) => id !== undefined && /^\d+$/.test(id);
  const notFound = () => v2Error(404, 'Not Found');

  // --- pages ---
  router.on('GET', `${V2}/pages/{id}`, ({ params, query, userId }) => {
    if (!numeric(params.id)) return v2Error(400, 'Invalid page id');
    const page = site.page(params.id, userId);
    const version = one(query, 'version');
    if (!page || (version !== undefined && !site.pageAt(page, Number(version)))) return notFound();
    return { body: site.v2Page(page, one(query, 'body-format'), version === undefined ? undefined : Number(version)) };
  });
  router.on('GET', `${V2}/pages`, ({ query, userId }) => {
    const ids = many(query, 'id');
    const spaceIds = many(query, 'space-id');
    const title = one(query, 'title');
    const results = data.pages.filter((p) => site.visible(p, userId) && (ids.length === 0 || ids.includes(p.id)) &&
      (spaceIds.length === 0 || spaceIds.includes(site.spaceOf(p).id)) && (title === undefined || p.title === title));
    return site.v2List(results.map((p) => site.v2Page(p, one(query, 'body-format'))), query, `${V2}/pages`);
  });
  router.on('POST', `${V2}/pages`, ({ body, userId }) => {
    const request = body as { spaceId?: string; title?: string; parentId?: string; body?: unknown };
    const space = data.spaces.find((candidate) => candidate.id === request.spaceId);
    if (!space) return v2Error(400, 'Invalid space id', `No space with id ${request.spaceId}`);
    const storage = storageOf(request.body);
    if (storage === undefined) return v2Error(400, 'Body must be given in storage representation');
    return outcome(createPage(site, { spaceKey: space.key, title: request.title ?? '', storage, parentId: request.parentId, author: userId }), (p) => site.v2Page(p, 'storage'));
  });
  router.on('PUT', `${V2}/pages/{id}`, ({ params, body, userId }) => {
    const page = site.page(params.id, userId);
    if (!page) return notFound();
    const request = body as { id?: string; title?: string; body?: unknown; version?: { number?: number; message?: string }; parentId?: string; spaceId?: string };
    if (request.spaceId !== undefined && request.spaceId !== site.spaceOf(page).id) return v2Error(400, 'Moving a page to another space is not supported by this operation');
    const storage = storageOf(request.body);
    if (storage === undefined) return v2Error(400, 'Body must be given in storage representation');
    return outcome(updatePage(site, page, {
      version: request.version?.number ?? -1, title: request.title, storage, message: request.version?.message, author: userId, parentId: request.parentId,
    }), (p) => site.v2Page(p, 'storage'));
  });
  router.on('DELETE', `${V2}/pages/{id}`, ({ params, userId }) => {
    const page = site.page(params.id, userId);
    if (!page) return notFound();
    trashPage(site, page);
    return { status: 204 };
  });

  // --- the tree ---
  router.on('GET', `${V2}/pages/{id}/direct-children`, ({ params, query, userId }) => {
    if (!site.page(params.id, userId)) return notFound();
    const children = site.children(params.id!, userId).map((child, index) => ({
      id: child.id, status: child.status, title: child.title, type: 'page', spaceId: site.spaceOf(child).id, childPosition: index,
    }));
    return site.v2List(children, query, `${V2}/pages/${params.id}/direct-children`);
  });
  router.on('GET', `${V2}/pages/{id}/ancestors`, ({ params, query, userId }) => {
    const page = site.page(params.id, userId);
    if (!page) return notFound();
    return site.v2List(site.ancestors(page).map((ancestor) => ({ id: ancestor.id, type: 'page' })), query, `${V2}/pages/${page.id}/ancestors`);
  });
  router.on('GET', `${V2}/pages/{id}/descendants`, ({ params, query, userId }) => {
    const page = site.page(params.id, userId);
    if (!page) return notFound();
    const maxDepth = Math.min(int(query, 'depth', 2), 10);
    const out: Json[] = [];
    const visit = (parentId: string, depth: number) => {
      if (depth > maxDepth) return;
      site.children(parentId, userId).forEach((child, index) => {
        out.push({ id: child.id, status: child.status, title: child.title, type: 'page', parentId, depth, childPosition: index });
        visit(child.id, depth + 1);
      });
    };
    visit(page.id, 1);
    return site.v2List(out, query, `${V2}/pages/${page.id}/descendants`);
  });
  router.on('GET', `${V2}/spaces/{id}/pages`, ({ params, query, userId }) => {
    const space = data.spaces.find((candidate) => candidate.id === params.id);
    if (!site.spaceVisible(space, userId)) return notFound();
    const rootOnly = one(query, 'depth') === 'root';
    const pages = data.pages.filter((p) => p.space === space.key && site.visible(p, userId) && (!rootOnly || !p.parentId)).sort((a, b) => a.position - b.position);
    return site.v2List(pages.map((p) => site.v2Page(p, one(query, 'body-format'))), query, `${V2}/spaces/${space.id}/pages`);
  });

  // --- versions and labels ---
  router.on('GET', `${V2}/pages/{id}/versions`, ({ params, query, userId }) => {
    const page = site.page(params.id, userId);
    if (!page) return notFound();
    const versions = [...page.history, { number: page.version, author: page.author, when: page.updated, message: page.message, minorEdit: false }]
      .map((entry) => ({ ...site.v2Version(entry.author, entry.when, entry.number, entry.message, entry.minorEdit), page: { id: page.id, title: page.title } }));
    if (one(query, 'sort') !== 'modified-date') versions.reverse();
    return site.v2List(versions, query, `${V2}/pages/${page.id}/versions`);
  });
  router.on('GET', `${V2}/pages/{id}/labels`, ({ params, query, userId }) => {
    const page = site.page(params.id, userId);
    if (!page) return notFound();
    return site.v2List(page.labels.map((name) => ({ id: site.labelId(name), name, prefix: 'global' })), query, `${V2}/pages/${page.id}/labels`);
  });

  // --- attachments ---
  router.on('GET', `${V2}/pages/{id}/attachments`, ({ params, query, userId }) => {
    const page = site.page(params.id, userId);
    if (!page) return notFound();
    const filename = one(query, 'filename');
    const attachments = data.attachments.filter((a) => a.pageId === page.id && (filename === undefined || a.title === filename));
    return site.v2List(attachments.map((a) => site.v2Attachment(a)), query, `${V2}/pages/${page.id}/attachments`, 50);
  });
  router.on('GET', `${V2}/attachments/{id}`, ({ params, userId }) => {
    const attachment = site.attachment(params.id, userId);
    return attachment ? { body: site.v2Attachment(attachment) } : notFound();
  });
  router.on('DELETE', `${V2}/attachments/{id}`, ({ params, userId }) => {
    if (!numeric(params.id)) return v2Error(400, 'Invalid attachment id');
    const attachment = site.attachment(params.id, userId);
    if (!attachment) return notFound();
    data.attachments.splice(data.attachments.indexOf(attachment), 1);
    return { status: 204 };
  });

  // --- comments ---
  for (const location of ['footer', 'inline'] as const) {
    const kind = `${location}-comments`;
    router.on('GET', `${V2}/pages/{id}/${kind}`, ({ params, query, userId }) => {
      const page = site.page(params.id, userId);
      if (!page) return notFound();
      const roots = data.comments.filter((c) => c.pageId === page.id && c.location === location && !c.parentId);
      return site.v2List(roots.map((c) => site.v2Comment(c, one(query, 'body-format'))), query, `${V2}/pages/${page.id}/${kind}`);
    });
    router.on('GET', `${V2}/${kind}/{id}`, ({ params, query, userId }) => {
      const comment = site.comment(params.id, userId);
      return comment && comment.location === location ? { body: site.v2Comment(comment, one(query, 'body-format')) } : notFound();
    });
    router.on('GET', `${V2}/${kind}/{id}/children`, ({ params, query, userId }) => {
      const comment = site.comment(params.id, userId);
      if (!comment || comment.location !== location) return notFound();
      const replies = data.comments.filter((c) => c.parentId === comment.id);
      return site.v2List(replies.map((c) => site.v2Comment(c, one(query, 'body-format'))), query, `${V2}/${kind}/${comment.id}/children`);
    });
    router.on('POST', `${V2}/${kind}`, ({ body, userId }) => {
      const request = body as { pageId?: string; parentCommentId?: string; body?: unknown; inlineCommentProperties?: { textSelection?: string; textSelectionMatchCount?: number; textSelectionMatchIndex?: number } };
      const storage = storageOf(request.body);
      if (storage === undefined) return v2Error(400, 'Body must be given in storage representation');
      const parent = request.parentCommentId ? site.comment(request.parentCommentId, userId) : undefined;
      if (request.parentCommentId && (!parent || parent.location !== location)) return v2Error(404, 'Not Found', `No ${location} comment ${request.parentCommentId}`);
      const page = site.page(parent?.pageId ?? request.pageId, userId);
      if (!page) return v2Error(404, 'Not Found', `No page ${request.pageId}`);
      const init: Omit<SandboxComment, 'id' | 'created' | 'version'> = { pageId: page.id, parentId: parent?.id, location, author: userId, storage };
      if (location === 'inline' && !parent) {
        const selection = request.inlineCommentProperties?.textSelection ?? '';
        const offsets = selection ? selectionOffsets(page.storage, selection) : [];
        const { textSelectionMatchCount: count, textSelectionMatchIndex: index = 0 } = request.inlineCommentProperties ?? {};
        if (offsets.length === 0) return v2Error(400, 'Invalid inline comment', `The text "${selection}" was not found on the page`);
        if (count !== offsets.length || index < 0 || index >= offsets.length) {
          return v2Error(400, 'Invalid inline comment', `textSelectionMatchCount ${count} does not match the ${offsets.length} occurrences of the selection`);
        }
        init.selection = selection;
        init.markerRef = randomUUID();
        init.resolution = 'open';
        page.storage = insertMarker(page.storage, offsets[index]!, selection, init.markerRef);
      }
      return outcome(addComment(site, init), (c) => site.v2Comment(c, 'storage'));
    });
  }

  // --- spaces and users ---
  router.on('GET', `${V2}/spaces`, ({ query, userId }) => {
    const keys = many(query, 'keys');
    const results = data.spaces.filter((s) => site.spaceVisible(s, userId) && (keys.length === 0 || keys.includes(s.key)));
    return site.v2List(results.map((s) => site.v2Space(s, one(query, 'description-format'))), query, `${V2}/spaces`);
  });
  router.on('GET', `${V2}/spaces/{id}`, ({ params, query, userId }) => {
    const space = data.spaces.find((s) => s.id === params.id);
    return site.spaceVisible(space, userId) ? { body: site.v2Space(space, one(query, 'description-format')) } : notFound();
  });
  router.on('POST', `${V2}/users-bulk`, ({ body }) => {
    const ids = (body as { accountIds?: unknown }).accountIds;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 250) return v2Error(400, 'accountIds must list 1 to 250 account ids');
    const users = USERS.filter((user) => ids.includes(user.accountId));
    return {
      body: {
        results: users.map((user) => ({
          type: 'known', accountId: user.accountId, accountType: 'atlassian', accountStatus: 'active', email: user.email,
          publicName: user.displayName, displayName: user.displayName, timeZone: user.timeZone,
          profilePicture: { path: `/wiki/aa-avatar/${user.accountId}`, width: 48, height: 48, isDefault: false },
        })),
        _links: { base: site.wikiBase },
      },
    };
  });
}
