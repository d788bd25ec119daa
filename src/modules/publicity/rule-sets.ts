import type { PublicityRuleSet } from './publicity.types.js';

/**
 * Publicity and repair rule sets by effective date (REFERENCE §5, §15.4). Windows are months from the decision
 * date; `publicity_end` is the first day the record is no longer shown (half-open).
 */
export const RULE_SETS: readonly PublicityRuleSet[] = [
  {
    id: 'ndrc-527-2019',
    name: '发改办财金〔2019〕527号（旧修复规则）',
    citation:
      '国家发展改革委办公厅关于进一步完善"信用中国"网站及地方信用门户网站行政处罚信息信用修复机制的通知（发改办财金〔2019〕527号）',
    effectiveFrom: '1900-01-01',
    effectiveTo: '2023-05-01',
    sectors: null,
    windows: {
      minor: { published: false, minMonths: null, maxMonths: null },
      general: { published: true, minMonths: 3, maxMonths: 12 },
      serious: { published: true, minMonths: 6, maxMonths: 36 },
    },
    notes: [
      'general 3 months–1 year, serious 6 months–3 years (REFERENCE §0, §5.2)',
      'minor (simple procedure, warnings) not published: xinyong default, UNCONFIRMED for this regime',
    ],
  },
  {
    id: 'ndrc-order58-2023',
    name: '国家发展改革委令第58号《失信行为纠正后的信用信息修复管理办法（试行）》',
    citation: '失信行为纠正后的信用信息修复管理办法（试行）（国家发展改革委令2023年第58号）',
    effectiveFrom: '2023-05-01',
    effectiveTo: '2026-04-01',
    sectors: null,
    windows: {
      minor: { published: false, minMonths: null, maxMonths: null },
      general: { published: true, minMonths: 3, maxMonths: 36 },
      serious: { published: true, minMonths: 3, maxMonths: 36 },
    },
    specialSectorMinMonths: {
      sectors: ['special_equipment', 'emergency_management', 'fire_rescue'],
      minMonths: 12,
      citation:
        '特种设备、安全生产、消防领域行政处罚信息最短公示期一年（令第58号，深圳市住建局双公示栏目转述）',
    },
    notes: [
      'penalty information: min 3 months, max 3 years; several penalty types in one decision: the longest applies; counted from the decision date (REFERENCE §5.2)',
      'article numbers and whether warnings or simple-procedure penalties are excluded are UNCONFIRMED; xinyong does not publish minor (simple procedure / warning-only) penalties by default',
    ],
  },
  {
    id: 'ndrc-order36-2026',
    name: '国家发展改革委令第36号《信用修复管理办法》',
    citation: '信用修复管理办法（国家发展改革委令2025年第36号，2026年4月1日起施行）；国办发〔2025〕22号',
    effectiveFrom: '2026-04-01',
    effectiveTo: null,
    sectors: null,
    windows: {
      minor: { published: false, minMonths: null, maxMonths: 3 },
      general: { published: true, minMonths: 3, maxMonths: 12 },
      serious: { published: true, minMonths: 12, maxMonths: 36 },
    },
    notes: [
      '轻微: not published in principle, at most 3 months where publication is necessary; 一般: 3 months–1 year; 严重: 1–3 years (REFERENCE §5.1)',
      'which penalties fall in each class is set per sector by its regulator; the default classifier is xinyong configuration',
    ],
  },
  {
    id: 'samr-order45-2021',
    name: '市场监督管理总局令第45号《市场监督管理行政处罚信息公示规定》',
    citation: '市场监督管理行政处罚信息公示规定（国家市场监督管理总局令第45号）第二条、第十三条、第十四条',
    effectiveFrom: '2021-09-01',
    effectiveTo: null,
    sectors: ['market_regulation'],
    windows: {
      minor: { published: true, minMonths: 3, maxMonths: 3 },
      general: { published: true, minMonths: 12, maxMonths: 36 },
      serious: { published: true, minMonths: 12, maxMonths: 36 },
    },
    unpublishedWhenOnly: ['warning'],
    typeClass: { circulated_criticism: 'minor' },
    noEarlyEndTypes: [
      'suspension_order',
      'production_restriction',
      'practice_restriction',
      'qualification_downgrade',
      'licence_revocation',
      'business_licence_revocation',
      'legacy_licence_action',
      'closure_order',
    ],
    notes: [
      'only ordinary-procedure penalties are published; warning-only penalties are not (art. 2)',
      '通报批评 or a lower-amount fine: 3 months; others: 3 years (art. 13). The "lower amount" threshold is set by provincial regulators: configuration (default 0.3万元, UNCONFIRMED)',
      'early stop (art. 14) is not allowed for 责令停产停业, 限制开展生产经营活动, 限制从业, 降低资质等级, 吊销许可证件, 吊销营业执照 and similar',
      'the earliest early-stop point for 3-year penalties (12 months) is UNCONFIRMED; restriction periods longer than 3 years (art. 13) are not modelled',
    ],
  },
];

/** Publicity rules that are not dated rule sets: how lists and current-status items are published. */
const OTHER_RULES: Readonly<Record<string, { name: string; citation: string }>> = {
  'effective-period': {
    name: '按有效期公示（名单、许可等在有效期内公示）',
    citation: '《全国公共信用信息基础目录》相关信息项',
  },
  'while-current': { name: '现行有效期间持续公示', citation: '《全国公共信用信息基础目录》相关信息项' },
};

/** Name and citation of a publicity rule id as people read them (a rule set, or one of the list rules). */
export function describePublicityRule(id: string): { name: string; citation: string } {
  const set = RULE_SETS.find((r) => r.id === id);
  if (set !== undefined) return { name: set.name, citation: set.citation };
  return OTHER_RULES[id] ?? { name: id, citation: '' };
}
