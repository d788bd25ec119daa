import type { FieldProtector } from '../../platform/crypto/field-protector.js';
import { addCalendarDays } from '../../standards/calendar-date.js';
import { maskAddress, maskName } from '../../standards/mask.js';
import type { CatalogItemSpec, Disclosure, FieldSpec, NationalClass } from '../catalog/catalog.types.js';
import type { FieldValue } from '../catalog/values/parse-field.js';
import type { SubjectKind } from '../subjects/subject.table.js';
import type { RecordRow } from './record.repository.js';

/**
 * Who a credit file is shown to. `public`: anyone (公示 only, personal data masked); `authorised`: credit users
 * and regulators (public and authorised records); `provider`: a department (its own records in full); `subject`:
 * the subject itself (everything about it); `full`: the credit centre.
 */
export type ViewKind = 'public' | 'authorised' | 'provider' | 'subject' | 'full';

export const NATIONAL_CLASS_LABEL: Readonly<Record<NationalClass, string>> = {
  registration: '登记注册基本信息',
  judicial: '司法裁判及执行信息',
  administrative_management: '行政管理信息',
  qualification: '职称和职业信息',
  abnormal_operations: '经营（活动）异常名录（状态）信息',
  serious_untrustworthy: '严重失信主体名单信息',
  contract_performance: '合同履行信息',
  commitment: '信用承诺及其履行情况信息',
  evaluation: '信用评价结果信息',
  honours: '诚实守信相关荣誉信息',
  voluntary: '经营主体自愿提供的信用信息',
  law_compliance: '遵守法律法规情况信息',
  intellectual_property: '知识产权信息',
};

const LEVELS: Readonly<Record<ViewKind, readonly Disclosure[]>> = {
  public: ['public'],
  authorised: ['public', 'authorised'],
  provider: ['public', 'authorised', 'government'],
  subject: ['public', 'authorised', 'government'],
  full: ['public', 'authorised', 'government'],
};

export interface FieldView {
  readonly code: string;
  readonly label: string;
  readonly value: string | boolean | null;
  /** Human-readable value: enum labels, 长期 for open-ended dates, 是/否, masked where the view requires. */
  readonly text: string | null;
}

export interface PublicityView {
  readonly published: boolean;
  readonly severity: 'minor' | 'general' | 'serious' | null;
  readonly start: string | null;
  /** First day no longer published (exclusive end). */
  readonly end: string | null;
  /** Last day published (公示期至), `end` − 1 day. */
  readonly lastDay: string | null;
  readonly earliestRepair: string | null;
  readonly rule: string | null;
  readonly endedOn: string | null;
  /** Shown in the public view on the reference date. */
  readonly visibleToPublic: boolean;
}

export interface RecordView {
  readonly id: number;
  readonly item: { readonly code: string; readonly name: string; readonly version: number };
  readonly nationalClass: NationalClass;
  readonly provider: { readonly code: string; readonly name: string };
  readonly version: number;
  readonly status: RecordRow['status'];
  readonly decisionDate: string | null;
  readonly effectiveFrom: string | null;
  readonly effectiveTo: string | null;
  readonly fields: FieldView[];
  readonly publicity: PublicityView;
  /** 异议处理中 marks the record on every view from the moment an objection is filed. */
  readonly objection: 'none' | 'under_objection';
  readonly change: { readonly kind: string; readonly reason: string | null; readonly at: string };
  /** Provenance: only outside the public view. */
  readonly provenance: {
    readonly batchId: number | null;
    readonly row: number | null;
    readonly receivedAt: string;
    readonly late: boolean;
    readonly quality: string[];
  } | null;
}

/** Whether a record version is in the public view on `date` (Asia/Shanghai): active, published, inside its window. */
export function publiclyVisible(
  r: Pick<RecordRow, 'status' | 'published' | 'disclosure' | 'publicity_start' | 'publicity_end'>,
  date: string,
): boolean {
  return (
    r.status === 'active' &&
    r.published === 1 &&
    r.disclosure === 'public' &&
    (r.publicity_start === null || r.publicity_start <= date) &&
    (r.publicity_end === null || date < r.publicity_end)
  );
}

/**
 * Whether a version belongs in a view on `date`. Public: {@link publiclyVisible}. Authorised readers: active
 * records up to 'authorised' disclosure that are still shared (repaired, revoked and removed ones stop being
 * shared; published ones until their publicity end). Provider: its own records in every state, others as public.
 * Subject and full: everything.
 */
