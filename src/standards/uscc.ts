// GB 32100-2015 unified social credit code (统一社会信用代码), 18 characters:
// pos 1 registration authority, pos 2 category, pos 3-8 region code (GB/T 2260), pos 9-17 organisation code
// (GB 11714), pos 18 check character (weighted mod 31).

import { computeOrgCodeCheck } from './org-code.js';
import { lookupRegion } from './regions.js';
import { looksLikeRic } from './ric.js';

/** The 31 symbols of GB 32100; value = index. I, O, Z, S, V are never used. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// 3^(i-1) mod 31 for positions 1..17.
const WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  let weight = 1;
  for (let k = 0; k < i; k += 1) weight = (weight * 3) % 31;
  return weight;
});

const IGNORABLE = /[\s\u200B-\u200D\u2060\uFEFF\-\u2010-\u2015\u2212]/gu;
const SCIENTIFIC_NOTATION = /^\d+(?:[.,]\d+)?E\+?\d+$/;
const NEVER_USED = 'IOZSV';

/**
 * A spreadsheet's rendering of a number (`9.13502E+17`): never 18 characters of digits and one E, which is what a
 * real code such as 115013130125E90036 can be — that one is checked as a code.
 */
function looksLikeScientificNotation(normalized: string): boolean {
  return SCIENTIFIC_NOTATION.test(normalized) && (normalized.length !== 18 || /[.,+]/.test(normalized));
}

/** Registration authority (pos 1) and its categories (pos 2), REFERENCE §1.4 (widely cited CODS table). */
export interface UsccAuthority {
  code: string;
  name: string;
  categories: Readonly<Record<string, string>>;
}

/**
 * Registration-authority / category table (登记管理部门代码 / 机构类别代码). Only 1, 5, 9, Y are reported to be in the
 * GB 32100 text itself; the other rows were added later by the code authority (UNCONFIRMED against the official
 * CODS list), so lookups are advisory: an unknown pair is a warning, never an error. Source: REFERENCE §1.4.
 */
