import { USERS } from '../data/users.js';
import { many, one } from '../router.js';
import { parseMultipart } from './multipart.js';
import { v1Error } from './site.js';
import {
  addAttachment, addComment, addLabel, copyPage, createPage, deleteAttachment, movePage, removeLabel, trashPage, updateAttachmentData,
  updatePage,
} from './store.js';

import type { SandboxPage } from '../data/confluence.js';
import type { Query, RouteRequest, Router, RouteResponse } from '../router.js';
import type { ConfluenceSite } from './site.js';
import type { Outcome } from './store.js';

// Confluence REST v1: all of Server/DC (/rest/api), and the parts Cloud still serves only in v1
// (/wiki/rest/api: label writes, attachment uploads and downloads, move, copy).

function outcome<T>(result: Outcome<T>, render: (value: T) => unknown, status = 200): RouteResponse {
  return 'ok' in result ? { status, body: render(result.ok) } : v1Error(result.status, result.message);
}

interface ContentWrite {
  id?: string;
  type?: string;
  title?: string;
  space?: { key?: string };
  ancestors?: { id?: string | number }[];
  container?: { id?: string | number; type?: string };
  body?: { storage?: { value?: string; representation?: string } };
  version?: { number?: number; message?: string; minorEdit?: boolean };
}

