import { createRequire } from 'node:module';

import { IMPLEMENTATION_SHA256 } from './version.js';

import type { Logger as PinoLogger, pino as Pino } from 'pino';

/** What the code logs with: pino's level methods (a pino logger is one). */
export type Logger = Pick<PinoLogger, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'>;

// Paths pino blanks out wherever they appear. Credentials never reach a log call in the first place
// (the HTTP client logs method, path, status and timing only); this list is the second line of defence.
const REDACT = [
  'authorization', 'headers.authorization', 'req.headers.authorization', '*.headers.authorization',
  'password', 'token', 'secret', '*.password', '*.token', '*.secret', 'options.headers',
];

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
type Level = keyof typeof LEVELS;

declare const require: NodeJS.Require;

/**
 * pino, loaded when the first line is logged: loading it (and the worker_threads it brings) is about
 * 8 ms of a start-up that logs nothing at the default level. In the bundle esbuild turns this
 * require() into its own lazily evaluated copy; from source it is node's.
 */
function loadPino(): typeof Pino {
  const module = IMPLEMENTATION_SHA256 !== undefined ? require('pino') : createRequire(import.meta.url)('pino');
  return (module as { pino: typeof Pino }).pino;
}

/**
 * JSON lines on stderr (fd 2), written synchronously so nothing is lost when the process exits.
 * Stdout is never used: in stdio mode it carries only MCP messages. A call below `level` costs a
 * comparison; pino itself is created by the first call at or above it.
 */
export function createLogger(level = 'info', destinationFd = 2): Logger {
  const threshold = level in LEVELS ? LEVELS[level as Level] : Number.POSITIVE_INFINITY; // 'silent'
  let logger: PinoLogger | undefined;
  const real = (): PinoLogger => {
    if (!logger) {
      const pino = loadPino();
      logger = pino(
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
    return logger;
  };
  const method = (name: Level) => ((...args: unknown[]) => {
    if (LEVELS[name] < threshold) return;
    const target = real();
    (target[name] as (...line: unknown[]) => void).apply(target, args);
  }) as Logger[Level];
  return { trace: method('trace'), debug: method('debug'), info: method('info'), warn: method('warn'), error: method('error'), fatal: method('fatal') };
}
