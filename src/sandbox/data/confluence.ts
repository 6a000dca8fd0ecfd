// Seed data of the sandbox Confluence: spaces and a page tree whose storage-format bodies carry what
// real pages carry — macros (code, panels, status, jira, expand, toc), tables, layouts, page links,
// mentions (Cloud account ids and, on a page written on Server/DC, a user key), task lists and images — so
// converters and tools meet realistic XHTML.

/** An earlier version of a page, as its history keeps it. */
export interface SandboxVersion {
  number: number;
  title: string;
  storage: string;
  author: string;
  when: string;
  message: string;
  minorEdit: boolean;
}

export interface SandboxPage {
  id: string;
  space: string;
  title: string;
  parentId?: string;
  /** Author of the current version (and of the page, for the seed). */
  author: string;
  created: string;
  version: number;
  updated: string;
  /** The current version's message. */
  message: string;
  labels: string[];
  storage: string;
  /** Users who cannot see the page (page restrictions). */
  hiddenFrom: string[];
  /** Order among its siblings. */
  position: number;
  status: 'current' | 'trashed';
  /** Versions before the current one, oldest first. */
  history: SandboxVersion[];
}

export interface SandboxSpace {
  id: string;
  key: string;
  name: string;
  description: string;
  type: 'global' | 'personal';
  homepageId: string;
  hiddenFrom: string[];
}

/** A footer or inline comment; replies point at their parent. */
export interface SandboxComment {
  id: string;
  pageId: string;
  parentId?: string;
  location: 'footer' | 'inline';
  author: string;
  created: string;
  version: number;
  storage: string;
  /** Inline comments: the highlighted text, its marker in the page body, open or resolved. */
  selection?: string;
  markerRef?: string;
  resolution?: 'open' | 'resolved';
}

export interface SandboxAttachment {
  /** 'att' + digits, as both APIs show it. */
  id: string;
  pageId: string;
  title: string;
  mediaType: string;
  data: Buffer;
  comment: string;
  version: number;
  author: string;
  created: string;
}

export interface ConfluenceData {
  spaces: SandboxSpace[];
  pages: SandboxPage[];
  comments: SandboxComment[];
  attachments: SandboxAttachment[];
  /** Group name -> user ids (Server/DC group membership). */
  groups: Record<string, string[]>;
  /** Next content id: pages, comments and attachments share one sequence, as in Confluence. */
  nextId: number;
  /** Page templates (Cloud); a template without a space is global. */
  templates: SandboxTemplate[];
  /** Page restrictions by page id: who may view (read) and edit (update), as 'user:<id>' or 'group:<name>'. */
  restrictions: Record<string, { read: string[]; update: string[] }>;
  /** Space permissions by space key: 'user:<id>', 'group:<name>' or 'anonymous', with e.g. 'read space', 'create page'. */
  spacePermissions: Record<string, { principal: string; operation: string }[]>;
  /** Page views, for Cloud's analytics. */
  pageViews: { pageId: string; userId: string; at: string }[];
}

export interface SandboxTemplate {
  id: string;
  name: string;
  description: string;
  space?: string;
  storage: string;
}

const HOME = `<p>Welcome to the <strong>Engineering Docs</strong> space. Start with the pages below.</p>
<ac:structured-macro ac:name="toc" ac:schema-version="1" ac:macro-id="0a1b"><ac:parameter ac:name="maxLevel">2</ac:parameter></ac:structured-macro>
<h2>Where things are</h2>
<ul><li><ac:link><ri:page ri:content-title="Architecture Overview" /></ac:link> &ndash; how the platform fits together</li>
<li><ac:link><ri:page ri:content-title="Runbooks" /><ac:plain-text-link-body><![CDATA[All runbooks]]></ac:plain-text-link-body></ac:link></li></ul>`;

