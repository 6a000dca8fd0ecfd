import { Parser } from 'htmlparser2';

import { userById } from './data/users.js';
import { QuerySyntaxError, evaluate, parseQuery } from './query.js';
import { Router, int, many, one } from './router.js';

import type { ConfluenceData, SandboxPage } from './data/confluence.js';
import type { Query, RouteResponse } from './router.js';

// Confluence's REST APIs as the sandbox serves them. Cloud: v2 (/wiki/api/v2) for pages and spaces,
// v1 (/wiki/rest/api) for CQL search and the current user. Server/DC: v1 only (/rest/api).

const v1Error = (status: number, message: string): RouteResponse =>
  ({ status, body: { statusCode: status, data: { authorized: status !== 403, valid: true, errors: [], successful: false }, message, reason: status === 404 ? 'Not Found' : 'Bad Request' } });

const v2Error = (status: number, title: string, detail: string | null = null): RouteResponse =>
  ({ status, body: { errors: [{ status, code: title.toUpperCase().replace(/ /g, '_'), title, detail }] } });

const slug = (title: string) => encodeURIComponent(title).replace(/%20/g, '+');

/** Cloud search titles and excerpts carry highlight markers, as the real v1 search does. */
function highlight(text: string, words: string[]): string {
  let out = text;
  for (const word of words) {
    const at = out.toLowerCase().indexOf(word.toLowerCase());
    if (word && at >= 0) out = `${out.slice(0, at)}@@@hl@@@${out.slice(at, at + word.length)}@@@endhl@@@${out.slice(at + word.length)}`;
  }
  return out;
}

/** The words of a storage body, as search indexes and excerpts see them. */
function plainText(storage: string): string {
  const words: string[] = [];
  const parser = new Parser({ ontext: (text) => words.push(...text.split(/\s+/).filter(Boolean)) }, { decodeEntities: true, recognizeCDATA: true });
  parser.write(storage);
  parser.end();
  return words.join(' ');
}

