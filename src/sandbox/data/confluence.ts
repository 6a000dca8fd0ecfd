// Seed data of the sandbox Confluence: spaces and a page tree whose storage-format bodies carry what
// real pages carry — macros (code, panels, status, jira, expand, toc), tables, layouts, page links,
// mentions, task lists and images — so converters and tools meet realistic XHTML.

export interface SandboxPage {
  id: string;
  space: string;
  title: string;
  parentId?: string;
  author: string;
  created: string;
  version: number;
  updated: string;
  labels: string[];
  storage: string;
  /** Users who cannot see the page (page restrictions). */
  hiddenFrom: string[];
}

export interface SandboxSpace {
  id: string;
  key: string;
  name: string;
  homepageId: string;
  hiddenFrom: string[];
}

export interface ConfluenceData {
  spaces: SandboxSpace[];
  pages: SandboxPage[];
}

const HOME = `<p>Welcome to the <strong>Engineering Docs</strong> space. Start with the pages below.</p>
<ac:structured-macro ac:name="toc" ac:schema-version="1" ac:macro-id="0a1b"><ac:parameter ac:name="maxLevel">2</ac:parameter></ac:structured-macro>
<h2>Where things are</h2>
<ul><li><ac:link><ri:page ri:content-title="Architecture Overview" /></ac:link> &ndash; how the platform fits together</li>
<li><ac:link><ri:page ri:content-title="Runbooks" /><ac:plain-text-link-body><![CDATA[All runbooks]]></ac:plain-text-link-body></ac:link></li></ul>`;

const ARCHITECTURE = `<ac:structured-macro ac:name="info" ac:schema-version="1" ac:macro-id="1c2d"><ac:rich-text-body><p>This page is reviewed every quarter. Last review: <time datetime="2026-10-02" />.</p></ac:rich-text-body></ac:structured-macro>
<h1>Architecture Overview</h1>
<p>The platform is three services behind one gateway. Status: <ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="2e3f"><ac:parameter ac:name="colour">Green</ac:parameter><ac:parameter ac:name="title">Approved</ac:parameter></ac:structured-macro></p>
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
<ac:structured-macro ac:name="warning" ac:schema-version="1" ac:macro-id="6a7b"><ac:parameter ac:name="title">Before you start</ac:parameter><ac:rich-text-body><p>Page the incident commander: <ac:link><ri:user ri:account-id="5f8a1c2e9b3d4a0071e4c002" ri:username="bob" /></ac:link>.</p></ac:rich-text-body></ac:structured-macro>
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

/** A long page (about 60 KB of storage) for the large-page features and benchmarks. */
function apiReference(): string {
  const sections: string[] = ['<p>Reference of the public REST API, one section per resource.</p>'];
  for (let n = 1; n <= 40; n += 1) {
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

const iso = (day: number) => new Date(Date.UTC(2026, 9, day, 12, 0, 0)).toISOString();

export function seedConfluence(): ConfluenceData {
  const page = (id: string, space: string, title: string, storage: string, extra: Partial<SandboxPage> = {}): SandboxPage => ({
    id, space, title, storage, author: 'alice', created: iso(1), version: 1, updated: iso(2), labels: [], hiddenFrom: [], ...extra,
  });
  return {
    spaces: [
      { id: '65538', key: 'DOC', name: 'Engineering Docs', homepageId: '98301', hiddenFrom: [] },
      { id: '65539', key: 'OPS', name: 'Operations', homepageId: '98401', hiddenFrom: [] },
    ],
    pages: [
      page('98301', 'DOC', 'Engineering Docs Home', HOME, { version: 4, updated: iso(20) }),
      page('98302', 'DOC', 'Architecture Overview', ARCHITECTURE, { parentId: '98301', version: 7, updated: iso(25), labels: ['architecture', 'reviewed'] }),
      page('98303', 'DOC', 'Runbooks', RUNBOOKS, { parentId: '98301', author: 'bob' }),
      page('98304', 'DOC', 'Incident Response', INCIDENT, { parentId: '98303', author: 'bob', version: 3, updated: iso(18), labels: ['runbook', 'oncall'] }),
      page('98305', 'DOC', 'Release Notes 2.4', RELEASE, { parentId: '98301', author: 'carol', version: 2, updated: iso(28), labels: ['release'] }),
      page('98306', 'DOC', 'API Reference', apiReference(), { parentId: '98301', version: 12, updated: iso(27) }),
      page('98307', 'DOC', 'Salary Bands 2027', '<p>Restricted.</p>', { parentId: '98301', author: 'carol', hiddenFrom: ['alice'] }),
      page('98401', 'OPS', 'On-call Handbook', ONCALL, { author: 'dan', labels: ['oncall'] }),
    ],
  };
}
