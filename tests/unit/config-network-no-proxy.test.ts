import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, it } from 'node:test';

import fc from 'fast-check';

import { proxyFor } from '../../src/atlassian/agents.js';
import { readNetwork } from '../../src/config/network.js';

// NO_PROXY is matched in src/atlassian/agents.ts because proxy-from-env reads process.env itself, which
// only src/config may do. This test holds the two to the same answers: proxy-from-env gets the values
// through process.env (this test process only), our code through the configuration.

const { getProxyForUrl } = createRequire(import.meta.url)('proxy-from-env') as { getProxyForUrl(url: string): string };

const saved = { https_proxy: process.env.https_proxy, http_proxy: process.env.http_proxy, no_proxy: process.env.no_proxy, all_proxy: process.env.all_proxy };
for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'ALL_PROXY', 'all_proxy']) delete process.env[name];
after(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const LABELS = ['a', 'b', 'example', 'com', 'corp', 'jira', 'atlassian', 'net'];
const label = fc.constantFrom(...LABELS);
const hostname = fc.oneof(
  fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.')),
  fc.constantFrom('127.0.0.1', '10.0.0.1', 'localhost', '[::1]'),
);
const port = fc.constantFrom('', ':443', ':80', ':8080', ':8443');
const entry = fc.oneof(
  fc.tuple(fc.constantFrom('', '.', '*', '*.'), hostname, port).map(([prefix, host, suffix]) => `${prefix}${host}${suffix}`),
  fc.constantFrom('*', '', 'EXAMPLE.COM', ' '),
);
const noProxy = fc.tuple(fc.array(entry, { maxLength: 4 }), fc.constantFrom(',', ' ', ', ')).map(([entries, separator]) => entries.join(separator));
const url = fc.tuple(fc.constantFrom('https', 'http'), hostname, port).map(([scheme, host, suffix]) => `${scheme}://${host}${suffix}/rest/api/2/myself`);

it('bypass decisions match proxy-from-env on generated hosts, ports and NO_PROXY lists', () => {
  let proxied = 0;
  let direct = 0;
  fc.assert(fc.property(noProxy, url, (list, target) => {
    process.env.https_proxy = 'http://proxy.test:3128';
    process.env.http_proxy = 'http://proxy.test:3129';
    process.env.no_proxy = list;
    const expected = getProxyForUrl(target) !== '';
    const network = readNetwork({ https_proxy: 'http://proxy.test:3128', http_proxy: 'http://proxy.test:3129', no_proxy: list }, {}, [], []);
    const actual = proxyFor(network.proxy, new URL(target)) !== undefined;
    if (actual) proxied += 1;
    else direct += 1;
    assert.equal(actual, expected, `NO_PROXY=${JSON.stringify(list)} ${target}`);
  }), { numRuns: 3000, seed: 7 });
  // Both outcomes are exercised, not just the common one.
  assert.ok(proxied > 300 && direct > 300, `proxied ${proxied}, direct ${direct}`);
});
