import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { classifyIdentifier } from './identify.js';
import { computeRegNoCheck } from './reg-no.js';
import { computeRicCheck } from './ric.js';

const vectors = path.resolve(import.meta.dirname, '../../test/vectors');
const TODAY = '2025-06-01';
const classify = (input: string) => classifyIdentifier(input, { today: TODAY });

describe('classifyIdentifier', () => {
  it('returns exactly {input, kind, status, reason?, normalized?}', () => {
    assert.deepEqual(classify('91110000600037341L'), {
      input: '91110000600037341L',
      kind: 'uscc',
      status: 'valid',
      normalized: '91110000600037341L',
    });
    assert.deepEqual(classify(''), { input: '', kind: 'unknown', status: 'invalid', reason: 'empty' });
    assert.deepEqual(Object.keys(classify('91110000600037341N')), [
      'input',
      'kind',
      'status',
      'reason',
      'normalized',
    ]);
  });

  it('classifies the CSV edge cases', () => {
    const cases: [string, string, string, string?][] = [
      ['91110000600037341N', 'uscc', 'invalid', 'check_character'],
      ['A1110000600037341L', 'uscc', 'invalid', 'check_character'],
      ['9111000060003IOZSV', 'uscc', 'invalid', 'charset'],
      ['12345', 'unknown', 'invalid', 'length'],
      // Passes the USCC mod-31 check by coincidence, fails the embedded org code, but is a valid identity number
      // (江西 362322, born 1987-09-08): it is one.
      ['362322198709086409', 'ric', 'valid'],
      ['111111111111111111', 'uscc', 'invalid', 'org_code_check'], // 11111111 is no birth date
      ['913302******531452', 'uscc', 'masked'],
      ['113300******82154n', 'uscc', 'masked'], // a letter other than X in position 18: not an identity number
      ['1616173', 'unknown', 'invalid', 'length'],
      ['MA2EL626-6', 'org_code', 'valid'],
      ['91110108551385082Q194', 'unknown', 'invalid', 'length'],
      ['91350211M0000XUF46', 'uscc', 'legacy_pilot'],
      ['91 110000 600037341L', 'uscc', 'valid'],
      ['9.13502E+17', 'unknown', 'invalid', 'scientific_notation'],
    ];
    for (const [input, kind, status, reason] of cases) {
      const result = classify(input);
      assert.equal(result.kind, kind, input);
      assert.equal(result.status, status, input);
      assert.equal(result.reason, reason, input);
    }
    assert.equal(classify('MA2EL626-6').normalized, 'MA2EL6266');
  });

  it('agrees with the USCC vector file for every 18-character code that is not ID-shaped', () => {
    const rows = parse<{ code: string; gb32100_check_ok: string; gb11714_orgcode_check_ok: string }>(
      fs.readFileSync(path.join(vectors, 'uscc-test-vectors.csv'), 'utf8'),
      { columns: true, skip_empty_lines: true },
    );
    for (const row of rows) {
      if (row.gb32100_check_ok === 'true' && row.gb11714_orgcode_check_ok === 'true') {
        assert.deepEqual([classify(row.code).kind, classify(row.code).status], ['uscc', 'valid'], row.code);
      }
    }
  });

  it('identity numbers, 18 and masked', () => {
    assert.deepEqual(classify('44011320141005001x'), {
      input: '44011320141005001x',
      kind: 'ric',
      status: 'valid',
      normalized: '44011320141005001X',
    });
    assert.deepEqual(
      [classify('36042619910102009X').kind, classify('36042619910102009X').reason],
      ['ric', 'check_digit'],
    );
    assert.deepEqual(
      [classify('610102********1234').kind, classify('610102********1234').status],
      ['ric', 'masked'],
    );
    const future = '61011320250602001';
    assert.deepEqual(
      [classify(future + computeRicCheck(future)).kind, classify(future + computeRicCheck(future)).reason],
      ['ric', 'future_birth_date'],
    );
  });

  it('says when a value is valid as a USCC and as an identity number alike', () => {
    // a 机构编制 code (authority 1, category 1) and a Beijing identity number: the code reading is given first
    assert.deepEqual(classify('110101196003250019'), {
      input: '110101196003250019',
      kind: 'uscc',
      status: 'valid',
      normalized: '110101196003250019',
      alsoValidAs: 'ric',
    });
    // a Shanxi identity number that passes the GB 32100 checks under a pair (1, 4) no authority uses: ric first
    const both = classify('140101198106181014');
    assert.deepEqual([both.kind, both.status, both.alsoValidAs], ['ric', 'valid', 'uscc']);
    assert.equal(classify('91110000600037341L').alsoValidAs, undefined);
    assert.equal(classify('44011320141005001X').alsoValidAs, undefined);
  });

  it('15 digits: registration number first, legacy identity number when the check fails and a date fits', () => {
    assert.deepEqual(classify('110108000000016'), {
      input: '110108000000016',
      kind: 'reg_no',
      status: 'valid',
      normalized: '110108000000016',
    });
    // 360426 910101 007 — legacy identity number (1991-01-01); its reg-no check digit would be:
    assert.notEqual(computeRegNoCheck('36042691010100'), '7');
    assert.deepEqual(
      [classify('360426910101007').kind, classify('360426910101007').status],
      ['ric', 'valid'],
    );
    // Not a date (month 13) and the reg-no check fails: a dirty registration number.
    const dirty = classify('360426911301007');
    assert.deepEqual([dirty.kind, dirty.status, dirty.reason], ['reg_no', 'invalid', 'check_failed']);
    assert.deepEqual(
      [classify('11010800000001A').kind, classify('11010800000001A').reason],
      ['unknown', 'format'],
    );
  });

  it('org codes: 9 characters or 8 + hyphen + 1', () => {
    assert.deepEqual([classify('600037341').kind, classify('600037341').status], ['org_code', 'valid']);
    assert.deepEqual([classify('60003734-1').kind, classify('60003734-1').status], ['org_code', 'valid']);
    assert.deepEqual(
      [classify('60003734-2').kind, classify('60003734-2').reason],
      ['org_code', 'check_character'],
    );
    assert.deepEqual([classify('MA2E****-6').kind, classify('MA2E****-6').status], ['org_code', 'masked']);
  });

  it('defaults today to the current Asia/Shanghai date', () => {
    assert.equal(classifyIdentifier('44011320141005001X').status, 'valid');
  });
});
