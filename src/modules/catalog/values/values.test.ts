import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PENALTY_TYPE_OPTIONS, XZCF } from '../national/xzcf.item.js';
import { XZXK } from '../national/xzxk.item.js';
import { parseDateValue, SERIAL_DATE_RANGE } from './parse-date.js';
import { compareDecimal, parseDecimalValue } from './parse-decimal.js';
import { compileEnum, parseBooleanValue } from './parse-enum.js';
import { cleanText, expandExponent, type RawValue } from './raw-value.js';
import { compileRowValidator, DEFAULT_MAX_AMOUNT_WAN, type RowContext } from './validate-row.js';

/** Serials of the first and last dates read from a bare number (1900 system). */
const SERIAL_MIN = 18264;
const SERIAL_MAX = 73415;

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
    ok(43607.75, '2019-05-22');
    ok(SERIAL_MIN, '1950-01-01');
    ok(SERIAL_MAX, '2100-12-31');
    // Before: serial 61 was read as 1900-03-01. No record the platform collects is dated then; a number that small
    // is a typo or a day count, so it is now rejected (see the table below).
    assert.equal(parseDateValue(61).ok, false);
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
    // Before: text '1.5E+3' was expanded to 1500 without a word; now rejected (see the scientific-notation table).
    ok(1500, '1500');
    ok(1e21, '1000000000000000000000');
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

describe('dates that are no complete date', () => {
  assert.deepEqual(SERIAL_DATE_RANGE, { from: '1950-01-01', to: '2100-12-31' });
  const rejected: [RawValue, RegExp, { date1904?: boolean }?][] = [
    ['2025', /^“2025” 只有年份，不是完整日期/],
    [2026, /^“2026” 只有年份，不是完整日期/],
    ['2025年', /只有年份/],
    ['2025-03', /^“2025-03” 只有年月，没有日/],
    ['2025/3', /只有年月/],
    ['2025年3月', /只有年月/],
    ['202503', /只有年月/],
    ['1', /^“1” 不是日期：按 Excel 日期序号解读为 1900-01-01，不在 1950-01-01 至 2100-12-31 的可信范围内/],
    [1, /按 Excel 日期序号解读为 1900-01-01/],
    ['0', /^“0” 不是日期/],
    ['999', /不是日期/],
    ['6000', /不是日期/],
    [5000, /解读为 1913-09-08/],
    ['10000', /解读为 1927-05-18，不在/],
    [String(SERIAL_MIN - 1), /解读为 1949-12-31/],
    [SERIAL_MAX + 1, /解读为 2101-01-01/],
    ['43607.5', /不是日期（应为 YYYY-MM-DD）/],
    ['123456', /不是日期/],
    [20250230, /不是有效日期/],
    // a year typed into a date-formatted cell: Excel shows serial 2025 as 1905-07-17 (1909-07-18 in the 1904 system)
    [new Date(Date.UTC(1905, 6, 17)), /^单元格显示为 1905-07-17，实际填写的是 2025：只有年份/],
    [new Date(Date.UTC(1909, 6, 18)), /实际填写的是 2025：只有年份/, { date1904: true }],
    [new Date(Date.UTC(1900, 0, 15)), /^单元格显示为 1900-01-15，实际填写的是 15，不是日期/],
  ];
  for (const [raw, message, options] of rejected) {
    it(`rejects ${raw instanceof Date ? `date cell ${raw.toISOString().slice(0, 10)}` : `${typeof raw} ${String(raw)}`}`, () => {
      const r = parseDateValue(raw, options ?? {});
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.code, 'invalid_date');
        assert.match(r.message, message);
      }
    });
  }
  const accepted: [RawValue, string | null, { date1904?: boolean; openEnded?: boolean }?][] = [
    ['45678', '2025-01-21'],
    [45678, '2025-01-21'],
    [String(SERIAL_MIN), '1950-01-01'],
    [20250301, '2025-03-01'],
    ['1936-05-01', '1936-05-01'],
    [new Date(Date.UTC(1936, 4, 1)), '1936-05-01'],
    [new Date(Date.UTC(1900, 0, 1)), null],
    [2_958_465, null, { openEnded: true }],
  ];
  for (const [raw, expected, options] of accepted) {
    it(`accepts ${typeof raw} ${raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw)}`, () => {
      const r = parseDateValue(raw, options ?? {});
      assert.ok(r.ok, r.ok ? '' : r.message);
      assert.equal(r.value, expected);
    });
  }
});

