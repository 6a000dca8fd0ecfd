import { extname } from 'node:path';

import { z } from 'zod';

import { readConfinedFile, writeConfinedFile } from '../../atlassian/files.js';
import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { untrusted } from '../../mcp/result.js';
import { attachment } from '../api/schemas.js';
import { size } from '../render.js';
import { issueKeyArg, jira, numericIdArg, writeOutput, writeText } from './common.js';

import type { ContentBlock } from '@modelcontextprotocol/sdk/types.js';
import type { ToolContext } from '../../mcp/define-tool.js';
import type { Attachment } from '../api/schemas.js';
import type { JiraClient } from '../client.js';

// Attachments: list, download (as MCP image or embedded-resource content, or saved inside
// ATTACHMENTS_DIR), upload (base64 or a file inside ATTACHMENTS_DIR) and delete. Attachments are
// addressed with their issue, so JIRA_PROJECTS_FILTER applies and the id is checked to belong to it.

const attachmentIdArg = numericIdArg('attachment', '10001');

const TYPES: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf', '.txt': 'text/plain', '.log': 'text/plain', '.md': 'text/markdown', '.csv': 'text/csv', '.json': 'application/json',
  '.xml': 'application/xml', '.html': 'text/html', '.zip': 'application/zip', '.har': 'application/json',
};

/** Text the model can read as is: text/* and JSON/XML that decode as UTF-8. */
function isText(mimeType: string, data: Buffer): boolean {
  if (!/^text\/|[/+](json|xml)$/.test(mimeType.split(';')[0]!)) return false;
  return !data.toString('utf8').includes('\uFFFD');
}

async function issueAttachments(client: JiraClient, issueKey: string, signal: AbortSignal): Promise<{ key: string; id: string; attachments: Attachment[] }> {
  const issue = await client.getIssue(issueKey.toUpperCase(), ['attachment', 'project'], { signal });
  return { key: issue.key, id: issue.id, attachments: z.array(attachment).parse(issue.fields.attachment ?? []) };
}

async function findAttachment(client: JiraClient, issueKey: string, attachmentId: string, signal: AbortSignal) {
  const issue = await issueAttachments(client, issueKey, signal);
  const found = issue.attachments.find((candidate) => candidate.id === attachmentId);
  if (!found) {
    // Ids only: file names are user text, and an error text has no untrusted block.
    throw new ToolInputError(`Attachment ${attachmentId} is not on ${issue.key}; its attachment ids: ` +
      `${issue.attachments.map((a) => a.id).join(', ') || 'none'} (jira_get_issue with include ['attachments'] lists their names).`);
  }
  return { issue, attachment: found };
}

/** Where to fetch the bytes: Cloud's REST content endpoint; Server/DC's content URL on the same site. */
function contentPath(client: JiraClient, file: Attachment): string {
  if (client.cloud) return `rest/api/3/attachment/content/${file.id}`;
  const base = `${client.http.config.url}/`;
  if (file.content?.startsWith(base)) return file.content.slice(base.length);
  return `secure/attachment/${file.id}/${encodeURIComponent(file.filename)}`;
}

const isImage = (file: Attachment) => file.mimeType.startsWith('image/') && file.mimeType !== 'image/svg+xml';

/** An attachment as MCP content: an image, or an embedded resource (text when it reads as text). */
function contentOf(client: JiraClient, file: Attachment, data: Buffer): ContentBlock {
  const uri = file.content ?? `${client.http.config.url}/secure/attachment/${file.id}/${encodeURIComponent(file.filename)}`;
  if (isImage(file)) return { type: 'image', data: data.toString('base64'), mimeType: file.mimeType };
  return {
    type: 'resource', resource: isText(file.mimeType, data)
      ? { uri, mimeType: file.mimeType, text: data.toString('utf8') }
      : { uri, mimeType: file.mimeType, blob: data.toString('base64') },
  };
}

