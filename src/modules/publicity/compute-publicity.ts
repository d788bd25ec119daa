import { PENALTY_TYPE_OPTIONS } from '../catalog/national/xzcf.item.js';
import { compareDecimal } from '../catalog/values/parse-decimal.js';
import { PROVIDER_SECTORS } from '../providers/provider.service.js';
import { addMonths } from './add-months.js';
import { DEFAULT_PUBLICITY_CONFIG, type PublicityConfig } from './publicity.config.js';
import { type PublicityRuleSet, SEVERITY_LABELS, SEVERITY_RANK, type Severity } from './publicity.types.js';
import { RULE_SETS } from './rule-sets.js';

/** What the rules need to know about a negative record. */
export interface PublicityInput {
  /** 处罚决定日期 (YYYY-MM-DD). */
  readonly decisionDate: string;
  /** Provider sector, e.g. market_regulation, emergency_management, fire_rescue, special_equipment, general. */
  readonly sector: string;
  /** 处罚类别 values (PENALTY_TYPE_OPTIONS). */
  readonly penaltyTypes: readonly string[];
  /** 罚款金额 in 万元 as a decimal string. */
  readonly fineWan?: string | null;
  /** Decided under the simple (on-the-spot) procedure, 行政处罚法 art. 51. */
  readonly simpleProcedure?: boolean;
  /** Class supplied by the provider (CF_SXCD); wins over the classifier. */
  readonly suppliedSeverity?: Severity | null;
}

export interface PublicityWindow {
  readonly severity: Severity;
  /** Shown in the public view at all. */
  readonly published: boolean;
  readonly start: string;
  /** First day no longer shown (half-open); null when not published or without automatic end. */
  readonly end: string | null;
  /** First day a repair (early end) may be granted; null = not allowed. */
  readonly earliestRepair: string | null;
  readonly ruleSetId: string;
  readonly citation: string;
  /** Each step of the decision, in Chinese (record detail, `publicity explain`). */
  readonly explanation: readonly string[];
}

const TYPE_LABELS = new Map(PENALTY_TYPE_OPTIONS.map((o) => [o.value, o.label]));

/** 处罚类别 values as their labels, e.g. `警告、通报批评`. */
function typeLabels(types: readonly string[]): string {
  return types.map((t) => TYPE_LABELS.get(t) ?? t).join('、');
}

function sectorLabel(sector: string): string {
  return PROVIDER_SECTORS[sector] ?? sector;
}

/**
 * Picks the rule set for a decision date and sector: a sector-specific set in force wins over the general one.
 * @throws Error when no rule set covers the date (cannot happen with the shipped sets, which start in 1900).
 */
export function selectRuleSet(
  decisionDate: string,
  sector: string,
  ruleSets: readonly PublicityRuleSet[] = RULE_SETS,
): PublicityRuleSet {
  const inForce = ruleSets.filter(
    (r) => r.effectiveFrom <= decisionDate && (r.effectiveTo === null || decisionDate < r.effectiveTo),
  );
  const specific = inForce.find((r) => r.sectors?.includes(sector) === true);
  const general = inForce.find((r) => r.sectors === null);
  const chosen = specific ?? general;
  if (chosen === undefined)
    throw new Error(`no publicity rule set covers ${decisionDate} for sector ${sector}`);
  return chosen;
}

/**
 * Computes severity class and publicity window of a penalty-like record (REFERENCE §5, §15.4):
 * rule set by decision date and sector; the provider's class wins, otherwise the configurable classifier; several
 * penalty types → the longest window; windows counted in months from the decision date (a missing day of month
 * rolls to the 1st of the next month); simple-procedure decisions are never published. `explain: false` skips
 * building the explanation (bulk ingestion).
 */
