import assert from 'node:assert/strict';
import { it } from 'node:test';

import { extractUpstreamMessages } from '../../src/atlassian/errors.js';

it('reads every error body shape Atlassian answers with', () => {
  assert.deepEqual(extractUpstreamMessages({ errorMessages: ['Issue does not exist'], errors: { summary: 'Field required' } }),
    ['Issue does not exist', 'summary: Field required']);
  assert.deepEqual(extractUpstreamMessages({ errors: [{ title: 'Bad request', detail: 'version is stale' }] }), ['Bad request: version is stale']);
  assert.deepEqual(extractUpstreamMessages({ message: 'Space not found' }), ['Space not found']);
  // Jira Service Management
  assert.deepEqual(extractUpstreamMessages({ errorMessage: 'The request type is not valid', i18nErrorMessage: { i18nKey: 'x' } }),
    ['The request type is not valid']);
  assert.deepEqual(extractUpstreamMessages('<html>'), []);
  assert.deepEqual(extractUpstreamMessages({ message: 'm', errorMessage: 'e' }), ['m']);
});
