import type { ContentBlock } from '@modelcontextprotocol/sdk/types.js';
import type { z, ZodRawShape } from 'zod';
import type { Config, Flavor, Product } from '../config/index.js';
import type { ConfluenceClient } from '../confluence/client.js';
import type { JiraClient } from '../jira/client.js';
import type { Logger } from '../log.js';

/** read: no change upstream; write: creates or changes; destructive: deletes or overwrites. */
export type ToolKind = 'read' | 'write' | 'destructive';

/** What a handler sees: the product clients and the call's abort signal — never the SDK server. */
export interface ToolContext {
  readonly config: Config;
  readonly jira?: JiraClient;
  readonly confluence?: ConfluenceClient;
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Reports progress of a long operation (sent only when the client asked for progress). */
  progress(done: number, total?: number, message?: string): Promise<void>;
}

/** A handler's answer: Markdown for the model, and data matching the output schema. */
export interface ToolOutput<O extends ZodRawShape> {
  readonly text: string;
  readonly data: z.infer<z.ZodObject<O>>;
  /** Further content after the text: images, embedded resources (e.g. a downloaded attachment). */
  readonly content?: ContentBlock[];
}

export interface ToolDefinition<I extends ZodRawShape = ZodRawShape, O extends ZodRawShape = ZodRawShape> {
  readonly name: string;
  readonly title: string;
  /** What it does, when to use it rather than a neighbour, what it returns. */
  readonly description: string;
  readonly product: Product;
  readonly toolset: string;
  readonly kind: ToolKind;
  /** Set for tools that exist on one flavor only (e.g. ['cloud']); the other gets a clear isError result. */
  readonly flavors?: readonly Flavor[];
  /**
   * How to get the rest when a result is cut at MAX_RESULT_CHARS, e.g. 'Read on with max_chars and cursor.';
   * unset, the notice names the tool's own limit, fields and cursor arguments.
   */
  readonly continuation?: string;
  readonly input: I;
  readonly output: O;
  handler(args: z.infer<z.ZodObject<I>>, context: ToolContext): Promise<ToolOutput<O>>;
}

/** What listing and selection need of a tool; the generated manifest (registry.ts) holds this for every tool. */
export type ToolInfo = Pick<ToolDefinition, 'name' | 'title' | 'description' | 'product' | 'toolset' | 'kind' | 'flavors'>;

/** Declares a tool; the type parameters keep handler arguments and output tied to the schemas. */
export function defineTool<I extends ZodRawShape, O extends ZodRawShape>(definition: ToolDefinition<I, O>): ToolDefinition<I, O> {
  return definition;
}

/** The MCP annotations of a tool, derived from its kind in this one place. */
export function annotationsFor(kind: ToolKind, title: string) {
  return {
    title,
    readOnlyHint: kind === 'read',
    destructiveHint: kind === 'destructive',
    idempotentHint: kind !== 'write',
    openWorldHint: true,
  };
}
