import assert from 'node:assert/strict';

import { ConfigError, loadConfig } from '../../src/config/index.js';
import { KNOWN_NAMES } from '../../src/mcp/registry.js';

/** The problems loadConfig reports for an environment (fails if it does not throw a ConfigError). */
export function configProblems(env: Record<string, string>): string[] {
  try {
    loadConfig(env, KNOWN_NAMES);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return [...error.problems];
  }
  return assert.fail('expected a configuration error');
}
