import { before } from 'node:test';

import { assertBundleBuilt } from '../helpers/bundle.js';
import { startChild } from './http-harness.js';
import { httpSuite } from './http-suite.js';

// The HTTP transport of the built bundle, with the SDK's Streamable HTTP client: the same cases as
// tests/integration/http.test.ts runs in process.
before(assertBundleBuilt);
httpSuite('bundle', startChild);
