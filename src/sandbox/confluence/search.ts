import { Parser } from 'htmlparser2';

import { USERS, userById } from '../data/users.js';
import { QuerySyntaxError, evaluate, parseQuery } from '../query.js';
import { int, one } from '../router.js';
import { v1Error } from './site.js';

import type { SandboxPage } from '../data/confluence.js';
import type { SandboxUser } from '../data/users.js';
import type { Expr } from '../query.js';
import type { Router } from '../router.js';
import type { ConfluenceSite } from './site.js';

// CQL search over everything the site holds (pages, comments, attachments), Cloud's user search
// (/search/user, CQL on user fields) and Server/DC's group member listing.

/** The words of a storage body, as search indexes and excerpts see them. */
export function plainText(storage: string): string {
  const words: string[] = [];
  const parser = new Parser({ ontext: (text) => words.push(...text.split(/\s+/).filter(Boolean)) }, { decodeEntities: true, recognizeCDATA: true });
  parser.write(storage);
  parser.end();
  return words.join(' ');
}

/** Cloud search titles and excerpts carry highlight markers, as the real v1 search does. */
function highlight(text: string, words: string[]): string {
  let out = text;
  for (const word of words) {
    const at = out.toLowerCase().indexOf(word.toLowerCase());
    if (word && at >= 0) out = `${out.slice(0, at)}@@@hl@@@${out.slice(at, at + word.length)}@@@endhl@@@${out.slice(at + word.length)}`;
  }
  return out;
}

interface Item {
  type: 'page' | 'comment' | 'attachment';
  id: string;
  title: string;
  text: string;
  page: SandboxPage;
  author: string;
  updated: string;
  created: string;
  labels: string[];
  content: Record<string, unknown>;
  url: string;
}

function textTerms(expr: Expr): string[] {
  if (expr.type === 'clause') return expr.op === '~' && ['text', 'title', 'sitesearch'].includes(expr.field) ? expr.values : [];
  if (expr.type === 'and' || expr.type === 'or') return [...textTerms(expr.left), ...textTerms(expr.right)];
  return [];
}

