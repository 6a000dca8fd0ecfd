import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { Ajv } from 'ajv';
import formatsPlugin from 'ajv-formats';

import type { ErrorObject } from 'ajv';

// The official ADF JSON schema, as @atlaskit/adf-schema publishes it.
const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@atlaskit/adf-schema/json-schema/v1/full.json'), 'utf8')) as object;

const ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false, logger: false });
formatsPlugin.default(ajv);
const validate = ajv.compile(schema);

/** Schema errors of an ADF document, [] when it is valid. */
export function adfSchemaErrors(doc: unknown): ErrorObject[] {
  return validate(doc) ? [] : [...(validate.errors ?? [])];
}
