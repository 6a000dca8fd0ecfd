import assert from 'node:assert/strict';
import { it } from 'node:test';

import { z } from 'zod';

import { PYTHON_OPERATIONS } from '../../bench/python-operations.js';
import { TOOL_DEFINITIONS } from '../../src/mcp/definitions.js';

it('the coverage map names each of the Python server\'s 98 tools once, and only tools and arguments that exist', () => {
  assert.equal(PYTHON_OPERATIONS.length, 98);
  assert.equal(new Set(PYTHON_OPERATIONS.map((entry) => entry.python)).size, 98);
  for (const entry of PYTHON_OPERATIONS) {
    if (entry.ours === null) {
      assert.ok(entry.why, `${entry.python}: say why it is not covered`);
      continue;
    }
    const tool = TOOL_DEFINITIONS.find((candidate) => candidate.name === entry.ours);
    assert.ok(tool, `${entry.python}: no tool ${entry.ours}`);
    if (entry.arg) assert.ok(entry.arg in z.object(tool.input).shape, `${entry.python}: ${entry.ours} has no argument ${entry.arg}`);
  }
});
