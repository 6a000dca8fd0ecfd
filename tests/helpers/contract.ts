// Checks a request recorded by the sandbox against Atlassian's own OpenAPI documents
// (../shared/atlassian-api/specs), so a test fails when our server sends something the real product would
// reject or silently ignore. Plain ajv rather than openapi-backend: it compiles only the schemas a request
// touches (openapi-backend dereferences the whole 2.4 MB Jira document up front) and lets us report
// unknown query parameters, which generic validators accept.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import formatsPlugin from 'ajv-formats';

import type { TestContext } from 'node:test';
import type { ErrorObject, ValidateFunction } from 'ajv';

export type SiteKind = 'jira-cloud' | 'jira-dc' | 'confluence-cloud' | 'confluence-dc';

/** A request as the sandbox saw it; `path` is relative to the site root, e.g. '/rest/api/3/search/jql'. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Parsed JSON body; undefined (or '') when the request had none. */
  body?: unknown;
}

export interface ContractResult {
  ok: boolean;
  spec: string;
  operationId?: string;
  errors: string[];
}

interface SpecSource {
  name: string;
  file: string;
  /** Part of the `servers` path that is the site's own root (DC context path), not part of the API prefix. */
  contextPath?: string;
}

const SPECS = {
  jiraCloud: { name: 'jira-cloud-platform-v3', file: 'jira-cloud-platform-v3.swagger-v3.v3.json' },
  jiraCloudAgile: { name: 'jira-software-cloud-agile', file: 'jira-software-cloud-agile.swagger.v3.json' },
  jiraDc: { name: 'jira-software-dc-10.3.24', file: 'jira-software-dc-10.3.24.swagger.v3.json' },
  jsmCloud: { name: 'jira-service-management-cloud', file: 'jira-service-management-cloud.swagger.v3.json' },
  confluenceCloudV2: { name: 'confluence-cloud-v2', file: 'confluence-cloud-v2.openapi-v2.v3.json' },
  confluenceCloudV1: { name: 'confluence-cloud-v1', file: 'confluence-cloud-v1.swagger.v3.2021-11.json' },
  confluenceDc: {
    name: 'confluence-dc-10.0.3',
    file: 'confluence-dc-10.0.3.swagger.v3.json',
    contextPath: '/confluence',
  },
} satisfies Record<string, SpecSource>;

const MISSING_SPECS = 'Atlassian OpenAPI specs not found: set ATLASSIAN_API_SPECS';
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

export function specsDir(): string | undefined {
  // An explicit setting that points nowhere is reported as missing rather than silently replaced.
  const dir = process.env.ATLASSIAN_API_SPECS || join(REPO_ROOT, '..', 'shared', 'atlassian-api', 'specs');
  return existsSync(join(dir, SPECS.jiraCloud.file)) ? dir : undefined;
}

/** For tests: the specs directory, or skip the test — except on CI, where missing specs must fail, not pass. */
export function specsOrSkip(t: TestContext): string | undefined {
  const dir = specsDir();
  if (dir) return dir;
  if (process.env.CI === 'true') throw new Error(`${MISSING_SPECS} (CI=true, so this fails instead of skipping)`);
  t.skip(MISSING_SPECS);
  return undefined;
}

/** Jira Service Management's API, on both Jira flavors. */
const JSM_PATH = /^\/rest\/servicedeskapi(\/|$)/;

function pickSpec(site: SiteKind, path: string): SpecSource {
  // Atlassian publishes no Data Center document for Jira Service Management. Its /rest/servicedeskapi has the
  // same paths, parameters and bodies as Cloud's below the site root (a DC context path is part of the site URL,
  // and recorded paths start after it), so DC requests are checked against the Cloud document too. The one
  // difference, user references (usernames on DC, accountIds on Cloud), is a plain string in both.
  if ((site === 'jira-cloud' || site === 'jira-dc') && JSM_PATH.test(path)) return SPECS.jsmCloud;
  switch (site) {
    case 'jira-cloud':
      return /^\/rest\/agile\/1\.0(\/|$)/.test(path) ? SPECS.jiraCloudAgile : SPECS.jiraCloud;
    case 'jira-dc':
      return SPECS.jiraDc;
    case 'confluence-cloud':
      return /^\/wiki\/api\/v2(\/|$)/.test(path) ? SPECS.confluenceCloudV2 : SPECS.confluenceCloudV1;
    case 'confluence-dc':
      return SPECS.confluenceDc;
  }
}

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  deprecated?: boolean;
  schema?: Json;
  /** JSON pointer (with '#') to `schema` inside the document, so nested $refs resolve against it. */
  schemaPointer: string;
}

