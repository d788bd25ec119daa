import type { SubjectKind } from '../subjects/subject.table.js';
import type { ReportKind, ReportView } from './report.table.js';

export type { ReportKind, ReportView } from './report.table.js';

/** Version tag of the content format; a change of shape is a new tag. */
export const REPORT_FORMAT = 'xinyong-report/1';

/** Text of a section or group without records (信用中国 practice). */
export const EMPTY_TEXT = '查询期内无相关信息';

export const KIND_TITLE: Readonly<Record<ReportKind, string>> = {
  standard: '公共信用信息报告',
  special: '专项信用报告',
};

export const VIEW_LABEL: Readonly<Record<ReportView, string>> = {
  public: '公开版',
  authorised: '授权查询版',
  subject: '信用主体本人版',
};

/** What a report was asked for, after defaults: the window on decision dates and the domains (provider sectors). */
export interface ReportParams {
  /** First decision date shown (inclusive); null = no lower bound (standard report). */
  readonly from: string | null;
  /** Last decision date shown (inclusive); the issue date unless asked otherwise. */
  readonly to: string;
  /** Provider sectors (专项报告 领域) chosen, sorted; empty = all. */
  readonly domains: string[];
  /** Whether the platform's own grade (公共信用综合评价) is shown: only to readers entitled to it. */
  readonly includeGrade: boolean;
  /** The window as requested (null = default), which identifies the report series. */
  readonly requested: { readonly from: string | null; readonly to: string | null };
}

/** One label/value line (subject facts, grade). */
export interface ReportFact {
  readonly label: string;
  readonly text: string;
}

/** One record as a report shows it: display texts only, personal identifiers masked. */
export interface ReportRecord {
  readonly id: number;
  readonly version: number;
  readonly item: {
    readonly code: string;
    readonly name: string;
    readonly version: number;
    readonly origin: 'national' | 'local';
  };
  readonly provider: { readonly code: string; readonly name: string };
  /** 行政处罚决定书文号 and the like, when the item has a document number. */
  readonly documentNumber: string | null;
  readonly decisionDate: string | null;
  readonly status: 'active' | 'revoked' | 'repaired' | 'removed';
  readonly fields: { readonly code: string; readonly label: string; readonly text: string }[];
  readonly publicity: {
    readonly severity: 'minor' | 'general' | 'serious' | null;
    readonly published: boolean;
    readonly start: string | null;
    readonly end: string | null;
    readonly earliestRepair: string | null;
    readonly rule: string | null;
  };
  /** Marks shown beside the record: 异议处理中, 未公示（简易程序）, 公示期已届满 … */
  readonly tags: string[];
}

/** A subsection, one per catalog item (行政许可, 行政处罚 …). */
export interface ReportGroup {
  readonly code: string;
  readonly title: string;
  readonly records: ReportRecord[];
  /** {@link EMPTY_TEXT} when there are no records, or the reason the platform holds none. */
  readonly note: string | null;
}

export interface ReportSection {
  /** Stable code: basic, administrative, honesty, serious, abnormal, commitment, evaluation, judicial, other,
   * suggestions, local (standard); basic, penalty, enforcement, serious, criminal (special). */
  readonly code: string;
  /** 一、基本信息 … */
  readonly title: string;
  readonly facts: ReportFact[];
  readonly groups: ReportGroup[];
  readonly paragraphs: string[];
}

/** The signed content of a report (canonical JSON; SM3 digest; Ed25519 signature). */
export interface ReportContent {
  readonly format: typeof REPORT_FORMAT;
  readonly reportNo: string;
  readonly kind: ReportKind;
  readonly title: string;
  readonly view: ReportView;
  readonly platform: { readonly name: string; readonly portal: string; readonly region: string };
  readonly subject: {
    readonly id: number;
    readonly kind: SubjectKind;
    readonly name: string;
    readonly uscc: string | null;
    /** Masked resident id, only in the subject's own report of a natural person. */
    readonly idNumber: string | null;
    readonly regStatus: string | null;
    readonly regionCode: string | null;
    readonly regionName: string | null;
  };
  readonly parameters: {
    readonly from: string | null;
    readonly to: string;
    readonly domains: { readonly code: string; readonly label: string }[];
    readonly includeGrade: boolean;
  };
  readonly issuedAt: string;
  readonly issueDate: string;
  /** Records and windows are read as they stood at this instant (数据截止). */
  readonly dataCutoff: string;
  readonly validUntil: string;
  readonly sections: ReportSection[];
  /** 信息来源: the providers of the records shown. */
  readonly sources: { readonly code: string; readonly name: string; readonly records: number }[];
  /** 公示规则: the publicity rule sets applied to the records shown (or in force on the issue date). */
  readonly rules: {
    readonly id: string;
    readonly name: string;
    readonly citation: string;
    readonly records: number;
  }[];
  /** 报告说明. */
  readonly statements: string[];
  readonly signing: { readonly keyId: string; readonly algorithm: 'ed25519' };
}

/** An issued report's metadata (no content), as returned on issuance and in lists. */
export interface ReportSummary {
  readonly reportNo: string;
  readonly kind: ReportKind;
  readonly view: ReportView;
  readonly subject: {
    readonly id: number;
    readonly kind: SubjectKind;
    readonly name: string;
    readonly uscc: string | null;
  };
  readonly from: string | null;
  readonly to: string;
  readonly domains: string[];
  readonly issuedAt: string;
  readonly issueDate: string;
  readonly validUntil: string;
  readonly contentDigest: string;
  readonly pdfSm3: string;
  readonly pdfSize: number;
  readonly keyId: string;
  readonly verificationCode: string;
  readonly verificationUrl: string;
  readonly jsonUrl: string;
  readonly pdfUrl: string;
}
