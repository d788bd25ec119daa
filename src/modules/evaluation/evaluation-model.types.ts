import type { SubjectKind } from '../subjects/subject.table.js';

/** 失信程度 of a record (record.severity). */
export type RecordSeverity = 'minor' | 'general' | 'serious';

/**
 * Which record versions an indicator (指标) reads: one catalog item, optionally narrowed by severity and by
 * enumerated field values (e.g. JC_JGLX ∈ {case_opened}, CN_LYZT ∈ {breached}, MD_LB ∈ {tax}).
 */
export interface IndicatorMatch {
  /** Catalog item code, e.g. XZCF, SERIOUS_LIST, XZJC. */
  readonly item: string;
  readonly severities?: RecordSeverity[];
  /** Every condition must hold; a multi-valued field matches when any of its values is listed. */
  readonly fields?: { readonly field: string; readonly in: string[] }[];
  /**
   * Only records shown to the public (published = 1). Default false: unpublished records (e.g. simple-procedure
   * penalties) count too, for as long as their window and decay allow.
   */
  readonly publishedOnly?: boolean;
}

/** Recency decay: a record decided less than `withinYears` years before the evaluation date counts `percent`%. */
export interface DecayStep {
  readonly withinYears: number;
  readonly percent: number;
}

/**
 * One indicator. Each matching record counts `points` (signed decimal, ≤ 2 places; negative = deduction 扣分,
 * positive = bonus 加分) × its decay percentage; `mode: 'once'` counts only the heaviest matching record. The
 * indicator's total is limited to ±`cap`.
 */
export interface Indicator {
  /** Stable code, `[a-z][a-z0-9_]*`, e.g. `penalty_serious`. */
  readonly code: string;
  /** Chinese name shown in explanations, e.g. 严重失信行政处罚. */
  readonly name: string;
  readonly match: IndicatorMatch;
  readonly points: string;
  readonly mode?: 'each' | 'once';
  /** Largest absolute total of the indicator (decimal ≤ 2 places); absent or null = no cap. */
  readonly cap?: string | null;
  /** Ascending `withinYears`; older records count 0 and drop out. Absent = no decay (100% while the record counts). */
  readonly decay?: DecayStep[];
  /** Where the points come from. */
  readonly basis: string;
  /** false = the numbers are xinyong defaults, not from a confirmed national source (UNCONFIRMED). */
  readonly confirmed: boolean;
}

/** A grade band (评价等级): scores ≥ `minScore` get the grade; bands are listed from best to worst. */
export interface GradeBand {
  /** Grade code, e.g. `A+`, `C-` (ASCII minus), `D`. */
  readonly code: string;
  /** Display form, e.g. `C−`. */
  readonly display: string;
  /** Class label, e.g. 诚信守法 / 轻微失信 / 一般失信 / 严重失信. */
  readonly label: string;
  /** Lowest score of the band (decimal ≤ 2 places); null only for the last (worst) band. */
  readonly minScore: string | null;
  readonly confirmed: boolean;
}

/**
 * An evaluation model (公共信用综合评价模型) as data: base score, indicators, grade bands, subjects in scope and
 * schedule. Stored as immutable versions (`evaluation_model`).
 */
export interface EvaluationModelDefinition {
  /** `[a-z0-9][a-z0-9-]*`, e.g. `xy-general`. */
  readonly code: string;
  readonly name: string;
  readonly description: string;
  /** Base score (基础分), decimal ≤ 2 places; Shandong uses 1000. */
  readonly baseScore: string;
  /**
   * Subject kinds evaluated. Natural persons are not scored by default (PIPL art. 55 requires an impact assessment
   * before automated decision-making about individuals): including `natural_person` needs
   * `personalInformationAssessment`.
   */
  readonly subjectKinds: SubjectKind[];
  /** Registration statuses excluded from evaluation (e.g. 注销). */
  readonly excludeRegStatuses: string[];
  readonly grades: GradeBand[];
  readonly indicators: Indicator[];
  /** quarterly: evaluated as of each quarter end; onChange: re-evaluated when a subject's records change. */
  readonly schedule: { readonly quarterly: boolean; readonly onChange: boolean };
  /**
   * Default sampling multipliers per grade for random inspections (双随机), decimal strings; key `unrated` for
   * subjects without a grade. Plans may override them. UNCONFIRMED: no published national ratios (REFERENCE §8).
   */
  readonly inspectionMultipliers: Readonly<Record<string, string>>;
  /** Reference of the personal-information impact assessment (PIPL art. 55) when natural persons are in scope. */
  readonly personalInformationAssessment?: string | null;
  /** Sources and what is unconfirmed. */
  readonly source: string;
  /** Human-readable list of the numbers that are configuration, not confirmed national values. */
  readonly unconfirmed: string[];
}