const ARCHITECTURE = `<ac:structured-macro ac:name="info" ac:schema-version="1" ac:macro-id="1c2d"><ac:rich-text-body><p>This page is reviewed every quarter. Last review: <time datetime="2026-10-02" />.</p></ac:rich-text-body></ac:structured-macro>
<h1>Architecture Overview</h1>
<p>The platform is <ac:inline-comment-marker ac:ref="7d1c5a2e-0b7e-4c3f-9a51-2f6f4e1d8c01">three services</ac:inline-comment-marker> behind one gateway. Status: <ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="2e3f"><ac:parameter ac:name="colour">Green</ac:parameter><ac:parameter ac:name="title">Approved</ac:parameter></ac:structured-macro></p>
<h2>Services</h2>
<table data-layout="default"><colgroup><col /><col /><col /></colgroup><tbody>
<tr><th><p>Service</p></th><th><p>Owner</p></th><th><p>Language</p></th></tr>
<tr><td><p>gateway</p></td><td><p><ac:link><ri:user ri:account-id="5f8a1c2e9b3d4a0071e4c001" ri:username="alice" /></ac:link></p></td><td><p>Go</p></td></tr>
<tr><td><p>billing</p></td><td><p>Team Ledger</p></td><td><p>TypeScript</p></td></tr>
</tbody></table>
<h2>Configuration</h2>
<p>Each service reads <code>config.yaml</code> at start:</p>
<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="3a4b"><ac:parameter ac:name="language">yaml</ac:parameter><ac:parameter ac:name="linenumbers">true</ac:parameter><ac:plain-text-body><![CDATA[gateway:
  listen: 0.0.0.0:8443
  upstreams: [billing, search]
  timeout: 30s  # <- raise for batch exports]]></ac:plain-text-body></ac:structured-macro>
<p>See <ac:link><ri:page ri:space-key="DOC" ri:content-title="Incident Response" /><ac:link-body>the incident runbook</ac:link-body></ac:link> when the gateway is down.</p>`;

const RUNBOOKS = `<p>Runbooks for on-call engineers.</p>
<ac:structured-macro ac:name="children" ac:schema-version="2" ac:macro-id="4c5d"><ac:parameter ac:name="all">true</ac:parameter></ac:structured-macro>`;

const INCIDENT = `<ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell>
<h2>When to use this</h2><p>Use this runbook for any <em>customer-facing</em> outage. Tracked in <ac:structured-macro ac:name="jira" ac:schema-version="1" ac:macro-id="5e6f"><ac:parameter ac:name="server">System Jira</ac:parameter><ac:parameter ac:name="key">DEMO-2</ac:parameter></ac:structured-macro>.</p>
</ac:layout-cell><ac:layout-cell>
<ac:structured-macro ac:name="warning" ac:schema-version="1" ac:macro-id="6a7b"><ac:parameter ac:name="title">Before you start</ac:parameter><ac:rich-text-body><p>Page the incident commander: <ac:link><ri:user ri:userkey="8a7f808abob" /></ac:link>.</p></ac:rich-text-body></ac:structured-macro>
</ac:layout-cell></ac:layout-section>
<ac:layout-section ac:type="single"><ac:layout-cell>
<h2>Checklist</h2>
<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>Open an incident channel</ac:task-body></ac:task>
<ac:task><ac:task-id>2</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Post a status page update</ac:task-body></ac:task></ac:task-list>
<ac:structured-macro ac:name="expand" ac:schema-version="1" ac:macro-id="7c8d"><ac:parameter ac:name="title">Rollback commands</ac:parameter><ac:rich-text-body>
<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="8e9f"><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[kubectl rollout undo deployment/gateway && kubectl rollout status deployment/gateway]]></ac:plain-text-body></ac:structured-macro>
</ac:rich-text-body></ac:structured-macro>
</ac:layout-cell></ac:layout-section></ac:layout>`;

