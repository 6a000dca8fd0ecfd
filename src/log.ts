import { pino } from 'pino';

import type { Logger } from 'pino';

export type { Logger } from 'pino';

// Paths pino blanks out wherever they appear. Credentials never reach a log call in the first place
// (the HTTP client logs method, path, status and timing only); this list is the second line of defence.
const REDACT = [
  'authorization', 'headers.authorization', 'req.headers.authorization', '*.headers.authorization',
  'password', 'token', 'secret', '*.password', '*.token', '*.secret', 'options.headers',
];

/**
 * JSON lines on stderr (fd 2), written synchronously so nothing is lost when the process exits.
 * Stdout is never used: in stdio mode it carries only MCP messages.
 */
export function createLogger(level = 'info', destinationFd = 2): Logger {
  return pino(
    {
      level,
      base: { name: 'atlassian-mcp' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ fd: destinationFd, sync: true }),
  );
}
