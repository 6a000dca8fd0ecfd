import { USERS } from '../data/users.js';
import { many, one } from '../router.js';
import { v1Error, v2Error } from './site.js';

import type { SandboxPage } from '../data/confluence.js';
import type { Router, RouteResponse } from '../router.js';
import type { ConfluenceSite } from './site.js';

// Who may do what, and the Cloud-only extras around pages: content restrictions (v1, both flavors),
// Cloud's permission check, space permissions (Cloud v2, Server/DC v1), Cloud page templates and
// Cloud page analytics. Restrictions are entries 'user:<id>' / 'group:<name>' in the seed data.

type Operation = 'read' | 'update';

export function permissionRoutes(router: Router, site: ConfluenceSite): void {
  const { v1, cloud, data } = site;
  const notFound = (id: string | undefined) => v1Error(404, `No content found with id: ContentId{id=${id}}`);
  const userOf = (entry: string) => USERS.find((user) => entry === `user:${user.id}`);

  const operationJson = (page: SandboxPage, operation: Operation, expand: string[]) => {
    const entries = data.restrictions[page.id]?.[operation] ?? [];
    const wants = (what: string) => expand.some((e) => e === `restrictions.${what}` || e === `${operation}.restrictions.${what}`);
    const users = entries.flatMap((entry) => (userOf(entry) ? [site.userJson(userOf(entry)!.id)] : []));
    const groups = entries.filter((entry) => entry.startsWith('group:')).map((entry) => ({ type: 'group', name: entry.slice(6), ...(cloud ? { id: site.groupId(entry.slice(6)) } : {}) }));
    const list = (results: unknown[]) => ({ results, start: 0, limit: 200, size: results.length });
    return {
      operation,
      restrictions: { ...(wants('user') ? { user: list(users) } : {}), ...(wants('group') ? { group: list(groups) } : {}) },
      _expandable: { content: `${v1}/content/${page.id}` },
      _links: { self: `${site.wikiBase}${v1}/content/${page.id}/restriction/byOperation/${operation}` },
    };
  };

  router.on('GET', `${v1}/content/{id}/restriction/byOperation`, ({ params, query, userId }) => {
    const page = site.page(params.id, userId);
    if (!page) return notFound(params.id);
    const expand = many(query, 'expand');
    return { body: { read: operationJson(page, 'read', expand), update: operationJson(page, 'update', expand), _links: { base: site.wikiBase } } };
  });

  /** A restriction entry from a request: a known user (account id or username) or a group by name. */
  const entryOf = (principal: { type?: string; accountId?: string; username?: string; name?: string }): string | undefined => {
    if (principal.type === 'group') return principal.name && data.groups[principal.name] ? `group:${principal.name}` : undefined;
    const user = USERS.find((candidate) => (cloud ? candidate.accountId === principal.accountId : candidate.username === principal.username));
    return user && `user:${user.id}`;
  };

  router.on('PUT', `${v1}/content/{id}/restriction`, ({ params, body, userId }) => {
    const page = site.page(params.id, userId);
    if (!page) return notFound(params.id);
    const updates = (cloud ? (body as { results?: unknown })?.results : body) as { operation?: string; restrictions?: { user?: unknown[]; group?: unknown[] } }[] | undefined;
    if (!Array.isArray(updates)) return v1Error(400, cloud ? 'Expected a list of restrictions in results' : 'Expected a list of restrictions');
    // Cloud replaces every restriction; Server/DC changes only the operations (and lists) sent.
    const next = cloud ? { read: [] as string[], update: [] as string[] } : { read: [...(data.restrictions[page.id]?.read ?? [])], update: [...(data.restrictions[page.id]?.update ?? [])] };
    for (const update of updates) {
      if (update.operation !== 'read' && update.operation !== 'update') return v1Error(400, `Unsupported restriction operation: ${update.operation}`);
      const lists = update.restrictions ?? {};
      if (cloud && !lists.user?.length && !lists.group?.length) return v1Error(400, 'At least one user or group must be given for each restriction');
      for (const kind of ['user', 'group'] as const) {
        if (lists[kind] === undefined) continue;
        const entries = (lists[kind] as object[]).map((principal) => entryOf(principal as never));
        const unknown = entries.findIndex((entry) => entry === undefined);
        if (unknown >= 0) return v1Error(400, `No ${kind} found for ${JSON.stringify(lists[kind]![unknown])}`);
        next[update.operation] = [...next[update.operation].filter((entry) => !entry.startsWith(`${kind}:`)), ...(entries as string[])];
      }
    }
    if (!site.named(next.read, userId) || !site.named(next.update, userId)) {
      return v1Error(400, 'Modifying restrictions to revoke the requesting user\'s access is prohibited');
    }
    data.restrictions[page.id] = next;
    const expand = ['restrictions.user', 'restrictions.group'];
    const results = (['read', 'update'] as const).map((operation) => operationJson(page, operation, expand));
    return { body: { results, start: 0, limit: 2, size: 2, _links: { base: site.wikiBase } } };
  });

  if (!cloud) {
    router.on('GET', `${v1}/space/{spaceKey}/permissions`, ({ params, userId }) => {
      const space = data.spaces.find((s) => s.key === params.spaceKey);
      if (!site.spaceVisible(space, userId)) return v1Error(404, `No space with key : ${params.spaceKey}`);
      return {
        body: (data.spacePermissions[space.key] ?? []).map(({ principal, operation }) => {
          const [operationKey, targetType] = operation.split(' ');
          const user = userOf(principal);
          const subject = user ? site.userJson(user.id) : principal === 'anonymous' ? { type: 'anonymous' } : { type: 'group', name: principal.slice(6) };
          return { operation: { operationKey, targetType }, subject, spaceKey: space.key, spaceId: Number(space.id) };
        }),
      };
    });
    return;
  }

  router.on('DELETE', `${v1}/content/{id}/restriction`, ({ params, userId }) => {
    const page = site.page(params.id, userId);
    if (!page) return notFound(params.id);
    delete data.restrictions[page.id];
    return { body: { results: [], start: 0, limit: 0, size: 0, _links: { base: site.wikiBase } } };
  });

  router.on('POST', `${v1}/content/{id}/permission/check`, ({ params, body, userId }) => {
    const page = site.page(params.id, userId);
    if (!page) return notFound(params.id);
    const request = body as { subject?: { type?: string; identifier?: string }; operation?: string };
    if (request.subject?.type !== 'user' || !request.operation) return v1Error(400, 'subject (type user) and operation are required');
    const subject = USERS.find((user) => user.accountId === request.subject!.identifier);
    if (!subject) return v1Error(400, `No user found with accountId: ${request.subject.identifier}`);
    const space = site.spaceOf(page);
    const spaceAllows = (operation: string) =>
      (data.spacePermissions[space.key] ?? []).some((grant) => grant.operation === operation && site.named([grant.principal], subject.id));
    const errors: string[] = [];
    if (!spaceAllows('read space')) errors.push('User does not have permission to the space');
    if (!site.visible(page, subject.id)) errors.push('User does not have permission to the content');
    if (request.operation === 'update' && !(spaceAllows('create page') && site.restrictionAllows(page.id, 'update', subject.id))) errors.push('User does not have permission to update the content');
    if (request.operation === 'delete' && !spaceAllows('delete page')) errors.push('User does not have permission to delete the content');
    return { body: { hasPermission: errors.length === 0, errors: errors.map((translation) => ({ translation, args: [] })) } };
  });

  router.on('GET', '/wiki/api/v2/spaces/{id}/permissions', ({ params, query, userId }) => {
    const space = data.spaces.find((s) => s.id === params.id);
    if (!site.spaceVisible(space, userId)) return v2Error(404, 'Not Found');
    const assignments = (data.spacePermissions[space.key] ?? []).map(({ principal, operation }, index) => {
      const [key, targetType] = operation.split(' ');
      const user = userOf(principal);
      const who = user ? { type: 'user', id: user.accountId } : principal === 'anonymous' ? { type: 'role', id: 'ANONYMOUS' } : { type: 'group', id: site.groupId(principal.slice(6)) };
      return { id: String(700000 + index), principal: who, operation: { key, targetType } };
    });
    return site.v2List(assignments, query, `/wiki/api/v2/spaces/${space.id}/permissions`);
  });

  router.on('GET', `${v1}/group/by-id`, ({ query }) => {
    const name = Object.keys(data.groups).find((candidate) => site.groupId(candidate) === one(query, 'id'));
    return name ? { body: { type: 'group', name, id: site.groupId(name), _links: { self: `${site.wikiBase}${v1}/group/by-id?id=${site.groupId(name)}` } } } : v1Error(404, 'Group not found');
  });

  // --- templates ---
  const templateJson = (template: (typeof data.templates)[number], withBody: boolean): Record<string, unknown> => ({
    templateId: template.id, name: template.name, templateType: 'page', editorVersion: 'v2', description: template.description, labels: [],
    ...(template.space ? { space: site.v1Space(data.spaces.find((s) => s.key === template.space)!, []) } : {}),
    ...(withBody ? { body: { storage: { value: template.storage, representation: 'storage' } } } : {}),
    _links: { self: `${site.wikiBase}${v1}/template/${template.id}` },
  });
  router.on('GET', `${v1}/template/page`, ({ query, userId }) => {
    const spaceKey = one(query, 'spaceKey');
    if (spaceKey !== undefined && !site.spaceVisible(data.spaces.find((s) => s.key === spaceKey), userId)) return v1Error(404, `No space with key : ${spaceKey}`);
    const templates = data.templates.filter((template) => template.space === spaceKey);
    return site.v1List(templates.map((template) => templateJson(template, many(query, 'expand').includes('body'))), query, `${v1}/template/page`);
  });
  router.on('GET', `${v1}/template/{contentTemplateId}`, ({ params }) => {
    const template = data.templates.find((candidate) => candidate.id === params.contentTemplateId);
    return template ? { body: templateJson(template, true) } : v1Error(404, `Cannot find template with id: ${params.contentTemplateId}`);
  });

  // --- analytics ---
  for (const what of ['views', 'viewers'] as const) {
    router.on('GET', `${v1}/analytics/content/{contentId}/${what}`, ({ params, query, userId }): RouteResponse => {
      const page = site.page(params.contentId, userId);
      if (!page) return notFound(params.contentId);
      const from = one(query, 'fromDate');
      const since = from === undefined ? 0 : Date.parse(from);
      if (Number.isNaN(since)) return v1Error(400, `Invalid fromDate: ${from}`);
      const views = data.pageViews.filter((view) => view.pageId === page.id && Date.parse(view.at) >= since);
      return { body: { id: Number(page.id), count: what === 'views' ? views.length : new Set(views.map((view) => view.userId)).size } };
    });
  }
}
