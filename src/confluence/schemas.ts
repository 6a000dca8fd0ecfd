import { z } from 'zod';

// The upstream shapes the client reads, parsed at the boundary: only the fields we use, so a new field
// upstream never breaks us, and a missing one is a clear error rather than undefined deep in a formatter.

const links = z.object({ webui: z.string().optional(), next: z.string().optional(), download: z.string().optional() }).default({});
const storageBody = z.object({ storage: z.object({ value: z.string() }).optional() }).default({});

// --- Cloud v2 ---

export const v2Version = z.object({
  number: z.number(),
  message: z.string().nullish(),
  minorEdit: z.boolean().nullish(),
  authorId: z.string().nullish(),
  createdAt: z.string().nullish(),
});

export const v2Page = z.object({
  id: z.string(),
  title: z.string(),
  spaceId: z.string(),
  parentId: z.string().nullish(),
  version: v2Version,
  body: storageBody,
  _links: links,
});

export const v2Space = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  type: z.string().nullish(),
  status: z.string().nullish(),
  homepageId: z.string().nullish(),
  description: z.object({ plain: z.object({ value: z.string() }).nullish() }).nullish(),
  _links: links,
});

export const v2Child = z.object({ id: z.string(), title: z.string(), type: z.string().nullish(), status: z.string().nullish() });
export const v2Descendant = v2Child.extend({ parentId: z.string().nullish(), depth: z.number().nullish(), childPosition: z.number().nullish() });

export const v2Comment = z.object({
  id: z.string(),
  pageId: z.string().nullish(),
  parentCommentId: z.string().nullish(),
  version: v2Version,
  body: storageBody,
  resolutionStatus: z.string().nullish(),
  properties: z.object({ inlineOriginalSelection: z.string().nullish() }).nullish(),
  _links: links,
});

export const v2Attachment = z.object({
  id: z.string(),
  title: z.string(),
  pageId: z.string().nullish(),
  mediaType: z.string().nullish(),
  fileSize: z.number().nullish(),
  comment: z.string().nullish(),
  version: v2Version.nullish(),
  createdAt: z.string().nullish(),
});

export const v2Label = z.object({ name: z.string(), prefix: z.string().nullish() });
export const v2User = z.object({ accountId: z.string(), displayName: z.string().nullish(), publicName: z.string().nullish(), email: z.string().nullish() });

/** A v2 list: results and the relative link to the next page. */
export function v2List<T extends z.ZodTypeAny>(item: T) {
  return z.object({ results: z.array(item), _links: links });
}

// --- v1 (Server/DC, and Cloud's /wiki/rest/api) ---

export const v1User = z.object({
  accountId: z.string().nullish(),
  username: z.string().nullish(),
  displayName: z.string().nullish(),
  email: z.string().nullish(),
});

export const v1Version = z.object({
  number: z.number(),
  when: z.string().nullish(),
  message: z.string().nullish(),
  minorEdit: z.boolean().nullish(),
  by: v1User.nullish(),
});

const v1Ref = z.object({ id: z.union([z.string(), z.number()]).transform(String), title: z.string().optional() });

export const v1Space = z.object({
  id: z.union([z.string(), z.number()]).transform(String).optional(),
  key: z.string(),
  name: z.string(),
  type: z.string().nullish(),
  status: z.string().nullish(),
  description: z.object({ plain: z.object({ value: z.string() }).nullish() }).nullish(),
  homepage: v1Ref.nullish(),
  _links: links,
});

export const v1Content = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  status: z.string().nullish(),
  space: v1Space.nullish(),
  version: v1Version.nullish(),
  body: storageBody,
  ancestors: z.array(v1Ref).nullish(),
  container: z.object({ id: z.union([z.string(), z.number()]).transform(String), space: v1Space.nullish() }).nullish(),
  metadata: z.object({ mediaType: z.string().nullish(), comment: z.string().nullish() }).nullish(),
  extensions: z.object({
    location: z.string().nullish(),
    fileSize: z.number().nullish(),
    mediaType: z.string().nullish(),
    inlineProperties: z.object({ originalSelection: z.string().nullish() }).nullish(),
    resolution: z.object({ status: z.string().nullish() }).nullish(),
  }).nullish(),
  _links: links,
});

export const v1Label = z.object({ name: z.string(), prefix: z.string().nullish() });

export function v1List<T extends z.ZodTypeAny>(item: T) {
  return z.object({ results: z.array(item), start: z.number().optional(), size: z.number().optional(), _links: links });
}

export const searchResult = z.object({
  content: z.object({ id: z.string(), type: z.string(), title: z.string().optional() }).optional(),
  title: z.string().default(''),
  excerpt: z.string().default(''),
  url: z.string().default(''),
  resultGlobalContainer: z.object({ title: z.string(), displayUrl: z.string().optional() }).optional(),
  lastModified: z.string().optional(),
  entityType: z.string().optional(),
});
export type SearchResult = z.infer<typeof searchResult>;

export const searchPage = z.object({
  results: z.array(searchResult),
  start: z.number().optional(),
  size: z.number().optional(),
  totalSize: z.number().optional(),
  _links: links,
});

export const userSearchPage = z.object({
  results: z.array(z.object({ user: v1User.nullish(), title: z.string().optional() })),
  totalSize: z.number().optional(),
});
