// Generates docs/configuration.md (from the envalid schema) and docs/tools.md (from the tool registry).
// `npm run docs` writes them; tests/unit/docs.test.ts fails when a committed copy is out of date.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { z } from 'zod';

import { configGroups, configSchema } from '../src/config/schema.js';
import { annotationsFor } from '../src/mcp/define-tool.js';
import { computeListedSchemas } from '../src/mcp/listing.js';
import { TOOL_DEFINITIONS as ALL_TOOLS } from '../src/mcp/definitions.js';
import { TOOLSETS } from '../src/mcp/toolsets.js';

type SpecInfo = { desc?: string; example?: string; default?: unknown; choices?: readonly unknown[] };

const cell = (text: string) => text.split('|').join('\\|').split('\n').join(' ');

export function renderConfigurationDoc(): string {
  const out: string[] = [
    '# Configuration',
    '',
    '<!-- Generated from src/config/schema.ts by `npm run docs`; tests/unit/docs.test.ts checks it is current. -->',
    '',
    'atlassian-mcp is configured with environment variables; `src/config` is the only code that reads them.',
    'Secrets are read from files named by `*_FILE` variables at startup (trailing whitespace trimmed) and re-read once',
    'when the product answers 401, so a rotated token needs no restart. Every problem is reported at startup in one',
    'message that names the variable to fix. `atlassian-mcp doctor` shows how the configuration was understood.',
    '',
    '## How the flavor and auth scheme are chosen (per product)',
    '',
    '1. A personal access token (`P_PAT_FILE` or `P_PERSONAL_TOKEN`) means Server/Data Center with `Authorization: Bearer`.',
    '2. Otherwise `P_USERNAME` + token (`P_TOKEN_FILE` or `P_API_TOKEN`) means Basic auth: against **Cloud** when',
    '   `ATLASSIAN_MODE=cloud` or the host ends in `.atlassian.net` / `.jira.com`, else against **Server/DC**, where the',
    '   token is the account password.',
    '3. When a product has both, `ATLASSIAN_MODE` decides: `cloud` uses Basic, `self-hosted` the PAT. Without it, that is an error.',
    '',
    'Each product is decided on its own, so Jira Cloud and Confluence Data Center work together in one process:',
    '',
    '```sh',
    'JIRA_URL=https://acme.atlassian.net JIRA_USERNAME=me@acme.com JIRA_TOKEN_FILE=/run/agenix/jira-token \\',
    'CONFLUENCE_URL=https://wiki.acme.com CONFLUENCE_PAT_FILE=/run/agenix/confluence-pat atlassian-mcp doctor',
    '```',
    '',
    'A file value wins over the same secret given directly in the environment (doctor warns about the latter, and about',
    'secret files readable by group or others).',
    '',
  ];
  const specs = configSchema as unknown as Record<string, SpecInfo>;
  for (const group of configGroups) {
    out.push(`## ${group.title}`, '');
    if (group.intro) out.push(group.intro, '');
    out.push('| Variable | Default | Description | Example |', '|---|---|---|---|');
    for (const [name, spec] of Object.entries(specs).filter(([name]) => group.match(name))) {
      const fallback = spec.default === undefined ? '—' : `\`${String(spec.default)}\``;
      const choices = spec.choices ? ` One of: ${spec.choices.map((c) => `\`${String(c)}\``).join(', ')}.` : '';
      out.push(`| \`${name}\` | ${fallback} | ${cell(`${spec.desc ?? ''}${choices}`)} | ${spec.example ? `\`${cell(spec.example)}\`` : ''} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

export function renderToolsDoc(): string {
  const out: string[] = [
    '# Tools',
    '',
    '<!-- Generated from the tool registry by `npm run docs`; tests/unit/docs.test.ts checks it is current. -->',
    '',
    'Toolsets are chosen with `TOOLSETS` (see configuration.md); `READ_ONLY_MODE=true` removes every tool that writes.',
    '',
    '| Toolset | Product | Default | Description |',
    '|---|---|---|---|',
    ...TOOLSETS.map((t) => `| \`${t.id}\` | ${t.product} | ${t.isDefault ? 'yes' : 'no'} | ${t.description} |`),
    '',
  ];
  for (const tool of ALL_TOOLS) {
    const annotations = annotationsFor(tool.kind, tool.title);
    const hints = Object.entries(annotations).filter(([key, value]) => key !== 'title' && value === true).map(([key]) => key);
    out.push(`## \`${tool.name}\`: ${tool.title}`, '', tool.description, '',
      `Toolset \`${tool.toolset}\` · kind **${tool.kind}** · hints: ${hints.join(', ')}`, '',
      '| Argument | Type | Required | Description |', '|---|---|---|---|');
    const schema = z.toJSONSchema(z.object(tool.input), { io: 'input' }) as { properties?: Record<string, { type?: string; description?: string; default?: unknown }>; required?: string[] };
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const required = schema.required?.includes(name) && property.default === undefined ? 'yes' : 'no';
      const description = property.description ?? '';
      const fallback = property.default !== undefined
        ? `${description.endsWith('.') ? '' : '.'} Default: \`${JSON.stringify(property.default)}\`.` : '';
      out.push(`| \`${name}\` | ${property.type ?? 'any'} | ${required} | ${cell(`${description}${fallback}`)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** The manifest: what listing and selection need of every tool, so start-up loads no tool module (src/lazy.ts). */
export function renderManifest(): string {
  const entries = ALL_TOOLS.map((tool) => {
    const { name, title, description, product, toolset, kind, flavors } = tool;
    const json = JSON.stringify({ name, title, description, product, toolset, kind, ...(flavors ? { flavors } : {}), schemas: computeListedSchemas(tool) });
    // Inside a template literal: backslashes, backticks and "${" are escaped so the text stays the JSON.
    return `  ${json.split('\\').join('\\\\').split('`').join('\\`').split('${').join('\\${')},`;
  });
  return [
    '// Generated from TOOL_DEFINITIONS (src/mcp/definitions.ts) by `npm run docs`; tests/unit/docs.test.ts checks it is current.',
    '// Each tool as tools/list and the selection see it, with its compact JSON Schemas, in listing order.',
    '// A JSON text, one tool per line: V8 parses JSON faster than the same object literals.',
    "import type { ToolEntry } from './registry.js';",
    '',
    'export const TOOL_MANIFEST: readonly ToolEntry[] = JSON.parse(`[',
    ...entries.map((line, index) => (index === entries.length - 1 ? line.slice(0, -1) : line)),
    ']`);',
    '',
  ].join('\n');
}

export const GENERATED_DOCS: Record<string, () => string> = {
  'docs/configuration.md': renderConfigurationDoc,
  'docs/tools.md': renderToolsDoc,
  'src/mcp/manifest.generated.ts': renderManifest,
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [path, render] of Object.entries(GENERATED_DOCS)) {
    writeFileSync(path, render());
    process.stderr.write(`wrote ${path}\n`);
  }
}
