import { validateOrgCode } from '../../../standards/org-code.js';
import { validateRegNo } from '../../../standards/reg-no.js';
import { isRegionCode } from '../../../standards/regions.js';
import { validateRic } from '../../../standards/ric.js';
import { validateUscc } from '../../../standards/uscc.js';
import type { FieldSpec } from '../catalog.types.js';
import { parseDateValue } from './parse-date.js';
import { parseDecimalValue } from './parse-decimal.js';
import { compileEnum, parseBooleanValue } from './parse-enum.js';
import type { ParseResult, RawValue, ValueIssue } from './raw-value.js';
import { numberToPlainString, rawToText } from './raw-value.js';

/** A normalised field value as stored in a record: text, or a boolean for boolean fields. */
export type FieldValue = string | boolean;

export type FieldParseResult = ParseResult<FieldValue> & { readonly openEnded?: boolean };

export interface ParseContext {
  /** Today's date in Asia/Shanghai (resident ids: a birth date after it is invalid). */
  readonly today: string;
  readonly date1904?: boolean;
}

/** A compiled parser for one field; `idType` is the parsed value of the field's `idTypeField`, if any. */
export type FieldParser = (raw: RawValue, idType?: FieldValue | null) => FieldParseResult;

/** Numbers from spreadsheets at or above this have lost digits (IEEE doubles keep ~15–17 significant digits). */
const PRECISION_LIMIT = 1e15;

function codeText(raw: RawValue): { text: string | null } | { error: FieldParseResult } {
  if (typeof raw === 'number') {
    if (Math.abs(raw) >= PRECISION_LIMIT) {
      return {
        error: {
          ok: false,
          code: 'precision_lost',
          message: `以数字 ${raw} 的形式报送，已丢失位数：请将该列设为文本格式后重新导出`,
        },
      };
    }
    return { text: numberToPlainString(raw).replace(/\.0+$/, '') };
  }
  return { text: rawToText(raw) };
}

/** A code published in masked form (913302******531452) cannot identify anyone. */
function maskedCode(text: string): FieldParseResult {
  return { ok: false, code: 'masked_code', message: `${text} 是脱敏后的代码（含 *），请报送完整代码` };
}

const MEMO_LIMIT = 50_000;

/**
 * Caches a pure parser's results per raw string for the life of one compiled validator (one batch): codes of the
 * deciding authority and the data source repeat on every row, subjects on many.
 */
function memoized(parse: (raw: RawValue) => FieldParseResult): FieldParser {
  const memo = new Map<string, FieldParseResult>();
  return (raw) => {
    if (typeof raw !== 'string') return parse(raw);
    const hit = memo.get(raw);
    if (hit !== undefined) return hit;
    const result = parse(raw);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(raw, result);
    return result;
  };
}