describe('amounts in scientific notation', () => {
  for (const raw of ['1.5e3', '1.5E+3', '2E3', '.5e1', '1.23457E+11', '-1e2', '1.5e3万元', '1.5e3元']) {
    it(`rejects ${raw}`, () => {
      const r = parseDecimalValue(raw, { unit: '万元' });
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.code, 'scientific_notation');
        assert.match(r.message, new RegExp(`^“${raw.replace(/[.+]/g, '\\$&')}” 是科学计数法形式的数字`));
      }
    });
  }
  it('keeps plain numbers and number cells', () => {
    assert.deepEqual(parseDecimalValue('1500'), { ok: true, value: '1500' });
    assert.deepEqual(parseDecimalValue(1.5e3), { ok: true, value: '1500' });
  });
});

/** A valid 行政处罚 row reported by its own authority, with overrides. */
function penaltyRow(overrides: Record<string, RawValue> = {}): Record<string, RawValue> {
  return {
    CF_WSH: '甬环罚〔2026〕1号',
    CF_XDR_MC: '宁波某科技有限公司',
    CF_XDR_LB: '法人及非法人组织',
    CF_XDR_SHXYM: '91330206MA2GRBQAXB',
    CF_WFXW: '超标排放',
    CF_SY: '该单位超标排放废水',
    CF_YJ: '《水污染防治法》第八十三条',
    CF_CFLB: '罚款',
    CF_NR: '罚款人民币2000元',
    CF_NR_FK: '0.2',
    CF_JDRQ: '2026-11-02',
    CF_CFJG: '宁波市生态环境局',
    CF_CFJGDM: '11330200MB1A000527',
    CF_SJLY: '宁波市生态环境局',
    CF_SJLYDM: '11330200MB1A000527',
    ...overrides,
  };
}

const ROW_CTX: RowContext = {
  today: '2026-11-29',
  provider: { code: 'zj-nb-sthj', name: '宁波市生态环境局', uscc: '11330200MB1A000527' },
};

type Expect = { error?: string; warning?: string; message?: RegExp };

function checkRow(
  spec: typeof XZCF,
  row: Record<string, RawValue>,
  expected: Expect,
  ctx: RowContext = ROW_CTX,
): void {
  const v = compileRowValidator(spec, ctx)(row, 2);
  const errors = v.errors.map((e) => e.code);
  const warnings = v.warnings.map((w) => w.code);
  if (expected.error === undefined) assert.deepEqual(errors, [], JSON.stringify(v.errors));
  else assert.deepEqual(errors, [expected.error], JSON.stringify(v.errors));
  if (expected.warning === undefined) assert.deepEqual(warnings, [], JSON.stringify(v.warnings));
  else assert.ok(warnings.includes(expected.warning), JSON.stringify(v.warnings));
  if (expected.message !== undefined) {
    const issue = [...v.errors, ...v.warnings].find((i) => i.code === (expected.error ?? expected.warning));
    assert.match(issue?.message ?? '', expected.message);
  }
}