export function visibleIn(
  view: ViewKind,
  r: Pick<
    RecordRow,
    'status' | 'published' | 'disclosure' | 'publicity_start' | 'publicity_end' | 'provider_id'
  >,
  date: string,
  providerId?: number,
): boolean {
  switch (view) {
    case 'public':
      return publiclyVisible(r, date);
    case 'authorised':
      return (
        r.status === 'active' &&
        r.disclosure !== 'government' &&
        (r.publicity_start === null || r.publicity_start <= date) &&
        (r.publicity_end === null || date < r.publicity_end)
      );
    case 'provider':
      return r.provider_id === providerId || publiclyVisible(r, date);
    default:
      return true;
  }
}

function fieldText(f: FieldSpec, value: FieldValue | null, open: boolean): string | null {
  if (open) return '长期';
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (f.type === 'enum' && f.enum !== undefined) {
    return value
      .split(';')
      .map((v) => f.enum?.find((o) => o.value === v)?.label ?? v)
      .join('；');
  }
  if (f.type === 'decimal' && f.unit !== undefined) return `${value}${f.unit === '万元' ? ' 万元' : f.unit}`;
  return value;
}

/**
 * Shapes one record version for a view: fields above the view's disclosure level are dropped, sensitive fields
 * decrypted only for views entitled to them, and in the public view personal names (and addresses of individual
 * businesses and natural persons) are masked.
 */
export function toRecordView(
  r: RecordRow,
  view: ViewKind,
  ctx: {
    spec: CatalogItemSpec;
    itemVersion: number;
    provider: { code: string; name: string };
    subjectKind: SubjectKind;
    protector: FieldProtector;
    date: string;
    ownProvider: boolean;
  },
): RecordView {
  const effective: ViewKind = view === 'provider' && !ctx.ownProvider ? 'public' : view;
  const levels = LEVELS[effective];
  const stored = JSON.parse(r.fields) as Record<string, FieldValue | readonly string[] | null>;
  const open = new Set(Array.isArray(stored._open) ? (stored._open as string[]) : []);
  let sensitive: Record<string, FieldValue | null> = {};
  if (r.sensitive !== null && levels.includes('government'))
    sensitive = JSON.parse(ctx.protector.decrypt(r.sensitive)) as Record<string, FieldValue | null>;
  const maskPersonal = effective === 'public';
  const fields: FieldView[] = [];
  for (const f of ctx.spec.fields) {
    const disclosure = f.disclosure ?? ctx.spec.disclosure;
    if (!levels.includes(disclosure)) continue;
    const raw = sensitive[f.code] ?? stored[f.code] ?? null;
    const value: FieldValue | null = Array.isArray(raw) ? null : (raw as FieldValue | null);
    let text = fieldText(f, value, open.has(f.code));
    let shown: FieldValue | null = value;
    if (maskPersonal && typeof value === 'string') {
      if (f.personal === 'name') shown = text = maskName(value);
      else if (f.personal === 'address' && ctx.subjectKind !== 'legal_entity')
        shown = text = maskAddress(value);
      else if (f.personal === 'id_number' || f.personal === 'phone') continue;
    }
    fields.push({ code: f.code, label: f.label, value: shown, text });
  }
  return {
    id: r.id,
    item: { code: r.item_code, name: ctx.spec.name, version: ctx.itemVersion },
    nationalClass: ctx.spec.nationalClass,
    provider: ctx.provider,
    version: r.version,
    status: r.status,
    decisionDate: r.decision_date,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    fields,
    publicity: {
      published: r.published === 1,
      severity: r.severity,
      start: r.publicity_start,
      end: r.publicity_end,
      lastDay: r.publicity_end === null ? null : addCalendarDays(r.publicity_end, -1),
      earliestRepair: r.earliest_repair,
      rule: r.publicity_rule,
      endedOn: r.publicity_ended_on,
      visibleToPublic: publiclyVisible(r, ctx.date),
    },
    objection: r.objection_state,
    change: {
      kind: r.change_kind,
      reason: effective === 'public' && r.change_kind === 'ingest' ? null : r.change_reason,
      at: r.recorded_at,
    },
    provenance:
      effective === 'public'
        ? null
        : {
            batchId: r.batch_id,
            row: r.batch_row,
            receivedAt: r.received_at,
            late: r.late === 1,
            quality: JSON.parse(r.quality) as string[],
          },
  };
}
