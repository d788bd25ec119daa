import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { leakedDigits, ric18Arb } from '../../../test/support/personal-numbers.js';
import type { FieldSpec } from '../catalog/catalog.types.js';
import { failureMessage, maskRaw } from './issue-messages.js';

const TEXT: FieldSpec = { code: 'CF_SY', label: '违法事实', type: 'text' };

it('maskRaw masks before it clips: a number cut at the 200-character limit leaves no part in clear', () => {
  fc.assert(
    fc.property(ric18Arb, fc.integer({ min: 182, max: 199 }), (ric, at) => {
      const raw = `${'说'.repeat(at)}${ric}，其余内容`;
      const shown = maskRaw(TEXT, raw) ?? '';
      assert.ok(shown.endsWith('…'), 'clipped');
      assert.deepEqual(leakedDigits(shown, ric), [], shown.slice(170));
    }),
    { seed: 20261208, numRuns: 200 },
  );
});

it('masks id and mobile numbers in any field and in the message of a file that failed', () => {
  assert.equal(
    maskRaw(TEXT, '当事人61010219900101123X电话13912345678'),
    '当事人6****************X电话139****5678',
  );
  assert.equal(maskRaw({ ...TEXT, personal: 'id_number' }, '61010219900101123X'), '6****************X');
  assert.equal(
    failureMessage(new Error('bad row 61010219900101123X')),
    '读取或处理文件时出错：bad row 6****************X',
  );
});
