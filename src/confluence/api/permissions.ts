import { z } from 'zod';

import { ToolInputError } from '../../mcp/errors.js';
import { V1, V2, cursorOf } from '../paths.js';

import type { ConfluenceClient } from '../client.js';
import type { Next, Paged } from '../types.js';

// Who may see and edit a page (content restrictions, v1 on both flavors), whether one user may (Cloud's
// permission check), and a space's permission assignments (Cloud v2; Server/DC v1, one unpaged list).

export type RestrictedOperation = 'read' | 'update';

/** A user (Cloud account id, Server/DC username) or a group (by name). */
export interface Principal {
  type: 'user' | 'group';
  id: string;
  name: string;
}

export type Restrictions = Record<RestrictedOperation, Principal[]>;

const restrictionUser = z.object({
  accountId: z.string().nullish(),
  username: z.string().nullish(),
  displayName: z.string().nullish(),
  publicName: z.string().nullish(),
});
const restrictionGroup = z.object({ name: z.string() });
const operationRestrictions = z.object({
  restrictions: z.object({
    user: z.object({ results: z.array(restrictionUser) }).nullish(),
    group: z.object({ results: z.array(restrictionGroup) }).nullish(),
  }).nullish(),
}).nullish();
const byOperation = z.object({ read: operationRestrictions, update: operationRestrictions });

const permissionCheck = z.object({ hasPermission: z.boolean(), errors: z.array(z.object({ translation: z.string().nullish() })).nullish() });

const v2Assignment = z.object({
  principal: z.object({ type: z.string(), id: z.string().nullish() }),
  operation: z.object({ key: z.string(), targetType: z.string() }),
});
const v1Assignment = z.object({
  operation: z.object({ operationKey: z.string().nullish(), key: z.string().nullish(), targetType: z.string().nullish(), target: z.string().nullish() }),
  subject: z.object({ type: z.string(), name: z.string().nullish(), username: z.string().nullish(), displayName: z.string().nullish() }).nullish(),
});
const cloudGroup = z.object({ name: z.string() });

/** One permission of a space: who, and what ('read space', 'create page'). */
export interface SpacePermission {
  principal: Principal | { type: 'role' | 'anonymous'; id: string; name: string };
  operation: string;
}

const GROUP_PREFIX = 'group:';

/** 'group:hr' is the group hr; anything else a user (account id on Cloud, username on Server/DC). */
export function parsePrincipal(entry: string): Omit<Principal, 'name'> {
  const trimmed = entry.trim();
  return trimmed.startsWith(GROUP_PREFIX) ? { type: 'group', id: trimmed.slice(GROUP_PREFIX.length).trim() } : { type: 'user', id: trimmed };
}

export class PermissionsApi {
  readonly #client: ConfluenceClient;

  constructor(client: ConfluenceClient) {
    this.#client = client;
  }

  async restrictions(pageId: string, signal?: AbortSignal): Promise<Restrictions> {
    await this.#client.pages.assertAllowed(pageId, signal);
    const raw = byOperation.parse(await this.#client.request({
      path: `${V1}/content/${encodeURIComponent(pageId)}/restriction/byOperation`,
      searchParams: { expand: this.#client.cloud ? 'restrictions.user,restrictions.group' : 'read.restrictions.user,read.restrictions.group,update.restrictions.user,update.restrictions.group' },
      subject: `page ${pageId}`, signal,
    }));
    const principals = (operation: z.infer<typeof operationRestrictions>): Principal[] => [
      ...(operation?.restrictions?.user?.results ?? []).map((user) => {
        const id = (this.#client.cloud ? user.accountId : user.username) ?? user.accountId ?? user.username ?? '?';
        return { type: 'user' as const, id, name: user.displayName ?? user.publicName ?? id };
      }),
      ...(operation?.restrictions?.group?.results ?? []).map((group) => ({ type: 'group' as const, id: group.name, name: group.name })),
    ];
    return { read: principals(raw.read), update: principals(raw.update) };
  }

  /**
   * Replaces the restrictions of the operations given (an empty list lifts that restriction) and keeps the
   * others. Cloud's PUT replaces everything, so the kept ones are sent again; Server/DC's changes only
   * the operations sent, and an empty list there removes.
   */
  async setRestrictions(pageId: string, wanted: Partial<Record<RestrictedOperation, Omit<Principal, 'name'>[]>>, signal?: AbortSignal): Promise<{ before: Restrictions; after: Restrictions }> {
    const before = await this.restrictions(pageId, signal);
    const next: Record<RestrictedOperation, Omit<Principal, 'name'>[]> = { read: wanted.read ?? before.read, update: wanted.update ?? before.update };
    const user = (id: string) => (this.#client.cloud ? { type: 'known', accountId: id } : { type: 'known', username: id });
    const entry = (operation: RestrictedOperation) => {
      const users = next[operation].filter((p) => p.type === 'user').map((p) => user(p.id));
      const groups = next[operation].filter((p) => p.type === 'group').map((p) => ({ type: 'group', name: p.id }));
      // Cloud: each list must be omitted rather than empty; Server/DC: an empty list is how to remove.
      return this.#client.cloud
        ? { operation, restrictions: { ...(users.length ? { user: users } : {}), ...(groups.length ? { group: groups } : {}) } }
        : { operation, restrictions: { user: users, group: groups } };
    };
    const path = `${V1}/content/${encodeURIComponent(pageId)}/restriction`;
    const subject = `the restrictions of page ${pageId}`;
    if (this.#client.cloud) {
      const operations = (['read', 'update'] as const).filter((operation) => next[operation].length > 0);
      await this.#client.request(operations.length
        ? { method: 'PUT', path, json: { results: operations.map(entry) }, subject, signal }
        : { method: 'DELETE', path, subject, signal });
    } else {
      const operations = (['read', 'update'] as const).filter((operation) => wanted[operation] !== undefined);
      await this.#client.request({ method: 'PUT', path, json: operations.map(entry), subject, signal });
    }
    return { before, after: await this.restrictions(pageId, signal) };
  }

