import { Parser } from 'htmlparser2';

import type { SandboxAttachment, SandboxComment, SandboxPage } from '../data/confluence.js';
import type { ConfluenceSite } from './site.js';

// The writes of the sandbox Confluence, the same behind both flavors: what the real product checks
// (unique titles per space, version = current + 1, well-formed storage, no parent loops) is checked here,
// and the routes only translate requests and answers.

export type Outcome<T> = { ok: T } | { status: number; message: string };

const fail = (status: number, message: string) => ({ status, message });

/**
 * Confluence refuses storage that is not well-formed XHTML. htmlparser2 reports every close it had to
 * imply; one that is not a self-closing tag (`<time />`) means a tag was left open or closed out of order.
 */
export function storageProblem(storage: string): string | undefined {
  let problem: string | undefined;
  const parser = new Parser({
    onclosetag: (name, isImplied) => {
      if (!isImplied || problem) return;
      const token = storage.slice(parser.startIndex, parser.endIndex + 1);
      if (!(token.startsWith(`<${name}`) && token.endsWith('/>'))) problem = `Error parsing xhtml: Unexpected close tag or end of document; expected </${name}>`;
    },
  }, { xmlMode: true, recognizeCDATA: true });
  parser.write(storage);
  parser.end();
  return problem;
}

function titleTaken(site: ConfluenceSite, spaceKey: string, title: string, except?: string): boolean {
  return site.data.pages.some((page) => page.status === 'current' && page.space === spaceKey && page.title === title && page.id !== except);
}

const titleMessage = (title: string, spaceKey: string) =>
  `A page with this title already exists: A page already exists with the title ${title} in the space with key ${spaceKey}`;

/** `parentId` undefined: under the space's home page (Cloud v2); null: at the top level (v1 without ancestors). */
export function createPage(site: ConfluenceSite, init: { spaceKey: string; title: string; storage: string; parentId?: string | null; author: string }): Outcome<SandboxPage> {
  const space = site.data.spaces.find((candidate) => candidate.key === init.spaceKey);
  if (!site.spaceVisible(space, init.author)) return fail(404, `No space with key : ${init.spaceKey}`);
  if (!init.title.trim()) return fail(400, 'Title cannot be empty');
  const parentId = init.parentId === null ? undefined : init.parentId ?? space.homepageId;
  if (parentId !== undefined) {
    const parent = site.page(parentId, init.author);
    if (!parent) return fail(404, `No parent page found with id ${parentId}`);
    if (parent.space !== space.key) return fail(400, `The parent page ${parentId} is not in space ${space.key}`);
  }
  if (titleTaken(site, space.key, init.title)) return fail(400, titleMessage(init.title, space.key));
  const problem = storageProblem(init.storage);
  if (problem) return fail(400, problem);
  const now = new Date().toISOString();
  const page: SandboxPage = {
    id: site.newId(), space: space.key, title: init.title, parentId, author: init.author, created: now, version: 1, updated: now,
    message: '', labels: [], storage: init.storage, hiddenFrom: [], position: site.data.pages.length, status: 'current', history: [],
  };
  site.data.pages.push(page);
  return { ok: page };
}

/** An edit: `version` must be exactly one more than the current version, as in Confluence. */
export function updatePage(site: ConfluenceSite, page: SandboxPage, edit: {
  version: number; title?: string; storage?: string; message?: string; minorEdit?: boolean; author: string; parentId?: string; spaceKey?: string;
}): Outcome<SandboxPage> {
  if (edit.version !== page.version + 1) {
    return fail(409, `Version must be incremented on update. Current version is: ${page.version}`);
  }
  const title = edit.title ?? page.title;
  const spaceKey = edit.spaceKey ?? page.space;
  if (!title.trim()) return fail(400, 'Title cannot be empty');
  if (titleTaken(site, spaceKey, title, page.id)) return fail(400, titleMessage(title, spaceKey));
  if (edit.storage !== undefined) {
    const problem = storageProblem(edit.storage);
    if (problem) return fail(400, problem);
  }
  if (edit.parentId !== undefined && edit.parentId !== page.parentId) {
    const moved = reparent(site, page, edit.parentId, edit.author);
    if ('status' in moved) return moved;
  }
  page.history.push({ number: page.version, title: page.title, storage: page.storage, author: page.author, when: page.updated, message: page.message, minorEdit: false });
  page.version = edit.version;
  page.title = title;
  page.storage = edit.storage ?? page.storage;
  page.message = edit.message ?? '';
  page.author = edit.author;
  page.updated = new Date().toISOString();
  return { ok: page };
}

/** Moves a page (and its subtree) under a new parent, possibly in another space. */
function reparent(site: ConfluenceSite, page: SandboxPage, parentId: string, userId: string, position?: number): Outcome<SandboxPage> {
  const parent = site.page(parentId, userId);
  if (!parent) return fail(404, `No content found with id: ContentId{id=${parentId}}`);
  if (parent.id === page.id || site.ancestors(parent).some((ancestor) => ancestor.id === page.id)) {
    return fail(400, 'Cannot move a page to be a descendant of itself');
  }
  if (parent.space !== page.space) {
    const subtree = [page, ...descendants(site, page)];
    const clash = subtree.find((moved) => titleTaken(site, parent.space, moved.title, moved.id));
    if (clash) return fail(400, titleMessage(clash.title, parent.space));
    for (const moved of subtree) moved.space = parent.space;
  }
  page.parentId = parent.id;
  page.position = position ?? Math.max(0, ...site.data.pages.filter((p) => p.parentId === parent.id).map((p) => p.position + 1));
  return { ok: page };
}