export function confluenceRoutes(data: ConfluenceData, cloud: boolean, siteUrl: string): Router {
  const v1 = cloud ? '/wiki/rest/api' : '/rest/api';
  const wikiBase = cloud ? `${siteUrl}/wiki` : siteUrl;
  const router = new Router();

  const visible = (page: SandboxPage, userId: string) =>
    !page.hiddenFrom.includes(userId) && !data.spaces.find((s) => s.key === page.space)?.hiddenFrom.includes(userId);
  const spaceOf = (page: SandboxPage) => data.spaces.find((space) => space.key === page.space)!;
  const webui = (page: SandboxPage) => (cloud ? `/spaces/${page.space}/pages/${page.id}/${slug(page.title)}` : `/display/${page.space}/${slug(page.title)}`);

  const userJson = (id: string) => {
    const user = userById(id);
    return cloud
      ? { type: 'known', accountId: user.accountId, accountType: 'atlassian', email: user.email, publicName: user.displayName, displayName: user.displayName, profilePicture: { path: `/wiki/aa-avatar/${user.accountId}`, width: 48, height: 48, isDefault: false } }
      : { type: 'known', username: user.username, userKey: `8a7f808a${user.id}`, displayName: user.displayName, profilePicture: { path: `/images/icons/profilepics/${user.id}.svg`, width: 48, height: 48, isDefault: false } };
  };

  const v1Content = (page: SandboxPage, expand: string[]) => {
    const space = spaceOf(page);
    return {
      id: page.id, type: 'page', status: 'current', title: page.title,
      ...(expand.some((e) => e.startsWith('space')) ? { space: { id: Number(space.id), key: space.key, name: space.name, type: 'global', status: 'current' } } : {}),
      ...(expand.some((e) => e.startsWith('version')) ? { version: { by: userJson(page.author), when: page.updated, number: page.version, message: '', minorEdit: false } } : {}),
      ...(expand.includes('body.storage') ? { body: { storage: { value: page.storage, representation: 'storage' } } } : {}),
      ...(expand.includes('metadata.labels') ? { metadata: { labels: { results: page.labels.map((name, i) => ({ prefix: 'global', name, id: String(900 + i) })), size: page.labels.length } } } : {}),
      _links: { webui: webui(page), tinyui: `/x/${Buffer.from(page.id).toString('base64url')}`, self: `${wikiBase}${v1}/content/${page.id}` },
    };
  };

  const resolver = (page: SandboxPage) => (field: string): string | string[] | undefined => {
    switch (field) {
      case 'type': return 'page';
      case 'space': case 'space.key': return page.space;
      case 'title': return page.title;
      case 'text': return `${page.title} ${plainText(page.storage)}`;
      case 'label': case 'labels': return page.labels.length ? page.labels : undefined;
      case 'id': case 'content': return page.id;
      case 'parent': return page.parentId;
      case 'ancestor': {
        const ids: string[] = [];
        for (let p = page.parentId; p; p = data.pages.find((x) => x.id === p)?.parentId) ids.push(p);
        return ids;
      }
      case 'creator': return [userById(page.author).accountId, userById(page.author).username];
      case 'lastmodified': return page.updated;
      case 'created': return page.created;
      default: throw new QuerySyntaxError(`Could not parse cql : unknown field '${field}'`);
    }
  };

  router.on('GET', `${v1}/user/current`, ({ userId }) => ({ body: { ...userJson(userId), _links: { base: wikiBase } } }));

  router.on('GET', `${v1}/search`, ({ query, userId }) => {
    const cql = one(query, 'cql');
    if (!cql) return v1Error(400, 'CQL query parameter is required');
    let hits: SandboxPage[];
    let words: string[] = [];
    try {
      const parsed = parseQuery(cql);
      const me = userById(userId);
      hits = data.pages.filter((page) => visible(page, userId) &&
        evaluate(parsed.where, resolver(page), { 'currentuser()': cloud ? me.accountId : me.username }));
      if (parsed.orderBy.length === 0) hits.sort((a, b) => b.updated.localeCompare(a.updated) || a.id.localeCompare(b.id));
      else hits.sort((a, b) => a.title.localeCompare(b.title) * (parsed.orderBy[0]!.direction === 'asc' ? 1 : -1));
      words = parsed.where.type === 'clause' && parsed.where.op === '~' ? parsed.where.values : [];
    } catch (error) {
      if (error instanceof QuerySyntaxError) return v1Error(400, `Could not parse cql : ${cql}`);
      throw error;
    }
    const limit = Math.min(int(query, 'limit', 25), cloud ? 250 : 100);
    const start = cloud ? Number(Buffer.from(one(query, 'cursor') ?? 'MA', 'base64url').toString() || 0) : int(query, 'start', 0);
    if (!Number.isInteger(start) || start < 0) return v1Error(400, 'Invalid cursor');
    const page = hits.slice(start, start + limit);
    const next = start + limit < hits.length
      ? `/rest/api/search?cql=${encodeURIComponent(cql)}&limit=${limit}&` + (cloud ? `cursor=${Buffer.from(String(start + limit)).toString('base64url')}` : `start=${start + limit}`)
      : undefined;
    return {
      body: {
        results: page.map((p) => ({
          content: v1Content(p, []),
          title: cloud ? highlight(p.title, words) : p.title,
          excerpt: (cloud ? highlight(plainText(p.storage).slice(0, 180), words) : plainText(p.storage).slice(0, 180)),
          url: webui(p),
          resultGlobalContainer: { title: spaceOf(p).name, displayUrl: cloud ? `/spaces/${p.space}` : `/display/${p.space}` },
          entityType: 'content', iconCssClass: 'aui-icon content-type-page', lastModified: p.updated, friendlyLastModified: 'Oct 2026', score: 1,
        })),
        start, limit, size: page.length, totalSize: hits.length, cqlQuery: cql, searchDuration: 12,
        _links: { base: wikiBase, context: cloud ? '/wiki' : '', ...(next ? { next } : {}) },
      },
    };
  });

  if (cloud) {
    const v2 = '/wiki/api/v2';
    const v2Page = (page: SandboxPage, bodyFormat: string | undefined) => ({
      id: page.id, status: 'current', title: page.title, spaceId: spaceOf(page).id, parentId: page.parentId ?? null,
      parentType: page.parentId ? 'page' : null, authorId: userById(page.author).accountId, ownerId: userById(page.author).accountId,
      createdAt: page.created,
      version: { number: page.version, message: '', minorEdit: false, authorId: userById(page.author).accountId, createdAt: page.updated },
      body: bodyFormat === 'storage' ? { storage: { value: page.storage, representation: 'storage' } } : {},
      _links: { webui: webui(page), editui: `/pages/resumedraft.action?draftId=${page.id}`, tinyui: `/x/${Buffer.from(page.id).toString('base64url')}`, base: wikiBase },
    });
    const v2Space = (space: ConfluenceData['spaces'][number]) => ({
      id: space.id, key: space.key, name: space.name, type: 'global', status: 'current', homepageId: space.homepageId,
      _links: { webui: `/spaces/${space.key}` },
    });

    router.on('GET', `${v2}/pages/{id}`, ({ params, query, userId }) => {
      const page = data.pages.find((p) => p.id === params.id && visible(p, userId));
      return page ? { body: v2Page(page, one(query, 'body-format')) } : v2Error(404, 'Not Found');
    });
    router.on('GET', `${v2}/pages`, ({ query, userId }) => {
      const spaceIds = many(query, 'space-id');
      const title = one(query, 'title');
      const results = data.pages.filter((p) => visible(p, userId) && (spaceIds.length === 0 || spaceIds.includes(spaceOf(p).id)) && (title === undefined || p.title === title));
      return { body: { results: results.slice(0, int(query, 'limit', 25)).map((p) => v2Page(p, one(query, 'body-format'))), _links: { base: wikiBase } } };
    });
    router.on('GET', `${v2}/spaces`, ({ query, userId }) => {
      const keys = many(query, 'keys');
      const results = data.spaces.filter((s) => !s.hiddenFrom.includes(userId) && (keys.length === 0 || keys.includes(s.key)));
      return { body: { results: results.map(v2Space), _links: { base: wikiBase } } };
    });
    router.on('GET', `${v2}/spaces/{id}`, ({ params, userId }) => {
      const space = data.spaces.find((s) => s.id === params.id && !s.hiddenFrom.includes(userId));
      return space ? { body: v2Space(space) } : v2Error(404, 'Not Found');
    });
  } else {
    router.on('GET', `${v1}/content/{id}`, ({ params, query, userId }) => {
      const page = data.pages.find((p) => p.id === params.id && visible(p, userId));
      return page ? { body: v1Content(page, many(query, 'expand')) } : v1Error(404, `No content found with id: ContentId{id=${params.id}}`);
    });
    router.on('GET', `${v1}/content`, ({ query, userId }) => contentList(query, userId));
  }

  function contentList(query: Query, userId: string): RouteResponse {
    const spaceKey = one(query, 'spaceKey');
    const title = one(query, 'title');
    const results = data.pages.filter((p) => visible(p, userId) && (!spaceKey || p.space === spaceKey) && (title === undefined || p.title === title));
    const start = int(query, 'start', 0);
    const limit = int(query, 'limit', 25);
    const page = results.slice(start, start + limit);
    return { body: { results: page.map((p) => v1Content(p, many(query, 'expand'))), start, limit, size: page.length, _links: { base: wikiBase, context: '' } } };
  }

  return router;
}
