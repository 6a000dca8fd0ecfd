// Seed data of the sandbox Jira: projects and issues whose rich text exists in both forms the real
// products use — ADF for Cloud, wiki markup for Server/DC — written by hand to look like real tickets.
// Site-wide configuration (fields, workflow, priorities, link types) lives in src/sandbox/jira/catalog.ts.

/** Rich text as each flavor stores it. A write through one flavor fills only that flavor's form. */
export interface RichText {
  adf?: Record<string, unknown>;
  wiki?: string;
}

export interface SandboxComment {
  id: string;
  author: string;
  created: string;
  updated: string;
  body: RichText;
  visibility?: { type: 'role' | 'group'; value: string };
}

export interface SandboxWorklog {
  id: string;
  author: string;
  started: string;
  created: string;
  timeSpentSeconds: number;
  comment: RichText | null;
}

export interface SandboxAttachment {
  id: string;
  filename: string;
  mimeType: string;
  author: string;
  created: string;
  data: Buffer;
}

export interface SandboxRemoteLink {
  id: number;
  globalId?: string;
  url: string;
  title: string;
  summary?: string;
  relationship?: string;
  iconUrl?: string;
}

export interface SandboxHistoryItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface SandboxHistory {
  id: string;
  author: string;
  created: string;
  items: SandboxHistoryItem[];
}

export interface SandboxIssue {
  id: string;
  key: string;
  project: string;
  type: string;
  summary: string;
  status: string;
  resolution?: string;
  priority: string;
  assignee?: string;
  reporter: string;
  created: string;
  updated: string;
  labels: string[];
  components: string[];
  fixVersions: string[];
  duedate?: string;
  /** The parent of a sub-task. */
  parent?: string;
  /** The epic: `parent` on Cloud, the Epic Link field on Server/DC. */
  epic?: string;
  sprints: number[];
  description: RichText | null;
  comments: SandboxComment[];
  worklogs: SandboxWorklog[];
  attachments: SandboxAttachment[];
  remoteLinks: SandboxRemoteLink[];
  watchers: string[];
  history: SandboxHistory[];
  /** Custom field id -> value as Jira stores it (rich-text fields hold a RichText). */
  custom: Record<string, unknown>;
}

export interface SandboxProject {
  id: string;
  key: string;
  name: string;
  lead: string;
  /** Users who cannot see the project; the demo account sees all but SEC. */
  hiddenFrom: string[];
}

export interface SandboxComponent {
  id: string;
  project: string;
  name: string;
  description?: string;
  lead?: string;
}

export interface SandboxVersion {
  id: string;
  project: string;
  name: string;
  description?: string;
  released: boolean;
  archived: boolean;
  startDate?: string;
  releaseDate?: string;
}

export interface SandboxLink {
  id: string;
  /** Link type name, e.g. 'Blocks'. */
  type: string;
  /** The issue the outward description reads from: "source blocks target". */
  source: string;
  target: string;
}

export interface SandboxBoard {
  id: number;
  name: string;
  type: 'scrum' | 'kanban';
  project: string;
}

export interface SandboxSprint {
  id: number;
  boardId: number;
  name: string;
  state: 'closed' | 'active' | 'future';
  startDate?: string;
  endDate?: string;
  completeDate?: string;
  goal?: string;
}

export interface JiraData {
  projects: SandboxProject[];
  issues: SandboxIssue[];
  components: SandboxComponent[];
  versions: SandboxVersion[];
  links: SandboxLink[];
  boards: SandboxBoard[];
  sprints: SandboxSprint[];
  /** Next free numeric id for anything created (comments, worklogs, issues, …). */
  nextId: number;
}

export const PROJECTS: SandboxProject[] = [
  { id: '10000', key: 'DEMO', name: 'Demo Platform', lead: 'alice', hiddenFrom: [] },
  { id: '10001', key: 'OPS', name: 'Operations', lead: 'bob', hiddenFrom: [] },
  { id: '10002', key: 'SEC', name: 'Security Response', lead: 'carol', hiddenFrom: ['alice'] },
];

const text = (value: string, marks?: unknown[]) => (marks ? { type: 'text', text: value, marks } : { type: 'text', text: value });
const para = (...content: unknown[]) => ({ type: 'paragraph', content });
const doc = (...content: unknown[]) => ({ type: 'doc', version: 1, content });

