import { httpSuite } from '../e2e/http-suite.js';
import { startInProcess } from '../e2e/http-harness.js';

// The HTTP transport in this process (what coverage measures); tests/e2e/http.test.ts runs the same
// cases against the built bundle.
httpSuite('in process', startInProcess);
