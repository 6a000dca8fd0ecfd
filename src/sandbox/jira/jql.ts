import { userById } from '../data/users.js';
import { QuerySyntaxError, evaluate, parseQuery } from '../query.js';
import { STATUSES } from './catalog.js';
import { jiraError } from './site.js';

import type { SandboxIssue } from '../data/jira.js';
import type { Expr } from '../query.js';
import type { RouteResponse } from '../router.js';
import type { JiraSite } from './site.js';

// JQL as the sandbox runs it: the fields these tools search by, Jira's error wording for unknown
// projects and fields, and Jira's default order (newest update first).

function resolver(site: JiraSite, issue: SandboxIssue) {
  const person = (id: string | undefined) => (id ? [userById(id).accountId, userById(id).username, userById(id).displayName, userById(id).email] : undefined);
  const category = (STATUSES.find((status) => status.name === issue.status)?.category) ?? 'new';
  return (field: string): string | string[] | undefined => {
    switch (field) {
      case 'project': return [issue.project, site.data.projects.find((p) => p.key === issue.project)?.name ?? ''];
      case 'key': case 'issuekey': case 'id': return [issue.key, issue.id];
      case 'type': case 'issuetype': return issue.type;
      case 'status': return issue.status;
      case 'statuscategory': return category === 'new' ? 'To Do' : category === 'done' ? 'Done' : 'In Progress';
      case 'resolution': return issue.resolution;
      case 'priority': return issue.priority;
      case 'assignee': return person(issue.assignee);
      case 'reporter': return person(issue.reporter);
      case 'watcher': return issue.watchers.flatMap((id) => person(id) ?? []);
      case 'labels': return issue.labels.length ? issue.labels : undefined;
      case 'component': return issue.components.length ? issue.components : undefined;
      case 'fixversion': return issue.fixVersions.length ? issue.fixVersions : undefined;
      case 'parent': return issue.parent ?? (site.cloud ? issue.epic : undefined);
      case '"epic link"': case 'epic link': case 'cf[10014]': return issue.epic;
      case 'sprint': return issue.sprints.length ? issue.sprints.flatMap((id) => [String(id), site.data.sprints.find((s) => s.id === id)?.name ?? '']) : undefined;
      case 'summary': return issue.summary;
      case 'description': return site.plain(issue.description);
      case 'text': return [issue.summary, site.plain(issue.description), ...issue.comments.map((c) => site.plain(c.body))].join('\n');
      case 'created': return issue.created;
      case 'updated': return issue.updated;
      case 'duedate': return issue.duedate;
      default: throw new QuerySyntaxError(`Field '${field}' does not exist or you do not have permission to view it.`);
    }
  };
}

function projectClauses(expr: Expr): string[] {
  if (expr.type === 'clause') return expr.field === 'project' ? expr.values : [];
  if (expr.type === 'not') return projectClauses(expr.expr);
  if (expr.type === 'and' || expr.type === 'or') return [...projectClauses(expr.left), ...projectClauses(expr.right)];
  return [];
}

/** Runs JQL like Jira: unknown projects and syntax errors are 400s with Jira's own wording. */
export function runJql(site: JiraSite, jql: string, userId: string, within: SandboxIssue[] = site.data.issues): SandboxIssue[] | RouteResponse {
  try {
    const query = parseQuery(jql);
    for (const value of projectClauses(query.where)) {
      const project = site.data.projects.find((p) => (p.key === value.toUpperCase() || p.name === value || p.id === value) && !p.hiddenFrom.includes(userId));
      if (!project) return jiraError(400, `The value '${value}' does not exist for the field 'project'.`);
    }
    const me = userById(userId);
    const hits = within.filter((issue) => site.visible(issue, userId) &&
      evaluate(query.where, resolver(site, issue), { 'currentuser()': site.cloud ? me.accountId : me.username }));
    const order = query.orderBy.length ? query.orderBy : [{ field: 'updated', direction: 'desc' as const }];
    const sortKey = (issue: SandboxIssue, field: string) =>
      field === 'key' ? `${issue.project}-${String(Number(issue.key.split('-')[1])).padStart(8, '0')}` : String(resolver(site, issue)(field) ?? '');
    return hits.sort((a, b) => {
      for (const { field, direction } of order) {
        const cmp = sortKey(a, field).localeCompare(sortKey(b, field));
        if (cmp !== 0) return direction === 'asc' ? cmp : -cmp;
      }
      return a.key.localeCompare(b.key);
    });
  } catch (error) {
    if (error instanceof QuerySyntaxError) return jiraError(400, `Error in the JQL Query: ${error.message}`);
    throw error;
  }
}
