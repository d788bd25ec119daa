/** 失信程度 classes (NDRC Order 36; 国办发〔2025〕22号). */
export type Severity = 'minor' | 'general' | 'serious';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { minor: 0, general: 1, serious: 2 };

/** 失信程度 as people read them. */
export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  minor: '轻微失信',
  general: '一般失信',
  serious: '严重失信',
};

/** Publicity window of one severity class under a rule set, in months counted from the decision date. */
export interface ClassWindow {
  /** Whether records of this class appear in the public view at all. */
  readonly published: boolean;
  /** Earliest repair (提前终止公示) after this many months; null = never early. */
  readonly minMonths: number | null;
  /** Publicity ends automatically after this many months; null = no automatic end. */
  readonly maxMonths: number | null;
}

/**
 * One publicity/repair regime, selected by decision date and provider sector. Data, not code: each carries its
 * citation, and deployments can override windows through configuration (publicity.config.ts).
 */
export interface PublicityRuleSet {
  readonly id: string;
  readonly name: string;
  readonly citation: string;
  /** First decision date the rule set governs (inclusive). */
  readonly effectiveFrom: string;
  /** First decision date it no longer governs (exclusive); null = open. */
  readonly effectiveTo: string | null;
  /** Provider sectors it is limited to; null = every sector not claimed by a more specific rule set. */
  readonly sectors: readonly string[] | null;
  readonly windows: Readonly<Record<Severity, ClassWindow>>;
  /** Sectors whose penalties have a longer minimum (Order 58: 特种设备, 安全生产, 消防 → 12 months). */
  readonly specialSectorMinMonths?: {
    readonly sectors: readonly string[];
    readonly minMonths: number;
    readonly citation: string;
  };
  /** Penalty types that may never end early (SAMR Order 45 art. 14). */
  readonly noEarlyEndTypes?: readonly string[];
  /** When every penalty type of a decision is in this set, the decision is not published (SAMR: warning only). */
  readonly unpublishedWhenOnly?: readonly string[];
  /** Classes per penalty type that override the classifier under this rule set (SAMR's 3-month / 3-year split). */
  readonly typeClass?: Readonly<Record<string, Severity>>;
  /** Notes on what is UNCONFIRMED about this rule set. */
  readonly notes: readonly string[];
}
