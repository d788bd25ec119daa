import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addMonths } from './add-months.js';
import { computePublicity, type PublicityInput } from './compute-publicity.js';

type Expect = {
  rule: string;
  severity: string;
  published: boolean;
  end: string | null;
  repair: string | null;
};
interface Case {
  name: string;
  cite: string;
  input: PublicityInput;
  expect: Expect;
}

const fine = (
  decisionDate: string,
  sector: string,
  fineWan: string,
  extra: Partial<PublicityInput> = {},
): PublicityInput => ({
  decisionDate,
  sector,
  penaltyTypes: ['fine'],
  fineWan,
  ...extra,
});

// Every case cites the rule it checks (REFERENCE §5, §15.4).
const CASES: Case[] = [
  // 发改办财金〔2019〕527号: decisions before 2023-05-01
  {
    name: '527: ordinary fine → general 3m–1y',
    cite: '527号 一般 3个月–1年',
    input: fine('2022-06-15', 'general', '2'),
    expect: {
      rule: 'ndrc-527-2019',
      severity: 'general',
      published: true,
      end: '2023-06-15',
      repair: '2022-09-15',
    },
  },
  {
    name: '527: licence revocation → serious 6m–3y',
    cite: '527号 严重 6个月–3年',
    input: { decisionDate: '2021-03-10', sector: 'general', penaltyTypes: ['licence_revocation'] },
    expect: {
      rule: 'ndrc-527-2019',
      severity: 'serious',
      published: true,
      end: '2024-03-10',
      repair: '2021-09-10',
    },
  },
  {
    name: '527: last day 2023-04-30',
    cite: '527号 applies to decisions before 2023-05-01',
    input: fine('2023-04-30', 'general', '1'),
    expect: {
      rule: 'ndrc-527-2019',
      severity: 'general',
      published: true,
      end: '2024-04-30',
      repair: '2023-07-30',
    },
  },
  {
    name: '527: fine ≥ 100万元 → serious',
    cite: '严重 by amount (xinyong default threshold)',
    input: fine('2020-01-02', 'general', '150'),
    expect: {
      rule: 'ndrc-527-2019',
      severity: 'serious',
      published: true,
      end: '2023-01-02',
      repair: '2020-07-02',
    },
  },
  {
    name: '527: warning only → minor, not published',
    cite: 'minor not published (xinyong default)',
    input: { decisionDate: '2022-01-05', sector: 'general', penaltyTypes: ['warning'] },
    expect: { rule: 'ndrc-527-2019', severity: 'minor', published: false, end: null, repair: null },
  },
  {
    name: '527: special sector has no extra minimum',
    cite: 'Order 58 special minimum starts 2023-05-01',
    input: fine('2023-04-30', 'emergency_management', '5'),
    expect: {
      rule: 'ndrc-527-2019',
      severity: 'general',
      published: true,
      end: '2024-04-30',
      repair: '2023-07-30',
    },
  },
  // NDRC Order 58: 2023-05-01 … 2026-03-31
  {
    name: '58: first day 2023-05-01',
    cite: '令第58号 最短3个月 最长3年',
    input: fine('2023-05-01', 'general', '1'),
    expect: {
      rule: 'ndrc-order58-2023',
      severity: 'general',
      published: true,
      end: '2026-05-01',
      repair: '2023-08-01',
    },
  },
  {
    name: '58: acceptance example 2024-06-01',
    cite: '令第58号 counted from the decision date',
    input: fine('2024-06-01', 'ecology_environment', '2'),
    expect: {
      rule: 'ndrc-order58-2023',
      severity: 'general',
      published: true,
      end: '2027-06-01',
      repair: '2024-09-01',
    },
  },
  {
    name: '58: serious class, same window',
    cite: '令第58号 3个月–3年 for all penalty information',
    input: { decisionDate: '2024-02-01', sector: 'general', penaltyTypes: ['closure_order'] },
    expect: {
      rule: 'ndrc-order58-2023',
      severity: 'serious',
      published: true,
      end: '2027-02-01',
      repair: '2024-05-01',
    },
  },
  {
    name: '58: 安全生产 minimum 1 year',
    cite: '特种设备、安全生产、消防 最短1年',
    input: fine('2024-03-15', 'emergency_management', '3'),
    expect: {
      rule: 'ndrc-order58-2023',
      severity: 'general',
      published: true,
      end: '2027-03-15',
      repair: '2025-03-15',
    },
  },
  {
    name: '58: 消防 minimum 1 year',
    cite: '特种设备、安全生产、消防 最短1年',
    input: fine('2025-07-01', 'fire_rescue', '1'),
    expect: {
      rule: 'ndrc-order58-2023',
      severity: 'general',
      published: true,
      end: '2028-07-01',
      repair: '2026-07-01',
    },
  },
  {
    name: '58: 特种设备 minimum 1 year',
    cite: '特种设备、安全生产、消防 最短1年',
    input: fine('2025-01-20', 'special_equipment', '2'),
    expect: {
      rule: 'ndrc-order58-2023',
      severity: 'general',
      published: true,
      end: '2028-01-20',
      repair: '2026-01-20',
    },
  },
  {
    name: '58: several types, the longest applies',
    cite: '一个决定多种处罚类型 按最长确定',
    input: {
      decisionDate: '2024-08-08',
      sector: 'general',
      penaltyTypes: ['warning', 'fine', 'licence_revocation'],
      fineWan: '1',
    },
    expect: {
      rule: 'ndrc-order58-2023',
      severity: 'serious',
      published: true,
      end: '2027-08-08',
      repair: '2024-11-08',
    },
  },
  {
    name: '58: simple procedure not published',
    cite: '行政处罚法第五十一条 简易程序',
    input: fine('2024-05-05', 'general', '0.01', { simpleProcedure: true }),
    expect: { rule: 'ndrc-order58-2023', severity: 'minor', published: false, end: null, repair: null },
  },
  {
    name: '58: last day 2026-03-31',
    cite: '令第58号 until 2026-03-31',
    input: fine('2026-03-31', 'general', '1'),
    expect: {
      rule: 'ndrc-order58-2023',
      severity: 'general',
      published: true,
      end: '2029-03-31',
      repair: '2026-07-01',
    },
  },
  {
    name: '58: 31 August + 3 months rolls to 1 December',
    cite: 'missing day → 1st of next month',
    input: fine('2023-08-31', 'general', '1'),
    expect: {
      rule: 'ndrc-order58-2023',
      severity: 'general',
      published: true,
      end: '2026-08-31',
      repair: '2023-12-01',
    },
  },
  // NDRC Order 36: from 2026-04-01
  {
    name: '36: first day 2026-04-01, general 3m–1y',
    cite: '令第36号 一般 3个月–1年',
    input: fine('2026-04-01', 'general', '2'),
    expect: {
      rule: 'ndrc-order36-2026',
      severity: 'general',
      published: true,
      end: '2027-04-01',
      repair: '2026-07-01',
    },
  },
  {
    name: '36: serious 1–3y',
    cite: '令第36号 严重 1–3年',
    input: { decisionDate: '2026-05-10', sector: 'general', penaltyTypes: ['practice_restriction'] },
    expect: {
      rule: 'ndrc-order36-2026',
      severity: 'serious',
      published: true,
      end: '2029-05-10',
      repair: '2027-05-10',
    },
  },
  {
    name: '36: warning → minor, not published',
    cite: '令第36号 轻微 原则上不公示',
    input: { decisionDate: '2026-06-01', sector: 'general', penaltyTypes: ['warning'] },
    expect: { rule: 'ndrc-order36-2026', severity: 'minor', published: false, end: null, repair: null },
  },
  {
    name: '36: 通报批评 → minor',
    cite: '令第36号 轻微',
    input: { decisionDate: '2026-06-02', sector: 'general', penaltyTypes: ['circulated_criticism'] },
    expect: { rule: 'ndrc-order36-2026', severity: 'minor', published: false, end: null, repair: null },
  },
  {
    name: '36: provider-supplied class wins',
    cite: '由行业主管部门认定（报送的失信程度优先）',
    input: fine('2026-07-01', 'general', '0.5', { suppliedSeverity: 'serious' }),
    expect: {
      rule: 'ndrc-order36-2026',
      severity: 'serious',
      published: true,
      end: '2029-07-01',
      repair: '2027-07-01',
    },
  },
  {
    name: '36: supplied minor not published',
    cite: '令第36号 轻微',
    input: fine('2026-07-01', 'general', '50', { suppliedSeverity: 'minor' }),
    expect: { rule: 'ndrc-order36-2026', severity: 'minor', published: false, end: null, repair: null },
  },
  {
    name: '36: special sector has no extra minimum under Order 36',
    cite: 'Order 36 windows by class only',
    input: fine('2026-09-01', 'emergency_management', '3'),
    expect: {
      rule: 'ndrc-order36-2026',
      severity: 'general',
      published: true,
      end: '2027-09-01',
      repair: '2026-12-01',
    },
  },
  {
    name: '36: large fine → serious',
    cite: '严重 by amount (xinyong default)',
    input: fine('2026-10-10', 'general', '200'),
    expect: {
      rule: 'ndrc-order36-2026',
      severity: 'serious',
      published: true,
      end: '2029-10-10',
      repair: '2027-10-10',
    },
  },
  {
    name: '36: simple procedure not published',
    cite: '行政处罚法第五十一条',
    input: fine('2026-11-01', 'taxation', '0.02', { simpleProcedure: true }),
    expect: { rule: 'ndrc-order36-2026', severity: 'minor', published: false, end: null, repair: null },
  },
  // SAMR Order 45: market regulation from 2021-09-01
  {
    name: 'SAMR: warning only not published',
    cite: '总局令第45号 第二条',
    input: { decisionDate: '2024-04-01', sector: 'market_regulation', penaltyTypes: ['warning'] },
    expect: { rule: 'samr-order45-2021', severity: 'minor', published: false, end: null, repair: null },
  },
  {
    name: 'SAMR: 通报批评 → 3 months',
    cite: '总局令第45号 第十三条',
    input: {
      decisionDate: '2024-04-01',
      sector: 'market_regulation',
      penaltyTypes: ['circulated_criticism'],
    },
    expect: {
      rule: 'samr-order45-2021',
      severity: 'minor',
      published: true,
      end: '2024-07-01',
      repair: '2024-07-01',
    },
  },
  {
    name: 'SAMR: lower-amount fine → 3 months',
    cite: '总局令第45号 第十三条 数额较小的罚款',
    input: fine('2024-04-01', 'market_regulation', '0.2'),
    expect: {
      rule: 'samr-order45-2021',
      severity: 'minor',
      published: true,
      end: '2024-07-01',
      repair: '2024-07-01',
    },
  },
  {
    name: 'SAMR: other fines → 3 years',
    cite: '总局令第45号 第十三条',
    input: fine('2024-04-01', 'market_regulation', '5'),
    expect: {
      rule: 'samr-order45-2021',
      severity: 'general',
      published: true,
      end: '2027-04-01',
      repair: '2025-04-01',
    },
  },
  {
    name: 'SAMR: 吊销营业执照 cannot end early',
    cite: '总局令第45号 第十四条',
    input: {
      decisionDate: '2024-04-01',
      sector: 'market_regulation',
      penaltyTypes: ['business_licence_revocation'],
    },
    expect: {
      rule: 'samr-order45-2021',
      severity: 'serious',
      published: true,
      end: '2027-04-01',
      repair: null,
    },
  },
  {
    name: 'SAMR: 责令停产停业 with a fine cannot end early',
    cite: '总局令第45号 第十四条',
    input: {
      decisionDate: '2025-02-02',
      sector: 'market_regulation',
      penaltyTypes: ['fine', 'suspension_order'],
      fineWan: '10',
    },
    expect: {
      rule: 'samr-order45-2021',
      severity: 'serious',
      published: true,
      end: '2028-02-02',
      repair: null,
    },
  },
  {
    name: 'SAMR: simple procedure not published',
    cite: '总局令第45号 第二条 普通程序',
    input: fine('2024-04-01', 'market_regulation', '0.02', { simpleProcedure: true }),
    expect: { rule: 'samr-order45-2021', severity: 'minor', published: false, end: null, repair: null },
  },
  {
    name: 'SAMR: continues after 2026-04-01',
    cite: 'sector rule set wins over Order 36',
    input: fine('2026-04-01', 'market_regulation', '5'),
    expect: {
      rule: 'samr-order45-2021',
      severity: 'general',
      published: true,
      end: '2029-04-01',
      repair: '2027-04-01',
    },
  },
  {
    name: 'market regulation before 2021-09-01 → 527',
    cite: '总局令第45号 effective 2021-09-01',
    input: fine('2021-08-31', 'market_regulation', '5'),
    expect: {
      rule: 'ndrc-527-2019',
      severity: 'general',
      published: true,
      end: '2022-08-31',
      repair: '2021-12-01',
    },
  },
];

