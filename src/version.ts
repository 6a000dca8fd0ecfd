// Replaced at bundle time by esbuild's `define` (scripts/bundle.sh); source runs report a dev version.
declare const __VERSION__: string | undefined;
declare const __IMPLEMENTATION_SHA256__: string | undefined;

export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/** In the bundle, the SHA-256 of its appended implementation part (src/lazy.ts); undefined from source. */
export const IMPLEMENTATION_SHA256: string | undefined = typeof __IMPLEMENTATION_SHA256__ === 'string' ? __IMPLEMENTATION_SHA256__ : undefined;
