import { Parser } from 'htmlparser2';

import { UpstreamError } from '../../atlassian/errors.js';
import { ToolInputError } from '../../mcp/errors.js';
import { V1, V2, cursorOf } from '../paths.js';
import { v1Content, v1List, v2Comment, v2List } from '../schemas.js';

import type { z } from 'zod';
import type { ConfluenceClient } from '../client.js';
import type { Comment } from '../types.js';

// Footer and inline comments. Cloud: v2 lists root comments per kind and replies per comment;
// Server/DC: one v1 listing with depth=all gives every comment, replies pointing at their parent.

const MAX_COMMENTS = 250;
const DC_EXPAND = 'body.storage,version,ancestors,extensions.inlineProperties,extensions.resolution';
type Location = Comment['location'];

// Text that readers do not see, so an inline comment cannot highlight it.
const INVISIBLE = new Set(['ac:parameter', 'ac:plain-text-body', 'ac:task-id', 'ac:task-status']);

/** How often `selection` occurs in the visible text of a storage body (within single text runs). */
export function countSelection(storage: string, selection: string): number {
  let count = 0;
  const open: string[] = [];
  let inCdata = false;
  const parser = new Parser({
    onopentagname: (name) => open.push(name),
    onclosetag: () => open.pop(),
    oncdatastart: () => (inCdata = true),
    oncdataend: () => (inCdata = false),
    ontext: (text) => {
      if (inCdata || open.some((name) => INVISIBLE.has(name))) return;
      for (let at = text.indexOf(selection); at >= 0; at = text.indexOf(selection, at + selection.length)) count += 1;
    },
  }, { xmlMode: true, recognizeCDATA: true, decodeEntities: false });
  parser.write(storage);
  parser.end();
  return count;
}

export class CommentsApi {
  readonly #client: ConfluenceClient;

  constructor(client: ConfluenceClient) {
    this.#client = client;
  }

