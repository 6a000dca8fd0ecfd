import { extname } from 'node:path';

import { ToolInputError } from '../../mcp/errors.js';
import { V1, V2, cursorOf } from '../paths.js';
import { v1Content, v1List, v2Attachment, v2List } from '../schemas.js';

import type { z } from 'zod';
import type { ConfluenceClient } from '../client.js';
import type { Attachment, Next, Paged } from '../types.js';

// Files attached to pages. Cloud lists and deletes with v2, uploads and downloads with v1 (v2 has
// neither); Server/DC uses v1, and downloads through the attachment's download link.

const MEDIA_TYPES: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf', '.txt': 'text/plain', '.md': 'text/markdown', '.csv': 'text/csv', '.json': 'application/json',
  '.xml': 'application/xml', '.html': 'text/html', '.zip': 'application/zip', '.log': 'text/plain', '.yaml': 'application/yaml', '.yml': 'application/yaml',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

export function mediaTypeOf(fileName: string): string {
  return MEDIA_TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

export class AttachmentsApi {
  readonly #client: ConfluenceClient;

  constructor(client: ConfluenceClient) {
    this.#client = client;
  }

  #fromV2(raw: z.infer<typeof v2Attachment>, pageId: string, names: Map<string, string>): Attachment {
    return {
      id: raw.id, title: raw.title, pageId: raw.pageId ?? pageId, mediaType: raw.mediaType ?? 'application/octet-stream', fileSize: raw.fileSize ?? undefined,
      version: raw.version?.number, created: raw.version?.createdAt ?? raw.createdAt ?? undefined, author: names.get(raw.version?.authorId ?? ''),
      comment: raw.comment || undefined,
    };
  }

  #fromV1(raw: z.infer<typeof v1Content>, pageId: string): Attachment {
    return {
      id: raw.id, title: raw.title, pageId: raw.container?.id ?? pageId,
      mediaType: raw.extensions?.mediaType ?? raw.metadata?.mediaType ?? 'application/octet-stream', fileSize: raw.extensions?.fileSize ?? undefined,
      version: raw.version?.number, created: raw.version?.when ?? undefined, author: raw.version?.by?.displayName ?? undefined,
      comment: raw.metadata?.comment || undefined, download: raw._links.download,
    };
  }

  async list(pageId: string, options: { limit: number; next?: Next; filename?: string }, signal?: AbortSignal): Promise<Paged<Attachment>> {
    await this.#client.pages.assertAllowed(pageId, signal);
    const subject = `page ${pageId}`;
    if (this.#client.cloud) {
      const list = v2List(v2Attachment).parse(await this.#client.request({
        path: `${V2}/pages/${encodeURIComponent(pageId)}/attachments`, searchParams: { limit: options.limit, cursor: options.next?.cursor, filename: options.filename }, subject, signal,
      }));
      const names = await this.#client.displayNames(list.results.map((raw) => raw.version?.authorId), signal);
      const cursor = cursorOf(list._links.next);
      return { items: list.results.map((raw) => this.#fromV2(raw, pageId, names)), next: cursor ? { cursor } : undefined };
    }
    const start = options.next?.start ?? 0;
    const list = v1List(v1Content).parse(await this.#client.request({
      path: `${V1}/content/${encodeURIComponent(pageId)}/child/attachment`,
      searchParams: { expand: 'version', start, limit: options.limit, filename: options.filename }, subject, signal,
    }));
    return { items: list.results.map((raw) => this.#fromV1(raw, pageId)), next: list._links.next ? { start: start + list.results.length } : undefined };
  }

  /** One attachment, refused when its page is outside the allowed spaces. */
  async get(attachmentId: string, signal?: AbortSignal): Promise<Attachment> {
    const id = attachmentId.startsWith('att') ? attachmentId : `att${attachmentId}`;
    const subject = `attachment ${id}`;
    if (this.#client.cloud) {
      const raw = v2Attachment.parse(await this.#client.request({ path: `${V2}/attachments/${encodeURIComponent(id)}`, subject, signal }));
      if (!raw.pageId) throw new ToolInputError(`Attachment ${id} does not belong to a page; only page attachments are supported.`);
      await this.#client.pages.assertAllowed(raw.pageId, signal);
      return this.#fromV2(raw, raw.pageId, await this.#client.displayNames([raw.version?.authorId], signal));
    }
    const raw = v1Content.parse(await this.#client.request({ path: `${V1}/content/${encodeURIComponent(id)}`, searchParams: { expand: 'container.space,version' }, subject, signal }));
    if (raw.type !== 'attachment' || !raw.container) throw new ToolInputError(`${id} is not an attachment of a page.`);
    const spaceKey = raw.container.space?.key;
    if (spaceKey) this.#client.assertSpaceAllowed(spaceKey, `Attachment ${id}`);
    else await this.#client.pages.assertAllowed(raw.container.id, signal);
    return this.#fromV1(raw, raw.container.id);
  }

  async download(attachment: Attachment, signal?: AbortSignal): Promise<{ data: Buffer; contentType: string }> {
    const maxBytes = this.#client.maxDownloadBytes;
    const subject = `attachment ${attachment.title}`;
    if (this.#client.cloud) {
      return this.#client.http.download({
        path: `${V1}/content/${encodeURIComponent(attachment.pageId)}/child/attachment/${encodeURIComponent(attachment.id)}/download`, maxBytes, subject, signal,
      });
    }
    if (!attachment.download) throw new ToolInputError(`Attachment ${attachment.id} has no download link.`);
    // The link is relative to the site (context path included), with its own query.
    const link = new URL(attachment.download, 'http://link.invalid');
    return this.#client.http.download({ path: link.pathname.slice(1), searchParams: Object.fromEntries(link.searchParams), maxBytes, subject, signal });
  }

  /** Adds the file, or a new version of the page's attachment with the same name. */
  async upload(pageId: string, file: { fileName: string; contentType?: string; data: Buffer; comment?: string }, signal?: AbortSignal): Promise<{ attachment: Attachment; newVersion: boolean }> {
    const existing = (await this.list(pageId, { limit: 1, filename: file.fileName }, signal)).items[0];
    const base = `${V1}/content/${encodeURIComponent(pageId)}/child/attachment`;
    const spec = {
      fileName: file.fileName, contentType: file.contentType ?? mediaTypeOf(file.fileName), data: file.data, comment: file.comment,
      fields: { minorEdit: 'true' }, subject: `page ${pageId}`, signal,
    };
    if (existing) {
      const raw = v1Content.parse(await this.#client.http.upload({ ...spec, path: `${base}/${encodeURIComponent(existing.id)}/data` }));
      return { attachment: this.#fromV1(raw, pageId), newVersion: true };
    }
    const created = v1List(v1Content).parse(await this.#client.http.upload({ ...spec, path: base })).results[0];
    if (!created) throw new ToolInputError(`Confluence accepted the upload to page ${pageId} but returned no attachment.`);
    return { attachment: this.#fromV1(created, pageId), newVersion: false };
  }

  async delete(attachmentId: string, signal?: AbortSignal): Promise<Attachment> {
    const attachment = await this.get(attachmentId, signal);
    const subject = `attachment ${attachment.id}`;
    await this.#client.request(this.#client.cloud
      // v2 addresses the attachment by its number, without the 'att' prefix.
      ? { method: 'DELETE', path: `${V2}/attachments/${attachment.id.replace(/^att/, '')}`, subject, signal }
      : { method: 'DELETE', path: `${V1}/content/${encodeURIComponent(attachment.pageId)}/child/attachment/${encodeURIComponent(attachment.id)}`, subject, signal });
    return attachment;
  }
}