/** Builds the parser for one field spec; all type-specific decisions are made here, once per batch. */
export function compileFieldParser(field: FieldSpec, ctx: ParseContext): FieldParser {
  switch (field.type) {
    case 'text': {
      const max = field.maxLength;
      return (raw) => {
        const text = typeof raw === 'number' ? numberToPlainString(raw) : rawToText(raw);
        if (text === null) return { ok: true, value: null };
        // UTF-16 length ≥ code points, so only long strings need counting.
        if (max !== undefined && text.length > max && [...text].length > max) {
          return {
            ok: false,
            code: 'too_long',
            message: `长度为 ${[...text].length} 个字符，超过上限 ${max} 个字符`,
          };
        }
        return { ok: true, value: text };
      };
    }
    case 'date': {
      const options = {
        ...(field.openEnded === true ? { openEnded: true } : {}),
        ...(ctx.date1904 === true ? { date1904: true } : {}),
      };
      return memoized((raw) => parseDateValue(raw, options));
    }
    case 'decimal': {
      const options = {
        ...(field.unit === undefined ? {} : { unit: field.unit }),
        ...(field.scale === undefined ? {} : { scale: field.scale }),
      };
      return (raw) => parseDecimalValue(raw, options);
    }
    case 'integer':
      return (raw) => {
        const text = typeof raw === 'number' ? numberToPlainString(raw) : rawToText(raw);
        if (text === null) return { ok: true, value: null };
        const m = /^([+-]?\d+)(?:\.0+)?$/.exec(text.normalize('NFKC'));
        if (m === null || m[1] === undefined)
          return { ok: false, code: 'invalid_integer', message: `${text} 不是整数` };
        return { ok: true, value: String(Number(m[1])) };
      };
    case 'enum': {
      const matcher = compileEnum(field.enum ?? [], field.multiple === true);
      return (raw) => matcher.parse(raw);
    }
    case 'boolean':
      return (raw) => parseBooleanValue(raw);
    case 'uscc':
      return memoized((raw) => {
        const c = codeText(raw);
        if ('error' in c) return c.error;
        if (c.text === null) return { ok: true, value: null };
        const v = validateUscc(c.text);
        switch (v.status) {
          case 'valid':
            return { ok: true, value: v.normalized };
          case 'legacy_pilot':
            return {
              ok: true,
              value: v.normalized,
              warnings: [
                {
                  code: 'uscc_legacy_pilot',
                  message: `${v.normalized} 的校验码不符合 GB 32100（应为 ${v.expectedCheck}）；按早期试点地区代码接收，已标记待复核`,
                },
              ],
            };
          case 'masked':
            return maskedCode(c.text);
          default:
            return { ok: false, code: `uscc_${v.reason}`, message: v.message };
        }
      });
    case 'org_code':
      return memoized((raw) => {
        const c = codeText(raw);
        if ('error' in c) return c.error;
        if (c.text === null) return { ok: true, value: null };
        const v = validateOrgCode(c.text);
        if (v.status === 'valid') return { ok: true, value: v.normalized };
        if (v.status === 'masked') return maskedCode(c.text);
        return { ok: false, code: `org_code_${v.reason}`, message: v.message };
      });
    case 'reg_no':
      return memoized((raw) => {
        const c = codeText(raw);
        if ('error' in c) return c.error;
        if (c.text === null) return { ok: true, value: null };
        const v = validateRegNo(c.text);
        if (v.status === 'valid') return { ok: true, value: v.normalized };
        if (v.status === 'check_failed') {
          return {
            ok: true,
            value: v.normalized,
            warnings: [{ code: 'reg_no_check_failed', message: v.message }],
          };
        }
        if (v.status === 'masked') return maskedCode(c.text);
        return { ok: false, code: `reg_no_${v.reason}`, message: v.message };
      });
    case 'resident_id':
      return (raw, idType) => {
        const c = codeText(raw);
        if ('error' in c) return c.error;
        if (c.text === null) return { ok: true, value: null };
        if (idType !== undefined && idType !== null && idType !== '身份证') {
          const max = field.maxLength ?? 64;
          if ([...c.text].length > max)
            return { ok: false, code: 'too_long', message: `长度超过上限 ${max} 个字符` };
          return { ok: true, value: c.text.normalize('NFKC').replace(/\s+/g, '') };
        }
        const v = validateRic(c.text, { today: ctx.today });
        if (v.status === 'valid') {
          const warnings: ValueIssue[] = v.warnings
            .filter((w) => w.code === 'legacy_15_digit')
            .map((w) => ({ code: 'ric_legacy_15', message: w.message }));
          return warnings.length > 0 ? { ok: true, value: v.ric18, warnings } : { ok: true, value: v.ric18 };
        }
        if (v.status === 'masked')
          return {
            ok: false,
            code: 'masked_code',
            message: '证件号码已脱敏，请报送完整号码',
          };
        return { ok: false, code: `ric_${v.reason}`, message: v.message };
      };
    case 'region_code':
      return memoized((raw) => {
        const c = codeText(raw);
        if ('error' in c) return c.error;
        if (c.text === null) return { ok: true, value: null };
        const code = c.text.normalize('NFKC');
        if (!/^\d{6}$/.test(code))
          return { ok: false, code: 'invalid_region', message: `${code} 不是 6 位 GB/T 2260 行政区划代码` };
        if (!isRegionCode(code)) {
          return {
            ok: true,
            value: code,
            warnings: [{ code: 'unknown_region', message: `${code} 不在 GB/T 2260 行政区划代码表中` }],
          };
        }
        return { ok: true, value: code };
      });
  }
}
