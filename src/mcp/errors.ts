import { z } from 'zod';

import { UpstreamError } from '../atlassian/errors.js';

import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../log.js';

/** A problem with the caller's arguments or scope that the caller can fix: reported as is. */
export class ToolInputError extends Error {
  override readonly name = 'ToolInputError';
}

/** A tool result that reports a failure in words the model can act on. */
export function errorResult(text: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }] };
}

/**
 * The one place a failure becomes a tool result. User-fixable failures keep their message;
 * anything else is a bug: logged in full on stderr, reported to the client without internals.
 */
export function toErrorResult(tool: string, error: unknown, log: Logger): CallToolResult {
  if (error instanceof UpstreamError || error instanceof ToolInputError) {
    return errorResult(error.message);
  }
  if (error instanceof z.ZodError) {
    // An upstream answer had a shape we do not understand.
    log.warn({ tool, issues: error.issues.slice(0, 5) }, 'unexpected upstream response shape');
    return errorResult(`${tool}: the server answered in a shape this tool does not understand; ` +
      'this may be an unsupported product version. The details are in the server log.');
  }
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'CancelError')) {
    return errorResult(`${tool}: cancelled.`);
  }
  // Only message and stack: a library error object may carry request options, headers included.
  const detail = error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
  log.error({ tool, error: detail }, 'tool failed unexpectedly');
  return errorResult(`${tool} failed unexpectedly; the details are in the server log. Try again, or report this as a bug.`);
}