interface Route {
  method: string;
  template: string;
  segments: Array<{ literal: string } | { regex: RegExp; names: string[] }>;
  /** Per segment: 2 literal, 1 mixed, 0 a bare {param}; the highest wins, left to right. */
  rank: number[];
  pointer: string;
  operation: Json;
  parameters: Parameter[];
}

interface LoadedSpec {
  source: SpecSource;
  doc: Json;
  ajv: Ajv;
  routes: Route[];
  validators: Map<string, ValidateFunction>;
}

const loaded = new Map<string, Promise<LoadedSpec>>();

function loadSpec(dir: string, source: SpecSource): Promise<LoadedSpec> {
  const key = join(dir, source.file);
  let spec = loaded.get(key);
  if (!spec) {
    spec = readFile(key, 'utf8').then((text) => buildSpec(source, JSON.parse(text) as Json));
    loaded.set(key, spec);
  }
  return spec;
}

// Keys whose children are names chosen by the spec author (a property may well be called 'example').
const NAME_MAPS = new Set(['properties', 'patternProperties', 'paths', 'schemas', 'definitions', 'content']);

/**
 * Adapts a document for request checking, in place: drops example/examples (strings in Cloud specs, null in
 * DC ones; never used for validation) and takes readOnly properties out of `required`, since OpenAPI 3.0
 * applies those only to responses (Jira Cloud marks e.g. DashboardGadget.id read-only and required).
 */
function prepareForRequests(node: unknown, keysAreNames = false): void {
  if (Array.isArray(node)) {
    for (const item of node) prepareForRequests(item);
  } else if (node && typeof node === 'object') {
    const object = node as Json;
    const properties = object.properties as Record<string, Json | undefined> | undefined;
    if (!keysAreNames && properties && Array.isArray(object.required)) {
      object.required = (object.required as string[]).filter((name) => properties[name]?.readOnly !== true);
    }
    for (const key of Object.keys(object)) {
      if (!keysAreNames && (key === 'example' || key === 'examples')) delete object[key];
      else prepareForRequests(object[key], !keysAreNames && NAME_MAPS.has(key));
    }
  }
}

/**
 * Jira DC's generated document types Jackson JsonNode values (issue `fields`, field operation values) as
 * property-less objects, yet the product takes any JSON there (`"summary": "text"`): accept any value.
 */
function relaxJsonNodes(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(relaxJsonNodes);
  if (!node || typeof node !== 'object') return;
  const object = node as Json;
  if (object.type === 'object' && !object.properties && !object.additionalProperties && !object.$ref) delete object.type;
  Object.values(object).forEach(relaxJsonNodes);
}

/**
 * Confluence Cloud v2 types write bodies as `oneOf: [BodyWrite, NestedBodyWrite]`: two objects without required
 * properties, so every body matches both and none could match exactly one. Such a oneOf is checked as anyOf.
 */
function relaxOpenOneOf(doc: Json, node: unknown = doc): void {
  if (Array.isArray(node)) return node.forEach((item) => relaxOpenOneOf(doc, item));
  if (!node || typeof node !== 'object') return;
  const object = node as Json;
  const open = (schema: unknown) => {
    const { value } = deref(doc, schema, '');
    return value.type === 'object' && value.required === undefined && value.additionalProperties !== false;
  };
  if (Array.isArray(object.oneOf) && object.oneOf.length > 1 && object.oneOf.every(open)) {
    object.anyOf = object.oneOf;
    delete object.oneOf;
  }
  Object.values(object).forEach((value) => relaxOpenOneOf(doc, value));
}