export const USCC_AUTHORITIES: readonly UsccAuthority[] = [
  {
    code: '1',
    name: '机构编制',
    categories: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' },
  },
  { code: '2', name: '外交', categories: { '1': '外国常住新闻机构', '9': '其他' } },
  {
    code: '3',
    name: '司法行政',
    categories: {
      '1': '律师执业机构',
      '2': '公证处',
      '3': '基层法律服务所',
      '4': '司法鉴定机构',
      '5': '仲裁委员会',
      '9': '其他',
    },
  },
  { code: '4', name: '文化', categories: { '1': '外国在华文化中心', '9': '其他' } },
  {
    code: '5',
    name: '民政',
    categories: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' },
  },
  {
    code: '6',
    name: '旅游',
    categories: {
      '1': '外国旅游部门常驻代表机构',
      '2': '港澳台地区旅游部门常驻内地（大陆）代表机构',
      '9': '其他',
    },
  },
  { code: '7', name: '宗教', categories: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  { code: '8', name: '工会', categories: { '1': '基层工会', '9': '其他' } },
  {
    code: '9',
    name: '工商（市场监管）',
    categories: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' },
  },
  { code: 'A', name: '中央军委改革和编制办公室', categories: { '1': '军队事业单位', '9': '其他' } },
  {
    code: 'N',
    name: '农业',
    categories: {
      '1': '组级集体经济组织',
      '2': '村级集体经济组织',
      '3': '乡镇级集体经济组织',
      '9': '其他',
    },
  },
  { code: 'Y', name: '其他', categories: { '1': '其他' } },
];

/**
 * A pattern of early pilot-region codes that were legally issued with a check character that does not satisfy
 * GB 32100 (REFERENCE §1.5). Matching is on the region code (pos 3-8) and the embedded organisation code (pos 9-17).
 */
export interface UsccPilotPattern {
  id: string;
  regionCodePrefix: string;
  orgCodePrefix: string;
  description: string;
  source: string;
}

/**
 * Default pilot patterns: Fujian (region 35xxxx, incl. Xiamen) codes whose organisation code starts with M000 —
 * the pre-2016 pilot numbering. All six known real examples in the vectors match it.
 */
export const USCC_PILOT_PATTERNS: readonly UsccPilotPattern[] = [
  {
    id: 'fujian-m000',
    regionCodePrefix: '35',
    orgCodePrefix: 'M000',
    description: '福建省（含厦门）统一代码早期试点：主体标识码以 M000 开头，校验码不符合 GB 32100',
    source:
      'aarioai/id-rule chinese_org_id.go; bluesky335/IDCheck README; chinabugotech/hutool issue #4119 (maintainer: ' +
      'some Xiamen companies registered before 2016 do not follow the standard)',
  },
];

/** Why a code is not a valid USCC. */
export type UsccInvalidReason =
  | 'empty'
  | 'scientific_notation'
  | 'length'
  | 'charset'
  | 'region_not_digits'
  | 'org_code_check'
  | 'check_character';

/** Advisory findings on an otherwise acceptable code. */
export interface UsccWarning {
  code: 'unknown_authority' | 'unknown_category' | 'unknown_region' | 'nonstandard_check_character';
  message: string;
}

/** The five parts of a USCC plus advisory names (undefined when unknown). */
export interface UsccParts {
  /** 登记管理部门代码, pos 1. */
  authorityCode: string;
  /** 机构类别代码, pos 2. */
  categoryCode: string;
  /** 登记管理机关行政区划码, pos 3-8 (GB/T 2260; 100000 = national). */
  regionCode: string;
  /** 主体标识码 = GB 11714 organisation code, pos 9-17. */
  orgCode: string;
  /** 校验码, pos 18. */
  checkCharacter: string;
  authorityName: string | undefined;
  categoryName: string | undefined;
  /** Full region name from the GB/T 2260 snapshot, e.g. 陕西省西安市雁塔区; '全国' for 100000. */
  regionName: string | undefined;
}

/** Result of {@link validateUscc}. */
export type UsccValidation =
  | { status: 'valid'; normalized: string; parts: UsccParts; warnings: UsccWarning[] }
  | {
      status: 'legacy_pilot';
      normalized: string;
      parts: UsccParts;
      expectedCheck: string;
      warnings: UsccWarning[];
    }
  | { status: 'masked'; normalized: string }
  | { status: 'invalid'; reason: UsccInvalidReason; message: string; normalized?: string };

/** Options of {@link validateUscc}. */
export interface UsccValidationOptions {
  /** Pilot patterns that turn a check-character failure into `legacy_pilot`; default {@link USCC_PILOT_PATTERNS}. */
  pilotPatterns?: readonly UsccPilotPattern[];
}

/**
 * Canonical form for comparison and storage: NFKC (full-width -> half-width), whitespace (incl. NBSP and
 * U+3000), zero-width characters (U+200B-U+200D, U+2060, U+FEFF) and hyphens/dashes removed, upper-cased.
 * Does not validate. Example: `' 91 110000-60003734１l '` -> `'91110000600037341L'`.
 */
export function normalizeUscc(raw: string): string {
  return raw.normalize('NFKC').replace(IGNORABLE, '').toUpperCase();
}

/**
 * GB 32100 check character for the first 17 characters: `charset[(31 − Σ value·3^(i−1) mod 31) mod 31]`.
 * Throws `RangeError` unless `first17` is 17 characters of {@link USCC_CHARSET}. Source: GB 32100-2015 (REFERENCE §1.2).
 */
export function computeUsccCheck(first17: string): string {
  if (first17.length !== 17 || [...first17].some((char) => !USCC_CHARSET.includes(char))) {
    throw new RangeError(`expected 17 characters of ${USCC_CHARSET}, got ${JSON.stringify(first17)}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += USCC_CHARSET.indexOf(first17.charAt(i)) * (WEIGHTS[i] ?? 0);
  return USCC_CHARSET.charAt((31 - (sum % 31)) % 31);
}

/**
 * Splits an 18-character code into its parts and looks up the advisory names (authority/category from
 * {@link USCC_AUTHORITIES}, region from the GB/T 2260 snapshot, any date). Does not check characters or check
 * digits. Unknown authority, category or region produce warnings, never errors.
 * Throws `RangeError` if the normalized code is not 18 characters long.
 */
export function parseUscc(code: string): { parts: UsccParts; warnings: UsccWarning[] } {
  const normalized = normalizeUscc(code);
  if (normalized.length !== 18) {
    throw new RangeError(`a unified social credit code has 18 characters, got ${normalized.length}`);
  }
  const authorityCode = normalized.charAt(0);
  const categoryCode = normalized.charAt(1);
  const regionCode = normalized.slice(2, 8);
  const warnings: UsccWarning[] = [];
  const authority = USCC_AUTHORITIES.find((entry) => entry.code === authorityCode);
  const categoryName = authority?.categories[categoryCode];
  if (!authority) {
    warnings.push({
      code: 'unknown_authority',
      message: `登记管理部门代码 ${JSON.stringify(authorityCode)}（第 1 位）不在已知代码表中`,
    });
  } else if (categoryName === undefined) {
    warnings.push({
      code: 'unknown_category',
      message: `机构类别代码 ${JSON.stringify(categoryCode)}（第 2 位）不是登记管理部门“${authority.name}”的已知类别`,
    });
  }
  const regionName = regionCode === '100000' ? '全国' : lookupRegion(regionCode)?.fullName;
  if (regionName === undefined) {
    warnings.push({
      code: 'unknown_region',
      message: `登记管理机关行政区划码 ${regionCode}（第 3–8 位）不在 GB/T 2260 行政区划代码表中`,
    });
  }
  return {
    parts: {
      authorityCode,
      categoryCode,
      regionCode,
      orgCode: normalized.slice(8, 17),
      checkCharacter: normalized.charAt(17),
      authorityName: authority?.name,
      categoryName,
      regionName,
    },
    warnings,
  };
}

function matchesPilotPattern(
  normalized: string,
  patterns: readonly UsccPilotPattern[],
): UsccPilotPattern | undefined {
  const regionCode = normalized.slice(2, 8);
  const orgCode = normalized.slice(8, 17);
  return patterns.find(
    (pattern) => regionCode.startsWith(pattern.regionCodePrefix) && orgCode.startsWith(pattern.orgCodePrefix),
  );
}

/**
 * Validates a unified social credit code (raw input, normalized first with {@link normalizeUscc}).
 *
 * Checks, in this order so the reason is the most specific one:
 * 1. `empty`; then `masked` when the code contains `*` (e.g. `913302******531452` as published);
 * 2. `scientific_notation`: `9.13502E+17` — a spreadsheet turned the code into a number and lost digits;
 * 3. `length` (18); 4. `charset` (31-symbol set; names the offending character, I/O/Z/S/V called out);
 * 5. `region_not_digits` (pos 3-8); 6. `org_code_check`: the embedded GB 11714 code (pos 9-17) fails — reported
 *    before the mod-31 check because it pins the error to positions 9-17 (when both fail, the message says so);
 * 7. mod-31 check (pos 18): if it fails but the org code passes and the code matches a pilot pattern
 *    (`options.pilotPatterns`, default {@link USCC_PILOT_PATTERNS}) the result is `legacy_pilot` with
 *    `expectedCheck` (treat as a data-quality warning for manual review, REFERENCE §1.5); otherwise
 *    `check_character`, naming the expected character.
 *
 * `valid` and `legacy_pilot` carry the parts and advisory warnings (unknown authority/category/region).
 * Never throws. Source: GB 32100-2015, GB 11714-1997.
 */
export function validateUscc(raw: string, options: UsccValidationOptions = {}): UsccValidation {
  const result = checkUscc(raw, options);
  if (!('normalized' in result) || result.normalized === undefined || !looksLikeRic(result.normalized))
    return result;
  // A resident id number where a code was expected: say so, quoting no part of it (the org code at pos 9-17 and
  // the region at pos 3-8 are digits of the person's number), ADR 0006.
  if (result.status === 'invalid')
    return { ...result, message: '该值疑似身份证号码，不是统一社会信用代码（内容已隐去）' };
  if (result.status === 'masked') return result;
  return {
    ...result,
    warnings: result.warnings.map((w) => ({ ...w, message: '该值疑似身份证号码（附注内容已隐去）' })),
  };
}

function checkUscc(raw: string, options: UsccValidationOptions): UsccValidation {
  const normalized = normalizeUscc(raw);
  if (normalized === '') {
    return { status: 'invalid', reason: 'empty', message: '统一社会信用代码为空' };
  }
  if (normalized.includes('*')) return { status: 'masked', normalized };
  if (looksLikeScientificNotation(normalized)) {
    return {
      status: 'invalid',
      reason: 'scientific_notation',
      message:
        `${JSON.stringify(raw.trim())} 是科学计数法形式的数字：表格软件把代码存成了数字并丢失了位数。` +
        '请将该列设为文本格式，并从源系统重新导出代码。',
      normalized,
    };
  }
  if (normalized.length !== 18) {
    return {
      status: 'invalid',
      reason: 'length',
      message: `统一社会信用代码应为 18 位，实际为 ${normalized.length} 位`,
      normalized,
    };
  }
  const badChars = [...normalized]
    .map((char, index) => ({ char, position: index + 1 }))
    .filter(({ char }) => !USCC_CHARSET.includes(char));
  if (badChars.length > 0) {
    const list = badChars
      .map(({ char, position }) => `第 ${position} 位为 ${JSON.stringify(char)}`)
      .join('、');
    const neverUsed = badChars.some(({ char }) => NEVER_USED.includes(char));
    return {
      status: 'invalid',
      reason: 'charset',
      message: `统一社会信用代码含不允许的字符：${list}${neverUsed ? '（代码中不使用字母 I、O、Z、S、V）' : ''}`,
      normalized,
    };
  }
  const regionCode = normalized.slice(2, 8);
  const nonDigit = [...regionCode].findIndex((char) => char < '0' || char > '9');
  if (nonDigit !== -1) {
    return {
      status: 'invalid',
      reason: 'region_not_digits',
      message: `第 3–8 位为登记管理机关行政区划码，应为数字；第 ${nonDigit + 3} 位为 ${JSON.stringify(regionCode.charAt(nonDigit))}`,
      normalized,
    };
  }
  const expectedCheck = computeUsccCheck(normalized.slice(0, 17));
  const checkOk = expectedCheck === normalized.charAt(17);
  const orgCode = normalized.slice(8, 17);
  const expectedOrgCheck = computeOrgCodeCheck(orgCode.slice(0, 8));
  if (expectedOrgCheck !== orgCode.charAt(8)) {
    return {
      status: 'invalid',
      reason: 'org_code_check',
      message:
        `内含的组织机构代码 ${orgCode}（第 9–17 位）未通过 GB 11714 校验：第 17 位应为 ` +
        `${JSON.stringify(expectedOrgCheck)}${checkOk ? '' : '；第 18 位校验码也不正确'}`,
      normalized,
    };
  }
  const { parts, warnings } = parseUscc(normalized);
  if (checkOk) return { status: 'valid', normalized, parts, warnings };
  const pilot = matchesPilotPattern(normalized, options.pilotPatterns ?? USCC_PILOT_PATTERNS);
  if (pilot) {
    warnings.push({
      code: 'nonstandard_check_character',
      message:
        `校验码 ${JSON.stringify(parts.checkCharacter)} 不符合 GB 32100（应为 ${JSON.stringify(expectedCheck)}）；` +
        `符合早期试点代码特征 ${pilot.id}，请保留该记录并人工复核`,
    });
    return { status: 'legacy_pilot', normalized, parts, expectedCheck, warnings };
  }
  return {
    status: 'invalid',
    reason: 'check_character',
    message: `校验码（第 18 位）为 ${JSON.stringify(parts.checkCharacter)}，按 GB 32100 应为 ${JSON.stringify(expectedCheck)}`,
    normalized,
  };
}

/** Input of {@link generateUscc}. */
export interface UsccSpec {
  /** Pos 1, one character of {@link USCC_CHARSET}. */
  authorityCode: string;
  /** Pos 2, one character of {@link USCC_CHARSET}. */
  categoryCode: string;
  /** Pos 3-8, six digits. */
  regionCode: string;
  /** The 8-character body of the organisation code (pos 9-16), characters of {@link USCC_CHARSET}. */
  orgBody: string;
}

/**
 * Builds a valid code deterministically: computes the GB 11714 check (pos 17) and the GB 32100 check (pos 18).
 * Example: `{authorityCode:'9', categoryCode:'1', regionCode:'110000', orgBody:'60003734'}` -> `91110000600037341L`.
 * Throws `RangeError` for malformed parts. For tests, generators and fixtures.
 */
export function generateUscc(spec: UsccSpec): string {
  const inCharset = (value: string): boolean => [...value].every((char) => USCC_CHARSET.includes(char));
  if (
    spec.authorityCode.length !== 1 ||
    spec.categoryCode.length !== 1 ||
    !inCharset(spec.authorityCode + spec.categoryCode)
  ) {
    throw new RangeError('authorityCode and categoryCode must each be one character of the USCC charset');
  }
  if (!/^\d{6}$/.test(spec.regionCode)) throw new RangeError('regionCode must be 6 digits');
  if (spec.orgBody.length !== 8 || !inCharset(spec.orgBody)) {
    throw new RangeError('orgBody must be 8 characters of the USCC charset');
  }
  const first17 = `${spec.authorityCode}${spec.categoryCode}${spec.regionCode}${spec.orgBody}${computeOrgCodeCheck(spec.orgBody)}`;
  return first17 + computeUsccCheck(first17);
}

/**
 * A valid random code from a caller-supplied RNG (`random()` in [0, 1), e.g. a seeded PRNG), so runs are
 * reproducible. Authority/category come from {@link USCC_AUTHORITIES}, the region from `regionCodes` (default: a
 * few Shaanxi codes), the org body from the USCC charset.
 */
export function randomUscc(
  random: () => number,
  regionCodes: readonly string[] = ['610000', '610100', '610113', '610403', '610305'],
): string {
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.min(items.length - 1, Math.floor(random() * items.length))];
    if (item === undefined) throw new RangeError('cannot pick from an empty list');
    return item;
  };
  const authority = pick(USCC_AUTHORITIES);
  const categoryCode = pick(Object.keys(authority.categories));
  const orgBody = Array.from({ length: 8 }, () => pick([...USCC_CHARSET])).join('');
  return generateUscc({
    authorityCode: authority.code,
    categoryCode,
    regionCode: pick(regionCodes),
    orgBody,
  });
}