export const jiraDownloadAttachment = defineTool({
  name: 'jira_download_attachment',
  title: 'Download attachments',
  description: 'One attachment, or all (or only the images) of an issue\'s: images as image content, other files as embedded resources, or saved into ATTACHMENTS_DIR with save_path.',
  product: 'jira',
  toolset: 'jira_attachments',
  kind: 'read',
  continuation: 'Save the files with save_path (inside ATTACHMENTS_DIR) and read them from there.',
  input: {
    issue_key: issueKeyArg,
    attachment_id: attachmentIdArg.optional(),
    images_only: z.boolean().default(false).describe('Only pictures, e.g. true'),
    save_path: z.string().optional().describe('File, or folder for several, in ATTACHMENTS_DIR, e.g. \'PROJ-1/shot.png\''),
    overwrite: z.boolean().default(false).describe('Replace an existing file, e.g. true'),
  },
  output: {
    id: z.string().optional(), filename: z.string().optional(), mime_type: z.string().optional(), size: z.number().optional(), saved_to: z.string().optional(),
    files: z.array(z.object({ id: z.string(), filename: z.string(), mime_type: z.string(), size: z.number(), saved_to: z.string().optional() })).optional(),
    skipped: z.array(z.object({ id: z.string(), reason: z.string() })).optional(),
  },
  async handler({ issue_key, attachment_id, images_only, save_path, overwrite }, context: ToolContext) {
    const client = jira(context);
    const max = context.config.attachmentMaxBytes;
    if (save_path !== undefined && !context.config.attachmentsDir) {
      throw new ToolInputError('save_path needs ATTACHMENTS_DIR: set it to a directory the server may write, or omit save_path to get the content.');
    }
    if (attachment_id === undefined) return downloadAll(client, context, { issue_key, images_only, save_path, overwrite });
    if (images_only) throw new ToolInputError('images_only selects among all attachments: omit attachment_id, or omit images_only.');
    const { attachment: file } = await findAttachment(client, issue_key, attachment_id, context.signal);
    if (file.size > max) {
      throw new ToolInputError(`${file.filename} has ${size(file.size)} (${file.size} bytes), over ATTACHMENT_MAX_BYTES=${max}; raise it or open the file in Jira.`);
    }
    const { data } = await client.http.download({ path: contentPath(client, file), maxBytes: max, subject: `attachment ${file.filename}`, signal: context.signal });
    const facts = { id: file.id, filename: file.filename, mime_type: file.mimeType, size: data.length };
    if (save_path !== undefined) {
      const target = await writeConfinedFile(context.config.attachmentsDir, save_path, data, overwrite);
      return { text: `Saved attachment ${file.id} (${size(data.length)}, ${file.mimeType}) to ${target}.`, data: { ...facts, saved_to: target } };
    }
    // The file name is user text: it stays in the data and the resource, out of the tool's own words.
    return { text: `Attachment ${file.id} (${size(data.length)}, ${file.mimeType}) from ${issue_key.toUpperCase()}:`, data: facts, content: [contentOf(client, file, data)] };
  },
});

/**
 * Every attachment of an issue (or its pictures), oldest first, within ATTACHMENT_MAX_BYTES each and in
 * all: what does not fit is named as skipped, so the caller can fetch it alone or save it.
 */
async function downloadAll(client: JiraClient, context: ToolContext, options: { issue_key: string; images_only: boolean; save_path?: string; overwrite: boolean }) {
  const max = context.config.attachmentMaxBytes;
  const issue = await issueAttachments(client, options.issue_key, context.signal);
  const wanted = issue.attachments.filter((file) => !options.images_only || isImage(file));
  const files: { id: string; filename: string; mime_type: string; size: number; saved_to?: string }[] = [];
  const skipped: { id: string; reason: string }[] = [];
  const content: ContentBlock[] = [];
  const lines: string[] = [];
  let total = 0;
  for (const file of wanted) {
    if (file.size > max) {
      skipped.push({ id: file.id, reason: `${file.size} bytes, over ATTACHMENT_MAX_BYTES=${max}` });
      continue;
    }
    // Saved files do not travel in the result, so only returned content counts towards the total.
    if (options.save_path === undefined && total + file.size > max) {
      skipped.push({ id: file.id, reason: `would pass ATTACHMENT_MAX_BYTES=${max} in all; fetch it alone` });
      continue;
    }
    const { data } = await client.http.download({ path: contentPath(client, file), maxBytes: max, subject: `attachment ${file.id}`, signal: context.signal });
    const facts = { id: file.id, filename: file.filename, mime_type: file.mimeType, size: data.length };
    if (options.save_path !== undefined) {
      // A file name is a plain name inside the folder: separators and leading dots cannot climb out.
      const name = file.filename.replace(/[/\\]/g, '_').replace(/^\.+/, '_') || `attachment-${file.id}`;
      const target = await writeConfinedFile(context.config.attachmentsDir, `${options.save_path.replace(/[/\\]+$/, '')}/${name}`, data, options.overwrite);
      files.push({ ...facts, saved_to: target });
      lines.push(`- ${file.id} (${size(data.length)}, ${file.mimeType}) saved to ${target}`);
    } else {
      total += data.length;
      files.push(facts);
      content.push(contentOf(client, file, data));
      lines.push(`- ${file.id} (${size(data.length)}, ${file.mimeType})`);
    }
  }
  const noun = options.images_only ? 'image' : 'attachment';
  const head = `${files.length} ${noun}${files.length === 1 ? '' : 's'} of ${issue.key}${wanted.length ? '' : ' (it has none)'}${files.length && !options.save_path ? ', in this order:' : '.'}`;
  // Saved paths hold the files' names, which are user text.
  const body = options.save_path !== undefined && lines.length ? [untrusted(`Jira ${issue.key} attachments`, lines.join('\n'))] : lines;
  const text = [head, ...body, ...skipped.map((entry) => `- skipped ${entry.id}: ${entry.reason}`)].join('\n');
  return { text, data: { files, ...(skipped.length ? { skipped } : {}) }, content };
}

