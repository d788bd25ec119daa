import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PENALTY_TYPE_OPTIONS } from '../national/xzcf.item.js';
import { parseDateValue } from './parse-date.js';
import { compareDecimal, parseDecimalValue } from './parse-decimal.js';
import { compileEnum, parseBooleanValue } from './parse-enum.js';
import { cleanText, expandExponent } from './raw-value.js';

describe('parseDateValue', () => {
  const ok = (raw: Parameters<typeof parseDateValue>[0], expected: string | null, opts = {}) => {
    const r = parseDateValue(raw, opts);
    assert.ok(r.ok, `${String(raw)} parses`);
    assert.equal(r.value, expected, String(raw));
  };
  it('accepts the shapes departments write', () => {
    ok('2019-05-22', '2019-05-22');
    ok('2019/5/22', '2019-05-22');
    ok('2019.5.2', '2019-05-02');
    ok('20190522', '2019-05-22');
    ok('2019-5-22 0:00:00', '2019-05-22');
    ok('2019-05-22T00:00:00', '2019-05-22');
    ok('2019年5月22日', '2019-05-22');
    ok('２０１９－０５－２２', '2019-05-22');
    ok('\u00a02019-05-22 ', '2019-05-22');
  });
  it('reads ISO instants as the Asia/Shanghai date', () => {
    ok('2019-05-21T16:00:00.000Z', '2019-05-22');
    ok('2019-05-21T15:59:59Z', '2019-05-21');
  });
  it('reads Excel serials in the 1900 and 1904 systems', () => {
    ok(43607, '2019-05-22');
    ok('43607', '2019-05-22');
    ok(42145, '2019-05-22', { date1904: true });
    ok(61, '1900-03-01');
  });
  it('reads spreadsheet Date cells by their UTC fields (no off-by-one at UTC+8 midnight)', () => {
    ok(new Date(Date.UTC(2019, 4, 22)), '2019-05-22');
    ok(new Date(Date.UTC(2019, 4, 22, 23, 59)), '2019-05-22');
  });
  it('treats no-date sentinels as empty and far-future ones as open-ended where allowed', () => {
    ok('1900-01-01', null);
    ok('1970-01-01', null);
    const open = parseDateValue('2099-12-31', { openEnded: true });
    assert.deepEqual(open, { ok: true, value: null, openEnded: true });
    assert.deepEqual(parseDateValue('9999-12-31', { openEnded: true }), {
      ok: true,
      value: null,
      openEnded: true,
    });
    assert.deepEqual(parseDateValue('长期', { openEnded: true }), { ok: true, value: null, openEnded: true });
    assert.equal(parseDateValue('2099-12-31').ok, false);
    assert.equal(parseDateValue('长期').ok, false);
  });
  it('treats null words as empty and rejects non-dates with a reason', () => {
    for (const w of ['', '暂无', '无', '/', '-', 'NULL', 'null']) ok(w, null);
    for (const bad of ['2019-02-30', '2019-13-01', 'yesterday', '19-05-22', '1800-01-01']) {
      const r = parseDateValue(bad);
      assert.equal(r.ok, false, bad);
      if (!r.ok) assert.equal(r.code, 'invalid_date');
    }
  });
});

describe('parseDecimalValue', () => {
  const ok = (raw: Parameters<typeof parseDecimalValue>[0], expected: string | null, opts = {}) => {
    const r = parseDecimalValue(raw, opts);
    assert.ok(r.ok, `${String(raw)}: ${r.ok ? '' : r.message}`);
    assert.equal(r.value, expected, String(raw));
  };
  it('keeps exact decimal strings and strips separators, full-width digits and units', () => {
    ok('0.2', '0.2');
    ok('0.200000', '0.2');
    ok('1,234.50', '1234.5');
    ok('１２３４．５', '1234.5');
    ok('12 000', '12000');
    ok('0.2万元', '0.2', { unit: '万元' });
    ok('¥100', '100');
    ok(0.25, '0.25');
    ok('1.5E+3', '1500');
    ok('007', '7');
  });
  it('converts an amount written in 元 for a 万元 field, with a warning', () => {
    const r = parseDecimalValue('2000元', { unit: '万元' });
    assert.ok(r.ok);
    assert.equal(r.value, '0.2');
    assert.equal(r.warnings?.[0]?.code, 'unit_converted');
  });
  it('rejects negatives, too many decimals and text', () => {
    for (const bad of ['-1', '0.1234567', 'abc', '1.2.3'])
      assert.equal(parseDecimalValue(bad).ok, false, bad);
  });
  it('compares decimal strings exactly', () => {
    assert.equal(compareDecimal('10000', '9999.999999'), 1);
    assert.equal(compareDecimal('0.3', '0.30'), 0);
    assert.equal(compareDecimal('-1', '0'), -1);
    assert.equal(expandExponent('9.13502E+17'), '913502000000000000');
    assert.equal(expandExponent('1.5e-3'), '0.0015');
  });
});

describe('enums and booleans', () => {
  const types = compileEnum(PENALTY_TYPE_OPTIONS, true);
  it('accepts labels, codes of the older standard and separators, in option order', () => {
    assert.deepEqual(types.parse('罚款；警告'), { ok: true, value: 'warning;fine' });
    assert.deepEqual(types.parse('1、2'), { ok: true, value: 'fine;confiscation' });
    assert.deepEqual(types.parse('没收违法所得、没收非法财物'), { ok: true, value: 'confiscation' });
    assert.deepEqual(types.parse('（罚款）'), { ok: true, value: 'fine' });
    assert.deepEqual(types.parse('其他-责令改正'), { ok: true, value: 'other' });
  });
  it('names the part it does not know', () => {
    const r = types.parse('罚款,坐牢');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /坐牢/);
  });
  it('reads 是/否', () => {
    assert.deepEqual(parseBooleanValue('是'), { ok: true, value: true });
    assert.deepEqual(parseBooleanValue('N'), { ok: true, value: false });
    assert.equal(parseBooleanValue('maybe').ok, false);
  });
  it('cleans edge whitespace of every kind', () => {
    assert.equal(cleanText('\u200b\u3000 张三 \u00a0'), '张三');
    assert.equal(cleanText(' -- '), null);
  });
});
