import { attachmentJson } from './render.js';
import { NOT_FOUND, jiraError, now } from './site.js';

import type { SandboxAttachment, SandboxIssue } from '../data/jira.js';
import type { RouteResponse, Router } from '../router.js';
import type { JiraSite } from './site.js';

// Attachments: metadata, content (Cloud's REST content endpoint; Server/DC's /secure/attachment
// servlet), multipart upload and delete.

interface Part {
  name: string;
  filename?: string;
  contentType: string;
  data: Buffer;
}

/** Splits a multipart/form-data body into its parts; the boundary is the body's first line. */
export function parseMultipart(body: Buffer): Part[] {
  const firstLineEnd = body.indexOf('\r\n');
  if (firstLineEnd < 3 || body.subarray(0, 2).toString() !== '--') return [];
  const delimiter = Buffer.concat([Buffer.from('\r\n'), body.subarray(0, firstLineEnd)]);
  const parts: Part[] = [];
  let start = firstLineEnd + 2;
  for (;;) {
    const end = body.indexOf(delimiter, start);
    if (end < 0) break;
    const chunk = body.subarray(start, end);
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = chunk.subarray(0, headerEnd).toString('utf8').split('\r\n');
      const disposition = headers.find((line) => line.toLowerCase().startsWith('content-disposition:')) ?? '';
      const type = headers.find((line) => line.toLowerCase().startsWith('content-type:'));
      const param = (key: string) => /* a header parameter, a scalar */ new RegExp(`;\\s*${key}="([^"]*)"`, 'i').exec(disposition)?.[1];
      parts.push({
        name: param('name') ?? '',
        filename: param('filename'),
        contentType: type ? type.slice(type.indexOf(':') + 1).trim() : 'application/octet-stream',
        data: chunk.subarray(headerEnd + 4),
      });
    }
    start = end + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    start += 2;
  }
  return parts;
}

export function fileRoutes(site: JiraSite, router: Router): void {
  const { api } = site;
  const find = (id: string, userId: string): { issue: SandboxIssue; attachment: SandboxAttachment } | undefined => {
    for (const issue of site.data.issues) {
      const attachment = issue.attachments.find((candidate) => candidate.id === id);
      if (attachment) return site.visible(issue, userId) ? { issue, attachment } : undefined;
    }
    return undefined;
  };
  const missing = (id: string) => jiraError(404, `The attachment with id '${id}' does not exist or you do not have permission to see it.`);
  const content = (found: ReturnType<typeof find>): RouteResponse => ({
    body: found!.attachment.data,
    headers: { 'content-type': found!.attachment.mimeType, 'content-disposition': `attachment; filename="${found!.attachment.filename}"` },
  });

  router.on('GET', `${api}/attachment/{id}`, ({ params, userId }) => {
    const found = find(params.id!, userId);
    return found ? { body: attachmentJson(site, found.attachment) } : missing(params.id!);
  });

  router.on('DELETE', `${api}/attachment/{id}`, ({ params, userId }) => {
    const found = find(params.id!, userId);
    if (!found) return missing(params.id!);
    found.issue.attachments = found.issue.attachments.filter((candidate) => candidate !== found.attachment);
    return { status: 204 };
  });

  if (site.cloud) {
    router.on('GET', `${api}/attachment/content/{id}`, ({ params, userId }) => {
      const found = find(params.id!, userId);
      return found ? content(found) : missing(params.id!);
    });
  } else {
    router.on('GET', '/secure/attachment/{id}/{filename}', ({ params, userId }) => {
      const found = find(params.id!, userId);
      return found && found.attachment.filename === params.filename ? content(found) : missing(params.id!);
    });
  }

  router.on('POST', `${api}/issue/{issueIdOrKey}/attachments`, ({ params, rawBody, userId }) => {
    const issue = site.findIssue(params.issueIdOrKey!, userId);
    if (!issue) return jiraError(404, NOT_FOUND);
    const files = parseMultipart(rawBody).filter((part) => part.name === 'file' && part.filename);
    if (files.length === 0) return jiraError(400, 'No file was attached: send multipart/form-data with a part named "file".');
    const created = files.map((file) => ({
      id: site.nextId(), filename: file.filename!, mimeType: file.contentType.split(';')[0]!, author: userId, created: now(), data: Buffer.from(file.data),
    }));
    issue.attachments.push(...created);
    return { body: created.map((attachment) => attachmentJson(site, attachment)) };
  });
}