export function contentV1Routes(router: Router, site: ConfluenceSite): void {
  const { v1, cloud, data } = site;
  const notFound = (id: string | undefined) => v1Error(404, `No content found with id: ContentId{id=${id}}`);
  const expandOf = (query: Query) => many(query, 'expand');

  const uploads = (request: RouteRequest) => {
    const parts = parseMultipart(request.rawBody);
    const file = parts?.find((part) => part.name === 'file' && part.filename !== undefined);
    if (!file) return undefined;
    const comment = parts?.find((part) => part.name === 'comment')?.data.toString('utf8') ?? '';
    return { name: file.filename!, type: file.contentType ?? 'application/octet-stream', data: file.data, comment };
  };

  // --- labels ---
  router.on('POST', `${v1}/content/{id}/label`, ({ params, body, userId }) => {
    const page = site.page(params.id, userId);
    if (!page) return notFound(params.id);
    const labels = (Array.isArray(body) ? body : [body]) as { name?: unknown }[];
    for (const label of labels) {
      if (typeof label?.name !== 'string') return v1Error(400, 'Label name is required');
      const added = addLabel(page, label.name);
      if ('status' in added) return v1Error(added.status, added.message);
    }
    return { body: site.v1Labels(page) };
  });
  const deleteLabel = (page: SandboxPage | undefined, id: string | undefined, name: string | undefined) =>
    !page ? notFound(id) : name === undefined ? v1Error(400, 'Label name is required') : outcome(removeLabel(page, name), () => undefined, 204);
  router.on('DELETE', `${v1}/content/{id}/label`, ({ params, query, userId }) => deleteLabel(site.page(params.id, userId), params.id, one(query, 'name')));
  router.on('DELETE', `${v1}/content/{id}/label/{label}`, ({ params, userId }) => deleteLabel(site.page(params.id, userId), params.id, params.label));

  // --- attachments ---
  router.on('GET', `${v1}/content/{id}/child/attachment`, ({ params, query, userId }) => {
    const page = site.page(params.id, userId);
    if (!page) return notFound(params.id);
    const filename = one(query, 'filename');
    const attachments = data.attachments.filter((a) => a.pageId === page.id && (filename === undefined || a.title === filename));
    return site.v1List(attachments.map((a) => site.v1Attachment(a, expandOf(query))), query, `${v1}/content/${page.id}/child/attachment`, 50);
  });
  router.on('POST', `${v1}/content/{id}/child/attachment`, (request) => {
    const page = site.page(request.params.id, request.userId);
    if (!page) return notFound(request.params.id);
    const file = uploads(request);
    if (!file) return v1Error(400, "The request must be multipart/form-data with a part named 'file'");
    return outcome(addAttachment(site, page, file, request.userId), (a) => ({ results: [site.v1Attachment(a, ['version', 'container'])], size: 1 }));
  });
  router.on('POST', `${v1}/content/{id}/child/attachment/{attachmentId}/data`, (request) => {
    const attachment = site.attachment(request.params.attachmentId, request.userId);
    if (!attachment || attachment.pageId !== request.params.id) return notFound(request.params.attachmentId);
    const file = uploads(request);
    if (!file) return v1Error(400, "The request must be multipart/form-data with a part named 'file'");
    return { body: site.v1Attachment(updateAttachmentData(attachment, file, request.userId), ['version', 'container']) };
  });
  const download = (pageId: string | undefined, attachmentId: string | undefined, filename: string | undefined, userId: string): RouteResponse => {
    const attachment = data.attachments.find((a) => a.pageId === pageId && (a.id === attachmentId || a.title === filename));
    if (!attachment || !site.page(attachment.pageId, userId)) return v1Error(404, 'Attachment not found');
    return { body: attachment.data, headers: { 'content-type': attachment.mediaType, 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(attachment.title)}` } };
  };

  if (cloud) {
    router.on('GET', `${v1}/content/{id}/child/attachment/{attachmentId}/download`, ({ params, userId }) => download(params.id, params.attachmentId, undefined, userId));
    router.on('PUT', `${v1}/content/{pageId}/move/{position}/{targetId}`, ({ params, userId }) => {
      const page = site.page(params.pageId, userId);
      if (!page) return notFound(params.pageId);
      if (!['append', 'before', 'after'].includes(params.position!)) return v1Error(400, `Invalid position: ${params.position}`);
      return outcome(movePage(site, page, params.position!, params.targetId!, userId), (p) => ({ pageId: p.id }));
    });
    router.on('POST', `${v1}/content/{id}/copy`, ({ params, body, userId }) => {
      const source = site.page(params.id, userId);
      if (!source) return notFound(params.id);
      const request = body as { destination?: { type?: string; value?: string }; pageTitle?: string; copyAttachments?: boolean; copyLabels?: boolean };
      const destination = request.destination;
      if (destination?.type !== 'parent_page' && destination?.type !== 'space') return v1Error(400, 'destination.type must be parent_page or space');
      return outcome(copyPage(site, source, {
        title: request.pageTitle ?? source.title, parentId: destination.type === 'parent_page' ? destination.value : undefined,
        spaceKey: destination.type === 'space' ? destination.value : undefined, copyAttachments: request.copyAttachments === true,
        copyLabels: request.copyLabels === true, author: userId,
      }), (p) => site.v1Content(p, ['version', 'space']));
    });
    return;
  }

  // --- Server/DC content ---
  router.on('GET', '/download/attachments/{pageId}/{filename}', ({ params, userId }) => download(params.pageId, undefined, params.filename, userId));
  router.on('DELETE', `${v1}/content/{id}/child/attachment/{attachmentId}`, ({ params, userId }) => {
    const attachment = site.attachment(params.attachmentId, userId);
    if (!attachment || attachment.pageId !== params.id) return notFound(params.attachmentId);
    deleteAttachment(site, attachment);
    return { status: 204 };
  });

  router.on('GET', `${v1}/content/{id}`, ({ params, query, userId }) => {
    const expand = expandOf(query);
    const comment = site.comment(params.id, userId);
    if (comment) return { body: site.v1Comment(comment, expand) };
    const attachment = site.attachment(params.id?.startsWith('att') ? params.id : undefined, userId);
    if (attachment) return { body: site.v1Attachment(attachment, expand) };
    const page = site.page(params.id, userId);
    const version = one(query, 'version');
    if (!page || (version !== undefined && !site.pageAt(page, Number(version)))) return notFound(params.id);
    // Confluence answers an older version only when asked for historical content.
    if (version !== undefined && Number(version) !== page.version && one(query, 'status') !== 'historical') return notFound(params.id);
    return { body: site.v1Content(page, expand, version === undefined ? undefined : Number(version)) };
  });
  router.on('GET', `${v1}/content`, ({ query, userId }) => {
    const spaceKey = one(query, 'spaceKey');
    const title = one(query, 'title');
    const results = data.pages.filter((p) => site.visible(p, userId) && (!spaceKey || p.space === spaceKey) && (title === undefined || p.title === title));
    return site.v1List(results.map((p) => site.v1Content(p, expandOf(query))), query, `${v1}/content`);
  });
  router.on('POST', `${v1}/content`, ({ query, body, userId }) => {
    const request = body as ContentWrite;
    const storage = request.body?.storage;
    if (storage?.representation !== 'storage' || typeof storage.value !== 'string') return v1Error(400, 'Body must be given in storage representation');
    if (request.type === 'comment') {
      const page = site.page(String(request.container?.id ?? ''), userId);
      if (!page) return notFound(String(request.container?.id));
      const parentId = request.ancestors?.at(-1)?.id;
      const parent = parentId === undefined ? undefined : site.comment(String(parentId), userId);
      if (parentId !== undefined && (!parent || parent.pageId !== page.id)) return notFound(String(parentId));
      return outcome(addComment(site, { pageId: page.id, parentId: parent?.id, location: parent?.location ?? 'footer', author: userId, storage: storage.value }),
        (c) => site.v1Comment(c, ['version', 'body.storage', 'container', 'ancestors']));
    }
    if (request.type !== 'page') return v1Error(400, `Unsupported content type: ${request.type}`);
    const parentId = request.ancestors?.at(-1)?.id;
    return outcome(createPage(site, {
      spaceKey: request.space?.key ?? '', title: request.title ?? '', storage: storage.value, parentId: parentId === undefined ? null : String(parentId), author: userId,
    }), (p) => site.v1Content(p, ['version', 'space', 'body.storage', ...expandOf(query)]));
  });
  router.on('PUT', `${v1}/content/{contentId}`, ({ params, body, userId }) => {
    const page = site.page(params.contentId, userId);
    if (!page) return notFound(params.contentId);
    const request = body as ContentWrite;
    if (request.type !== 'page') return v1Error(400, 'type must be page');
    const storage = request.body?.storage;
    if (storage !== undefined && (storage.representation !== 'storage' || typeof storage.value !== 'string')) return v1Error(400, 'Body must be given in storage representation');
    const parentId = request.ancestors?.at(-1)?.id;
    if (request.space?.key !== undefined && request.space.key !== page.space && parentId === undefined) return v1Error(400, 'Moving a page to another space needs a parent in that space');
    return outcome(updatePage(site, page, {
      version: request.version?.number ?? -1, title: request.title, storage: storage?.value, message: request.version?.message,
      minorEdit: request.version?.minorEdit, author: userId, parentId: parentId === undefined ? undefined : String(parentId),
    }), (p) => site.v1Content(p, ['version', 'space', 'body.storage', 'ancestors']));
  });
  router.on('DELETE', `${v1}/content/{id}`, ({ params, userId }) => {
    const page = site.page(params.id, userId);
    if (!page) return notFound(params.id);
    trashPage(site, page);
    return { status: 204 };
  });

  router.on('GET', `${v1}/content/{id}/child/comment`, ({ params, query, userId }) => {
    const page = site.page(params.id, userId);
    if (!page) return notFound(params.id);
    const all = one(query, 'depth') === 'all';
    const locations = many(query, 'location');
    const comments = data.comments.filter((c) => c.pageId === page.id && (all || !c.parentId) && (locations.length === 0 || locations.includes(c.location)));
    return site.v1List(comments.map((c) => site.v1Comment(c, expandOf(query))), query, `${v1}/content/${page.id}/child/comment`);
  });
  router.on('GET', `${v1}/content/{id}/child/page`, ({ params, query, userId }) => {
    if (!site.page(params.id, userId)) return notFound(params.id);
    return site.v1List(site.children(params.id!, userId).map((p) => site.v1Content(p, expandOf(query))), query, `${v1}/content/${params.id}/child/page`);
  });
  router.on('GET', `${v1}/content/{id}/label`, ({ params, query, userId }) => {
    const page = site.page(params.id, userId);
    if (!page) return notFound(params.id);
    return site.v1List((site.v1Labels(page).results as unknown[]), query, `${v1}/content/${page.id}/label`, 200);
  });

  // --- people ---
  router.on('GET', `${v1}/user`, ({ query }) => {
    const key = one(query, 'key');
    const username = one(query, 'username');
    const user = USERS.find((candidate) => (key !== undefined && `8a7f808a${candidate.id}` === key) || (username !== undefined && candidate.username === username));
    return user ? { body: site.userJson(user.id) } : v1Error(404, `No user found with ${key !== undefined ? `key: ${key}` : `username: ${username}`}`);
  });

  // --- spaces ---
  router.on('GET', `${v1}/space`, ({ query, userId }) => {
    const keys = many(query, 'spaceKey');
    const spaces = data.spaces.filter((s) => site.spaceVisible(s, userId) && (keys.length === 0 || keys.includes(s.key)));
    return site.v1List(spaces.map((s) => site.v1Space(s, expandOf(query))), query, `${v1}/space`);
  });
  router.on('GET', `${v1}/space/{spaceKey}`, ({ params, query, userId }) => {
    const space = data.spaces.find((s) => s.key === params.spaceKey);
    return site.spaceVisible(space, userId) ? { body: site.v1Space(space, expandOf(query)) } : v1Error(404, `No space with key : ${params.spaceKey}`);
  });
  router.on('GET', `${v1}/space/{spaceKey}/content/{type}`, ({ params, query, userId }) => {
    const space = data.spaces.find((s) => s.key === params.spaceKey);
    if (!site.spaceVisible(space, userId)) return v1Error(404, `No space with key : ${params.spaceKey}`);
    if (params.type !== 'page') return site.v1List([], query, `${v1}/space/${space.key}/content/${params.type}`);
    const rootOnly = one(query, 'depth') === 'root';
    const pages = data.pages.filter((p) => p.space === space.key && site.visible(p, userId) && (!rootOnly || !p.parentId)).sort((a, b) => a.position - b.position);
    return site.v1List(pages.map((p) => site.v1Content(p, expandOf(query))), query, `${v1}/space/${space.key}/content/page`);
  });
}
