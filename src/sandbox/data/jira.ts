// Seed data of the sandbox Jira: projects and issues whose rich text exists in both forms the real
// products use — ADF for Cloud, wiki markup for Server/DC — written by hand to look like real tickets.

export interface RichText {
  adf: Record<string, unknown>;
  wiki: string;
}

export interface SandboxComment {
  id: string;
  author: string;
  created: string;
  body: RichText;
}

export interface SandboxIssue {
  id: string;
  key: string;
  project: string;
  type: string;
  summary: string;
  status: string;
  statusCategory: 'new' | 'indeterminate' | 'done';
  priority: string;
  assignee?: string;
  reporter: string;
  created: string;
  updated: string;
  labels: string[];
  components: string[];
  fixVersions: string[];
  duedate?: string;
  parent?: string;
  description: RichText | null;
  comments: SandboxComment[];
  /** Custom field id -> value, e.g. story points. */
  custom: Record<string, unknown>;
}

export interface SandboxProject {
  id: string;
  key: string;
  name: string;
  lead: string;
  /** Users who can see the project; the demo account sees all but SEC. */
  hiddenFrom: string[];
}

export const PROJECTS: SandboxProject[] = [
  { id: '10000', key: 'DEMO', name: 'Demo Platform', lead: 'alice', hiddenFrom: [] },
  { id: '10001', key: 'OPS', name: 'Operations', lead: 'bob', hiddenFrom: [] },
  { id: '10002', key: 'SEC', name: 'Security Response', lead: 'carol', hiddenFrom: ['alice'] },
];

export const CUSTOM_FIELDS = [
  { id: 'customfield_10016', name: 'Story Points', schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', customId: 10016 } },
  { id: 'customfield_10020', name: 'Sprint', schema: { type: 'array', items: 'json', custom: 'com.pyxis.greenhopper.jira:gh-sprint', customId: 10020 } },
  { id: 'customfield_10014', name: 'Epic Link', schema: { type: 'any', custom: 'com.pyxis.greenhopper.jira:gh-epic-link', customId: 10014 } },
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
const STATUSES: [string, SandboxIssue['statusCategory']][] = [['To Do', 'new'], ['In Progress', 'indeterminate'], ['In Review', 'indeterminate'], ['Done', 'done']];
const PRIORITIES = ['Highest', 'High', 'Medium', 'Low'];
const TYPES = ['Story', 'Task', 'Bug'];
const ASSIGNEES = ['alice', 'bob', 'carol', 'dan', undefined];

function isoDay(day: number, hour = 9): string {
  const date = new Date(Date.UTC(2026, 9, 1 + day, hour, 15, 0));
  return date.toISOString().replace('Z', '+0000');
}

function comments(count: number): SandboxComment[] {
  return Array.from({ length: count }, (_, index) => {
    const author = ['bob', 'alice', 'carol'][index % 3]!;
    const sentence = index % 4 === 0
      ? `Reproduced on build 2.4.${index}; the loop happens after the second redirect.`
      : `Checked the logs for attempt ${index + 1}: the session cookie is dropped on the callback.`;
    return { id: String(20000 + index), author, created: isoDay(10, 8 + (index % 10)), body: plain(sentence) };
  });
}

function seedIssues(): SandboxIssue[] {
  const issues: SandboxIssue[] = [
    {
      id: '10100', key: 'DEMO-1', project: 'DEMO', type: 'Epic', summary: 'Self-service billing', status: 'In Progress',
      statusCategory: 'indeterminate', priority: 'High', assignee: 'alice', reporter: 'carol', created: isoDay(0), updated: isoDay(20),
      labels: ['billing'], components: ['Billing'], fixVersions: ['2.4'], description: plain('Everything customers need to manage invoices without support.'),
      comments: [], custom: {},
    },
    {
      id: '10101', key: 'DEMO-2', project: 'DEMO', type: 'Bug', summary: 'Login redirect loops for SSO users on Safari', status: 'In Progress',
      statusCategory: 'indeterminate', priority: 'Highest', assignee: 'alice', reporter: 'bob', created: isoDay(3), updated: isoDay(21, 14),
      labels: ['auth', 'customer-reported'], components: ['Web'], fixVersions: ['2.4.1'], duedate: '2026-11-30',
      description: LOGIN_BUG, comments: comments(20), custom: { customfield_10016: 5 },
    },
    {
      id: '10102', key: 'DEMO-3', project: 'DEMO', type: 'Story', summary: 'Export invoices as CSV', status: 'To Do',
      statusCategory: 'new', priority: 'Medium', assignee: 'bob', reporter: 'alice', created: isoDay(5), updated: isoDay(19),
      labels: ['billing'], components: ['Billing'], fixVersions: ['2.4'], parent: 'DEMO-1', description: EXPORT_STORY,
      comments: comments(2), custom: { customfield_10016: 3, customfield_10014: 'DEMO-1' },
    },
    {
      id: '10300', key: 'SEC-1', project: 'SEC', type: 'Bug', summary: 'Rotate leaked signing key', status: 'To Do',
      statusCategory: 'new', priority: 'Highest', assignee: 'carol', reporter: 'carol', created: isoDay(1), updated: isoDay(2),
      labels: [], components: [], fixVersions: [], description: plain('Restricted.'), comments: [], custom: {},
    },
  ];
  // Bulk issues make pagination real: DEMO holds 60 issues, OPS 12.
  for (let n = 4; n <= 60; n += 1) {
    const [status, category] = STATUSES[n % STATUSES.length]!;
    const area = AREAS[n % AREAS.length]!;
    issues.push({
      id: String(10100 + n), key: `DEMO-${n}`, project: 'DEMO', type: TYPES[n % TYPES.length]!,
      summary: `Improve ${area} ${n % 2 ? 'error handling' : 'performance'} (${n})`, status, statusCategory: category,
      priority: PRIORITIES[n % PRIORITIES.length]!, assignee: ASSIGNEES[n % ASSIGNEES.length], reporter: 'carol',
      created: isoDay(n % 28), updated: isoDay((n * 7) % 30, 10 + (n % 8)), labels: [area], components: [],
      fixVersions: [], description: plain(`Follow-up from the ${area} review: measure first, then fix the slowest path.`),
      comments: [], custom: {},
    });
  }
  for (let n = 1; n <= 12; n += 1) {
    const [status, category] = STATUSES[(n + 1) % STATUSES.length]!;
    issues.push({
      id: String(10200 + n), key: `OPS-${n}`, project: 'OPS', type: 'Task', summary: `Rotate TLS certificates on edge node ${n}`,
      status, statusCategory: category, priority: 'Medium', assignee: 'dan', reporter: 'bob', created: isoDay(n), updated: isoDay(n + 3),
      labels: ['maintenance'], components: [], fixVersions: [], description: null, comments: [], custom: {},
    });
  }
  return issues;
}

export interface JiraData {
  projects: SandboxProject[];
  issues: SandboxIssue[];
}

/** A fresh copy of the seed, so each sandbox instance can be changed without affecting others. */
export function seedJira(): JiraData {
  return { projects: structuredClone(PROJECTS), issues: seedIssues() };
}