const RELEASE = `<p>Release 2.4 shipped on <time datetime="2026-10-28" /> <ac:emoticon ac:name="smile" ac:emoji-shortname=":smile:" ac:emoji-fallback="🙂" /></p>
<ac:image ac:alt="Release dashboard"><ri:attachment ri:filename="dashboard.png" /></ac:image>
<h2>Highlights</h2>
<ol><li>CSV export of invoices (<ac:structured-macro ac:name="jira" ac:schema-version="1" ac:macro-id="9a0b"><ac:parameter ac:name="key">DEMO-3</ac:parameter></ac:structured-macro>)</li><li>Faster search&nbsp;&ndash; p99 down 40&nbsp;%</li></ol>
<ac:structured-macro ac:name="note" ac:schema-version="1" ac:macro-id="0c1d"><ac:rich-text-body><p>SSO on Safari is fixed in 2.4.1.</p></ac:rich-text-body></ac:structured-macro>
<ac:structured-macro ac:name="drawio" ac:schema-version="1" ac:macro-id="1e2f"><ac:parameter ac:name="diagramName">release-flow</ac:parameter></ac:structured-macro>`;

const ONCALL = `<h1>On-call Handbook</h1><p>Rotations change every Monday at 10:00 UTC.</p>
<table><tbody><tr><th>Week</th><th>Primary</th></tr><tr><td>47</td><td>Dan Moreau</td></tr></tbody></table>`;

const POSTMORTEM = `<h1>Gateway outage, 3 October</h1>
<p>Duration 42 minutes; <ac:link><ri:page ri:content-title="Incident Response" /></ac:link> was followed.</p>
<h2>Timeline</h2>
<table><tbody><tr><th>Time (UTC)</th><th>Event</th></tr>
<tr><td>09:12</td><td>Error rate alert</td></tr>
<tr><td rowspan="2">09:20</td><td>Rollback started</td></tr>
<tr><td>Status page updated</td></tr></tbody></table>
<h2>Actions</h2>
<ac:task-list><ac:task><ac:task-id>3</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Raise gateway timeout alerts to P1 (<ac:structured-macro ac:name="jira" ac:schema-version="1"><ac:parameter ac:name="key">DEMO-4</ac:parameter></ac:structured-macro>)</ac:task-body></ac:task></ac:task-list>`;

/** A long page (about 64 KB of storage, 100 sections) for the large-page features and benchmarks. */
function apiReference(): string {
  const sections: string[] = ['<p>Reference of the public REST API, one section per resource.</p>'];
  for (let n = 1; n <= 100; n += 1) {
    sections.push(`<h2>Resource ${n}: /v1/items-${n}</h2>`,
      `<p>Returns the items of collection ${n}. Paginated with <code>cursor</code>; at most 100 per page.</p>`,
      `<table><tbody><tr><th>Parameter</th><th>Type</th><th>Description</th></tr>` +
        `<tr><td>cursor</td><td>string</td><td>Opaque cursor from the previous page.</td></tr>` +
        `<tr><td>limit</td><td>integer</td><td>Page size, 1-100.</td></tr></tbody></table>`,
      `<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">json</ac:parameter>` +
        `<ac:plain-text-body><![CDATA[{ "items": [{ "id": "${n}-1", "name": "example" }], "next": "abc${n}" }]]></ac:plain-text-body></ac:structured-macro>`);
  }
  return sections.join('\n');
}

/** Version 6 of Architecture Overview: billing was still Kotlin and the configuration section did not exist. */
const ARCHITECTURE_V6 = `<h1>Architecture Overview</h1>
<p>The platform is three services behind one gateway.</p>
<h2>Services</h2>
<table data-layout="default"><colgroup><col /><col /><col /></colgroup><tbody>
<tr><th><p>Service</p></th><th><p>Owner</p></th><th><p>Language</p></th></tr>
<tr><td><p>gateway</p></td><td><p>Alice Nguyen</p></td><td><p>Go</p></td></tr>
<tr><td><p>billing</p></td><td><p>Team Ledger</p></td><td><p>Kotlin</p></td></tr>
</tbody></table>`;

