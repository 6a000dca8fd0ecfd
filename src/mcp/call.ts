import { z } from 'zod';

import { UpstreamError } from '../atlassian/errors.js';
import { callerFromAuthInfo, runAsCaller } from '../transports/http/team.js';
import { TOOL_DEFINITIONS } from './definitions.js';
import { ToolInputError, errorResult, toErrorResult } from './errors.js';
import { capResult, checkArguments } from './limits.js';
import { credentialsOf, redactResult } from './redact.js';

import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Clients } from '../clients.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../log.js';
import type { ToolContext, ToolDefinition, ToolOutput } from './define-tool.js';

// A tools/call from start to finish: arguments checked against the tool's zod schema, the handler run
// (as the caller in team mode), the result redacted, capped and checked against the output schema.
// server.ts answers tools/list from the generated manifest and hands each call here.

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const definitions = new Map(TOOL_DEFINITIONS.map((tool) => [tool.name, tool]));
const objects = new Map<string, { input: z.ZodObject; output: z.ZodObject }>();

function definition(name: string): ToolDefinition {
  const tool = definitions.get(name);
  if (!tool) throw new Error(`no tool named ${name}`); // server.ts only passes listed names
  return tool;
}

function schemasOf(tool: ToolDefinition): { input: z.ZodObject; output: z.ZodObject } {
  let schemas = objects.get(tool.name);
  if (!schemas) {
    schemas = { input: z.object(tool.input), output: z.object(tool.output) };
    objects.set(tool.name, schemas);
  }
  return schemas;
}

/** zod issues as one line each, with the argument's path: "Too small: expected number to be >=1 at limit". */
function issuesText(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.message} at ${issue.path.join('.')}` : issue.message)).join('\n');
}

/** What a handler sees for one request: shared clients, the request's abort signal, progress. */
function toolContext(config: Config, clients: Clients, log: Logger, extra: Extra): ToolContext {
  const progressToken = extra._meta?.progressToken;
  return {
    config, jira: clients.jira, confluence: clients.confluence, signal: extra.signal, log,
    progress: async (progress, total, message) => {
      if (progressToken === undefined) return;
      await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress, total, message } });
    },
  };
}

/** Runs a handler with the checks every call gets: flavor, and in team mode the caller's credentials. */
function runTool(tool: ToolDefinition, args: unknown, config: Config, clients: Clients, log: Logger, extra: Extra): Promise<ToolOutput<never>> {
  assertFlavor(tool, config);
  const context = toolContext(config, clients, log, extra);
  return runAsCaller(config, tool.product, callerFromAuthInfo(extra.authInfo), () => tool.handler(args as never, context)) as Promise<ToolOutput<never>>;
}

/** A tool that exists on one flavor only says so, naming the configured URL, instead of failing upstream. */
function assertFlavor(tool: ToolDefinition, config: Config): void {
  const product = config[tool.product];
  if (!tool.flavors || !product || tool.flavors.includes(product.flavor)) return;
  const where = tool.flavors.includes('cloud') ? 'Atlassian Cloud' : 'Server/Data Center';
  throw new ToolInputError(`${tool.name} is available on ${where} only; ${product.urlVariable}=${product.url} is ` +
    `${product.flavor === 'cloud' ? 'Atlassian Cloud' : 'Server/Data Center'}.`);
}

/** One tools/call of a listed tool. Every failure is an isError result; nothing is thrown. */
export async function callTool(name: string, rawArgs: unknown, config: Config, clients: Clients, log: Logger, extra: Extra): Promise<CallToolResult> {
  const tool = definition(name);
  const schemas = schemasOf(tool);
  const parsed = await schemas.input.safeParseAsync(rawArgs ?? {});
  if (!parsed.success) return errorResult(`Input validation error: Invalid arguments for tool ${name}: ${issuesText(parsed.error)}`);
  const args = parsed.data as Record<string, unknown>;
  const started = performance.now();
  const credentials = credentialsOf(config, callerFromAuthInfo(extra.authInfo));
  try {
    checkArguments(tool, args, config);
    const { text, data, content = [] } = await runTool(tool, args, config, clients, log, extra);
    const output = redactResult([{ type: 'text' as const, text }, ...content], data as Record<string, unknown>, credentials);
    // Every result is capped here, in one place (MAX_RESULT_CHARS), saying how to get the rest.
    const capped = capResult(tool, output.content, output.data, config);
    log.info({ tool: tool.name, ms: Math.round(performance.now() - started), outcome: 'ok', cut: capped.cut || undefined }, 'tool call');
    const checked = await schemas.output.safeParseAsync(capped.data);
    if (!checked.success) {
      log.error({ tool: tool.name, issues: checked.error.issues.slice(0, 5) }, 'result does not match the output schema');
      return errorResult(`Output validation error: Invalid structured content for tool ${name}: ${issuesText(checked.error)}`);
    }
    return { content: capped.content, structuredContent: capped.data };
  } catch (error) {
    const failure = toErrorResult(tool.name, error, log);
    const safe = redactResult(failure.content, undefined, credentials);
    const status = (error as { status?: unknown }).status;
    // One line per call, never the arguments (they may hold text users consider private).
    log.info({ tool: tool.name, ms: Math.round(performance.now() - started), outcome: extra.signal.aborted ? 'cancelled' : 'error',
      upstreamStatus: status }, 'tool call');
    return { ...failure, content: capResult(tool, safe.content, {}, config).content };
  }
}

/** A resources/read answer: the Markdown, or a JSON-RPC error code and message for server.ts to throw. */
export type ResourceAnswer = { text: string } | { code: number; message: string };

// JSON-RPC codes: -32602 invalid params, -32603 internal error, -32002 MCP's "resource not found".
const INVALID_PARAMS = -32602;
const INTERNAL_ERROR = -32603;
const RESOURCE_NOT_FOUND = -32002;

/** A resource template read through its tool (e.g. jira://issue/{key} through jira_get_issue). */
export async function readToolResource(name: string, rawArgs: Record<string, unknown>, uri: string, config: Config, clients: Clients,
  log: Logger, extra: Extra): Promise<ResourceAnswer> {
  const tool = definition(name);
  const parsed = schemasOf(tool).input.safeParse(rawArgs);
  if (!parsed.success) return { code: INVALID_PARAMS, message: `${uri}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}` };
  const credentials = credentialsOf(config, callerFromAuthInfo(extra.authInfo));
  try {
    const { text } = await runTool(tool, parsed.data, config, clients, log, extra);
    const safe = redactResult([{ type: 'text', text }], undefined, credentials);
    const [capped] = capResult(tool, safe.content, {}, config).content;
    return { text: capped?.type === 'text' ? capped.text : text };
  } catch (error) {
    const failure = redactResult(toErrorResult(tool.name, error, log).content, undefined, credentials);
    const message = failure.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
    const code = error instanceof UpstreamError && error.status === 404 ? RESOURCE_NOT_FOUND
      : error instanceof ToolInputError ? INVALID_PARAMS : INTERNAL_ERROR;
    return { code, message };
  }
}
