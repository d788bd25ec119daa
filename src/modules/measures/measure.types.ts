import type { Severity } from '../publicity/publicity.types.js';

/** 业务场景: where a credit user checks subjects (政府采购, 招标投标 …). Data, not code. */
export interface ScenarioSpec {
  readonly code: string;
  readonly name: string;
  readonly description: string;
  /** Documents that make the check part of the business flow. */
  readonly basis: string;
}

/**
 * What activates a measure: in-force records of an item (list entries, penalties …), optionally restricted by a
 * field's values, the record's severity, or how recent the decision is.
 */
export interface Trigger {
  readonly item: string;
  readonly field?: string;
  readonly values?: readonly string[];
  readonly severity?: readonly Severity[];
  /** Only decisions within this many years before the check date count. */
  readonly withinYears?: number;
}

/** How a measure affects the business decision. Verdicts follow the strongest discipline, else any incentive. */
export type MeasureEffect = 'bar' | 'restrict' | 'incentive';

/**
 * One entry of the measures list (失信惩戒措施 / 守信激励措施). `measureClass` follows the 2021 national basic
 * list's three classes: 1 measures by public bodies that reduce rights or add duties (need an explicit legal
 * basis), 2 management measures within public bodies' duties, 3 measures by market or industry organisations.
 */
export interface MeasureSpec {
  readonly code: string;
  readonly name: string;
  readonly kind: 'discipline' | 'incentive';
  readonly measureClass: 1 | 2 | 3;
  readonly content: string;
  /** 设定依据: the law, regulation or central policy document (article where known). */
  readonly legalBasis: string;
  /** 实施主体. */
  readonly implementingBody: string;
  /** 惩戒对象 / 激励对象. */
  readonly targets: readonly ('entity' | 'legal_representative' | 'responsible_persons' | 'natural_person')[];
  readonly effect: MeasureEffect;
  readonly triggers: readonly Trigger[];
  readonly scenarios: readonly string[];
  /**
   * The entry of the national 失信惩戒措施基础清单 (2024) this measure implements; null for a local measure (补充清单)
   * or an incentive.
   */
  readonly nationalListEntry: string | null;
  /**
   * Whether the legal basis is confirmed as shipped. An admin's decision (measure_basis_decision) overrides it; a bar
   * whose basis is not confirmed answers 提示（需人工核实法律依据）, never 禁止.
   */
  readonly basisConfirmed: boolean;
  readonly note?: string;
}