const LOGIN_BUG: RichText = {
  adf: doc(
    { type: 'heading', attrs: { level: 2 }, content: [text('Steps to reproduce')] },
    { type: 'orderedList', attrs: { order: 1 }, content: [
      { type: 'listItem', content: [para(text('Open the login page in Safari 17'))] },
      { type: 'listItem', content: [para(text('Sign in with an account that has '), text('SSO', [{ type: 'strong' }]), text(' enabled'))] },
    ] },
    para(text('The redirect loops back to '), text('/login', [{ type: 'code' }]), text(' after the IdP answers. Seen by '),
      { type: 'mention', attrs: { id: '5f8a1c2e9b3d4a0071e4c002', text: '@Bob Okafor' } }, text('.')),
    { type: 'panel', attrs: { panelType: 'warning' }, content: [para(text('Affects every customer on the EU cluster.'))] },
    { type: 'codeBlock', attrs: { language: 'text' }, content: [text('GET /login?next=%2Fdashboard 302\nGET /sso/callback 302\nGET /login 200')] },
    para(text('See the '), text('incident runbook', [{ type: 'link', attrs: { href: 'https://wiki.example.com/runbooks/login' } }]), text('.')),
  ),
  wiki: 'h2. Steps to reproduce\n# Open the login page in Safari 17\n# Sign in with an account that has *SSO* enabled\n\n' +
    'The redirect loops back to {{/login}} after the IdP answers. Seen by [~bob].\n\n' +
    '{panel:title=Warning}Affects every customer on the EU cluster.{panel}\n\n' +
    '{code:text}\nGET /login?next=%2Fdashboard 302\nGET /sso/callback 302\nGET /login 200\n{code}\n\n' +
    'See the [incident runbook|https://wiki.example.com/runbooks/login].',
};

const EXPORT_STORY: RichText = {
  adf: doc(
    para(text('As an '), text('account admin', [{ type: 'em' }]), text(' I want to export invoices as CSV so that finance can reconcile them.')),
    { type: 'heading', attrs: { level: 3 }, content: [text('Acceptance criteria')] },
    { type: 'taskList', attrs: { localId: 'tl1' }, content: [
      { type: 'taskItem', attrs: { localId: 't1', state: 'DONE' }, content: [text('Export button on the invoices page')] },
      { type: 'taskItem', attrs: { localId: 't2', state: 'TODO' }, content: [text('Columns match the finance template')] },
    ] },
    { type: 'table', attrs: { isNumberColumnEnabled: false, layout: 'default' }, content: [
      { type: 'tableRow', content: [
        { type: 'tableHeader', content: [para(text('Column'))] },
        { type: 'tableHeader', content: [para(text('Format'))] },
      ] },
      { type: 'tableRow', content: [
        { type: 'tableCell', content: [para(text('Amount'))] },
        { type: 'tableCell', content: [para(text('decimal, 2 places'))] },
      ] },
    ] },
  ),
  wiki: 'As an _account admin_ I want to export invoices as CSV so that finance can reconcile them.\n\n' +
    'h3. Acceptance criteria\n* (/) Export button on the invoices page\n* Columns match the finance template\n\n' +
    '||Column||Format||\n|Amount|decimal, 2 places|',
};

function plain(sentence: string): RichText {
  return { adf: doc(para(text(sentence))), wiki: sentence };
}

const AREAS = ['billing', 'search', 'auth', 'api', 'mobile', 'reports'];
const STATUSES = ['To Do', 'In Progress', 'In Review', 'Done'];
const PRIORITIES = ['Highest', 'High', 'Medium', 'Low'];
const TYPES = ['Story', 'Task', 'Bug'];
const ASSIGNEES = ['alice', 'bob', 'carol', 'dan', undefined];

export function isoDay(day: number, hour = 9): string {
  const date = new Date(Date.UTC(2026, 9, 1 + day, hour, 15, 0));
  return date.toISOString().replace('Z', '+0000');
}

function comments(count: number, firstId: number): SandboxComment[] {
  return Array.from({ length: count }, (_, index) => {
    const author = ['bob', 'alice', 'carol'][index % 3]!;
    const sentence = index % 4 === 0
      ? `Reproduced on build 2.4.${index}; the loop happens after the second redirect.`
      : `Checked the logs for attempt ${index + 1}: the session cookie is dropped on the callback.`;
    const created = isoDay(10, 8 + (index % 10));
    return { id: String(firstId + index), author, created, updated: created, body: plain(sentence) };
  });
}

/** A 1x1 PNG: small enough for tests, real enough for image content. */
export const PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

const TRACE = 'GET /login?next=%2Fdashboard 302\nGET /sso/callback 302 (Set-Cookie dropped: SameSite=None without Secure)\nGET /login 200\n';

function blank(): Pick<SandboxIssue, 'sprints' | 'comments' | 'worklogs' | 'attachments' | 'remoteLinks' | 'watchers' | 'history' | 'custom'> {
  return { sprints: [], comments: [], worklogs: [], attachments: [], remoteLinks: [], watchers: [], history: [], custom: {} };
}