function escapePointer(part: string): string {
  return part.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Follows a chain of local $refs; returns the target and its pointer. */
function deref(doc: Json, value: unknown, pointer: string): { value: Json; pointer: string } {
  let current = value as Json;
  for (let hops = 0; typeof current?.$ref === 'string' && hops < 20; hops++) {
    pointer = current.$ref;
    current = doc;
    for (const part of pointer.replace(/^#\//, '').split('/')) {
      current = (current as Json)[part.replace(/~1/g, '/').replace(/~0/g, '~')] as Json;
    }
  }
  return { value: current ?? {}, pointer };
}

function apiPrefix(doc: Json, source: SpecSource): string {
  const server = (doc.servers as Array<{ url: string }> | undefined)?.[0]?.url ?? '/';
  let prefix = new URL(server.replace(/\{[^}]*\}/g, 'host'), 'http://host').pathname.replace(/\/$/, '');
  if (source.contextPath) {
    if (!prefix.startsWith(source.contextPath)) {
      throw new Error(`${source.name}: servers path '${prefix}' does not start with '${source.contextPath}'`);
    }
    prefix = prefix.slice(source.contextPath.length);
  }
  return prefix;
}

function buildRoute(doc: Json, prefix: string, specPath: string, method: string): Route {
  const pathPointer = `#/paths/${escapePointer(specPath)}`;
  const pathItem = (doc.paths as Json)[specPath] as Json;
  const operation = pathItem[method] as Json;
  const collect = (list: unknown, base: string): Parameter[] =>
    ((list as unknown[] | undefined) ?? []).map((raw, index) => {
      const { value, pointer } = deref(doc, raw, `${base}/parameters/${index}`);
      return { ...(value as unknown as Parameter), schemaPointer: `${pointer}/schema` };
    });
  const own = collect(operation.parameters, `${pathPointer}/${method}`);
  // Operation parameters override path-level ones; duplicates within one operation (Confluence DC declares
  // most parameters twice, once untyped) are all kept and must all accept the value.
  const inherited = collect(pathItem.parameters, pathPointer).filter(
    (shared) => !own.some((param) => param.name === shared.name && param.in === shared.in),
  );
  const template = prefix + specPath;
  const segments = template.split('/').map((segment) => {
    if (!segment.includes('{')) return { literal: segment };
    const names: string[] = [];
    const source = segment
      .split(/(\{[^}]+\})/)
      .map((part) => {
        if (!/^\{[^}]+\}$/.test(part)) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(part.slice(1, -1));
        return '([^/]+)';
      })
      .join('');
    return { regex: new RegExp(`^${source}$`), names };
  });
  return {
    method,
    template,
    segments,
    rank: template.split('/').map((segment) => (!segment.includes('{') ? 2 : /^\{[^}]+\}$/.test(segment) ? 0 : 1)),
    pointer: `${pathPointer}/${method}`,
    operation,
    parameters: [...inherited, ...own],
  };
}

function buildSpec(source: SpecSource, doc: Json): LoadedSpec {
  prepareForRequests(doc);
  if (source === SPECS.jiraDc) relaxJsonNodes(doc);
  if (source === SPECS.confluenceCloudV2) relaxOpenOneOf(doc);
  // strict: false because these documents carry OpenAPI keywords (discriminator, xml, …) and formats
  // ('URL', 'json') ajv does not know; they are ignored instead of failing the compile.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  formatsPlugin.default(ajv);
  ajv.addSchema(doc, 'spec');
  const prefix = apiPrefix(doc, source);
  const routes: Route[] = [];
  for (const [specPath, pathItem] of Object.entries(doc.paths as Json)) {
    for (const method of Object.keys(pathItem as Json)) {
      if (HTTP_METHODS.has(method)) routes.push(buildRoute(doc, prefix, specPath, method));
    }
  }
  return { source, doc, ajv, routes, validators: new Map() };
}

function compile(spec: LoadedSpec, key: string, schema: Json): ValidateFunction {
  let validate = spec.validators.get(key);
  if (!validate) {
    validate = spec.ajv.compile(schema);
    spec.validators.set(key, validate);
  }
  return validate;
}

function rankCompare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

