import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { computeRegNoCheck, normalizeRegNo, validateRegNo } from './reg-no.js';

describe('reg-no', () => {
  it('recognises a valid number (widely published example 110108000000016)', () => {
    assert.equal(computeRegNoCheck('11010800000001'), '6');
    assert.deepEqual(validateRegNo('110108000000016'), {
      status: 'valid',
      normalized: '110108000000016',
      regionCode: '110108',
      regionName: '北京市海淀区',
      sequence: '00000001',
    });
    assert.equal(validateRegNo('１１０１０８-０００００００１６').status, 'valid');
    assert.equal(normalizeRegNo(' 110108 000000016 '), '110108000000016');
  });

  it('reports a failing check digit as check_failed, not invalid (legacy data is dirty)', () => {
    const result = validateRegNo('110108000000017');
    assert.equal(result.status, 'check_failed');
    assert.ok(
      result.status === 'check_failed' && result.expectedCheck === '6' && result.regionCode === '110108',
    );
  });

  it('reports empty, masked, scientific notation, length and format', () => {
    const reason = (raw: string) => {
      const result = validateRegNo(raw);
      return result.status === 'invalid' ? result.reason : result.status;
    };
    assert.equal(reason(' '), 'empty');
    assert.equal(reason('110108*******16'), 'masked');
    assert.equal(reason('1.10108E+14'), 'scientific_notation');
    assert.equal(reason('11010800000001'), 'length');
    assert.equal(reason('11010800000001A'), 'format');
    const national = `10000000000001${computeRegNoCheck('10000000000001')}`;
    const result = validateRegNo(national);
    assert.ok(result.status === 'valid' && result.regionName === '全国', 'authority code 100000 = national');
  });

  it('computeRegNoCheck rejects malformed input', () => {
    assert.throws(() => computeRegNoCheck('1101080000000'), RangeError);
    assert.throws(() => computeRegNoCheck('1101080000000A'), RangeError);
  });

  // ISO 7064 hybrid MOD 11,10 detects every single-digit substitution.
  it('every single-digit substitution is detected', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{14}$/), fc.nat(14), fc.nat(9), (body, index, digit) => {
        const number = body + computeRegNoCheck(body);
        const to = String(digit);
        fc.pre(number.charAt(index) !== to);
        return validateRegNo(number.slice(0, index) + to + number.slice(index + 1)).status === 'check_failed';
      }),
      { numRuns: 5000 },
    );
    const example = '110108000000016';
    for (let i = 0; i < 15; i += 1) {
      for (const to of '0123456789') {
        if (to === example.charAt(i)) continue;
        const variant = example.slice(0, i) + to + example.slice(i + 1);
        assert.equal(validateRegNo(variant).status, 'check_failed', variant);
      }
    }
  });
});
