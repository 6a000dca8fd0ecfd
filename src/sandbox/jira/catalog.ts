// The sandbox Jira site's configuration: statuses and their workflow, priorities, issue types,
// resolutions, link types and fields (system and custom, with option lists). The same on both
// flavors, except the fields Cloud retired (Epic Link, Epic Name: Cloud uses `parent`).

export interface CatalogStatus {
  id: string;
  name: string;
  category: 'new' | 'indeterminate' | 'done';
}

export const STATUSES: CatalogStatus[] = [
  { id: '10001', name: 'To Do', category: 'new' },
  { id: '10002', name: 'In Progress', category: 'indeterminate' },
  { id: '10003', name: 'In Review', category: 'indeterminate' },
  { id: '10004', name: 'Done', category: 'done' },
];

export const CATEGORIES = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;

export interface CatalogTransition {
  id: string;
  name: string;
  to: string;
  /** Statuses it starts from. */
  from: string[];
  /** The transition screen asks for a resolution. */
  resolution?: boolean;
}

export const TRANSITIONS: CatalogTransition[] = [
  { id: '11', name: 'Back to To Do', to: 'To Do', from: ['In Progress', 'In Review', 'Done'] },
  { id: '21', name: 'Start progress', to: 'In Progress', from: ['To Do', 'In Review'] },
  { id: '31', name: 'Request review', to: 'In Review', from: ['In Progress'] },
  { id: '41', name: 'Done', to: 'Done', from: ['To Do', 'In Progress', 'In Review'], resolution: true },
];

export const PRIORITIES = [
  { id: '1', name: 'Highest', statusColor: '#d04437', description: 'Blocks work; fix now.' },
  { id: '2', name: 'High', statusColor: '#f15C75', description: 'Serious problem; fix soon.' },
  { id: '3', name: 'Medium', statusColor: '#f79232', description: 'Normal priority.' },
  { id: '4', name: 'Low', statusColor: '#707070', description: 'Minor problem.' },
  { id: '5', name: 'Lowest', statusColor: '#999999', description: 'Trivial.' },
];

export const ISSUE_TYPES = [
  { id: '10000', name: 'Epic', subtask: false, hierarchyLevel: 1, description: 'A big piece of work made of stories.' },
  { id: '10001', name: 'Story', subtask: false, hierarchyLevel: 0, description: 'A feature, told from the user\'s side.' },
  { id: '10002', name: 'Task', subtask: false, hierarchyLevel: 0, description: 'A piece of work.' },
  { id: '10003', name: 'Bug', subtask: false, hierarchyLevel: 0, description: 'A problem that impairs the product.' },
  { id: '10004', name: 'Sub-task', subtask: true, hierarchyLevel: -1, description: 'A part of a larger issue.' },
];

export const RESOLUTIONS = [
  { id: '10000', name: 'Done', description: 'Work on the issue is complete.' },
  { id: '10001', name: 'Won\'t Do', description: 'The issue will not be acted upon.' },
  { id: '10002', name: 'Duplicate', description: 'The problem is a duplicate of an existing issue.' },
  { id: '10003', name: 'Cannot Reproduce', description: 'The problem could not be reproduced.' },
];

