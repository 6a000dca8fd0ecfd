// Replaced at bundle time by esbuild's `define` (scripts/build.mjs); source runs report a dev version.
declare const __VERSION__: string | undefined;

export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
