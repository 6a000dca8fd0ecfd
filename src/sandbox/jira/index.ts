import { Router } from '../router.js';
import { agileRoutes } from './agile.js';
import { commentRoutes } from './comments.js';
import { fileRoutes } from './files.js';
import { issueRoutes } from './issues.js';
import { linkRoutes } from './links.js';
import { metaRoutes } from './meta.js';
import { peopleRoutes } from './people.js';
import { serviceDeskRoutes } from './service-desk.js';
import { JiraSite } from './site.js';

import type { JiraData } from '../data/jira.js';

// Jira's REST API as the sandbox serves it: /rest/api/3 (Cloud, ADF bodies) or /rest/api/2
// (Server/DC, wiki markup bodies) plus /rest/agile/1.0, with the same data behind both flavors.

export function jiraRoutes(data: JiraData, cloud: boolean, siteUrl: string): Router {
  const site = new JiraSite(data, cloud, siteUrl);
  const router = new Router();
  router.on('GET', `${site.api}/myself`, ({ userId }) => ({
    body: { ...site.user(userId), groups: { size: 2, items: [] }, locale: 'en_US' },
  }));
  // More specific routes first: the router takes the first template that matches.
  metaRoutes(site, router);
  fileRoutes(site, router);
  issueRoutes(site, router);
  commentRoutes(site, router);
  linkRoutes(site, router);
  peopleRoutes(site, router);
  agileRoutes(site, router);
  serviceDeskRoutes(site, router);
  return router;
}