function matchRoute(spec: LoadedSpec, method: string, path: string) {
  const parts = path.split('/');
  let best: { route: Route; params: Record<string, string> } | undefined;
  const allowed: string[] = [];
  for (const route of spec.routes) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = route.segments.every((segment, index) => {
      const part = parts[index] ?? '';
      if ('literal' in segment) return segment.literal === part;
      const found = segment.regex.exec(part);
      segment.names.forEach((name, group) => (params[name] = safeDecode(found?.[group + 1] ?? '')));
      return found !== null;
    });
    if (!matches) continue;
    if (route.method !== method) allowed.push(route.method.toUpperCase());
    else if (!best || rankCompare(route.rank, best.route.rank) > 0) best = { route, params };
  }
  return { best, allowed };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Query and path values are strings on the wire; turn them into what the parameter's schema describes. */
function coerce(raw: string | string[], schema: Json): unknown {
  if (schema.type === 'array') {
    const items = (schema.items as Json | undefined) ?? {};
    // Atlassian takes lists both repeated (fields=a&fields=b) and comma-separated (fields=a,b).
    return [raw].flat().flatMap((value) => value.split(',')).map((value) => coerceScalar(value, items));
  }
  return Array.isArray(raw) ? (raw.length === 1 ? coerceScalar(raw[0] ?? '', schema) : raw) : coerceScalar(raw, schema);
}

