// Everything a tool call needs (the tools, the product clients, the converters, got), the HTTP
// transport and the commands besides stdio serving. The bundle carries this part compiled separately and loads it on first use (see
// src/lazy.ts), so a client's spawn -> initialize -> tools/list never parses it.
// Rule: nothing here imports server.ts, lazy.ts or main.ts; scripts/build.mjs checks.
export { createClients } from './clients.js';
export { callTool, readToolResource } from './mcp/call.js';
export { runDoctor } from './doctor.js';
export { runDemo } from './sandbox/demo.js';
export { startSandboxSession } from './sandbox/session.js';
export { serveHttp, startHttpServer } from './transports/http.js';

export type { Clients } from './clients.js';
export type { Extra, ResourceAnswer } from './mcp/call.js';