export const LINK_TYPES = [
  { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
  { id: '10001', name: 'Cloners', inward: 'is cloned by', outward: 'clones' },
  { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
  { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
];

export interface FieldSchema {
  type: string;
  items?: string;
  system?: string;
  custom?: string;
  customId?: number;
}

export interface CatalogField {
  id: string;
  name: string;
  schema: FieldSchema;
  /** Present only on one flavor. */
  flavor?: 'cloud' | 'dc';
  /** Options of select-like custom fields, with their ids. */
  options?: { id: string; value: string; children?: { id: string; value: string }[] }[];
  /** Cloud field context holding the options. */
  contextId?: string;
}

const sys = (id: string, name: string, type: string, items?: string): CatalogField =>
  ({ id, name, schema: { type, system: id, ...(items ? { items } : {}) } });
const PLUGIN = 'com.atlassian.jira.plugin.system.customfieldtypes';
const custom = (id: string, name: string, type: string, kind: string, extra: Partial<CatalogField> = {}, items?: string): CatalogField =>
  ({ id, name, schema: { type, ...(items ? { items } : {}), custom: kind, customId: Number(id.split('_')[1]) }, ...extra });

export const FIELDS: CatalogField[] = [
  sys('summary', 'Summary', 'string'),
  sys('description', 'Description', 'string'),
  sys('environment', 'Environment', 'string'),
  sys('issuetype', 'Issue Type', 'issuetype'),
  sys('project', 'Project', 'project'),
  sys('status', 'Status', 'status'),
  sys('resolution', 'Resolution', 'resolution'),
  sys('priority', 'Priority', 'priority'),
  sys('assignee', 'Assignee', 'user'),
  sys('reporter', 'Reporter', 'user'),
  sys('creator', 'Creator', 'user'),
  sys('labels', 'Labels', 'array', 'string'),
  sys('components', 'Components', 'array', 'component'),
  sys('fixVersions', 'Fix Version/s', 'array', 'version'),
  sys('duedate', 'Due date', 'date'),
  sys('created', 'Created', 'datetime'),
  sys('updated', 'Updated', 'datetime'),
  sys('resolutiondate', 'Resolved', 'datetime'),
  sys('parent', 'Parent', 'issuelink'),
  sys('issuelinks', 'Linked Issues', 'array', 'issuelinks'),
  sys('subtasks', 'Sub-tasks', 'array', 'issuelinks'),
  sys('comment', 'Comment', 'comments-page'),
  sys('worklog', 'Log Work', 'array', 'worklog'),
  sys('attachment', 'Attachment', 'array', 'attachment'),
  sys('watches', 'Watchers', 'watches'),
  sys('timetracking', 'Time tracking', 'timetracking'),
  custom('customfield_10016', 'Story Points', 'number', `${PLUGIN}:float`),
  custom('customfield_10020', 'Sprint', 'array', 'com.pyxis.greenhopper.jira:gh-sprint', {}, 'json'),
  custom('customfield_10014', 'Epic Link', 'any', 'com.pyxis.greenhopper.jira:gh-epic-link', { flavor: 'dc' }),
  custom('customfield_10011', 'Epic Name', 'string', 'com.pyxis.greenhopper.jira:gh-epic-label', { flavor: 'dc' }),
  custom('customfield_10030', 'Severity', 'option', `${PLUGIN}:select`, {
    contextId: '10130',
    options: [{ id: '10200', value: 'S1 - Critical' }, { id: '10201', value: 'S2 - Major' }, { id: '10202', value: 'S3 - Minor' }],
  }),
  custom('customfield_10031', 'Affected platforms', 'array', `${PLUGIN}:multiselect`, {
    contextId: '10131',
    options: [{ id: '10210', value: 'Web' }, { id: '10211', value: 'iOS' }, { id: '10212', value: 'Android' }],
  }, 'option'),
  custom('customfield_10032', 'Acceptance criteria', 'string', `${PLUGIN}:textarea`),
  custom('customfield_10033', 'Reviewer', 'user', `${PLUGIN}:userpicker`),
  custom('customfield_10034', 'Target start', 'date', `${PLUGIN}:datepicker`),
  // Two fields named "Team", as on many real sites: a name alone is ambiguous.
  custom('customfield_10035', 'Team', 'option', `${PLUGIN}:select`, {
    contextId: '10135',
    options: [{ id: '10220', value: 'Platform' }, { id: '10221', value: 'Payments' }, { id: '10222', value: 'Mobile' }],
  }),
  custom('customfield_10036', 'Team', 'string', `${PLUGIN}:textfield`),
  custom('customfield_10037', 'Customer region', 'option-with-child', `${PLUGIN}:cascadingselect`, {
    contextId: '10137',
    options: [
      { id: '10230', value: 'EU', children: [{ id: '10231', value: 'Frankfurt' }, { id: '10232', value: 'Dublin' }] },
      { id: '10233', value: 'US', children: [{ id: '10234', value: 'Virginia' }, { id: '10235', value: 'Oregon' }] },
    ],
  }),
];

export function fieldsFor(cloud: boolean): CatalogField[] {
  return FIELDS.filter((field) => !field.flavor || field.flavor === (cloud ? 'cloud' : 'dc'));
}

/** Fields on the create screen of every issue type; `required` per type. */
export function createFieldIds(type: string, cloud: boolean): { id: string; required: boolean }[] {
  const ids = ['summary', 'issuetype', 'project', 'description', 'reporter', 'assignee', 'priority', 'labels', 'components',
    'fixVersions', 'duedate', 'customfield_10030', 'customfield_10031', 'customfield_10032', 'customfield_10033',
    'customfield_10034', 'customfield_10035', 'customfield_10036', 'customfield_10037'];
  if (type !== 'Epic' && type !== 'Sub-task') ids.push('customfield_10016');
  if (cloud ? type !== 'Epic' : type === 'Sub-task') ids.push('parent');
  if (!cloud && type !== 'Epic' && type !== 'Sub-task') ids.push('customfield_10014');
  if (!cloud && type === 'Epic') ids.push('customfield_10011');
  if (type !== 'Sub-task' && type !== 'Epic') ids.push('customfield_10020');
  const required = new Set(['summary', 'issuetype', 'project', 'reporter']);
  if (type === 'Bug') required.add('customfield_10030');
  if (type === 'Sub-task') required.add('parent');
  if (!cloud && type === 'Epic') required.add('customfield_10011');
  return ids.filter((id) => fieldsFor(cloud).some((field) => field.id === id)).map((id) => ({ id, required: required.has(id) }));
}