function seedIssues(): SandboxIssue[] {
  const issues: SandboxIssue[] = [
    {
      ...blank(), id: '10100', key: 'DEMO-1', project: 'DEMO', type: 'Epic', summary: 'Self-service billing', status: 'In Progress',
      priority: 'High', assignee: 'alice', reporter: 'carol', created: isoDay(0), updated: isoDay(20),
      labels: ['billing'], components: ['Billing'], fixVersions: ['2.4'], description: plain('Everything customers need to manage invoices without support.'),
      custom: { customfield_10011: 'Self-service billing' }, watchers: ['carol'],
    },
    {
      ...blank(), id: '10101', key: 'DEMO-2', project: 'DEMO', type: 'Bug', summary: 'Login redirect loops for SSO users on Safari', status: 'In Progress',
      priority: 'Highest', assignee: 'alice', reporter: 'bob', created: isoDay(3), updated: isoDay(21, 14),
      labels: ['auth', 'customer-reported'], components: ['Web'], fixVersions: ['2.4.1'], duedate: '2026-11-30',
      description: LOGIN_BUG, comments: comments(20, 20000), sprints: [2],
      custom: {
        customfield_10016: 5,
        customfield_10030: { self: '', value: 'S1 - Critical', id: '10200' },
        customfield_10031: [{ value: 'Web', id: '10210' }],
        customfield_10033: 'carol',
        customfield_10034: '2026-10-05',
        customfield_10037: { value: 'EU', id: '10230', child: { value: 'Frankfurt', id: '10231' } },
      },
      watchers: ['alice', 'bob'],
      worklogs: [
        { id: '30000', author: 'alice', started: isoDay(4, 10), created: isoDay(4, 12), timeSpentSeconds: 5400, comment: plain('Reproduced with a HAR capture.') },
        { id: '30001', author: 'bob', started: isoDay(5, 14), created: isoDay(5, 16), timeSpentSeconds: 7200, comment: null },
      ],
      attachments: [
        { id: '40000', filename: 'login-loop.png', mimeType: 'image/png', author: 'bob', created: isoDay(3, 10), data: PIXEL_PNG },
        { id: '40001', filename: 'redirect-trace.txt', mimeType: 'text/plain', author: 'alice', created: isoDay(4, 11), data: Buffer.from(TRACE) },
      ],
      remoteLinks: [
        { id: 10000, globalId: 'system=https://wiki.example.com&id=98304', url: 'https://wiki.example.com/runbooks/login', title: 'Login incident runbook', relationship: 'mentioned in' },
      ],
      history: [
        { id: '50000', author: 'alice', created: isoDay(6, 9), items: [
          { field: 'status', fieldtype: 'jira', fieldId: 'status', from: '10001', fromString: 'To Do', to: '10002', toString: 'In Progress' },
        ] },
        { id: '50001', author: 'bob', created: isoDay(7, 11), items: [
          { field: 'priority', fieldtype: 'jira', fieldId: 'priority', from: '2', fromString: 'High', to: '1', toString: 'Highest' },
          { field: 'labels', fieldtype: 'jira', fieldId: 'labels', from: null, fromString: 'auth', to: null, toString: 'auth customer-reported' },
        ] },
      ],
    },
    {
      ...blank(), id: '10102', key: 'DEMO-3', project: 'DEMO', type: 'Story', summary: 'Export invoices as CSV', status: 'To Do',
      priority: 'Medium', assignee: 'bob', reporter: 'alice', created: isoDay(5), updated: isoDay(19),
      labels: ['billing'], components: ['Billing'], fixVersions: ['2.4'], epic: 'DEMO-1', description: EXPORT_STORY,
      comments: comments(2, 20100), sprints: [3], custom: { customfield_10016: 3 },
      attachments: [{ id: '40002', filename: 'finance-template.csv', mimeType: 'text/csv', author: 'carol', created: isoDay(6, 9), data: Buffer.from('Invoice,Amount,Currency\n') }],
    },
    {
      ...blank(), id: '10300', key: 'SEC-1', project: 'SEC', type: 'Bug', summary: 'Rotate leaked signing key', status: 'To Do',
      priority: 'Highest', assignee: 'carol', reporter: 'carol', created: isoDay(1), updated: isoDay(2),
      labels: [], components: [], fixVersions: [], description: plain('Restricted.'),
    },
  ];
  // Bulk issues make pagination real: DEMO holds 60 issues, OPS 12.
  for (let n = 4; n <= 60; n += 1) {
    const status = STATUSES[n % STATUSES.length]!;
    const area = AREAS[n % AREAS.length]!;
    issues.push({
      ...blank(), id: String(10100 + n), key: `DEMO-${n}`, project: 'DEMO', type: TYPES[n % TYPES.length]!,
      summary: `Improve ${area} ${n % 2 ? 'error handling' : 'performance'} (${n})`, status,
      resolution: status === 'Done' ? 'Done' : undefined,
      priority: PRIORITIES[n % PRIORITIES.length]!, assignee: ASSIGNEES[n % ASSIGNEES.length], reporter: 'carol',
      created: isoDay(n % 28), updated: isoDay((n * 7) % 30, 10 + (n % 8)), labels: [area], components: [],
      fixVersions: [], description: plain(`Follow-up from the ${area} review: measure first, then fix the slowest path.`),
      epic: n <= 8 ? 'DEMO-1' : undefined, sprints: n <= 12 ? [2] : n <= 16 ? [3] : [],
    });
  }
  issues.push({
    ...blank(), id: '10161', key: 'DEMO-61', project: 'DEMO', type: 'Sub-task', summary: 'Add SameSite=None; Secure to the session cookie',
    status: 'To Do', priority: 'High', assignee: 'alice', reporter: 'alice', created: isoDay(8), updated: isoDay(8),
    labels: ['auth'], components: ['Web'], fixVersions: [], parent: 'DEMO-2', description: null,
  });
  for (let n = 1; n <= 12; n += 1) {
    const status = STATUSES[(n + 1) % STATUSES.length]!;
    issues.push({
      ...blank(), id: String(10200 + n), key: `OPS-${n}`, project: 'OPS', type: 'Task', summary: `Rotate TLS certificates on edge node ${n}`,
      status, resolution: status === 'Done' ? 'Done' : undefined, priority: 'Medium', assignee: 'dan', reporter: 'bob',
      created: isoDay(n), updated: isoDay(n + 3), labels: ['maintenance'], components: [], fixVersions: [], description: null,
    });
  }
  return issues;
}

