import ExcelJS from 'exceljs';
import { csvCell } from '../../platform/csv-cell.js';
import type { SubjectKind } from '../subjects/subject.table.js';
import type { CatalogItemSpec, FieldSpec, FieldType } from './catalog.types.js';

const TYPE_LABEL: Readonly<Record<FieldType, string>> = {
  text: '文本',
  date: '日期（YYYY-MM-DD）',
  decimal: '数值',
  integer: '整数',
  enum: '代码/枚举',
  uscc: '统一社会信用代码（18位）',
  org_code: '组织机构代码（9位）',
  reg_no: '工商注册号（15位）',
  resident_id: '证件号码',
  region_code: '行政区划代码（6位）',
  boolean: '是/否',
};

/** Column types that must be text so Excel keeps every digit and leading zero. */
const TEXT_TYPES: ReadonlySet<FieldType> = new Set([
  'text',
  'uscc',
  'org_code',
  'reg_no',
  'resident_id',
  'region_code',
  'enum',
]);

/** The header a template writes for a field: Chinese label with the national code, e.g. `行政处罚决定书文号(CF_WSH)`. */
export function templateHeader(f: FieldSpec): string {
  return `${f.label}(${f.code})`;
}

const KIND_LABEL: Readonly<Record<SubjectKind, string>> = {
  legal_entity: '法人及非法人组织',
  individual_business: '个体工商户',
  natural_person: '自然人',
};

function requiredText(f: FieldSpec): string {
  if (f.required === true) return '必填';
  if (Array.isArray(f.required))
    return `${(f.required as readonly SubjectKind[]).map((k) => KIND_LABEL[k]).join('、')}必填`;
  return '选填';
}

/**
 * The department's fill-in template for an item as XLSX: sheet 数据 with one column per field (header
 * `标签(CODE)`, required ones shaded), code and text columns formatted as text (`@`) so Excel cannot turn codes
 * into numbers, date columns as dates, drop-down lists for enums; sheet 填写说明 describing every field.
 */
export async function buildTemplateXlsx(spec: CatalogItemSpec, version: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'xinyong';
  wb.created = new Date(0);
  const ws = wb.addWorksheet('数据', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = spec.fields.map((f) => ({
    header: templateHeader(f),
    key: f.code,
    width: Math.min(40, Math.max(14, templateHeader(f).length * 2)),
    style: TEXT_TYPES.has(f.type) ? { numFmt: '@' } : f.type === 'date' ? { numFmt: 'yyyy-mm-dd' } : {},
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  spec.fields.forEach((f, i) => {
    const cell = header.getCell(i + 1);
    cell.numFmt = '@';
    if (f.required === true) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } };
    if (f.hint !== undefined) cell.note = f.hint;
    if (f.type === 'enum' && f.enum !== undefined && f.multiple !== true) {
      const list = f.enum.map((o) => o.label).join(',');
      if (list.length <= 250) {
        for (let r = 2; r <= 1001; r++) {
          ws.getCell(r, i + 1).dataValidation = {
            type: 'list',
            allowBlank: f.required !== true,
            formulae: [`"${list}"`],
            showErrorMessage: false,
          };
        }
      }
    }
  });

  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '字段代码', key: 'code', width: 18 },
    { header: '字段名称', key: 'label', width: 32 },
    { header: '类型', key: 'type', width: 22 },
    { header: '是否必填', key: 'required', width: 22 },
    { header: '可选值', key: 'values', width: 40 },
    { header: '单位', key: 'unit', width: 8 },
    { header: '说明', key: 'hint', width: 60 },
  ];
  help.getRow(1).font = { bold: true };
  for (const f of spec.fields) {
    help.addRow({
      code: f.code,
      label: f.label,
      type: TYPE_LABEL[f.type],
      required: requiredText(f),
      values: f.enum?.map((o) => o.label).join('、') ?? '',
      unit: f.unit ?? '',
      hint: [f.hint, f.openEnded === true ? '长期有效填"长期"或留空' : undefined].filter(Boolean).join('；'),
    });
  }
  help.addRow({});
  for (const line of [
    `信息项：${spec.name}（${spec.code}） 第${version}版`,
    `法律依据：${spec.legalBasis}`,
    spec.timelinessWorkingDays === null
      ? ''
      : `报送时限：作出决定之日起${spec.timelinessWorkingDays}个工作日内`,
    '日期格式：YYYY-MM-DD；金额单位见"单位"列；代码类列请保持文本格式，勿转换为数字。',
    '同一条记录重复报送内容不变时不会重复入库；内容变化时生成新版本，原版本保留。',
  ]) {
    if (line !== '') help.addRow({ code: line });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The same template as CSV (UTF-8 with BOM so Excel opens it): one header row of `标签(CODE)`. */
export function buildTemplateCsv(spec: CatalogItemSpec): string {
  return `\ufeff${spec.fields.map((f) => csvCell(templateHeader(f))).join(',')}\r\n`;
}
