import { canonicalJson } from '../../platform/crypto/canonical-json.js';
import { sm3Hex } from '../../platform/crypto/sm.js';
import { maskName, maskPersonal } from '../../standards/mask.js';
import { type CatalogItemVersion, getItemVersion } from '../catalog/catalog.service.js';
import type { CatalogItemSpec, FieldRole } from '../catalog/catalog.types.js';
import type { SubjectGrade } from '../evaluation/subject-grade.service.js';
import { getProviderById, PROVIDER_SECTORS, type Provider } from '../providers/provider.service.js';
import { describePublicityRule, RULE_SETS } from '../publicity/rule-sets.js';
import { type CreditFileDeps, shapeRecords, subjectView } from '../records/credit-file.service.js';
import { currentRecordsOf, type RecordRow } from '../records/record.service.js';
import { publiclyVisible, type RecordView, visibleIn } from '../records/record-view.js';
import type { SubjectWithCipher } from '../subjects/subject.service.js';
import type { ReportKind, ReportView } from './report.table.js';
import {
  EMPTY_TEXT,
  KIND_TITLE,
  REPORT_FORMAT,
  type ReportContent,
  type ReportFact,
  type ReportGroup,
  type ReportParams,
  type ReportRecord,
  type ReportSection,
  VIEW_LABEL,
} from './report.types.js';

export interface ContentInput {
  readonly reportNo: string;
  readonly kind: ReportKind;
  readonly view: ReportView;
  readonly subject: SubjectWithCipher;
  readonly params: ReportParams;
  readonly issuedAt: Date;
  readonly issueDate: string;
  readonly validUntil: string;
  readonly platform: ReportContent['platform'];
  readonly keyId: string;
  /** The platform grade when `params.includeGrade`; null = not evaluated. */
  readonly grade: SubjectGrade | null;
}

/** Standard report sections in the order of the national report standard as observed on 信用中国 (REFERENCE §9.2). */
const STANDARD_SECTIONS = [
  ['basic', '基本信息'],
  ['administrative', '行政管理'],
  ['honesty', '诚实守信'],
  ['serious', '严重失信主体名单'],
  ['abnormal', '经营异常'],
  ['commitment', '信用承诺'],
  ['evaluation', '信用评价'],
  ['judicial', '司法判决'],
  ['other', '其他信息'],
  ['suggestions', '信用状况提升建议'],
  ['local', '公共信用信息地方补充内容'],
] as const;

type StandardSection = (typeof STANDARD_SECTIONS)[number][0];

/** Subsections printed even when empty (with 查询期内无相关信息), as the 信用中国 report does. */
const FIXED_GROUPS: Readonly<Partial<Record<StandardSection, readonly [string, string][]>>> = {
  administrative: [
    ['XZXK', '行政许可'],
    ['XZCF', '行政处罚'],
  ],
  honesty: [['RED_LIST', '守信激励对象名单（诚信荣誉）']],
  serious: [
    ['SERIOUS_LIST', '严重失信主体名单'],
    ['JUDGMENT_DEFAULTER', '失信被执行人'],
  ],
  abnormal: [['ABNORMAL_LIST', '经营异常名录']],
  commitment: [
    ['CREDIT_COMMITMENT', '信用承诺'],
    ['COMMITMENT_BREACH', '违背信用承诺记录'],
  ],
  evaluation: [['EVALUATION_RESULT', '信用评价结果']],
};

/**
 * The section of the standard report an item's records go to (documented in docs/adr/0013-report-signatures.md):
 * local items (catalog origin `local`) → 地方补充内容; registration (JBXX) → 基本信息; the serious list and judgment
 * defaulters (YZSX) → 严重失信主体名单; the abnormal-operations list → 经营异常; commitment class → 信用承诺;
 * evaluation class → 信用评价; other judicial items → 司法判决; administrative management (XZGL) → 行政管理; honours
 * and the red list (CSSX) → 诚实守信; everything else (QTXX: watch list, qualifications …) → 其他信息.
 */