const COMPONENTS: SandboxComponent[] = [
  { id: '10500', project: 'DEMO', name: 'Billing', description: 'Invoices, payments and plans', lead: 'carol' },
  { id: '10501', project: 'DEMO', name: 'Web', description: 'The web application', lead: 'alice' },
  { id: '10502', project: 'DEMO', name: 'API', description: 'Public REST API' },
  { id: '10503', project: 'OPS', name: 'Edge', description: 'Load balancers and CDN', lead: 'dan' },
];

const VERSIONS: SandboxVersion[] = [
  { id: '10600', project: 'DEMO', name: '2.3', released: true, archived: false, startDate: '2026-08-01', releaseDate: '2026-09-15', description: 'Summer release' },
  { id: '10601', project: 'DEMO', name: '2.4', released: false, archived: false, startDate: '2026-09-16', releaseDate: '2026-11-30', description: 'Self-service billing' },
  { id: '10602', project: 'DEMO', name: '2.4.1', released: false, archived: false, releaseDate: '2026-12-10' },
  { id: '10603', project: 'OPS', name: 'Q4 maintenance', released: false, archived: false },
];

const LINKS: SandboxLink[] = [
  { id: '10700', type: 'Blocks', source: 'DEMO-2', target: 'DEMO-3' },
  { id: '10701', type: 'Relates', source: 'DEMO-2', target: 'OPS-3' },
  { id: '10702', type: 'Duplicate', source: 'DEMO-7', target: 'DEMO-2' },
];

const BOARDS: SandboxBoard[] = [
  { id: 1, name: 'DEMO board', type: 'scrum', project: 'DEMO' },
  { id: 2, name: 'OPS kanban', type: 'kanban', project: 'OPS' },
  { id: 3, name: 'SEC triage', type: 'kanban', project: 'SEC' },
];

const SPRINTS: SandboxSprint[] = [
  { id: 1, boardId: 1, name: 'DEMO Sprint 1', state: 'closed', startDate: '2026-09-21T08:00:00.000Z', endDate: '2026-10-05T08:00:00.000Z', completeDate: '2026-10-05T09:30:00.000Z', goal: 'Ship invoice list' },
  { id: 2, boardId: 1, name: 'DEMO Sprint 2', state: 'active', startDate: '2026-10-05T08:00:00.000Z', endDate: '2026-10-19T08:00:00.000Z', goal: 'Fix SSO login' },
  { id: 3, boardId: 1, name: 'DEMO Sprint 3', state: 'future' },
];

/** A fresh copy of the seed, so each sandbox instance can be changed without affecting others. */
export function seedJira(): JiraData {
  return {
    projects: structuredClone(PROJECTS),
    issues: seedIssues(),
    components: structuredClone(COMPONENTS),
    versions: structuredClone(VERSIONS),
    links: structuredClone(LINKS),
    boards: structuredClone(BOARDS),
    sprints: structuredClone(SPRINTS),
    nextId: 90000,
  };
}