describe('publicity rules by effective date (table)', () => {
  it(`has at least 30 cases across the four regimes (${CASES.length})`, () => {
    assert.ok(CASES.length >= 30);
    for (const r of ['ndrc-527-2019', 'ndrc-order58-2023', 'ndrc-order36-2026', 'samr-order45-2021']) {
      assert.ok(
        CASES.some((c) => c.expect.rule === r),
        r,
      );
    }
  });
  for (const c of CASES) {
    it(`${c.name} [${c.cite}]`, () => {
      const w = computePublicity(c.input);
      assert.deepEqual(
        {
          rule: w.ruleSetId,
          severity: w.severity,
          published: w.published,
          end: w.end,
          repair: w.earliestRepair,
        },
        c.expect,
        w.explanation.join(' | '),
      );
      assert.equal(w.start, c.input.decisionDate);
      assert.ok(w.citation.length > 0);
    });
  }
});

describe('addMonths', () => {
  it('keeps the day of month or rolls to the 1st of the next month', () => {
    assert.equal(addMonths('2024-06-01', 3), '2024-09-01');
    assert.equal(addMonths('2024-06-01', 36), '2027-06-01');
    assert.equal(addMonths('2024-01-31', 1), '2024-03-01');
    assert.equal(addMonths('2024-02-29', 12), '2025-03-01');
    assert.equal(addMonths('2023-11-30', 3), '2024-03-01');
    assert.equal(addMonths('2023-12-15', 1), '2024-01-15');
  });
});