export function computePublicity(
  input: PublicityInput,
  config: PublicityConfig = DEFAULT_PUBLICITY_CONFIG,
  ruleSets: readonly PublicityRuleSet[] = RULE_SETS,
  options: { explain?: boolean } = {},
): PublicityWindow {
  const rule = selectRuleSet(input.decisionDate, input.sector, ruleSets);
  const why: string[] = [];
  const note = options.explain === false ? () => {} : (line: () => string) => void why.push(line());
  note(
    () =>
      `适用规则：${rule.name}（${rule.id}；决定日期 ${input.decisionDate}，行业领域：${sectorLabel(input.sector)}）`,
  );
  const types = [...new Set(input.penaltyTypes)];

  let severity: Severity;
  if (input.suppliedSeverity !== undefined && input.suppliedSeverity !== null) {
    severity = input.suppliedSeverity;
    note(() => `失信程度由信息提供单位报送：${SEVERITY_LABELS[severity]}`);
  } else {
    severity = classify(input, types, rule, config, note);
  }

  let published = rule.windows[severity].published;
  if (input.simpleProcedure === true) {
    published = false;
    note(() => '适用简易程序（行政处罚法第五十一条）：不予公示');
  }
  if (
    rule.unpublishedWhenOnly !== undefined &&
    types.length > 0 &&
    types.every((t) => rule.unpublishedWhenOnly?.includes(t))
  ) {
    published = false;
    note(() => `仅有${typeLabels(types)}：按${rule.name}不予公示`);
  }
  if (!published) note(() => `${SEVERITY_LABELS[severity]}：不予公示`);

  const window = rule.windows[severity];
  let minMonths = window.minMonths;
  if (rule.specialSectorMinMonths?.sectors.includes(input.sector) === true && minMonths !== null) {
    minMonths = Math.max(minMonths, rule.specialSectorMinMonths.minMonths);
    note(() => `${sectorLabel(input.sector)}领域：最短公示期 ${minMonths} 个月`);
  }
  const noEarly = types.filter((t) => rule.noEarlyEndTypes?.includes(t) === true);
  if (noEarly.length > 0) note(() => `${typeLabels(noEarly)}不得提前终止公示`);

  const start = input.decisionDate;
  const end = published && window.maxMonths !== null ? addMonths(start, window.maxMonths) : null;
  const earliestRepair =
    published && minMonths !== null && noEarly.length === 0 ? addMonths(start, minMonths) : null;
  if (published)
    note(
      () =>
        `公示自 ${start} 起${end === null ? '，无自动截止日期' : `，${end} 起不再公示`}${earliestRepair === null ? '，不得提前终止公示' : `，${earliestRepair} 起可申请信用修复`}`,
    );
  return {
    severity,
    published,
    start,
    end,
    earliestRepair,
    ruleSetId: rule.id,
    citation: rule.citation,
    explanation: why,
  };
}

function classify(
  input: PublicityInput,
  types: readonly string[],
  rule: PublicityRuleSet,
  config: PublicityConfig,
  note: (line: () => string) => void,
): Severity {
  if (input.simpleProcedure === true) {
    note(() => `适用简易程序 → ${SEVERITY_LABELS.minor}`);
    return 'minor';
  }
  let severity: Severity | undefined;
  const raise = (s: Severity, reason: string) => {
    if (severity === undefined || SEVERITY_RANK[s] > SEVERITY_RANK[severity]) severity = s;
    note(() => reason);
  };
  if (types.length > 0 && types.every((t) => config.minorOnlyTypes.includes(t)))
    raise('minor', `仅有${typeLabels(types)} → ${SEVERITY_LABELS.minor}`);
  for (const t of types) {
    const fixed = rule.typeClass?.[t];
    if (fixed !== undefined) raise(fixed, `${typeLabels([t])} → ${SEVERITY_LABELS[fixed]}（${rule.name}）`);
    else if (config.seriousTypes.includes(t))
      raise('serious', `${typeLabels([t])} → ${SEVERITY_LABELS.serious}`);
    else if (!config.minorOnlyTypes.includes(t))
      raise(config.defaultSeverity, `${typeLabels([t])} → ${SEVERITY_LABELS[config.defaultSeverity]}`);
  }
  const fine = input.fineWan ?? null;
  if (fine !== null && config.seriousFineWan !== null && compareDecimal(fine, config.seriousFineWan) >= 0) {
    raise('serious', `罚款 ${fine} 万元 ≥ ${config.seriousFineWan} 万元 → ${SEVERITY_LABELS.serious}`);
  }
  if (
    rule.sectors?.includes('market_regulation') === true &&
    fine !== null &&
    types.length > 0 &&
    types.every((t) => t === 'fine' || t === 'circulated_criticism' || t === 'warning') &&
    compareDecimal(fine, config.samrLowFineWan) <= 0
  ) {
    severity = 'minor';
    note(
      () =>
        `较低数额罚款 ${fine} 万元 ≤ ${config.samrLowFineWan} 万元 → ${SEVERITY_LABELS.minor}，公示 3 个月（市场监督管理行政处罚信息公示规定第十三条）`,
    );
  }
  if (severity === undefined) {
    note(() => `未填写处罚类别 → ${SEVERITY_LABELS[config.defaultSeverity]}`);
    return config.defaultSeverity;
  }
  return severity;
}