function coerceScalar(value: string, schema: Json): unknown {
  if (schema.type === 'integer' && /^-?\d+$/.test(value)) return Number(value);
  if (schema.type === 'number' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (schema.type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function isObjectLike(schema: Json): boolean {
  return schema.type === 'object' || (schema.type === undefined && schema.properties !== undefined);
}

/**
 * The schema a parameter value is checked against, resolved for coercion. Some specs type Java value classes
 * (DC's StringList, Confluence's UserKey, agile's board `type`) as property-less objects; on the wire they
 * are a plain or comma-separated string, so they are checked as strings.
 */
function parameterSchema(doc: Json, param: Parameter): { resolved: Json; schema: Json } {
  const { value: resolved } = deref(doc, param.schema ?? {}, param.schemaPointer);
  if (isObjectLike(resolved)) return { resolved: { type: 'string' }, schema: { type: 'string' } };
  if (resolved.type === 'array') {
    const { value: items } = deref(doc, resolved.items ?? {}, '');
    if (isObjectLike(items)) {
      const schema = { type: 'array', items: { type: 'string' } };
      return { resolved: schema, schema };
    }
    return { resolved: { ...resolved, items }, schema: { $ref: `spec${param.schemaPointer}` } };
  }
  return { resolved, schema: { $ref: `spec${param.schemaPointer}` } };
}

function describeErrors(errors: ErrorObject[] | null | undefined, prefix: string): string[] {
  const lines = (errors ?? []).map((error) => {
    const where = error.instancePath ? `${error.instancePath} ` : '';
    const params = error.params as { additionalProperty?: string; allowedValues?: unknown[] };
    let detail = '';
    if (params.additionalProperty) detail = ` ('${params.additionalProperty}')`;
    if (params.allowedValues) detail = `: ${params.allowedValues.map((value) => JSON.stringify(value)).join(', ')}`;
    return `${prefix}${where}${error.message ?? 'is invalid'}${detail}`;
  });
  return [...new Set(lines)];
}

function checkParameters(
  spec: LoadedSpec,
  route: Route,
  req: RecordedRequest,
  pathParams: Record<string, string>,
  label: string,
): string[] {
  const errors: string[] = [];
  const values: Record<string, Record<string, string | string[]>> = { query: req.query, path: pathParams };
  for (const [index, param] of route.parameters.entries()) {
    const given = values[param.in];
    // Headers and cookies are not recorded; auth and content type are the sandbox's business.
    if (!given) continue;
    const raw = given[param.name];
    if (raw === undefined) {
      if (param.required) errors.push(`${label}: missing required ${param.in} parameter '${param.name}'`);
      continue;
    }
    if (param.deprecated) errors.push(`${label}: ${param.in} parameter '${param.name}' is deprecated`);
    const { resolved, schema } = parameterSchema(spec.doc, param);
    const validate = compile(spec, `${route.pointer}#${index}`, schema);
    if (!validate(coerce(raw, resolved))) {
      errors.push(...describeErrors(validate.errors, `${label} ${param.in} parameter '${param.name}': `));
    }
  }
  const known = new Set(route.parameters.filter((param) => param.in === 'query').map((param) => param.name));
  for (const name of Object.keys(req.query)) {
    if (!known.has(name)) {
      errors.push(`${label}: unknown query parameter '${name}' (known: ${[...known].sort().join(', ') || 'none'})`);
    }
  }
  return [...new Set(errors)];
}

function checkBody(spec: LoadedSpec, route: Route, body: unknown, label: string): string[] {
  const hasBody = body !== undefined && body !== '';
  if (!route.operation.requestBody) return hasBody ? [`${label}: operation takes no request body`] : [];
  const { value: requestBody, pointer } = deref(spec.doc, route.operation.requestBody, `${route.pointer}/requestBody`);
  if (!hasBody) return requestBody.required ? [`${label}: missing required request body`] : [];
  const content = (requestBody.content as Record<string, Json> | undefined) ?? {};
  const types = Object.keys(content);
  const json =
    types.find((type) => type === 'application/json') ??
    types.find((type) => /^application\/([\w.-]+\+)?json\b/.test(type));
  if (!json) {
    const isJson = typeof body === 'object' && body !== null && !(body instanceof Uint8Array);
    if (!isJson || types.includes('*/*')) return [];
    return [`${label}: operation does not take a JSON body (accepts ${types.join(', ') || 'nothing'})`];
  }
  // A media type without a schema (DC entity properties) takes any JSON value.
  if (!content[json]?.schema) return [];
  const schemaPointer = `${pointer}/content/${escapePointer(json)}/schema`;
  const validate = compile(spec, schemaPointer, { $ref: `spec${schemaPointer}` });
  return validate(body) ? [] : describeErrors(validate.errors, `${label} body: `);
}

export async function validateRequest(site: SiteKind, req: RecordedRequest): Promise<ContractResult> {
  const dir = specsDir();
  if (!dir) throw new Error(MISSING_SPECS);
  const source = pickSpec(site, req.path);
  const spec = await loadSpec(dir, source);
  const method = req.method.toLowerCase();
  const label = `${method.toUpperCase()} ${req.path}`;
  // Confluence DC serves attachment bytes only from the download link its REST answers carry (the spec's own
  // description shows it), not through an operation of the spec: accept exactly that link shape.
  if (site === 'confluence-dc' && method === 'get' && /^\/download\/attachments\/\d+\/[^/]+$/.test(req.path)) {
    return { ok: true, spec: `${source.name} (download link)`, errors: [] };
  }
  // Likewise Jira DC: attachment bytes come from the `content` link of the attachment (/secure/attachment/{id}/{name}).
  if (site === 'jira-dc' && method === 'get' && /^\/secure\/attachment\/\d+\/[^/]+$/.test(req.path)) {
    return { ok: true, spec: `${source.name} (attachment content link)`, errors: [] };
  }
  if (req.path.includes('?')) {
    return { ok: false, spec: source.name, errors: [`${label}: path contains a query string; record it in query`] };
  }
  const { best, allowed } = matchRoute(spec, method, req.path);
  if (!best) {
    const why = allowed.length
      ? `method not allowed (the path takes ${[...new Set(allowed)].join(', ')})`
      : 'no such operation';
    return { ok: false, spec: source.name, errors: [`${label}: ${why} in ${source.name}`] };
  }
  const { route, params } = best;
  const errors: string[] = [];
  if (route.operation.deprecated === true) {
    errors.push(`${label}: deprecated operation${route.template === req.path ? '' : ` ${route.template}`}`);
  }
  errors.push(...checkParameters(spec, route, req, params, label));
  errors.push(...checkBody(spec, route, req.body, label));
  const operationId = typeof route.operation.operationId === 'string' ? route.operation.operationId : undefined;
  return { ok: errors.length === 0, spec: source.name, ...(operationId ? { operationId } : {}), errors };
}
