import { z } from 'zod';

import { jiraUser } from '../users.js';

// Shapes of the parts of an issue, as both flavors answer them (bodies are ADF on Cloud, wiki
// strings on Server/DC: kept as unknown and converted by the formatters).

const named = z.object({ id: z.string().optional(), name: z.string().default('') });

export const comment = z.object({
  id: z.string(),
  author: jiraUser.nullish(),
  body: z.unknown(),
  created: z.string().optional(),
  updated: z.string().optional(),
  visibility: z.object({ type: z.string(), value: z.string() }).optional(),
});
export type Comment = z.infer<typeof comment>;

export const commentPage = z.object({
  comments: z.array(comment),
  startAt: z.number().default(0),
  total: z.number().optional(),
});

export const worklog = z.object({
  id: z.string(),
  author: jiraUser.nullish(),
  comment: z.unknown().optional(),
  started: z.string().optional(),
  timeSpent: z.string().optional(),
  timeSpentSeconds: z.number().optional(),
});
export type Worklog = z.infer<typeof worklog>;

export const worklogPage = z.object({
  worklogs: z.array(worklog),
  startAt: z.number().default(0),
  total: z.number().optional(),
});

export const attachment = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  filename: z.string(),
  author: jiraUser.nullish(),
  created: z.string().optional(),
  size: z.number().default(0),
  mimeType: z.string().default('application/octet-stream'),
  content: z.string().optional(),
});
export type Attachment = z.infer<typeof attachment>;

const linkedIssue = z.object({
  key: z.string(),
  fields: z.object({ summary: z.string().optional(), status: named.optional() }).default({}),
});

export const issueLink = z.object({
  id: z.string(),
  type: z.object({ name: z.string(), inward: z.string(), outward: z.string() }),
  inwardIssue: linkedIssue.optional(),
  outwardIssue: linkedIssue.optional(),
});
export type IssueLink = z.infer<typeof issueLink>;

export const remoteLink = z.object({
  id: z.number(),
  globalId: z.string().optional(),
  relationship: z.string().optional(),
  object: z.object({ url: z.string(), title: z.string().default(''), summary: z.string().optional() }),
});
export type RemoteLink = z.infer<typeof remoteLink>;

export const transition = z.object({
  id: z.string(),
  name: z.string(),
  to: z.object({ id: z.string().optional(), name: z.string() }),
  fields: z.record(z.string(), z.object({ required: z.boolean().default(false), name: z.string().default('') })).optional(),
});
export type Transition = z.infer<typeof transition>;

export const historyItem = z.object({
  field: z.string(),
  fieldId: z.string().optional(),
  fromString: z.string().nullish(),
  toString: z.string().nullish(),
});

export const history = z.object({
  id: z.string(),
  author: jiraUser.nullish(),
  created: z.string(),
  items: z.array(historyItem),
});
export type History = z.infer<typeof history>;

export const watchers = z.object({
  watchCount: z.number().default(0),
  isWatching: z.boolean().optional(),
  watchers: z.array(jiraUser).default([]),
});