  #fromV2(raw: z.infer<typeof v2Comment>, location: Location, names: Map<string, string>): Comment {
    return {
      id: raw.id, location, parentId: raw.parentCommentId ?? undefined, author: names.get(raw.version.authorId ?? '') ?? raw.version.authorId ?? undefined,
      created: raw.version.createdAt ?? undefined, version: raw.version.number, storage: raw.body.storage?.value ?? '',
      selection: raw.properties?.inlineOriginalSelection || undefined, resolution: raw.resolutionStatus ?? undefined,
      url: raw._links.webui ? this.#client.webUrl(raw._links.webui) : undefined,
    };
  }

  #fromV1(raw: z.infer<typeof v1Content>): Comment {
    const location = raw.extensions?.location === 'inline' ? 'inline' : 'footer';
    return {
      id: raw.id, location, parentId: raw.ancestors?.at(-1)?.id, author: raw.version?.by?.displayName ?? undefined, created: raw.version?.when ?? undefined,
      version: raw.version?.number, storage: raw.body.storage?.value ?? '',
      selection: raw.extensions?.inlineProperties?.originalSelection || undefined,
      resolution: location === 'inline' ? raw.extensions?.resolution?.status ?? undefined : undefined,
      url: raw._links.webui ? this.#client.webUrl(raw._links.webui) : undefined,
    };
  }

  /** Every comment of a page (up to 250), flat, replies pointing at their parent; oldest first. */
  async list(pageId: string, signal?: AbortSignal): Promise<{ comments: Comment[]; truncated: boolean }> {
    await this.#client.pages.assertAllowed(pageId, signal);
    if (!this.#client.cloud) {
      const comments: Comment[] = [];
      let start = 0;
      for (;;) {
        const list = v1List(v1Content).parse(await this.#client.request({
          path: `${V1}/content/${encodeURIComponent(pageId)}/child/comment`, searchParams: { expand: DC_EXPAND, depth: 'all', start, limit: 100 }, subject: `page ${pageId}`, signal,
        }));
        comments.push(...list.results.map((raw) => this.#fromV1(raw)));
        start += list.results.length;
        if (!list._links.next || list.results.length === 0 || comments.length >= MAX_COMMENTS) return { comments: comments.slice(0, MAX_COMMENTS), truncated: !!list._links.next };
      }
    }
    const raw: { comment: z.infer<typeof v2Comment>; location: Location }[] = [];
    let truncated = false;
    const collect = async (path: string, location: Location) => {
      let cursor: string | undefined;
      do {
        const list = v2List(v2Comment).parse(await this.#client.request({ path, searchParams: { 'body-format': 'storage', limit: 100, cursor }, subject: `page ${pageId}`, signal }));
        raw.push(...list.results.map((comment) => ({ comment, location })));
        cursor = cursorOf(list._links.next);
        if (cursor && raw.length >= MAX_COMMENTS) truncated = true;
      } while (cursor && raw.length < MAX_COMMENTS);
    };
    await collect(`${V2}/pages/${encodeURIComponent(pageId)}/footer-comments`, 'footer');
    await collect(`${V2}/pages/${encodeURIComponent(pageId)}/inline-comments`, 'inline');
    // v2 lists replies per comment: walk the threads level by level, a few comments at a time.
    let level = raw.slice();
    while (level.length > 0 && raw.length < MAX_COMMENTS) {
      const before = raw.length;
      for (let i = 0; i < level.length && raw.length < MAX_COMMENTS; i += 8) {
        await Promise.all(level.slice(i, i + 8).map(({ comment, location }) => collect(`${V2}/${location}-comments/${comment.id}/children`, location)));
      }
      level = raw.slice(before);
    }
    const names = await this.#client.displayNames(raw.map(({ comment }) => comment.version.authorId), signal);
    const comments = raw.slice(0, MAX_COMMENTS).map(({ comment, location }) => this.#fromV2(comment, location, names));
    comments.sort((a, b) => (a.created ?? '').localeCompare(b.created ?? ''));
    return { comments, truncated: truncated || raw.length > MAX_COMMENTS };
  }

  /** A footer comment on a page. */
  async add(pageId: string, storage: string, signal?: AbortSignal): Promise<Comment> {
    await this.#client.pages.assertAllowed(pageId, signal);
    return this.#create({ pageId, storage, location: 'footer' }, signal);
  }

  /** A reply in the thread of `commentId`, footer or inline alike. */
  async reply(commentId: string, storage: string, signal?: AbortSignal): Promise<{ reply: Comment; parent: Comment; pageId: string }> {
    const { comment: parent, pageId } = await this.#find(commentId, signal);
    await this.#client.pages.assertAllowed(pageId, signal);
    return { reply: await this.#create({ pageId, storage, location: parent.location, parentId: parent.id }, signal), parent, pageId };
  }

  /** Cloud: a comment on the `matchIndex`-th occurrence (from 0) of `selection` in the page text. */
  async addInline(pageId: string, storage: string, selection: string, matchIndex: number, signal?: AbortSignal): Promise<Comment> {
    const page = await this.#client.pages.get({ pageId }, signal);
    const count = countSelection(page.storage, selection);
    if (count === 0) {
      throw new ToolInputError(`text_selection "${selection}" does not occur in page ${pageId}; copy the words exactly as the page shows them (one paragraph, no formatting).`);
    }
    if (matchIndex >= count) throw new ToolInputError(`text_selection occurs ${count} time(s) in page ${pageId}; give text_selection_match_index from 0 to ${count - 1}.`);
    const raw = v2Comment.parse(await this.#client.request({
      method: 'POST', path: `${V2}/inline-comments`, subject: `page ${pageId}`, signal,
      json: {
        pageId, body: { representation: 'storage', value: storage },
        inlineCommentProperties: { textSelection: selection, textSelectionMatchCount: count, textSelectionMatchIndex: matchIndex },
      },
    }));
    return { ...this.#fromV2(raw, 'inline', new Map()), selection };
  }

  async #create(init: { pageId: string; storage: string; location: Location; parentId?: string }, signal?: AbortSignal): Promise<Comment> {
    const subject = init.parentId ? `comment ${init.parentId}` : `page ${init.pageId}`;
    if (this.#client.cloud) {
      const json = init.parentId
        ? { parentCommentId: init.parentId, body: { representation: 'storage', value: init.storage } }
        : { pageId: init.pageId, body: { representation: 'storage', value: init.storage } };
      const raw = v2Comment.parse(await this.#client.request({ method: 'POST', path: `${V2}/${init.location}-comments`, json, subject, signal }));
      return this.#fromV2(raw, init.location, new Map());
    }
    return this.#fromV1(v1Content.parse(await this.#client.request({
      method: 'POST', path: `${V1}/content`, searchParams: { expand: DC_EXPAND }, subject, signal,
      json: {
        type: 'comment', container: { id: init.pageId, type: 'page' }, ...(init.parentId ? { ancestors: [{ id: init.parentId }] } : {}),
        body: { storage: { value: init.storage, representation: 'storage' } },
      },
    })));
  }

  /** A comment and its page, whichever kind it is. */
  async #find(commentId: string, signal?: AbortSignal): Promise<{ comment: Comment; pageId: string }> {
    if (!this.#client.cloud) {
      const raw = v1Content.parse(await this.#client.request({
        path: `${V1}/content/${encodeURIComponent(commentId)}`, searchParams: { expand: `${DC_EXPAND},container` }, subject: `comment ${commentId}`, signal,
      }));
      if (raw.type !== 'comment' || !raw.container) throw new ToolInputError(`${commentId} is a ${raw.type}, not a comment; list comments with confluence_get_comments.`);
      return { comment: this.#fromV1(raw), pageId: raw.container.id };
    }
    for (const location of ['footer', 'inline'] as const) {
      try {
        const raw = v2Comment.parse(await this.#client.request({ path: `${V2}/${location}-comments/${encodeURIComponent(commentId)}`, subject: `comment ${commentId}`, signal }));
        if (!raw.pageId) throw new ToolInputError(`Comment ${commentId} is not on a page; only page comments are supported.`);
        return { comment: this.#fromV2(raw, location, new Map()), pageId: raw.pageId };
      } catch (error) {
        // A footer comment id asked of the inline API (or the reverse) is a 404: try the other kind.
        if (!(error instanceof UpstreamError && error.status === 404) || location === 'inline') throw error;
      }
    }
    throw new ToolInputError(`Comment ${commentId} not found.`);
  }
}
