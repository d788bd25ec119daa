import type { MeasureEffect } from '../measures/measure.types.js';
import type { ResultVerdict } from './check.table.js';

/** One subject to check: by unified social credit code, by resident id (natural persons), or by name only. */
export type CheckQuery = { readonly uscc: string } | { readonly ric: string } | { readonly name: string };

export interface TriggerHit {
  readonly recordId: number;
  readonly version: number;
  readonly item: string;
  readonly itemName: string;
  readonly documentNumber: string | null;
  readonly decisionDate: string | null;
  readonly validUntil: string | null;
  readonly provider: string;
}

export interface AppliedMeasure {
  readonly code: string;
  readonly version: number;
  readonly name: string;
  readonly effect: MeasureEffect;
  readonly legalBasis: string;
  readonly implementingBody: string;
  /** False: the basis is not confirmed by an admin, so a bar answers 提示 (prompt), never 禁止 (issue 16 point 13). */
  readonly basisConfirmed: boolean;
  /** The national 失信惩戒措施基础清单 (2024) entry implemented; null for local measures and incentives. */
  readonly nationalListEntry: string | null;
  /** Record ids that triggered this measure. */
  readonly triggeredBy: number[];
}

export interface Candidate {
  readonly subjectId: number;
  readonly name: string;
  readonly uscc: string | null;
  /** Why it is a candidate, e.g. 名称完全一致 / 名称包含查询词. */
  readonly explanation: string;
}

export interface CheckResult {
  readonly index: number;
  /** The query as given, with resident ids masked. */
  readonly query: Readonly<Record<string, string>>;
  readonly subject: { readonly id: number; readonly name: string; readonly uscc: string | null } | null;
  readonly verdict: ResultVerdict;
  readonly triggers: TriggerHit[];
  readonly measures: AppliedMeasure[];
  readonly candidates: Candidate[];
  readonly note: string | null;
}

/** The signed body of a check receipt (canonical JSON is what the digest covers). */
export interface CheckPayload {
  readonly checkNo: string;
  readonly scenario: { readonly code: string; readonly name: string };
  /** The instant the records were read as of. */
  readonly asOf: string;
  readonly asOfDate: string;
  readonly checkedAt: string;
  readonly requestedBy: string;
  readonly organization: string | null;
  /** The data state the check read: the audit chain head at that time, and the measure versions used. */
  readonly dataVersion: { readonly auditSeq: number; readonly auditHash: string };
  readonly measureVersions: Readonly<Record<string, number>>;
  readonly itemVersions: Readonly<Record<string, number>>;
  readonly results: CheckResult[];
}

export interface CheckReceipt {
  readonly payload: CheckPayload;
  /** SM3 of the canonical payload. */
  readonly digest: string;
  readonly signature: string;
  readonly keyId: string;
  readonly algorithm: 'ed25519';
}