export const jiraUploadAttachment = defineTool({
  name: 'jira_upload_attachment',
  title: 'Upload an attachment',
  description: 'Attach a file to an issue, from base64 content (with filename) or from a file inside ATTACHMENTS_DIR.',
  product: 'jira',
  toolset: 'jira_attachments',
  kind: 'write',
  input: {
    issue_key: issueKeyArg,
    content_base64: z.string().optional().describe('File content as base64, e.g. \'aGVsbG8=\''),
    filename: z.string().min(1).optional().describe('Name (required with content_base64), e.g. \'trace.txt\''),
    file_path: z.string().optional().describe('File inside ATTACHMENTS_DIR, e.g. \'reports/q3.pdf\''),
    content_type: z.string().optional().describe('MIME type (default: from the name), e.g. \'text/plain\''),
  },
  output: writeOutput,
  async handler({ issue_key, content_base64, filename, file_path, content_type }, context) {
    const client = jira(context);
    const max = context.config.attachmentMaxBytes;
    if ((content_base64 === undefined) === (file_path === undefined)) throw new ToolInputError('Give either content_base64 (with filename) or file_path.');
    let data: Buffer;
    let name: string;
    if (content_base64 !== undefined) {
      if (!filename) throw new ToolInputError('filename is required with content_base64, e.g. \'trace.txt\'.');
      const compact = content_base64.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact)) throw new ToolInputError('content_base64 is not valid base64.');
      data = Buffer.from(compact, 'base64');
      if (data.length > max) throw new ToolInputError(`The content has ${data.length} bytes, over ATTACHMENT_MAX_BYTES=${max}.`);
      name = filename;
    } else {
      const file = await readConfinedFile(context.config.attachmentsDir, file_path!, max);
      data = file.data;
      name = filename ?? file.name;
    }
    if (name.includes('/') || name.includes('\\')) throw new ToolInputError('filename must be a plain name without folders, e.g. \'trace.txt\'.');
    const issue = await client.requireIssue(issue_key.toUpperCase(), context.signal);
    const type = content_type ?? TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
    const created = z.array(attachment).parse(await client.http.upload({
      path: `${client.api}/issue/${encodeURIComponent(issue.key)}/attachments`, fileName: name, contentType: type, data,
      subject: `issue ${issue.key}`, signal: context.signal,
    }));
    const url = client.browseUrl(issue.key);
    const changed = created.map((a) => `attached ${a.filename} (id ${a.id}, ${a.mimeType}, ${size(a.size)})`);
    return { text: writeText(`Attached ${name} to ${issue.key}.`, url, changed), data: { key: issue.key, id: created[0]?.id ?? '', url, changed } };
  },
});

export const jiraDeleteAttachment = defineTool({
  name: 'jira_delete_attachment',
  title: 'Delete an attachment',
  description: 'Permanently delete an attachment from an issue (checked to belong to it first).',
  product: 'jira',
  toolset: 'jira_attachments',
  kind: 'destructive',
  input: { issue_key: issueKeyArg, attachment_id: attachmentIdArg },
  output: writeOutput,
  async handler({ issue_key, attachment_id }, context) {
    const client = jira(context);
    const { issue, attachment: file } = await findAttachment(client, issue_key, attachment_id, context.signal);
    await client.send({ method: 'DELETE', path: `${client.api}/attachment/${file.id}`, subject: `attachment ${file.id}`, signal: context.signal });
    const url = client.browseUrl(issue.key);
    const changed = [`deleted ${file.filename} (id ${file.id})`];
    return { text: writeText(`Deleted attachment ${file.filename} from ${issue.key}.`, url, changed), data: { key: issue.key, id: file.id, url, changed } };
  },
});