export function standardSectionOf(spec: CatalogItemSpec, origin: 'national' | 'local'): StandardSection {
  if (origin === 'local') return 'local';
  if (spec.reportSection === 'JBXX' || spec.nationalClass === 'registration') return 'basic';
  if (spec.list === 'serious' || spec.list === 'judgment_defaulter' || spec.reportSection === 'YZSX')
    return 'serious';
  if (spec.list === 'abnormal') return 'abnormal';
  if (spec.nationalClass === 'commitment') return 'commitment';
  if (spec.nationalClass === 'evaluation') return 'evaluation';
  if (spec.nationalClass === 'judicial') return 'judicial';
  if (spec.reportSection === 'XZGL' || spec.nationalClass === 'administrative_management')
    return 'administrative';
  if (spec.list === 'red' || spec.nationalClass === 'honours' || spec.reportSection === 'CSSX')
    return 'honesty';
  return 'other';
}

type SpecialSection = 'penalty' | 'enforcement' | 'serious';

/** Special-report sections (发改财金〔2025〕565号): penalties incl. simple procedure, enforcement, serious lists. */
export function specialSectionOf(spec: CatalogItemSpec): SpecialSection | null {
  if (spec.code === 'XZCF') return 'penalty';
  if (spec.code === 'XZQZ') return 'enforcement';
  if (spec.list === 'serious' || spec.list === 'judgment_defaulter') return 'serious';
  return null;
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const numbered = (i: number, title: string) => `${NUMERALS[i] ?? String(i + 1)}、${title}`;

const SUBJECT_ROLES: ReadonlySet<FieldRole> = new Set([
  'subject_name',
  'subject_kind',
  'subject_uscc',
  'subject_reg_no',
  'subject_org_code',
  'subject_id_type',
  'subject_id_number',
]);

const SUBJECT_KIND_LABEL = {
  legal_entity: '法人及非法人组织',
  individual_business: '个体工商户',
  natural_person: '自然人',
} as const;

/** Whether a current record version is shown in a report of this kind and view on `date` within `params`. */
function selected(
  kind: ReportKind,
  view: ReportView,
  r: RecordRow,
  spec: CatalogItemSpec,
  provider: Provider,
  date: string,
  params: ReportParams,
): boolean {
  if (kind === 'special') {
    // Special report: active records decided in the window (list entries: in effect during it), whether or not
    // their publicity has ended; repaired, revoked and removed ones are no longer shared (令第36号第三条).
    if (specialSectionOf(spec) === null || r.status !== 'active') return false;
    if (view === 'authorised' && r.disclosure === 'government') return false;
    if (params.domains.length > 0 && !params.domains.includes(provider.sector)) return false;
    const decided = r.decision_date;
    if (decided === null || decided > params.to) return false;
    if (spec.list !== undefined) return r.effective_to === null || r.effective_to >= (params.from ?? decided);
    return params.from === null || decided >= params.from;
  }
  const inView =
    view === 'public'
      ? publiclyVisible(r, date)
      : view === 'authorised'
        ? visibleIn('authorised', r, date)
        : r.status === 'active' &&
          (r.publicity_start === null || r.publicity_start <= date) &&
          (r.publicity_end === null || date < r.publicity_end);
  if (!inView) return false;
  if (
    r.decision_date !== null &&
    (r.decision_date > params.to || (params.from !== null && r.decision_date < params.from))
  )
    return false;
  return true;
}

function maskedText(
  personal: CatalogItemSpec['fields'][number]['personal'],
  text: string,
  subjectKind: SubjectWithCipher['kind'],
): string {
  // a company's registered address is public; a person's or an individual business's is not
  return personal === 'address' && subjectKind === 'legal_entity' ? text : maskPersonal(personal, text);
}

function toReportRecord(
  v: RecordView,
  row: RecordRow,
  item: CatalogItemVersion,
  subjectKind: SubjectWithCipher['kind'],
  keepSubjectFields: boolean,
  date: string,
): ReportRecord {
  const specs = new Map(item.spec.fields.map((f) => [f.code, f]));
  const fields: { code: string; label: string; text: string }[] = [];
  let documentNumber: string | null = null;
  let simple = false;
  for (const f of v.fields) {
    const spec = specs.get(f.code);
    if (spec?.role === 'procedure' && f.value === true) simple = true;
    if (f.text === null || f.text === '') continue;
    // Stored reports never hold plaintext personal identifiers (docs/adr/0006): mask whatever the view decrypted.
    const text =
      subjectKind === 'natural_person' && spec?.role === 'subject_name'
        ? maskName(f.text)
        : maskedText(spec?.personal, f.text, subjectKind);
    if (spec?.role === 'document_number') documentNumber = text;
    if (!keepSubjectFields && spec?.role !== undefined && SUBJECT_ROLES.has(spec.role)) continue;
    fields.push({ code: f.code, label: f.label, text });
  }
  const tags: string[] = [];
  if (v.objection === 'under_objection') tags.push('异议处理中');
  if (simple) tags.push('简易程序');
  if (item.spec.publicity === 'rules' && !v.publicity.published) tags.push('不予公示');
  if (v.publicity.end !== null && v.publicity.end <= date) tags.push('公示期已届满');
  if (row.status === 'repaired') tags.push('已修复');
  return {
    id: v.id,
    version: v.version,
    item: { code: v.item.code, name: v.item.name, version: v.item.version, origin: item.origin },
    provider: v.provider,
    documentNumber,
    decisionDate: v.decisionDate,
    status: v.status,
    fields,
    publicity: {
      severity: v.publicity.severity,
      published: v.publicity.published,
      start: v.publicity.start,
      end: v.publicity.end,
      earliestRepair: v.publicity.earliestRepair,
      rule: v.publicity.rule,
    },
    tags,
  };
}

const byDecision = (a: ReportRecord, b: ReportRecord) =>
  (b.decisionDate ?? '').localeCompare(a.decisionDate ?? '') || a.id - b.id;

function groupsOf(
  records: readonly { record: ReportRecord; spec: CatalogItemSpec }[],
  fixed: readonly [string, string][],
): ReportGroup[] {
  const byItem = new Map<string, { title: string; records: ReportRecord[] }>();
  for (const [code, title] of fixed) byItem.set(code, { title, records: [] });
  for (const { record, spec } of records) {
    const g = byItem.get(spec.code) ?? { title: spec.name, records: [] };
    g.records.push(record);
    byItem.set(spec.code, g);
  }
  const fixedCodes = fixed.map(([c]) => c);
  const order = [...fixedCodes, ...[...byItem.keys()].filter((c) => !fixedCodes.includes(c)).sort()];
  return order.map((code) => {
    const g = byItem.get(code) ?? { title: code, records: [] };
    const sorted = [...g.records].sort(byDecision);
    return { code, title: g.title, records: sorted, note: sorted.length === 0 ? EMPTY_TEXT : null };
  });
}

function label(r: ReportRecord): string {
  return `「${r.item.name}${r.documentNumber === null ? '' : ` ${r.documentNumber}`}」`;
}

/** 信用状况提升建议: when each negative record may be repaired or ends, and how list entries are removed. */
function suggestionsOf(
  records: readonly { record: ReportRecord; spec: CatalogItemSpec; row: RecordRow }[],
  date: string,
): string[] {
  const out: string[] = [];
  const negative = records
    .filter((x) => x.spec.polarity === 'negative')
    .sort((a, b) => byDecision(a.record, b.record));
  for (const { record, spec, row } of negative) {
    const p = record.publicity;
    if (spec.publicity === 'rules') {
      if (!p.published) continue;
      if (p.earliestRepair !== null) {
        out.push(
          p.earliestRepair <= date
            ? `${label(record)}已届满最短公示期，纠正失信行为、履行法定义务并作出信用承诺后，可依法申请信用修复（${p.earliestRepair} 起）。`
            : `${label(record)}自 ${p.earliestRepair} 起，纠正失信行为、履行法定义务并作出信用承诺后，可依法申请信用修复。`,
        );
      } else if (p.end !== null) {
        out.push(`${label(record)}不适用提前停止公示，将于 ${p.end} 起自动停止公示。`);
      }
    } else if (spec.list !== undefined && spec.polarity === 'negative') {
      const fields = JSON.parse(row.fields) as Record<string, unknown>;
      const condition = typeof fields.MD_YCTJ === 'string' ? fields.MD_YCTJ : null;
      out.push(
        condition === null
          ? `${label(record)}：履行相关义务、纠正失信行为后，可向列入机关申请移出${record.decisionDate === null ? '' : `（列入日期 ${record.decisionDate}）`}。`
          : `${label(record)}移出条件：${condition}`,
      );
    } else if (spec.code === 'COMMITMENT_BREACH') {
      out.push(`${label(record)}：履行承诺义务、纠正违诺行为后，可依法申请信用修复。`);
    }
    if (record.tags.includes('异议处理中')) out.push(`${label(record)}正在异议处理中，处理结果将及时更新。`);
  }
  return out;
}

function gradeSection(input: ContentInput): { facts: ReportFact[]; paragraphs: string[] } {
  if (!input.params.includeGrade)
    return {
      facts: [],
      paragraphs: ['本平台公共信用综合评价结果仅向信用主体本身和监管部门提供，本版报告不含评价结果。'],
    };
  const g = input.grade;
  if (g === null)
    return {
      facts: [],
      paragraphs: [
        input.subject.kind === 'natural_person'
          ? '自然人不参与公共信用综合评价。'
          : '本平台尚未对该主体开展公共信用综合评价。',
      ],
    };
  return {
    facts: [
      { label: '评价模型', text: `${g.model.name}（${g.model.code} 第${g.model.version}版）` },
      { label: '评价结果', text: `${g.gradeDisplay}${g.gradeLabel === '' ? '' : ` ${g.gradeLabel}`}` },
      { label: '综合得分', text: g.score },
      { label: '评价基准日', text: g.asOfDate },
    ],
    paragraphs: g.unconfirmed ? ['评价模型的部分指标和等级划分为本平台配置，尚未经国家标准确认。'] : [],
  };
}

function statementsOf(input: ContentInput, domains: string): string[] {
  const p = input.params;
  const out = [
    `本报告由${input.platform.name}根据截至数据截止时间归集的公共信用信息自动生成，信息由各信息提供单位依法提供，按"谁提供、谁负责"的原则对信息的真实性负责。`,
  ];
  if (input.kind === 'special')
    out.push(
      `本报告依据发改财金〔2025〕565号以专项信用报告替代有无违法违规记录证明的要求出具，查询期间 ${p.from ?? '—'} 至 ${p.to}，查询领域：${domains}。报告列示查询期间内作出的行政处罚（含简易程序作出的行政处罚）、行政强制信息以及严重失信主体名单信息；已撤销、已修复或已移出的信息不再列示。`,
    );
  out.push(
    input.view === 'public'
      ? '本报告为公开版，仅包含报告生成日处于公示期内的公开信息；自然人姓名等个人信息已作脱敏处理。'
      : input.view === 'authorised'
        ? '本报告为授权查询版，包含依法共享的非公开信息，仅限查询目的使用，不得向第三方提供；本次查询已记入查询记录。'
        : '本报告为信用主体本人版，包含该主体的非公开信息（如简易程序作出的行政处罚）；证件号码、姓名等个人信息已作脱敏处理。',
    `本报告有效期至 ${input.validUntil}。可扫描报告首页二维码或在${input.platform.portal}网站"信用报告核验"页面输入报告编号和核验码，核验报告真伪及是否为最新版本。`,
    '本报告附平台电子签名（Ed25519），PDF 文件任何改动都将导致签名核验失败，可使用 xinyong report verify 命令离线核验。',
    `信用主体对报告所载信息有异议的，可通过${input.platform.portal}网站或信息提供单位提出异议申诉。`,
  );
  return out;
}

/**
 * Builds the content of a report: reads the subject's current record versions, keeps those the report's kind,
 * view and window show, shapes them through the records module's view rules (disclosure levels, masking), masks
 * any personal identifier the view decrypted, and lays them out in the sections of the report standard. Pure
 * apart from reads; the same input on the same data gives the same content.
 * Returns the content and the digest of its information part (subject, records, grade) used for supersession.
 */
export async function buildReportContent(
  deps: CreditFileDeps,
  input: ContentInput,
): Promise<{ content: ReportContent; dataDigest: string }> {
  const { kind, view, subject, params } = input;
  const date = input.issueDate;
  const rows = await currentRecordsOf(deps.db, subject.id);
  const items = new Map<number, CatalogItemVersion>();
  const providers = new Map<number, Provider>();
  const chosen: { row: RecordRow; item: CatalogItemVersion; provider: Provider }[] = [];
  for (const r of rows) {
    let item = items.get(r.item_id);
    if (item === undefined) {
      item = await getItemVersion(deps.db, r.item_id);
      items.set(r.item_id, item);
    }
    let provider = providers.get(r.provider_id);
    if (provider === undefined) {
      provider = await getProviderById(deps.db, r.provider_id);
      providers.set(r.provider_id, provider);
    }
    if (selected(kind, view, r, item.spec, provider, date, params)) chosen.push({ row: r, item, provider });
  }
  const shaped = await shapeRecords(
    deps,
    chosen.map((c) => c.row),
    view,
    subject,
    date,
  );
  const records = chosen.map((c, i) => {
    const standard = standardSectionOf(c.item.spec, c.item.origin);
    return {
      row: c.row,
      spec: c.item.spec,
      origin: c.item.origin,
      record: toReportRecord(
        shaped[i] as RecordView,
        c.row,
        c.item,
        subject.kind,
        kind === 'standard' && standard === 'basic',
        date,
      ),
    };
  });

  const sv = subjectView(subject, view, deps.protector);
  const domainText =
    params.domains.length === 0 ? '全部领域' : params.domains.map((d) => PROVIDER_SECTORS[d] ?? d).join('、');
  const subjectFacts: ReportFact[] = [
    { label: kind === 'standard' || sv.kind !== 'natural_person' ? '主体名称' : '姓名', text: sv.name },
    ...(sv.uscc === null ? [] : [{ label: '统一社会信用代码', text: sv.uscc }]),
    ...(sv.idNumber === null ? [] : [{ label: '公民身份号码', text: sv.idNumber }]),
    { label: '主体类型', text: SUBJECT_KIND_LABEL[sv.kind] },
    ...(sv.regStatus === null ? [] : [{ label: '登记状态', text: sv.regStatus }]),
    ...(sv.regionName === null ? [] : [{ label: '所在地区', text: sv.regionName }]),
    ...(kind === 'special'
      ? [
          { label: '查询期间', text: `${params.from ?? '—'} 至 ${params.to}` },
          { label: '查询领域', text: domainText },
        ]
      : []),
  ];

  const sections: ReportSection[] = [];
  if (kind === 'standard') {
    const grade = gradeSection(input);
    STANDARD_SECTIONS.forEach(([code, title], i) => {
      const mine = records.filter((x) => standardSectionOf(x.spec, x.origin) === code);
      const facts = code === 'basic' ? subjectFacts : code === 'evaluation' ? grade.facts : [];
      let paragraphs = code === 'evaluation' ? grade.paragraphs : [];
      if (code === 'suggestions') paragraphs = suggestionsOf(records, date);
      const groups = code === 'suggestions' ? [] : groupsOf(mine, FIXED_GROUPS[code] ?? []);
      if (facts.length === 0 && groups.length === 0 && paragraphs.length === 0) paragraphs = [EMPTY_TEXT];
      sections.push({ code, title: numbered(i, title), facts, groups, paragraphs });
    });
  } else {
    const special = (code: SpecialSection) => records.filter((x) => specialSectionOf(x.spec) === code);
    sections.push(
      { code: 'basic', title: numbered(0, '基本信息'), facts: subjectFacts, groups: [], paragraphs: [] },
      {
        code: 'penalty',
        title: numbered(1, '行政处罚（含简易程序）'),
        facts: [],
        groups: groupsOf(special('penalty'), [['XZCF', '行政处罚']]),
        paragraphs: [],
      },
      {
        code: 'enforcement',
        title: numbered(2, '行政强制'),
        facts: [],
        groups: groupsOf(special('enforcement'), [['XZQZ', '行政强制']]),
        paragraphs: [],
      },
      {
        code: 'serious',
        title: numbered(3, '严重失信主体名单'),
        facts: [],
        groups: groupsOf(special('serious'), FIXED_GROUPS.serious ?? []),
        paragraphs: [],
      },
      {
        code: 'criminal',
        title: numbered(4, '刑事裁判（犯罪记录）'),
        facts: [],
        groups: [],
        paragraphs: [
          '本平台未归集刑事裁判（犯罪记录）信息，本报告不能证明有无犯罪记录。如需相关证明，请向公安机关申请开具无犯罪记录证明。',
        ],
      },
    );
  }

  const sourceCounts = new Map<string, { code: string; name: string; records: number }>();
  for (const { record } of records) {
    const s = sourceCounts.get(record.provider.code) ?? { ...record.provider, records: 0 };
    s.records += 1;
    sourceCounts.set(record.provider.code, s);
  }
  const ruleCounts = new Map<string, number>();
  for (const { row } of records)
    if (row.publicity_rule !== null)
      ruleCounts.set(row.publicity_rule, (ruleCounts.get(row.publicity_rule) ?? 0) + 1);
  if (ruleCounts.size === 0) {
    const inForce = RULE_SETS.find(
      (r) =>
        r.sectors === null && r.effectiveFrom <= date && (r.effectiveTo === null || date < r.effectiveTo),
    );
    if (inForce !== undefined) ruleCounts.set(inForce.id, 0);
  }
  const rules = [...ruleCounts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, n]) => ({ id, ...describePublicityRule(id), records: n }));

  const content: ReportContent = {
    format: REPORT_FORMAT,
    reportNo: input.reportNo,
    kind,
    title: KIND_TITLE[kind],
    view,
    platform: input.platform,
    subject: {
      id: sv.id,
      kind: sv.kind,
      name: sv.name,
      uscc: sv.uscc,
      idNumber: sv.idNumber,
      regStatus: sv.regStatus,
      regionCode: sv.regionCode,
      regionName: sv.regionName,
    },
    parameters: {
      from: params.from,
      to: params.to,
      domains: params.domains.map((code) => ({ code, label: PROVIDER_SECTORS[code] ?? code })),
      includeGrade: params.includeGrade,
    },
    issuedAt: input.issuedAt.toISOString(),
    issueDate: date,
    dataCutoff: input.issuedAt.toISOString(),
    validUntil: input.validUntil,
    sections,
    sources: [...sourceCounts.values()].sort((a, b) => a.code.localeCompare(b.code)),
    rules,
    statements: statementsOf(input, domainText),
    signing: { keyId: input.keyId, algorithm: 'ed25519' },
  };
  const dataDigest = sm3Hex(
    canonicalJson({
      subject: content.subject,
      records: records.map((x) => [x.record.id, x.record.version, x.record.tags]),
      grade: sections.find((s) => s.code === 'evaluation')?.facts ?? [],
    }),
  );
  return { content, dataDigest };
}

/** A view label for texts (公开版 …). */
export function viewLabel(view: ReportView): string {
  return VIEW_LABEL[view];
}
