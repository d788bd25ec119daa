import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sharedAnswers } from './shared-answer.js';

describe('sharedAnswers', () => {
  it('computes once per key and interval, waits together, forgets failures, holds at most maxKeys', async () => {
    let clock = 0;
    let runs = 0;
    const shared = sharedAnswers<string, number>(1000, 2, () => clock);
    const compute = (v: number) => async () => {
      runs += 1;
      return v;
    };
    const [a, b] = await Promise.all([shared('k', compute(1)), shared('k', compute(2))]);
    assert.deepEqual([a, b, runs], [1, 1, 1], 'two requests at once share one computation');
    clock = 999;
    assert.equal(await shared('k', compute(3)), 1, 'still within the interval');
    clock = 1000;
    assert.equal(await shared('k', compute(4)), 4, 'recomputed once the interval is over');
    assert.equal(runs, 2);

    await assert.rejects(
      shared('bad', () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await shared('bad', compute(5)), 5, 'a failure is not kept');

    await shared('x', compute(6));
    await shared('y', compute(7));
    runs = 0;
    assert.equal(await shared('x', compute(8)), 6, 'x is held');
    assert.equal(await shared('k', compute(9)), 9, 'k was dropped as the oldest of three');
    assert.equal(runs, 1);
  });
});
