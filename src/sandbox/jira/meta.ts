import { int, many, one } from '../router.js';
import { ISSUE_TYPES, LINK_TYPES, PRIORITIES, STATUSES, createFieldIds, fieldsFor } from './catalog.js';
import { typeJson } from './render.js';
import { fieldErrors, jiraError } from './site.js';

import type { SandboxProject } from '../data/jira.js';
import type { RouteResponse, Router } from '../router.js';
import type { CatalogField } from './catalog.js';
import type { JiraSite } from './site.js';

// Site and project metadata: fields, create screens, projects, components, versions, priorities,
// statuses, link types and the options of select fields (Cloud: per field context; Server/DC: per field).

export function metaRoutes(site: JiraSite, router: Router): void {
  const { api } = site;
  const withProject = (key: string, userId: string, then: (project: SandboxProject) => RouteResponse): RouteResponse => {
    const project = site.project(key, userId);
    return project ? then(project) : jiraError(404, `No project could be found with key '${key}'.`);
  };
  const projectJson = (project: SandboxProject, full = false) => ({
    self: `${site.siteUrl}${api}/project/${project.id}`, id: project.id, key: project.key, name: project.name,
    projectTypeKey: 'software', ...(site.cloud ? { simplified: false, style: 'classic', isPrivate: false } : {}),
    ...(full ? {
      lead: site.user(project.lead), description: '', issueTypes: ISSUE_TYPES.map((type) => typeJson(site, type.name)),
      components: site.data.components.filter((c) => c.project === project.key).map((c) => ({ id: c.id, name: c.name })),
    } : {}),
  });
  const fieldJson = (field: CatalogField) => ({
    id: field.id, ...(site.cloud ? { key: field.id } : {}), name: field.name, custom: Boolean(field.schema.custom),
    orderable: true, navigable: true, searchable: true,
    clauseNames: field.schema.custom ? [`cf[${field.schema.customId}]`, field.name] : [field.id], schema: field.schema,
  });
  const allowedValues = (field: CatalogField, project: SandboxProject): unknown[] | undefined => {
    switch (field.id) {
      case 'priority': return PRIORITIES.map((p) => ({ self: `${site.siteUrl}${api}/priority/${p.id}`, id: p.id, name: p.name }));
      case 'components': return site.data.components.filter((c) => c.project === project.key).map((c) => ({ id: c.id, name: c.name }));
      case 'fixVersions': return site.data.versions.filter((v) => v.project === project.key && !v.archived).map((v) => ({ id: v.id, name: v.name, released: v.released }));
      case 'issuetype': return undefined;
      default: return field.options?.map((option) => ({ id: option.id, value: option.value, ...(option.children ? { children: option.children } : {}) }));
    }
  };

  const childIds = (option: { id: string; children?: { id: string }[] }) => option.children?.map((child) => Number(child.id));

  router.on('GET', `${api}/field`, () => ({ body: fieldsFor(site.cloud).map(fieldJson) }));

  router.on('GET', `${api}/issue/createmeta/{projectIdOrKey}/issuetypes`, ({ params, query, userId }) => withProject(params.projectIdOrKey!, userId, () => {
    const startAt = int(query, 'startAt', 0);
    const maxResults = Math.min(int(query, 'maxResults', 50), 200);
    const types = ISSUE_TYPES.map((type) => typeJson(site, type.name)).slice(startAt, startAt + maxResults);
    const page = { startAt, maxResults, total: ISSUE_TYPES.length };
    return { body: site.cloud ? { ...page, issueTypes: types } : { ...page, isLast: startAt + maxResults >= ISSUE_TYPES.length, values: types } };
  }));

  router.on('GET', `${api}/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}`, ({ params, query, userId }) => withProject(params.projectIdOrKey!, userId, (project) => {
    const type = ISSUE_TYPES.find((candidate) => candidate.id === params.issueTypeId);
    if (!type) return jiraError(400, 'Issue type with id not found.');
    const fields = createFieldIds(type.name, site.cloud).map(({ id, required }) => {
      const field = fieldsFor(site.cloud).find((candidate) => candidate.id === id)!;
      const allowed = allowedValues(field, project);
      return {
        required, schema: field.schema, name: field.name, fieldId: field.id, ...(site.cloud ? { key: field.id } : {}),
        hasDefaultValue: id === 'priority' || id === 'reporter', operations: ['set'], ...(allowed ? { allowedValues: allowed } : {}),
        ...(id === 'priority' ? { defaultValue: { id: '3', name: 'Medium' } } : {}),
      };
    });
    const startAt = int(query, 'startAt', 0);
    const maxResults = Math.min(int(query, 'maxResults', 50), 200);
    const page = { startAt, maxResults, total: fields.length };
    const slice = fields.slice(startAt, startAt + maxResults);
    return { body: site.cloud ? { ...page, fields: slice } : { ...page, isLast: startAt + maxResults >= fields.length, values: slice } };
  }));

  const visibleProjects = (userId: string) => site.data.projects.filter((project) => !project.hiddenFrom.includes(userId));
  if (site.cloud) {
    router.on('GET', `${api}/project/search`, ({ query, userId }) => {
      const text = (one(query, 'query') ?? '').toLowerCase();
      const keys = many(query, 'keys').map((key) => key.toUpperCase());
      const matches = visibleProjects(userId).filter((project) => (!text || project.key.toLowerCase().includes(text) || project.name.toLowerCase().includes(text)) &&
        (!keys.length || keys.includes(project.key)));
      const startAt = int(query, 'startAt', 0);
      const maxResults = Math.min(int(query, 'maxResults', 50), 100);
      return {
        body: {
          self: `${site.siteUrl}${api}/project/search`, maxResults, startAt, total: matches.length, isLast: startAt + maxResults >= matches.length,
          values: matches.slice(startAt, startAt + maxResults).map((project) => ({ ...projectJson(project), lead: site.user(project.lead) })),
        },
      };
    });
  } else {
    router.on('GET', `${api}/project`, ({ userId }) => ({ body: visibleProjects(userId).map((project) => projectJson(project)) }));
    router.on('GET', `${api}/priority`, () => ({ body: PRIORITIES.map((p) => ({ self: `${site.siteUrl}${api}/priority/${p.id}`, ...p, iconUrl: `${site.siteUrl}/images/icons/priorities/${p.name.toLowerCase()}.svg` })) }));
    router.on('GET', `${api}/customFields/{customFieldId}/options`, ({ params, query }) => {
      const field = fieldsFor(false).find((candidate) => candidate.id === params.customFieldId || candidate.schema.customId === Number(params.customFieldId));
      if (!field?.options) return jiraError(404, `Custom field with id ${params.customFieldId} does not exist or has no options.`);
      const text = (one(query, 'query') ?? '').toLowerCase();
      const options = field.options.flatMap((option) => [option, ...(option.children ?? [])])
        .filter((option) => !text || option.value.toLowerCase().includes(text))
        .map((option) => ({ self: `${site.siteUrl}${api}/customFieldOption/${option.id}`, id: Number(option.id), value: option.value, disabled: false,
          ...(childIds(option) ? { childrenIds: childIds(option) } : {}) }));
      return { body: { options, total: options.length } };
    });
  }

  router.on('GET', `${api}/project/{projectIdOrKey}`, ({ params, userId }) => withProject(params.projectIdOrKey!, userId, (project) => ({ body: projectJson(project, true) })));

  router.on('GET', `${api}/project/{projectIdOrKey}/components`, ({ params, userId }) => withProject(params.projectIdOrKey!, userId, (project) => ({
    body: site.data.components.filter((c) => c.project === project.key).map((c) => ({
      self: `${site.siteUrl}${api}/component/${c.id}`, id: c.id, name: c.name, description: c.description, project: project.key, projectId: Number(project.id),
      ...(c.lead ? { lead: site.user(c.lead) } : {}), assigneeType: 'PROJECT_DEFAULT',
    })),
  })));

  const versionJson = (version: (typeof site.data.versions)[number]) => {
    const project = site.data.projects.find((p) => p.key === version.project)!;
    return {
      self: `${site.siteUrl}${api}/version/${version.id}`, id: version.id, name: version.name, description: version.description,
      archived: version.archived, released: version.released, projectId: Number(project.id),
      ...(version.startDate ? { startDate: version.startDate } : {}), ...(version.releaseDate ? { releaseDate: version.releaseDate } : {}),
      overdue: !version.released && Boolean(version.releaseDate && version.releaseDate < '2026-10-22'),
    };
  };

  router.on('GET', `${api}/project/{projectIdOrKey}/versions`, ({ params, userId }) => withProject(params.projectIdOrKey!, userId, (project) => ({
    body: site.data.versions.filter((v) => v.project === project.key).map(versionJson),
  })));

  router.on('POST', `${api}/version`, ({ body, userId }) => {
    const request = (body ?? {}) as { name?: string; projectId?: number; project?: string; description?: string; releaseDate?: string; startDate?: string; released?: boolean };
    const project = site.data.projects.find((p) => (String(request.projectId) === p.id || request.project === p.key) && !p.hiddenFrom.includes(userId));
    if (!project) return fieldErrors({ project: 'Project must be specified to create a version.' });
    if (!request.name?.trim()) return fieldErrors({ name: 'You must specify a valid version name' });
    if (site.data.versions.some((v) => v.project === project.key && v.name === request.name)) return fieldErrors({ name: 'A version with this name already exists in this project.' });
    // Cloud takes dates as yyyy-MM-dd; Server/DC reads the date part of what it is sent.
    const date = (value: string | undefined) => value?.slice(0, 10);
    if (request.releaseDate && !/^\d{4}-\d{2}-\d{2}/.test(request.releaseDate)) return fieldErrors({ releaseDate: 'The release date is invalid.' });
    const version = { id: site.nextId(), project: project.key, name: request.name, description: request.description, released: request.released ?? false,
      archived: false, startDate: date(request.startDate), releaseDate: date(request.releaseDate) };
    site.data.versions.push(version);
    return { status: 201, body: versionJson(version) };
  });

  router.on('GET', `${api}/version/{id}`, ({ params, userId }) => {
    const version = site.data.versions.find((candidate) => candidate.id === params.id && site.project(candidate.project, userId));
    return version ? { body: versionJson(version) } : jiraError(404, `Could not find version for id '${params.id}'`);
  });

  router.on('PUT', `${api}/version/{id}`, ({ params, body, userId }) => {
    const version = site.data.versions.find((candidate) => candidate.id === params.id && site.project(candidate.project, userId));
    if (!version) return jiraError(404, `Could not find version for id '${params.id}'`);
    const request = (body ?? {}) as { name?: string; description?: string; releaseDate?: string; startDate?: string; released?: boolean; archived?: boolean };
    if (request.name !== undefined) {
      if (!request.name.trim()) return fieldErrors({ name: 'You must specify a valid version name' });
      if (site.data.versions.some((v) => v.project === version.project && v.name === request.name && v.id !== version.id)) {
        return fieldErrors({ name: 'A version with this name already exists in this project.' });
      }
    }
    for (const [field, value] of [['releaseDate', request.releaseDate], ['startDate', request.startDate]] as const) {
      if (value !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(value)) return fieldErrors({ [field]: 'The date is invalid.' });
    }
    if (request.name !== undefined) version.name = request.name;
    if (request.description !== undefined) version.description = request.description;
    if (request.startDate !== undefined) version.startDate = request.startDate.slice(0, 10);
    if (request.releaseDate !== undefined) version.releaseDate = request.releaseDate.slice(0, 10);
    if (request.released !== undefined) version.released = request.released;
    if (request.archived !== undefined) version.archived = request.archived;
    return { body: versionJson(version) };
  });

  router.on('GET', `${api}/status`, () => ({ body: STATUSES.map((status) => site.statusJson(status.name)) }));

  router.on('GET', `${api}/project/{projectIdOrKey}/statuses`, ({ params, userId }) => withProject(params.projectIdOrKey!, userId, () => ({
    body: ISSUE_TYPES.map((type) => ({ ...typeJson(site, type.name), statuses: STATUSES.map((status) => site.statusJson(status.name)) })),
  })));

  router.on('GET', `${api}/issueLinkType`, () => ({
    body: { issueLinkTypes: LINK_TYPES.map((type) => ({ ...type, self: `${site.siteUrl}${api}/issueLinkType/${type.id}` })) },
  }));

  if (site.cloud) {
    const optionField = (id: string) => fieldsFor(true).find((candidate) => candidate.id === id && candidate.options);
    router.on('GET', `${api}/field/{fieldId}/context`, ({ params }) => {
      const field = optionField(params.fieldId!);
      if (!field) return jiraError(404, 'The custom field was not found.');
      const values = [{ id: field.contextId, name: `Default Configuration Scheme for ${field.name}`, description: '', isGlobalContext: true, isAnyIssueType: true }];
      return { body: { maxResults: 50, startAt: 0, total: 1, isLast: true, values } };
    });
    router.on('GET', `${api}/field/{fieldId}/context/{contextId}/option`, ({ params, query }) => {
      const field = optionField(params.fieldId!);
      if (!field || field.contextId !== params.contextId) return jiraError(404, 'The context was not found.');
      const all = field.options!.flatMap((option) => [{ id: option.id, value: option.value, disabled: false },
        ...(option.children ?? []).map((child) => ({ id: child.id, value: child.value, disabled: false, optionId: option.id }))]);
      const startAt = int(query, 'startAt', 0);
      const maxResults = Math.min(int(query, 'maxResults', 100), 1000);
      return { body: { maxResults, startAt, total: all.length, isLast: startAt + maxResults >= all.length, values: all.slice(startAt, startAt + maxResults) } };
    });
  }
}
