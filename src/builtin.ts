import { createRequire } from 'node:module';

/**
 * Node's own modules, loaded when first needed. In the bundle every static `import` of a node module
 * is hoisted to the top and loaded at start-up; crypto and tls alone cost milliseconds a client waits
 * for, although most runs never use them (a CA file, a client certificate, the sandbox).
 *   const { X509Certificate } = builtin('node:crypto');
 */
// Only node's own modules are asked for, so the base path does not matter (and the lazily loaded part,
// CommonJS, has no import.meta).
export const builtin = createRequire('/') as {
  (id: 'node:crypto'): typeof import('node:crypto');
  (id: 'node:tls'): typeof import('node:tls');
  (id: 'node:vm'): typeof import('node:vm');
  (id: 'node:zlib'): typeof import('node:zlib');
};