const INCIDENT_V1 = `<h2>When to use this</h2><p>Use this runbook for any outage.</p>`;

/** A 1x1 PNG: small, but a real image for the download tools. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const iso = (day: number, hour = 12) => new Date(Date.UTC(2026, 9, day, hour, 0, 0)).toISOString();

export function seedConfluence(): ConfluenceData {
  let position = 0;
  const page = (id: string, space: string, title: string, storage: string, extra: Partial<SandboxPage> & { older?: Record<number, string> } = {}): SandboxPage => {
    const { older = {}, ...rest } = extra;
    const created: SandboxPage = {
      id, space, title, storage, author: 'alice', created: iso(1), version: 1, updated: iso(2), message: '', labels: [], hiddenFrom: [],
      position: position++, status: 'current', history: [], ...rest,
    };
    // Earlier versions: the given bodies, otherwise the current body (most edits in the seed are small).
    for (let number = 1; number < created.version; number += 1) {
      created.history.push({
        number, title, storage: older[number] ?? storage, author: number % 2 === 1 ? created.author : 'bob', when: iso(1, number + 1),
        message: number === 1 ? 'Created' : '', minorEdit: false,
      });
    }
    return created;
  };
  return {
    spaces: [
      { id: '65538', key: 'DOC', name: 'Engineering Docs', description: 'How the platform is built and run.', type: 'global', homepageId: '98301', hiddenFrom: [] },
      { id: '65539', key: 'OPS', name: 'Operations', description: 'On-call, rotations and incident history.', type: 'global', homepageId: '98401', hiddenFrom: [] },
    ],
    pages: [
      page('98301', 'DOC', 'Engineering Docs Home', HOME, { version: 4, updated: iso(20) }),
      page('98302', 'DOC', 'Architecture Overview', ARCHITECTURE, {
        parentId: '98301', version: 7, updated: iso(25), message: 'Add configuration section', labels: ['architecture', 'reviewed'],
        older: Object.fromEntries([1, 2, 3, 4, 5, 6].map((number) => [number, ARCHITECTURE_V6])),
      }),
      page('98303', 'DOC', 'Runbooks', RUNBOOKS, { parentId: '98301', author: 'bob' }),
      page('98304', 'DOC', 'Incident Response', INCIDENT, { parentId: '98303', author: 'bob', version: 3, updated: iso(18), labels: ['runbook', 'oncall'], older: { 1: INCIDENT_V1 } }),
      page('98305', 'DOC', 'Release Notes 2.4', RELEASE, { parentId: '98301', author: 'carol', version: 2, updated: iso(28), labels: ['release'] }),
      page('98306', 'DOC', 'API Reference', apiReference(), { parentId: '98301', version: 12, updated: iso(27) }),
      page('98307', 'DOC', 'Salary Bands 2027', '<p>Restricted.</p>', { parentId: '98301', author: 'carol', hiddenFrom: ['alice'] }),
      page('98308', 'DOC', 'Postmortem 2026-10-03', POSTMORTEM, { parentId: '98303', author: 'dan', labels: ['postmortem'] }),
      page('98401', 'OPS', 'On-call Handbook', ONCALL, { author: 'dan', labels: ['oncall'] }),
      page('98402', 'OPS', 'Rotation 2026', '<p>Primary and secondary per week.</p>', { parentId: '98401', author: 'dan' }),
    ],
    comments: [
      { id: '196609', pageId: '98304', location: 'footer', author: 'carol', created: iso(19, 9), version: 1, storage: '<p>Should the checklist name the <strong>#inc-bridge</strong> channel?</p>' },
      { id: '196610', pageId: '98304', parentId: '196609', location: 'footer', author: 'bob', created: iso(19, 10), version: 1, storage: '<p>Yes, adding it this week.</p>' },
      { id: '196611', pageId: '98304', location: 'footer', author: 'dan', created: iso(20, 8), version: 2, storage: '<p>Rollback commands verified on staging.</p>' },
      {
        id: '196612', pageId: '98302', location: 'inline', author: 'carol', created: iso(26, 9), version: 1, storage: '<p>Four, now that search is separate?</p>',
        selection: 'three services', markerRef: '7d1c5a2e-0b7e-4c3f-9a51-2f6f4e1d8c01', resolution: 'open',
      },
      { id: '196613', pageId: '98302', parentId: '196612', location: 'inline', author: 'alice', created: iso(26, 11), version: 1, storage: '<p>Search is part of the gateway for now.</p>', resolution: 'open' },
    ],
    attachments: [
      { id: 'att229377', pageId: '98305', title: 'dashboard.png', mediaType: 'image/png', data: PNG, comment: 'Release dashboard', version: 1, author: 'carol', created: iso(28, 9) },
      {
        id: 'att229378', pageId: '98305', title: 'checklist.txt', mediaType: 'text/plain', comment: '', version: 2, author: 'carol', created: iso(28, 10),
        data: Buffer.from('Release 2.4 checklist\n- tag\n- changelog\n- announce\n'),
      },
    ],
    groups: { 'confluence-users': ['alice', 'bob', 'carol', 'dan'], 'confluence-administrators': ['alice'] },
    nextId: 300000,
    templates: [
      {
        id: '393217', name: 'Meeting notes', description: 'Date, attendees, agenda and action items', storage:
          '<at:declarations><at:string at:name="Topic" /></at:declarations><h2>Date</h2><p><time datetime="2026-11-02" /></p><h2>Attendees</h2><ul><li><p>Add names</p></li></ul>' +
          '<h2>Agenda: <at:var at:name="Topic" /></h2><ol><li><p>Status</p></li></ol><h2>Action items</h2>' +
          '<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Owner: task</ac:task-body></ac:task></ac:task-list>',
      },
      { id: '393218', name: 'Decision record', description: 'Context, options and the decision', storage: '<h2>Context</h2><p>Why a decision is needed.</p><h2>Options</h2><table><tbody><tr><th>Option</th><th>Pros</th><th>Cons</th></tr><tr><td>A</td><td /><td /></tr></tbody></table><h2>Decision</h2><p>What we chose and why.</p>' },
      { id: '393219', name: 'Runbook', description: 'Symptoms, checks and rollback for one service', space: 'DOC', storage: '<h2>Symptoms</h2><p>What on-call sees.</p><h2>Checks</h2><ol><li><p>Dashboards</p></li></ol><h2>Rollback</h2><ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[kubectl rollout undo deployment/SERVICE]]></ac:plain-text-body></ac:structured-macro>' },
    ],
    restrictions: {
      '98302': { read: [], update: ['user:alice', 'group:confluence-administrators'] },
      '98307': { read: ['user:bob', 'user:carol', 'user:dan'], update: ['user:carol'] },
    },
    spacePermissions: {
      DOC: [
        ...['read space', 'create page', 'create blogpost', 'create comment', 'create attachment'].map((operation) => ({ principal: 'group:confluence-users', operation })),
        ...['read space', 'administer space', 'delete page', 'restrict_content space'].map((operation) => ({ principal: 'group:confluence-administrators', operation })),
        ...['read space', 'delete page'].map((operation) => ({ principal: 'user:bob', operation })),
      ],
      OPS: [
        ...['read space', 'create page', 'create comment'].map((operation) => ({ principal: 'group:confluence-users', operation })),
        ...['read space', 'administer space', 'delete page'].map((operation) => ({ principal: 'user:dan', operation })),
        { principal: 'anonymous', operation: 'read space' },
      ],
    },
    pageViews: [
      ...['alice', 'bob', 'carol', 'dan', 'bob', 'bob', 'carol'].map((userId, n) => ({ pageId: '98302', userId, at: iso(3 + n * 4) })),
      ...['dan', 'bob', 'dan'].map((userId, n) => ({ pageId: '98304', userId, at: iso(18 + n) })),
    ],
  };
}