  /** Cloud: whether a user may read, update and delete the page. */
  async check(pageId: string, accountId: string, signal?: AbortSignal): Promise<{ operation: string; allowed: boolean; reason?: string }[]> {
    if (!this.#client.cloud) {
      throw new ToolInputError('check_user needs Confluence Cloud (Server/Data Center has no permission check API); compare the restrictions with the user\'s groups instead.');
    }
    await this.#client.pages.assertAllowed(pageId, signal);
    const results = [];
    for (const operation of ['read', 'update', 'delete']) {
      const answer = permissionCheck.parse(await this.#client.request({
        method: 'POST', path: `${V1}/content/${encodeURIComponent(pageId)}/permission/check`, readOnlyPost: true,
        json: { subject: { type: 'user', identifier: accountId }, operation }, subject: `the permissions of ${accountId} on page ${pageId}`, signal,
      }));
      results.push({ operation, allowed: answer.hasPermission, reason: answer.errors?.map((error) => error.translation).filter(Boolean).join('; ') || undefined });
    }
    return results;
  }

  /** A space's permission assignments; Server/DC answers all at once, so its pages are cut here. */
  async space(spaceKey: string, options: { limit: number; next?: Next }, signal?: AbortSignal): Promise<Paged<SpacePermission>> {
    this.#client.assertSpaceAllowed(spaceKey);
    const subject = `the permissions of space ${spaceKey}`;
    if (!this.#client.cloud) {
      const all = z.array(v1Assignment).parse(await this.#client.request({ path: `${V1}/space/${encodeURIComponent(spaceKey)}/permissions`, subject, signal }));
      const start = options.next?.start ?? 0;
      const items = all.slice(start, start + options.limit).map((raw): SpacePermission => {
        const operation = `${raw.operation.operationKey ?? raw.operation.key ?? '?'} ${raw.operation.targetType ?? raw.operation.target ?? ''}`.trim();
        const who = raw.subject;
        if (who?.type === 'group') return { principal: { type: 'group', id: who.name ?? '?', name: who.name ?? '?' }, operation };
        if (!who || who.type === 'anonymous') return { principal: { type: 'anonymous', id: 'anonymous', name: 'anonymous' }, operation };
        const id = who.username ?? who.name ?? '?';
        return { principal: { type: 'user', id, name: who.displayName ?? id }, operation };
      });
      return { items, next: start + options.limit < all.length ? { start: start + options.limit } : undefined };
    }
    const space = await this.#client.cloudSpaceByKey(spaceKey, signal);
    const list = z.object({ results: z.array(v2Assignment), _links: z.object({ next: z.string().optional() }).default({}) }).parse(await this.#client.request({
      path: `${V2}/spaces/${space.id}/permissions`, searchParams: { limit: options.limit, cursor: options.next?.cursor }, subject, signal,
    }));
    const names = await this.#client.displayNames(list.results.filter((raw) => raw.principal.type === 'user').map((raw) => raw.principal.id), signal);
    const groupNames = new Map<string, string>();
    for (const id of new Set(list.results.filter((raw) => raw.principal.type === 'group' && raw.principal.id).map((raw) => raw.principal.id!))) {
      groupNames.set(id, cloudGroup.parse(await this.#client.request({ path: `${V1}/group/by-id`, searchParams: { id }, subject: `group ${id}`, signal })).name);
    }
    const items = list.results.map((raw): SpacePermission => {
      const id = raw.principal.id ?? '?';
      const operation = `${raw.operation.key} ${raw.operation.targetType}`;
      if (raw.principal.type === 'user') return { principal: { type: 'user', id, name: names.get(id) ?? id }, operation };
      if (raw.principal.type === 'group') return { principal: { type: 'group', id: groupNames.get(id) ?? id, name: groupNames.get(id) ?? id }, operation };
      return { principal: { type: raw.principal.type === 'role' ? 'role' : 'anonymous', id, name: id }, operation };
    });
    const cursor = cursorOf(list._links.next);
    return { items, next: cursor ? { cursor } : undefined };
  }

  /** Cloud: views and distinct viewers of a page, since `fromDate` or ever. */
  async views(pageId: string, fromDate: string | undefined, signal?: AbortSignal): Promise<{ views: number; viewers: number }> {
    await this.#client.pages.assertAllowed(pageId, signal);
    const counted = z.object({ count: z.number() });
    const ask = async (what: 'views' | 'viewers') => counted.parse(await this.#client.request({
      path: `${V1}/analytics/content/${encodeURIComponent(pageId)}/${what}`, searchParams: { fromDate }, subject: `the ${what} of page ${pageId}`, signal,
    })).count;
    return { views: await ask('views'), viewers: await ask('viewers') };
  }
}