export function searchRoutes(router: Router, site: ConfluenceSite): void {
  const { v1, cloud, data } = site;

  const items = (userId: string): Item[] => {
    const out: Item[] = [];
    for (const page of data.pages.filter((candidate) => site.visible(candidate, userId))) {
      out.push({
        type: 'page', id: page.id, title: page.title, text: `${page.title} ${plainText(page.storage)}`, page, author: page.author,
        updated: page.updated, created: page.created, labels: page.labels, content: site.v1Content(page, []), url: site.webui(page),
      });
      for (const comment of data.comments.filter((candidate) => candidate.pageId === page.id)) {
        const json = site.v1Comment(comment, []);
        out.push({
          type: 'comment', id: comment.id, title: `Re: ${page.title}`, text: plainText(comment.storage), page, author: comment.author,
          updated: comment.created, created: comment.created, labels: [], content: json, url: (json._links as { webui: string }).webui,
        });
      }
      for (const attachment of data.attachments.filter((candidate) => candidate.pageId === page.id)) {
        const json = site.v1Attachment(attachment, []);
        out.push({
          type: 'attachment', id: attachment.id, title: attachment.title, text: `${attachment.title} ${attachment.comment}`, page, author: attachment.author,
          updated: attachment.created, created: attachment.created, labels: [], content: json, url: (json._links as { webui: string }).webui,
        });
      }
    }
    return out;
  };

  const resolver = (item: Item) => (field: string): string | string[] | undefined => {
    switch (field) {
      case 'type': return item.type;
      case 'space': case 'space.key': return item.page.space;
      case 'title': return item.title;
      case 'text': case 'sitesearch': return item.text;
      case 'label': case 'labels': return item.labels.length ? item.labels : undefined;
      case 'id': case 'content': return item.id;
      case 'parent': return item.type === 'page' ? item.page.parentId : item.page.id;
      case 'container': return item.type === 'page' ? undefined : item.page.id;
      case 'ancestor': return site.ancestors(item.page).map((ancestor) => ancestor.id).concat(item.type === 'page' ? [] : [item.page.id]);
      case 'creator': case 'contributor': return [userById(item.author).accountId, userById(item.author).username];
      case 'lastmodified': return item.updated;
      case 'created': return item.created;
      default: throw new QuerySyntaxError(`unknown field '${field}'`);
    }
  };

  router.on('GET', `${v1}/search`, ({ query, userId }) => {
    const cql = one(query, 'cql');
    if (!cql) return v1Error(400, 'CQL query parameter is required');
    let hits: Item[];
    let words: string[];
    try {
      const parsed = parseQuery(cql);
      const me = userById(userId);
      hits = items(userId).filter((item) => evaluate(parsed.where, resolver(item), { 'currentuser()': cloud ? me.accountId : me.username }));
      if (parsed.orderBy.length === 0) hits.sort((a, b) => b.updated.localeCompare(a.updated) || a.id.localeCompare(b.id));
      else {
        const { field, direction } = parsed.orderBy[0]!;
        const key = (item: Item) => (field === 'lastmodified' ? item.updated : field === 'created' ? item.created : item.title);
        hits.sort((a, b) => key(a).localeCompare(key(b)) * (direction === 'asc' ? 1 : -1));
      }
      words = textTerms(parsed.where).flatMap((term) => term.split(/\s+/));
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
        results: page.map((item) => ({
          content: item.content,
          title: cloud ? highlight(item.title, words) : item.title,
          excerpt: cloud ? highlight(item.text.slice(0, 180), words) : item.text.slice(0, 180),
          url: item.url,
          resultGlobalContainer: { title: site.spaceOf(item.page).name, displayUrl: cloud ? `/spaces/${item.page.space}` : `/display/${item.page.space}` },
          entityType: 'content', iconCssClass: `aui-icon content-type-${item.type}`, lastModified: item.updated, friendlyLastModified: 'Oct 2026', score: 1,
        })),
        start, limit, size: page.length, totalSize: hits.length, cqlQuery: cql, searchDuration: 12,
        _links: { base: site.wikiBase, context: cloud ? '/wiki' : '', ...(next ? { next } : {}) },
      },
    };
  });

  if (cloud) {
    // CQL over people: user, user.fullname, user.accountid (Cloud only).
    router.on('GET', `${v1}/search/user`, ({ query }) => {
      const cql = one(query, 'cql');
      if (!cql) return v1Error(400, 'CQL query parameter is required');
      let hits: SandboxUser[];
      try {
        const parsed = parseQuery(cql);
        hits = USERS.filter((user) => evaluate(parsed.where, (field) => {
          if (field === 'type') return 'user';
          if (field === 'user' || field === 'user.accountid') return user.accountId;
          if (field === 'user.fullname') return user.displayName;
          throw new QuerySyntaxError(`unknown field '${field}'`);
        }, {}));
      } catch (error) {
        if (error instanceof QuerySyntaxError) return v1Error(400, `Could not parse cql : ${cql}`);
        throw error;
      }
      const start = int(query, 'start', 0);
      const limit = Math.min(int(query, 'limit', 25), 1000);
      const page = hits.slice(start, start + limit);
      return {
        body: {
          results: page.map((user) => ({
            user: site.userJson(user.id), title: user.displayName, excerpt: '', url: `/people/${user.accountId}`,
            entityType: 'user', iconCssClass: 'aui-icon content-type-profile', lastModified: '2026-10-01T09:00:00.000Z', score: 1,
          })),
          start, limit, size: page.length, totalSize: hits.length, cqlQuery: cql, searchDuration: 4, _links: { base: site.wikiBase, context: '/wiki' },
        },
      };
    });
  } else {
    router.on('GET', `${v1}/group/{groupName}/member`, ({ params, query }) => {
      const members = data.groups[params.groupName!];
      if (!members) return v1Error(404, `Group not found: ${params.groupName}`);
      return site.v1List(members.map((id) => site.userJson(id)), query, `${v1}/group/${params.groupName}/member`, 200, 1000);
    });
  }
}
