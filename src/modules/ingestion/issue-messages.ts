import { AppError, type IssueDetail } from '../../platform/errors.js';
import { maskIdentifiersInText, maskPersonal } from '../../standards/mask.js';
import { RIC_REASON_TEXT } from '../../standards/ric.js';
import type { FieldSpec } from '../catalog/catalog.types.js';
import { type RawValue, rawToText } from '../catalog/values/raw-value.js';
import type { HeaderMapping } from './map-headers.js';
import { SourceReadError } from './sources/tabular-source.js';

// What a batch report says about a row or a file: messages that never carry personal data, raw values masked.

const RAW_LIMIT = 200;

/** Reasons about personal fields in words that quote nothing of the value, by issue code. */
const PERSONAL_REASONS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(RIC_REASON_TEXT).map(([reason, text]) => [`ric_${reason}`, text])),
  ric_legacy_15: '为 15 位旧版号码，已转换为 18 位保存',
  masked_code: '是脱敏后的号码，请报送完整号码',
  precision_lost: '以数字形式报送，已丢失位数：请将该列设为文本格式后重新导出',
};

/** Issue codes whose messages never quote the value (lengths, required). */
const VALUE_FREE = new Set(['required', 'too_long']);

/**
 * Issue messages must not carry personal data: messages about personal fields (id numbers quote birth dates, for
 * instance) are replaced by a sentence naming the field and the reason without the value.
 */
export function safeMessage(e: IssueDetail, field: FieldSpec | undefined): string {
  if (field?.personal === undefined || VALUE_FREE.has(e.code)) return e.message;
  return `${field.label}${PERSONAL_REASONS[e.code] ?? '的值不符合要求'}（原始值已脱敏）`;
}

/** The batch message of a file that could not be read or processed to the end, id and mobile numbers masked. */
export function failureMessage(error: unknown): string {
  return maskIdentifiersInText(unmaskedFailureMessage(error)).text;
}

function unmaskedFailureMessage(error: unknown): string {
  if (error instanceof AppError || error instanceof SourceReadError) return error.message;
  const e = error as { code?: unknown; lines?: unknown };
  if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
    const near = typeof e.lines === 'number' ? `，第 ${e.lines} 行附近` : '';
    return `CSV 文件格式有误（${e.code}${near}）：请检查引号和分隔符`;
  }
  return `读取或处理文件时出错：${error instanceof Error ? error.message : String(error)}`;
}

/** `unreadable_file` when the file itself could not be read, `processing_failed` otherwise. */
export function failureCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof SourceReadError || (typeof code === 'string' && code.startsWith('CSV_'))
    ? 'unreadable_file'
    : 'processing_failed';
}

/**
 * A raw value as a batch report may show it: masked where the field is personal, id and mobile numbers masked
 * anywhere else, then clipped to 200 characters — masked before cutting, so a cut never leaves a part of a number
 * the mask would have recognised whole.
 */
export function maskRaw(field: FieldSpec | undefined, raw: RawValue): string | null {
  const text = raw instanceof Date ? raw.toISOString().slice(0, 10) : rawToText(raw);
  if (text === null) return null;
  const masked =
    field?.personal === undefined ? maskIdentifiersInText(text).text : maskPersonal(field.personal, text);
  return masked.length > RAW_LIMIT ? `${masked.slice(0, RAW_LIMIT)}…` : masked;
}

/** Warnings about the header row: columns that map to nothing, and fields given by more than one column. */
export function headerWarnings(
  mapping: HeaderMapping,
  headerRow: number,
  fields: readonly FieldSpec[],
): (IssueDetail & { severity: 'warning' })[] {
  const labelOf = (code: string) => {
    const f = fields.find((x) => x.code === code);
    return f === undefined ? code : `${f.label}(${f.code})`;
  };
  return [
    ...mapping.unknown.map((h) => ({
      row: headerRow,
      field: h,
      severity: 'warning' as const,
      code: 'unknown_column',
      message: `列“${h}”不对应本信息项的任何数据项，未导入`,
    })),
    ...mapping.duplicates.map((d) => ({
      row: headerRow,
      field: d.field,
      severity: 'warning' as const,
      code: 'duplicate_column',
      message: `列 ${d.headers.map((h) => `“${h}”`).join('、')} 都对应数据项 ${labelOf(d.field)}：只填写其中一列的行使用所填的值，两列都填写但不一致的行将被拒绝`,
    })),
  ];
}
