import { createHash } from 'node:crypto';

import { userById } from '../data/users.js';
import { int, one } from '../router.js';

import type { ConfluenceData, SandboxAttachment, SandboxComment, SandboxPage, SandboxSpace } from '../data/confluence.js';
import type { Query, RouteResponse } from '../router.js';

// What every Confluence route of the sandbox shares: the data, how each flavor writes its JSON (v1 content,
// v2 pages, comments, attachments, spaces, users), its error bodies and its paging. Routes stay thin.

export const v1Error = (status: number, message: string): RouteResponse => ({
  status,
  body: {
    statusCode: status, data: { authorized: status !== 403, valid: status !== 400, errors: [], successful: false }, message,
    reason: ({ 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict' } as Record<number, string>)[status] ?? 'Error',
  },
});

export const v2Error = (status: number, title: string, detail: string | null = null): RouteResponse =>
  ({ status, body: { errors: [{ status, code: title.toUpperCase().split(' ').join('_'), title, detail }] } });

const slug = (title: string) => encodeURIComponent(title).split('%20').join('+');

export class ConfluenceSite {
  readonly data: ConfluenceData;
  readonly cloud: boolean;
  /** Where the web UI and REST paths start: the site URL, plus /wiki on Cloud. */
  readonly wikiBase: string;
  /** v1 REST prefix below the site root. */
  readonly v1: string;

  constructor(data: ConfluenceData, cloud: boolean, siteUrl: string) {
    this.data = data;
    this.cloud = cloud;
    this.wikiBase = cloud ? `${siteUrl}/wiki` : siteUrl;
    this.v1 = cloud ? '/wiki/rest/api' : '/rest/api';
  }

  newId(): string {
    this.data.nextId += 1;
    return String(this.data.nextId);
  }

  spaceOf(page: SandboxPage): SandboxSpace {
    return this.data.spaces.find((space) => space.key === page.space)!;
  }

  spaceVisible(space: SandboxSpace | undefined, userId: string): space is SandboxSpace {
    return space !== undefined && !space.hiddenFrom.includes(userId);
  }

  visible(page: SandboxPage, userId: string): boolean {
    return page.status === 'current' && !page.hiddenFrom.includes(userId) && this.spaceVisible(this.spaceOf(page), userId) &&
      this.restrictionAllows(page.id, 'read', userId);
  }

  /** Whether a user is one of the entries ('user:<id>', 'group:<name>'); no entries means no restriction. */
  named(entries: readonly string[] | undefined, userId: string): boolean {
    if (!entries || entries.length === 0) return true;
    return entries.some((entry) => entry === `user:${userId}` || (entry.startsWith('group:') && (this.data.groups[entry.slice(6)] ?? []).includes(userId)));
  }

  restrictionAllows(pageId: string, operation: 'read' | 'update', userId: string): boolean {
    return this.named(this.data.restrictions[pageId]?.[operation], userId);
  }

  /** Cloud group ids are UUIDs; the sandbox derives one from the name. */
  groupId(name: string): string {
    const hex = createHash('sha256').update(name).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  }

  page(id: string | undefined, userId: string): SandboxPage | undefined {
    return this.data.pages.find((page) => page.id === id && this.visible(page, userId));
  }

  comment(id: string | undefined, userId: string): SandboxComment | undefined {
    const comment = this.data.comments.find((candidate) => candidate.id === id);
    return comment && this.page(comment.pageId, userId) ? comment : undefined;
  }

  /** Attachments are addressed as 'att123' or, by some v2 paths, by the bare number. */
  attachment(id: string | undefined, userId: string): SandboxAttachment | undefined {
    const wanted = id?.startsWith('att') ? id : `att${id}`;
    const attachment = this.data.attachments.find((candidate) => candidate.id === wanted);
    return attachment && this.page(attachment.pageId, userId) ? attachment : undefined;
  }

  children(pageId: string, userId: string): SandboxPage[] {
    return this.data.pages.filter((page) => page.parentId === pageId && this.visible(page, userId)).sort((a, b) => a.position - b.position);
  }

  /** Root first. */
  ancestors(page: SandboxPage): SandboxPage[] {
    const chain: SandboxPage[] = [];
    for (let id = page.parentId; id; id = this.data.pages.find((candidate) => candidate.id === id)?.parentId) {
      const parent = this.data.pages.find((candidate) => candidate.id === id);
      if (!parent) break;
      chain.unshift(parent);
    }
    return chain;
  }

  webui(page: SandboxPage): string {
    return this.cloud ? `/spaces/${page.space}/pages/${page.id}/${slug(page.title)}` : `/display/${page.space}/${slug(page.title)}`;
  }

  accountId(userId: string): string {
    return userById(userId).accountId;
  }

  userJson(id: string): Record<string, unknown> {
    const user = userById(id);
    return this.cloud
      ? { type: 'known', accountId: user.accountId, accountType: 'atlassian', email: user.email, publicName: user.displayName, displayName: user.displayName, profilePicture: { path: `/wiki/aa-avatar/${user.accountId}`, width: 48, height: 48, isDefault: false } }
      : { type: 'known', username: user.username, userKey: `8a7f808a${user.id}`, displayName: user.displayName, profilePicture: { path: `/images/icons/profilepics/${user.id}.svg`, width: 48, height: 48, isDefault: false } };
  }

  /** The page as it was at `version` (the current page for the current version). */
  pageAt(page: SandboxPage, version: number | undefined): { title: string; storage: string; number: number; author: string; when: string; message: string; minorEdit: boolean; historical: boolean } | undefined {
    if (version === undefined || version === page.version) {
      return { title: page.title, storage: page.storage, number: page.version, author: page.author, when: page.updated, message: page.message, minorEdit: false, historical: false };
    }
    const older = page.history.find((entry) => entry.number === version);
    return older && { ...older, historical: true };
  }

  // --- v1 (Server/DC, and Cloud's /wiki/rest/api) ---

  v1Space(space: SandboxSpace, expand: string[]): Record<string, unknown> {
    return {
      id: Number(space.id), key: space.key, name: space.name, type: space.type, status: 'current',
      ...(expand.some((e) => e.startsWith('description')) ? { description: { plain: { value: space.description, representation: 'plain' } } } : {}),
      ...(expand.includes('homepage') ? { homepage: this.v1ContentRef(space.homepageId) } : {}),
      _links: { webui: this.cloud ? `/spaces/${space.key}` : `/display/${space.key}`, self: `${this.wikiBase}${this.v1}/space/${space.key}` },
    };
  }

  v1ContentRef(id: string): Record<string, unknown> {
    const page = this.data.pages.find((candidate) => candidate.id === id);
    return page ? { id: page.id, type: 'page', status: page.status, title: page.title, _links: { webui: this.webui(page) } } : { id, type: 'page' };
  }

  v1Content(page: SandboxPage, expand: string[], version?: number): Record<string, unknown> {
    const space = this.spaceOf(page);
    const at = this.pageAt(page, version)!;
    return {
      id: page.id, type: 'page', status: at.historical ? 'historical' : page.status, title: at.title,
      ...(expand.some((e) => e.startsWith('space')) ? { space: this.v1Space(space, []) } : {}),
      ...(expand.some((e) => e.startsWith('version')) ? { version: { by: this.userJson(at.author), when: at.when, number: at.number, message: at.message, minorEdit: at.minorEdit } } : {}),
      ...(expand.includes('body.storage') ? { body: { storage: { value: at.storage, representation: 'storage' } } } : {}),
      ...(expand.includes('ancestors') ? { ancestors: this.ancestors(page).map((ancestor) => this.v1Content(ancestor, [])) } : {}),
      ...(expand.includes('metadata.labels') ? { metadata: { labels: this.v1Labels(page) } } : {}),
      extensions: { position: page.position },
      _links: { webui: this.webui(page), tinyui: `/x/${Buffer.from(page.id).toString('base64url')}`, self: `${this.wikiBase}${this.v1}/content/${page.id}` },
    };
  }

  v1Labels(page: SandboxPage): Record<string, unknown> {
    const results = page.labels.map((name) => ({ prefix: 'global', name, id: this.labelId(name), label: name }));
    return { results, start: 0, limit: 200, size: results.length };
  }

  labelId(name: string): string {
    return String(1_000_000 + [...name].reduce((sum, ch) => (sum * 31 + ch.charCodeAt(0)) % 900_000, 0));
  }

  v1Comment(comment: SandboxComment, expand: string[]): Record<string, unknown> {
    const page = this.data.pages.find((candidate) => candidate.id === comment.pageId)!;
    const parents: SandboxComment[] = [];
    for (let id = comment.parentId; id; id = this.data.comments.find((c) => c.id === id)?.parentId) {
      const parent = this.data.comments.find((c) => c.id === id);
      if (parent) parents.unshift(parent);
    }
    return {
      id: comment.id, type: 'comment', status: 'current', title: `Re: ${page.title}`,
      ...(expand.some((e) => e.startsWith('container')) ? { container: this.v1Content(page, ['space']) } : {}),
      ...(expand.some((e) => e.startsWith('version')) ? { version: { by: this.userJson(comment.author), when: comment.created, number: comment.version, message: '', minorEdit: false } } : {}),
      ...(expand.includes('body.storage') ? { body: { storage: { value: comment.storage, representation: 'storage' } } } : {}),
      ...(expand.includes('ancestors') ? { ancestors: parents.map((parent) => ({ id: parent.id, type: 'comment', status: 'current', title: `Re: ${page.title}` })) } : {}),
      extensions: {
        location: comment.location,
        ...(comment.location === 'inline' ? { inlineProperties: { originalSelection: comment.selection ?? '', markerRef: comment.markerRef ?? '' }, resolution: { status: comment.resolution ?? 'open' } } : {}),
      },
      _links: { webui: `${this.webui(page)}?focusedCommentId=${comment.id}#comment-${comment.id}`, self: `${this.wikiBase}${this.v1}/content/${comment.id}` },
    };
  }

  v1Attachment(attachment: SandboxAttachment, expand: string[]): Record<string, unknown> {
    const page = this.data.pages.find((candidate) => candidate.id === attachment.pageId)!;
    const download = `/download/attachments/${page.id}/${encodeURIComponent(attachment.title)}?version=${attachment.version}&modificationDate=${Date.parse(attachment.created)}&api=v2`;
    return {
      id: attachment.id, type: 'attachment', status: 'current', title: attachment.title,
      ...(expand.some((e) => e.startsWith('version')) ? { version: { by: this.userJson(attachment.author), when: attachment.created, number: attachment.version, message: '', minorEdit: false } } : {}),
      ...(expand.some((e) => e.startsWith('container')) ? { container: this.v1Content(page, ['space']) } : {}),
      metadata: { mediaType: attachment.mediaType, comment: attachment.comment },
      extensions: { mediaType: attachment.mediaType, fileSize: attachment.data.length, comment: attachment.comment },
      _links: { webui: `${this.webui(page)}?preview=${encodeURIComponent(`/${page.id}/${attachment.title}`)}`, download, self: `${this.wikiBase}${this.v1}/content/${attachment.id}` },
    };
  }

  /** A v1 list with start/limit paging and a relative next link. */
  v1List(items: unknown[], query: Query, path: string, defaultLimit = 25, maxLimit = 200): RouteResponse {
    const start = int(query, 'start', 0);
    const limit = Math.min(int(query, 'limit', defaultLimit), maxLimit);
    const page = items.slice(start, start + limit);
    const next = start + limit < items.length ? `${path}?limit=${limit}&start=${start + limit}` : undefined;
    return { body: { results: page, start, limit, size: page.length, _links: { base: this.wikiBase, context: this.cloud ? '/wiki' : '', ...(next ? { next } : {}) } } };
  }

  // --- v2 (Cloud /wiki/api/v2) ---

  v2Version(author: string, when: string, number: number, message = '', minorEdit = false): Record<string, unknown> {
    return { number, message, minorEdit, authorId: this.accountId(author), createdAt: when };
  }

  v2Page(page: SandboxPage, bodyFormat: string | undefined, version?: number): Record<string, unknown> {
    const at = this.pageAt(page, version)!;
    return {
      id: page.id, status: at.historical ? 'historical' : page.status, title: at.title, spaceId: this.spaceOf(page).id,
      parentId: page.parentId ?? null, parentType: page.parentId ? 'page' : null, position: page.position,
      authorId: this.accountId(page.history[0]?.author ?? page.author), ownerId: this.accountId(page.author), createdAt: page.created,
      version: this.v2Version(at.author, at.when, at.number, at.message, at.minorEdit),
      body: bodyFormat === 'storage' ? { storage: { value: at.storage, representation: 'storage' } } : {},
      _links: { webui: this.webui(page), editui: `/pages/resumedraft.action?draftId=${page.id}`, tinyui: `/x/${Buffer.from(page.id).toString('base64url')}` },
    };
  }

  v2Space(space: SandboxSpace, descriptionFormat: string | undefined): Record<string, unknown> {
    return {
      id: space.id, key: space.key, name: space.name, type: space.type, status: 'current', homepageId: space.homepageId,
      authorId: this.accountId('alice'), createdAt: '2026-01-05T09:00:00.000Z',
      description: descriptionFormat === 'plain' ? { plain: { value: space.description, representation: 'plain' } } : null,
      _links: { webui: `/spaces/${space.key}` },
    };
  }

  v2Comment(comment: SandboxComment, bodyFormat: string | undefined): Record<string, unknown> {
    const page = this.data.pages.find((candidate) => candidate.id === comment.pageId)!;
    return {
      id: comment.id, status: 'current', title: `Re: ${page.title}`, pageId: comment.pageId,
      ...(comment.parentId ? { parentCommentId: comment.parentId } : {}),
      version: this.v2Version(comment.author, comment.created, comment.version),
      body: bodyFormat === 'storage' ? { storage: { value: comment.storage, representation: 'storage' } } : {},
      ...(comment.location === 'inline' ? {
        resolutionStatus: comment.resolution ?? 'open',
        properties: { inlineMarkerRef: comment.markerRef ?? '', inlineOriginalSelection: comment.selection ?? '' },
      } : {}),
      _links: { webui: `${this.webui(page)}?focusedCommentId=${comment.id}` },
    };
  }

  v2Attachment(attachment: SandboxAttachment): Record<string, unknown> {
    const page = this.data.pages.find((candidate) => candidate.id === attachment.pageId)!;
    return {
      id: attachment.id, status: 'current', title: attachment.title, createdAt: attachment.created, pageId: page.id,
      mediaType: attachment.mediaType, mediaTypeDescription: attachment.mediaType.startsWith('image/') ? 'Image' : 'File',
      comment: attachment.comment, fileId: `f${attachment.id.slice(3)}`, fileSize: attachment.data.length,
      webuiLink: `${this.webui(page)}?preview=/${page.id}/${attachment.title}`,
      downloadLink: `/download/attachments/${page.id}/${encodeURIComponent(attachment.title)}?version=${attachment.version}&api=v2`,
      version: this.v2Version(attachment.author, attachment.created, attachment.version),
      _links: { webui: `${this.webui(page)}?preview=/${page.id}/${attachment.title}`, download: `/download/attachments/${page.id}/${encodeURIComponent(attachment.title)}` },
    };
  }

  /** A v2 list: `limit` (1-250) and an opaque cursor; the next link is relative to the site, as Cloud sends it. */
  v2List(items: unknown[], query: Query, path: string, defaultLimit = 25): RouteResponse {
    const limit = Math.min(Math.max(int(query, 'limit', defaultLimit), 1), 250);
    const cursor = one(query, 'cursor');
    const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString()) : 0;
    if (!Number.isInteger(start) || start < 0) return v2Error(400, 'Invalid cursor');
    const page = items.slice(start, start + limit);
    const next = start + limit < items.length ? `${path}?limit=${limit}&cursor=${Buffer.from(String(start + limit)).toString('base64url')}` : undefined;
    return {
      body: { results: page, _links: { base: this.wikiBase, ...(next ? { next } : {}) } },
      ...(next ? { headers: { link: `<${next}>; rel="next"` } } : {}),
    };
  }
}