function descendants(site: ConfluenceSite, page: SandboxPage): SandboxPage[] {
  const out: SandboxPage[] = [];
  for (const child of site.data.pages.filter((candidate) => candidate.parentId === page.id && candidate.status === 'current')) {
    out.push(child, ...descendants(site, child));
  }
  return out;
}

/** Cloud's move API: append = last child of the target; before/after = sibling of the target. */
export function movePage(site: ConfluenceSite, page: SandboxPage, position: string, targetId: string, userId: string): Outcome<SandboxPage> {
  const target = site.page(targetId, userId);
  if (!target) return fail(404, `No content found with id: ContentId{id=${targetId}}`);
  if (position === 'append') return reparent(site, page, target.id, userId);
  if (!target.parentId) return fail(400, 'Cannot move a page next to a top-level page');
  const moved = reparent(site, page, target.parentId, userId, target.position + (position === 'after' ? 0.5 : -0.5));
  // Renumber the siblings so positions stay whole numbers.
  site.children(target.parentId, userId).forEach((sibling, index) => (sibling.position = index));
  return moved;
}

/** Deleting moves the page to the trash; its children move up to its parent, as in Confluence. */
export function trashPage(site: ConfluenceSite, page: SandboxPage): void {
  page.status = 'trashed';
  for (const child of site.data.pages.filter((candidate) => candidate.parentId === page.id)) child.parentId = page.parentId;
}

export function copyPage(site: ConfluenceSite, source: SandboxPage, init: {
  title: string; parentId?: string; spaceKey?: string; copyAttachments: boolean; copyLabels: boolean; author: string; storage?: string;
}): Outcome<SandboxPage> {
  const spaceKey = init.spaceKey ?? site.page(init.parentId, init.author)?.space ?? source.space;
  const created = createPage(site, { spaceKey, title: init.title, storage: init.storage ?? source.storage, parentId: init.parentId, author: init.author });
  if (!('ok' in created)) return created;
  if (init.copyLabels) created.ok.labels = [...source.labels];
  if (init.copyAttachments) {
    for (const attachment of site.data.attachments.filter((candidate) => candidate.pageId === source.id)) {
      site.data.attachments.push({ ...attachment, id: `att${site.newId()}`, pageId: created.ok.id, version: 1, created: new Date().toISOString() });
    }
  }
  return created;
}

export function addComment(site: ConfluenceSite, init: Omit<SandboxComment, 'id' | 'created' | 'version'>): Outcome<SandboxComment> {
  const problem = storageProblem(init.storage);
  if (problem) return fail(400, problem);
  if (!init.storage.trim()) return fail(400, 'Comment body cannot be empty');
  const comment: SandboxComment = { ...init, id: site.newId(), created: new Date().toISOString(), version: 1 };
  site.data.comments.push(comment);
  return { ok: comment };
}

/** Confluence label rules: lowercased, no spaces, at most 255 characters. */
export function addLabel(page: SandboxPage, name: string): Outcome<SandboxPage> {
  const label = name.trim().toLowerCase();
  if (!label || label.includes(' ') || label.length > 255) return fail(400, `Invalid label name: '${name}'`);
  if (!page.labels.includes(label)) page.labels.push(label);
  return { ok: page };
}

export function removeLabel(page: SandboxPage, name: string): Outcome<SandboxPage> {
  const at = page.labels.indexOf(name.toLowerCase());
  if (at < 0) return fail(404, `Label '${name}' is not on content ${page.id}`);
  page.labels.splice(at, 1);
  return { ok: page };
}

export function addAttachment(site: ConfluenceSite, page: SandboxPage, file: { name: string; type: string; data: Buffer; comment: string }, author: string): Outcome<SandboxAttachment> {
  if (site.data.attachments.some((candidate) => candidate.pageId === page.id && candidate.title === file.name)) {
    return fail(400, 'Cannot add a new attachment with same file name as an existing object. Try updating instead.');
  }
  const attachment: SandboxAttachment = {
    id: `att${site.newId()}`, pageId: page.id, title: file.name, mediaType: file.type, data: file.data, comment: file.comment,
    version: 1, author, created: new Date().toISOString(),
  };
  site.data.attachments.push(attachment);
  return { ok: attachment };
}

export function updateAttachmentData(attachment: SandboxAttachment, file: { type: string; data: Buffer; comment: string }, author: string): SandboxAttachment {
  Object.assign(attachment, { data: file.data, mediaType: file.type, comment: file.comment, version: attachment.version + 1, author, created: new Date().toISOString() });
  return attachment;
}

export function deleteAttachment(site: ConfluenceSite, attachment: SandboxAttachment): void {
  site.data.attachments.splice(site.data.attachments.indexOf(attachment), 1);
}
