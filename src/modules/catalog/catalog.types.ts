import type { PersonalDataKind } from '../../standards/mask.js';
import type { SubjectKind } from '../subjects/subject.table.js';

/** Value types a field can have; each has a parser in ingestion/values. */
export type FieldType =
  | 'text'
  | 'date'
  | 'decimal'
  | 'integer'
  | 'enum'
  | 'uscc'
  | 'org_code'
  | 'reg_no'
  | 'resident_id'
  | 'region_code'
  | 'boolean';

export type Disclosure = 'public' | 'authorised' | 'government';
export type Polarity = 'positive' | 'neutral' | 'negative';

/** How a field's value is masked in public output (standards/mask.ts). */
export type PersonalKind = PersonalDataKind;

/**
 * What the pipeline uses a field for. Roles connect national field codes (CF_XDR_SHXYM, XK_XDR_SHXYM …) to the
 * subject registry, the publicity rules and the timeliness check without hard-coding codes.
 */
export type FieldRole =
  | 'subject_name'
  | 'subject_kind'
  | 'subject_uscc'
  | 'subject_reg_no'
  | 'subject_org_code'
  | 'subject_id_type'
  | 'subject_id_number'
  | 'subject_region'
  | 'subject_status'
  | 'decision_date'
  | 'effective_from'
  | 'effective_to'
  | 'penalty_types'
  | 'fine_amount'
  | 'confiscation_amount'
  | 'severity'
  | 'procedure'
  | 'document_number';

export interface EnumOption {
  /** Stored value (the national code where one exists). */
  readonly value: string;
  /** Chinese label. */
  readonly label: string;
  /** Other spellings accepted on input (labels of older standards, local codes). */
  readonly synonyms?: readonly string[];
}

export interface FieldSpec {
  /** National field code, kept verbatim at the boundary, e.g. `CF_WSH`. */
  readonly code: string;
  /** Chinese label (数据项名称), e.g. 行政处罚决定书文号. */
  readonly label: string;
  readonly type: FieldType;
  /** Required for every row, or only for rows about the listed subject kinds. */
  readonly required?: boolean | readonly SubjectKind[];
  readonly enum?: readonly EnumOption[];
  /** Enum fields that may hold several values (e.g. 处罚类别), separated by ；;、,， on input. */
  readonly multiple?: boolean;
  /** Unit of a decimal, as the standard names it (e.g. 万元). */
  readonly unit?: string;
  readonly maxLength?: number;
  /** Maximum number of decimal places for decimals. */
  readonly scale?: number;
  /** Field-level disclosure; defaults to the item's. A public view never shows a field above `public`. */
  readonly disclosure?: Disclosure;
  readonly personal?: PersonalKind;
  readonly role?: FieldRole;
  /** Dates only: must not be after this other date field of the row (e.g. notice before listing). */
  readonly notAfter?: string;
  /** Dates only: sentinels like 9999-12-31 / 2099-12-31 mean "no end" instead of an error. */
  readonly openEnded?: boolean;
  /**
   * For id-number fields: the field holding the document type. The number is checked as a GB 11643 resident id
   * only when that type is 身份证 (or empty); other documents are kept as text.
   */
  readonly idTypeField?: string;
  /** Extra header spellings accepted by the mapper (besides code and label). */
  readonly aliases?: readonly string[];
  /** One-line guidance printed in templates (填写说明). */
  readonly hint?: string;
}

/** National catalogue classes (全国公共信用信息基础目录, 2021/2022/2024 editions). */
export type NationalClass =
  | 'registration'
  | 'judicial'
  | 'administrative_management'
  | 'qualification'
  | 'abnormal_operations'
  | 'serious_untrustworthy'
  | 'contract_performance'
  | 'commitment'
  | 'evaluation'
  | 'honours'
  | 'voluntary'
  | 'law_compliance'
  | 'intellectual_property';

/** How long and whether a record is shown to the public. */
export type PublicityModel =
  /** Penalty-like negative records: windows from the publicity rule sets by decision date (publicity module). */
  | 'rules'
  /** Shown from effective_from (or decision date) until effective_to (lists, licences with validity). */
  | 'effective_period'
  /** Shown while the record is current (registration facts). */
  | 'while_current';

export type ListKind = 'serious' | 'red' | 'focus' | 'abnormal' | 'judgment_defaulter';

export interface CatalogItemSpec {
  readonly code: string;
  readonly name: string;
  readonly nationalClass: NationalClass;
  readonly subjectKinds: readonly SubjectKind[];
  readonly fields: readonly FieldSpec[];
  /** Field codes forming the business key; `@subject` stands for the resolved subject identity. */
  readonly businessKey: readonly string[];
  readonly polarity: Polarity;
  readonly disclosure: Disclosure;
  readonly publicity: PublicityModel;
  /** Collection deadline in statutory working days after the decision date (双公示: 7), or null. */
  readonly timelinessWorkingDays: number | null;
  /** Years a record is kept available after its end (保存期限). */
  readonly retentionYears: number;
  /** Legal basis for collecting the item (citation). */
  readonly legalBasis: string;
  /** Set for list items (红黑名单, 经营异常, 失信被执行人). */
  readonly list?: ListKind;
  /** Report section this item belongs to (JBXX 基本信息, XZGL 行政管理, CSSX 诚实守信, YZSX 严重失信, QTXX 其他). */
  readonly reportSection: 'JBXX' | 'XZGL' | 'CSSX' | 'YZSX' | 'QTXX';
  /** Update frequency as the catalogue states it (更新频次), free text. */
  readonly updateFrequency?: string;
  /** Where this definition comes from and what is unconfirmed about it. */
  readonly source: string;
}
