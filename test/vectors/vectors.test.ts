import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { NINGBO_SAMPLE, REPO_ROOT, vectorFile } from '../support/files.js';

// The project's shared vectors and data live next to the repository (../shared) on the developers' machines; the
// copies here make a clone self-contained. When ../shared is present, the copies must not have drifted.
const SHARED = path.resolve(REPO_ROOT, '..', 'shared');

describe('test vectors', () => {
  it('are byte-for-byte copies of ../shared where that exists', { skip: !fs.existsSync(SHARED) }, () => {
    const names = fs.readdirSync(path.join(SHARED, 'vectors'));
    assert.ok(names.length >= 9);
    for (const name of names)
      assert.ok(
        fs.readFileSync(path.join(SHARED, 'vectors', name)).equals(fs.readFileSync(vectorFile(name))),
        `test/vectors/${name} differs from ../shared/vectors/${name}`,
      );
    assert.ok(
      fs
        .readFileSync(path.join(SHARED, 'data', 'market-subjects-ningbo-sample.csv'))
        .equals(fs.readFileSync(NINGBO_SAMPLE)),
      'sample-data/market-subjects-ningbo-sample.csv differs from ../shared/data',
    );
  });
});
