import assert from 'node:assert/strict';
import fs from 'node:fs';
import { it } from 'node:test';
import { API_TYPES_FILE, generateApiTypes } from '../../../scripts/gen-api.js';

// The web app's API types are generated from the server's OpenAPI document and committed (STYLE.md: generated
// artefacts are committed and checked). A route or schema change without `npm run gen:api` fails here.
it('web/src/lib/api-types.ts matches the OpenAPI document (run npm run gen:api)', async () => {
  const fresh = await generateApiTypes();
  const committed = fs.readFileSync(API_TYPES_FILE, 'utf8');
  assert.ok(
    committed === fresh,
    'web/src/lib/api-types.ts is stale: run `npm run gen:api` and commit the result',
  );
});