describe('row rules: decision dates', () => {
  const cases: [string, Record<string, RawValue>, Expect][] = [
    ['a decision dated the day of receipt', { CF_JDRQ: '2026-11-29' }, {}],
    [
      'a decision dated after the day of receipt',
      { CF_JDRQ: '2026-11-30' },
      { error: 'future_date', message: /^处罚决定日期 2026-11-30 晚于报送当日（2026-11-29）/ },
    ],
    [
      'a year alone',
      { CF_JDRQ: '2025' },
      { error: 'invalid_date', message: /^处罚决定日期 “2025” 只有年份，不是完整日期/ },
    ],
    ['the number 1', { CF_JDRQ: '1' }, { error: 'invalid_date', message: /^处罚决定日期 “1” 不是日期/ }],
    ['a future publicity end (legitimate)', { CF_GSJZQ: '2029-11-02' }, {}],
  ];
  for (const [name, overrides, expected] of cases)
    it(`XZCF: ${name}`, () => checkRow(XZCF, penaltyRow(overrides), expected));

  const licence = (o: Record<string, RawValue>) => ({
    XK_XDR_MC: '宁波某科技有限公司',
    XK_XDR_LB: '法人及非法人组织',
    XK_XDR_SHXYM: '91330206MA2GRBQAXB',
    XK_XKWS: '排污许可决定书',
    XK_WSH: '甬环许〔2026〕1号',
    XK_XKLB: '普通',
    XK_NR: '排污许可',
    XK_JDRQ: '2026-11-02',
    XK_YXQZ: '2026-11-02',
    XK_YXQZI: '2031-11-01',
    XK_XKJG: '宁波市生态环境局',
    XK_XKJGDM: '11330200MB1A000527',
    XK_LYDW: '宁波市生态环境局',
    XK_LYDWDM: '11330200MB1A000527',
    ...o,
  });
  const licenceCases: [string, Record<string, RawValue>, Expect][] = [
    ['validity running into the future (legitimate)', {}, {}],
    ['validity starting in the future (legitimate)', { XK_YXQZ: '2026-12-01' }, {}],
    [
      'a licence decided after the day of receipt',
      { XK_JDRQ: '2027-01-01' },
      { error: 'future_date', message: /^许可决定日期 2027-01-01 晚于报送当日/ },
    ],
  ];
  for (const [name, overrides, expected] of licenceCases)
    it(`XZXK: ${name}`, () => checkRow(XZXK, licence(overrides), expected));

  it('XZXK: the licensing authority is checked against the provider', () =>
    checkRow(XZXK, licence({ XK_XKJGDM: '11330200MB1A0001XN', XK_XKJG: '宁波市市场监督管理局' }), {
      warning: 'authority_not_provider',
      message:
        /^许可机关统一社会信用代码 11330200MB1A0001XN（宁波市市场监督管理局）不是信息提供单位 宁波市生态环境局（zj-nb-sthj）的统一社会信用代码 11330200MB1A000527/,
    }));
});

