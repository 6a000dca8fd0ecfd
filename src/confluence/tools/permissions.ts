import { z } from 'zod';

import { defineTool } from '../../mcp/define-tool.js';
import { ToolInputError } from '../../mcp/errors.js';
import { pageSummary, untrusted } from '../../mcp/result.js';
import { PermissionsApi, parsePrincipal } from '../api/permissions.js';
import { confluence, cursorArg, listCursor, pageIdArg, readListCursor } from './common.js';

import type { ToolContext } from '../../mcp/define-tool.js';
import type { Principal, Restrictions } from '../api/permissions.js';

export const CONFLUENCE_GET_PAGE_RESTRICTIONS = 'confluence_get_page_restrictions';
export const CONFLUENCE_SET_PAGE_RESTRICTIONS = 'confluence_set_page_restrictions';
export const CONFLUENCE_GET_SPACE_PERMISSIONS = 'confluence_get_space_permissions';
/** Cloud's largest page; a space has a few hundred assignments at most. */
const ASSIGNMENTS_PER_PAGE = 250;

const permissions = (context: ToolContext) => new PermissionsApi(confluence(context));

const principalOut = z.object({ type: z.string(), id: z.string(), name: z.string() });
const restrictionsOut = { view: z.array(principalOut), edit: z.array(principalOut) };

const who = (principal: Principal) => (principal.type === 'group' ? `group ${principal.id}` : principal.name === principal.id ? principal.id : `${principal.name} (${principal.id})`);
const restrictionLines = (restrictions: Restrictions) => [
  `View: ${restrictions.read.map(who).join(', ') || 'anyone who can see the space'}`,
  `Edit: ${restrictions.update.map(who).join(', ') || 'anyone who may edit in the space'}`,
].join('\n');
const restrictionData = (restrictions: Restrictions) => ({ view: restrictions.read, edit: restrictions.update });

export const confluenceGetPageRestrictions = defineTool({
  name: CONFLUENCE_GET_PAGE_RESTRICTIONS,
  title: 'Get page restrictions',
  description: 'Who a page\'s view and edit are restricted to; check_user also says what that user may do (Cloud).',
  product: 'confluence',
  toolset: 'confluence_permissions',
  kind: 'read',
  input: {
    page_id: pageIdArg,
    check_user: z.string().min(1).max(128).optional().describe('Account id, e.g. \'5b10a2844c20\''),
  },
  output: { page_id: z.string(), ...restrictionsOut, checked: z.array(z.object({ operation: z.string(), allowed: z.boolean(), reason: z.string().optional() })).optional() },
  async handler({ page_id, check_user }, context) {
    const api = permissions(context);
    // The check first: on Server/DC it fails at once, naming the flavor.
    const checked = check_user === undefined ? undefined : await api.check(page_id, check_user, context.signal);
    const restrictions = await api.restrictions(page_id, context.signal);
    const verdict = checked
      ? `\nUser ${check_user}: ${checked.map((c) => `${c.allowed ? 'can' : 'cannot'} ${c.operation}${c.reason ? ` (${c.reason})` : ''}`).join(', ')}.`
      : '';
    return {
      text: `Restrictions of page ${page_id}:\n${untrusted(`restrictions of page ${page_id}`, restrictionLines(restrictions))}${verdict}`,
      data: { page_id, ...restrictionData(restrictions), checked },
    };
  },
});

const principalsArg = (example: string) => z.array(z.string().min(1).max(200)).max(100).optional().describe(`e.g. ${example}`);

export const confluenceSetPageRestrictions = defineTool({
  name: CONFLUENCE_SET_PAGE_RESTRICTIONS,
  title: 'Set page restrictions',
  description: 'Sets who may view/edit a page (Cloud account ids, DC usernames, \'group:<name>\'); [] lifts, omitted keeps.',
  product: 'confluence',
  toolset: 'confluence_permissions',
  kind: 'destructive',
  input: {
    page_id: pageIdArg,
    view: principalsArg('[\'alice\', \'group:hr\']'),
    edit: principalsArg('[\'group:editors\']'),
  },
  output: { page_id: z.string(), ...restrictionsOut },
  async handler({ page_id, view, edit }, context) {
    if (view === undefined && edit === undefined) throw new ToolInputError('Give view, edit, or both (an empty list lifts that restriction).');
    const parse = (entries: string[] | undefined, arg: string) => entries?.map((entry) => {
      const principal = parsePrincipal(entry);
      if (!principal.id) throw new ToolInputError(`${arg}: '${entry}' names no one; use an account id/username or 'group:<name>'.`);
      return principal;
    });
    const { after } = await permissions(context).setRestrictions(page_id, { read: parse(view, 'view'), update: parse(edit, 'edit') }, context.signal);
    return {
      text: `Restrictions of page ${page_id} are now:\n${untrusted(`restrictions of page ${page_id}`, restrictionLines(after))}`,
      data: { page_id, ...restrictionData(after) },
    };
  },
});

export const confluenceGetSpacePermissions = defineTool({
  name: CONFLUENCE_GET_SPACE_PERMISSIONS,
  title: 'Get space permissions',
  description: 'Who holds which permission in a space (e.g. create page), one line per user or group.',
  product: 'confluence',
  toolset: 'confluence_permissions',
  kind: 'read',
  input: {
    space_key: z.string().min(1).max(255).describe('Space key, e.g. \'DOC\''),
    cursor: cursorArg,
  },
  output: { space_key: z.string(), principals: z.array(principalOut.extend({ operations: z.array(z.string()) })), cursor: z.string().optional() },
  async handler({ space_key, cursor }, context) {
    const page = await permissions(context).space(space_key, { limit: ASSIGNMENTS_PER_PAGE, next: readListCursor(CONFLUENCE_GET_SPACE_PERMISSIONS, space_key, cursor) }, context.signal);
    const next = listCursor(CONFLUENCE_GET_SPACE_PERMISSIONS, space_key, page.next);
    const grouped = new Map<string, { type: string; id: string; name: string; operations: string[] }>();
    for (const { principal, operation } of page.items) {
      const key = `${principal.type}:${principal.id}`;
      const entry = grouped.get(key) ?? { ...principal, operations: [] };
      entry.operations.push(operation);
      grouped.set(key, entry);
    }
    const principals = [...grouped.values()];
    const lines = principals.map((p) => `- ${p.type === 'user' ? (p.name === p.id ? `user ${p.id}` : `${p.name} (${p.id})`) : `${p.type} ${p.name}`}: ${p.operations.join(', ')}`);
    return {
      text: `${lines.length ? `${untrusted(`permissions of space ${space_key}`, lines.join('\n'))}\n` : ''}${pageSummary(page.items.length, 'assignment', next)}`,
      data: { space_key, principals, cursor: next },
    };
  },
});
