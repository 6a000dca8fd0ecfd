import { Router } from './router.js';
import { cloudV2Routes } from './confluence/cloud-v2.js';
import { contentV1Routes } from './confluence/content-v1.js';
import { permissionRoutes } from './confluence/permissions.js';
import { searchRoutes } from './confluence/search.js';
import { ConfluenceSite } from './confluence/site.js';

import type { ConfluenceData } from './data/confluence.js';

// Confluence's REST APIs as the sandbox serves them. Cloud: v2 (/wiki/api/v2) for pages, spaces, comments,
// labels and attachments, v1 (/wiki/rest/api) for CQL search, users and the writes v2 lacks. Server/DC: v1
// only (/rest/api). Both flavors share one data set, so a test can compare them.

export function confluenceRoutes(data: ConfluenceData, cloud: boolean, siteUrl: string): Router {
  const site = new ConfluenceSite(data, cloud, siteUrl);
  const router = new Router();
  router.on('GET', `${site.v1}/user/current`, ({ userId }) => ({ body: { ...site.userJson(userId), _links: { base: site.wikiBase } } }));
  searchRoutes(router, site);
  contentV1Routes(router, site);
  permissionRoutes(router, site);
  if (cloud) cloudV2Routes(router, site);
  return router;
}
