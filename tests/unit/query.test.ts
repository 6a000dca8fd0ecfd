import assert from 'node:assert/strict';
import { it } from 'node:test';

import { looksLikeQuery, quote, scopeQuery, splitOrderBy } from '../../src/atlassian/query.js';

it('scopeQuery keeps ORDER BY outside the parentheses and ignores it inside quotes', () => {
  assert.equal(scopeQuery('status = Open ORDER BY created DESC', 'project in ("A")'), 'project in ("A") AND (status = Open) ORDER BY created DESC');
  assert.equal(scopeQuery('a = 1 OR b = 2', 'p = X'), 'p = X AND (a = 1 OR b = 2)');
  assert.equal(scopeQuery('ORDER BY key', 'p = X'), 'p = X ORDER BY key');
  assert.equal(scopeQuery('', 'p = X'), 'p = X');
  assert.equal(scopeQuery('summary ~ "order by me" order  by key', 'p = X'), 'p = X AND (summary ~ "order by me") order  by key');
  assert.deepEqual(splitOrderBy('text ~ "x" AND (a = "b\\" order by") ORDER BY title'), { where: 'text ~ "x" AND (a = "b\\" order by")', orderBy: 'ORDER BY title' });
  assert.deepEqual(splitOrderBy('recorder = x'), { where: 'recorder = x', orderBy: '' });
});

it('quote escapes quotes and backslashes', () => {
  assert.equal(quote('say "hi" \\o/'), '"say \\"hi\\" \\\\o/"');
});

it('looksLikeQuery tells CQL/JQL from a phrase', () => {
  for (const query of ['space = DOC', 'title ~ "x"', 'created > now("-1d")', 'label in (a, b)']) assert.equal(looksLikeQuery(query), true, query);
  for (const phrase of ['deploy rollback', 'what is "a = b"?', 'release notes 2.4']) assert.equal(looksLikeQuery(phrase), false, phrase);
});