describe('row rules: fine amounts (万元)', () => {
  assert.equal(DEFAULT_MAX_AMOUNT_WAN, '10000000');
  const cases: [string, Record<string, RawValue>, Expect][] = [
    ['0.2 for 罚款2000元', { CF_NR_FK: '0.2' }, {}],
    ['0.2万元', { CF_NR_FK: '0.2万元' }, {}],
    ['2000元, converted', { CF_NR_FK: '2000元' }, { warning: 'unit_converted' }],
    ['"2,000.00元", converted', { CF_NR_FK: '2,000.00元' }, { warning: 'unit_converted' }],
    [
      '2000 where 处罚内容 says 罚款2000元',
      { CF_NR_FK: '2000' },
      {
        error: 'amount_unit_wrong',
        message:
          /^罚款金额（万元）填写为 2000，但处罚内容写的是“罚款人民币2000元”：该字段的单位是万元，2000 元应填 0\.2/,
      },
    ],
    [
      '2000 for 处2000.00元罚款',
      { CF_NR_FK: '2000', CF_NR: '责令改正，处2000.00元罚款' },
      { error: 'amount_unit_wrong' },
    ],
    ['¥2000 for 罚款2000元', { CF_NR_FK: '¥2000' }, { error: 'amount_unit_wrong' }],
    ['1000 for 罚款1,000元', { CF_NR_FK: '1000', CF_NR: '罚款1,000元' }, { error: 'amount_unit_wrong' }],
    [
      '5 where only a unit price says 5元 (weak evidence)',
      { CF_NR_FK: '5', CF_NR: '罚款人民币5万元', CF_SY: '按每吨5元收取' },
      { warning: 'amount_unit_suspect', message: /其他字段中以元写出了同一数额/ },
    ],
    ['2 for 罚款2万元', { CF_NR_FK: '2', CF_NR: '罚款人民币2万元' }, {}],
    ['2 for 罚款20000元 (no match)', { CF_NR_FK: '2', CF_NR: '罚款人民币20000元' }, {}],
    [
      '20000 with no text evidence (weak)',
      { CF_NR_FK: '20000', CF_NR: '罚款' },
      { warning: 'amount_unit_suspect' },
    ],
    [
      '20000000 (above the ceiling)',
      { CF_NR_FK: '20000000', CF_NR: '罚款' },
      {
        error: 'amount_implausible',
        message: /^罚款金额（万元） 20000000 万元（即 200000000000 元）超过可信上限 10000000 万元/,
      },
    ],
    ['exactly the ceiling', { CF_NR_FK: '10000000', CF_NR: '罚款' }, { warning: 'amount_unit_suspect' }],
    ['1.5e3', { CF_NR_FK: '1.5e3' }, { error: 'scientific_notation' }],
    [
      'confiscation 3000 where 处罚内容 says 没收违法所得3000元',
      { CF_CFLB: '罚款；没收违法所得', CF_NR: '罚款2000元，没收违法所得3000元', CF_NR_WFFF: '3000' },
      { error: 'amount_unit_wrong', message: /^没收违法所得、没收非法财物的金额（万元）填写为 3000/ },
    ],
    [
      'confiscation above the ceiling',
      { CF_CFLB: '没收违法所得', CF_NR_FK: '', CF_NR_WFFF: '12000000', CF_NR: '没收违法所得' },
      { error: 'amount_implausible' },
    ],
  ];
  for (const [name, overrides, expected] of cases)
    it(name, () => checkRow(XZCF, penaltyRow(overrides), expected));

  it('takes the ceiling from the context', () => {
    checkRow(XZCF, penaltyRow({ CF_NR_FK: '600', CF_NR: '罚款600万元' }), {});
    checkRow(
      XZCF,
      penaltyRow({ CF_NR_FK: '600', CF_NR: '罚款600万元' }),
      { error: 'amount_implausible', message: /超过可信上限 500 万元/ },
      { ...ROW_CTX, maxAmountWan: '500' },
    );
  });
});

describe('row rules: deciding authority and provider', () => {
  const cases: [string, Record<string, RawValue>, RowContext, Expect][] = [
    ['the provider’s own decision', {}, ROW_CTX, {}],
    [
      'another authority’s decision',
      { CF_CFJGDM: '11330200MB1A0001XN', CF_CFJG: '宁波市市场监督管理局' },
      ROW_CTX,
      {
        warning: 'authority_not_provider',
        message:
          /^处罚机关统一社会信用代码 11330200MB1A0001XN（宁波市市场监督管理局）不是信息提供单位 宁波市生态环境局（zj-nb-sthj）的统一社会信用代码 11330200MB1A000527/,
      },
    ],
    [
      'a provider without a USCC on file',
      { CF_CFJGDM: '11330200MB1A0001XN' },
      { ...ROW_CTX, provider: { code: 'x', name: '某单位', uscc: null } },
      {},
    ],
    [
      'no provider in the context (corrections)',
      { CF_CFJGDM: '11330200MB1A0001XN' },
      { today: '2026-11-29' },
      {},
    ],
  ];
  for (const [name, overrides, ctx, expected] of cases)
    it(name, () => checkRow(XZCF, penaltyRow(overrides), expected, ctx));
});
