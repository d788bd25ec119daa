// Masking (脱敏) of natural persons' data on public pages. No national rule is confirmed (REFERENCE §14), so these
// are our documented rules, modelled on common practice on 信用中国-style portals. Every function:
// - is idempotent (masking a masked value changes nothing),
// - never reveals more than its rule (unknown shapes are masked completely),
// - returns '' for empty input and writes one '*' per hidden character (lengths stay visible, content does not).

import { lookupRegion } from './regions.js';
import { computeRicCheck, looksLikeRic } from './ric.js';
import { computeUsccCheck, USCC_CHARSET } from './uscc.js';

const MASK = '*';

/**
 * Compound surnames (复姓) kept whole by {@link maskName}: those of 《百家姓》 plus a few common modern ones.
 * A 2-character name is never treated as compound (欧阳 alone is read as surname 欧 + given name 阳).
 */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set(
  (
    '万俟 司马 上官 欧阳 夏侯 诸葛 闻人 东方 赫连 皇甫 尉迟 公羊 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 公孙 仲孙 轩辕 令狐 钟离 宇文 长孙 慕容 鲜于 闾丘 司徒 ' +
    '司空 亓官 司寇 子车 颛孙 端木 巫马 公西 漆雕 乐正 壤驷 公良 拓跋 夹谷 宰父 谷梁 段干 百里 东郭 南门 呼延 羊舌 微生 梁丘 左丘 东门 西门 南宫 第五 独孤 达奚'
  ).split(' '),
);

const NAME_SEPARATOR = /[\s·•‧・．.]/u;

/**
 * Masks a natural person's name: keeps the surname (1 character, or a {@link COMPOUND_SURNAMES} entry when the name
 * has ≥ 3 characters), replaces every other character with `*`, keeps name separators (`·`, spaces) so the shape
 * stays readable. A 1-character name is masked completely.
 * Examples: 张三 -> 张*, 张三丰 -> 张**, 欧阳娜娜 -> 欧阳**, 司马光 -> 司马*, 阿卜杜·热合曼 -> 阿**·***, John Smith -> J*** *****.
 * Anything after the name (e.g. an annotation "（香港居民）") is masked too. Surrounding whitespace is trimmed.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return MASK.repeat(chars.length);
  const keep = chars.length >= 3 && COMPOUND_SURNAMES.has(`${chars[0]}${chars[1]}`) ? 2 : 1;
  return chars.map((char, index) => (index < keep || NAME_SEPARATOR.test(char) ? char : MASK)).join('');
}

/**
 * Masks a resident identity number to its one fixed form, the same wherever the number leaves the process (pages,
 * reports, receipts, messages, logs): the first and the last character stay, every other one is `*`, e.g.
 * 610102199001011234 -> 6****************4, 15-digit 610102900101123 -> 6*************3. No two outputs can be
 * combined to recover more (ADR 0006). Input is normalized first (NFKC, whitespace removed, x -> X). Anything else
 * (other lengths, other characters) is masked completely.
 */
export function maskRic(value: string): string {
  const normalized = value.normalize('NFKC').replace(/\s/gu, '').toUpperCase();
  if (/^[0-9X*]{18}$/.test(normalized) || /^[0-9*]{15}$/.test(normalized))
    return `${normalized.charAt(0)}${MASK.repeat(normalized.length - 2)}${normalized.slice(-1)}`;
  return MASK.repeat([...normalized].length);
}

/**
 * Masks a unified social credit code the way published extracts do: first 6 + 6 `*` + last 6
 * (913302******531452). Only for codes of individual businesses or where policy asks; legal entities' codes are
 * public. Normalized first (NFKC, whitespace removed, upper-case); anything but 18 characters 0-9/A-Z is masked
 * completely.
 */
export function maskUscc(value: string): string {
  const normalized = value.normalize('NFKC').replace(/\s/gu, '').toUpperCase();
  if (/^[0-9A-Z*]{18}$/.test(normalized))
    return `${normalized.slice(0, 6)}${MASK.repeat(6)}${normalized.slice(12)}`;
  return MASK.repeat([...normalized].length);
}

const PHONE_SEPARATOR = /[\s\-+()（）/.,，转]/u;

/**
 * Masks a phone number. After NFKC, separators (space - + ( ) / . , 转) are kept; every other character is a "slot"
 * and is shown only if it is a digit the rule keeps, otherwise written as `*`.
 * - Mobile: 11 slots starting with 1, optionally after country code 86/0086: keep the first 3 and last 4
 *   (13812345678 -> 138****5678; +86 138 1234 5678 -> +86 138 **** 5678).
 * - Landline and anything else with ≥ 7 slots: keep a leading area code (010, 02x, or 0 + 3 digits — or the first
 *   group when written separately, e.g. 0917-) and, when the subscriber number that follows has ≥ 7 slots, its
 *   last 4; mask the rest, including extensions (029-88886666 -> 029-****6666, 029-88886666-123 -> 029-****6666-***).
 * - Fewer than 7 slots: everything masked.
 */
export function maskPhone(value: string): string {
  const chars = [...value.normalize('NFKC').trim()];
  // Every non-separator is a slot, so that masking a stray character cannot create a new slot on a second pass;
  // only digits are ever shown.
  const isSlot = (char: string): boolean => !PHONE_SEPARATOR.test(char);
  const slotIndexes = chars.flatMap((char, index) => (isSlot(char) ? [index] : []));
  // One UTF-16 unit per slot ('#' for anything but a digit or '*'), so string positions are slot ordinals.
  const slots = slotIndexes.map((index) => (/[0-9*]/.test(chars[index] ?? '') ? chars[index] : '#')).join('');
  const keep = new Set<number>(); // slot ordinals to show
  const countryCode = /^(?:00)?86/.exec(slots)?.[0] ?? '';
  const mobileOffset =
    countryCode !== '' && slots.length === countryCode.length + 11 && slots.charAt(countryCode.length) === '1'
      ? countryCode.length
      : 0;
  if (slots.length === mobileOffset + 11 && slots.charAt(mobileOffset) === '1') {
    for (const ordinal of [0, 1, 2, 7, 8, 9, 10]) keep.add(mobileOffset + ordinal);
    for (let ordinal = 0; ordinal < mobileOffset; ordinal += 1) keep.add(ordinal);
  } else if (slots.length >= 7) {
    // Groups of slot ordinals written together (separators split them).
    const groups: number[][] = [];
    slotIndexes.forEach((charIndex, ordinal) => {
      const group = groups.at(-1);
      if (group && slotIndexes[ordinal - 1] === charIndex - 1) group.push(ordinal);
      else groups.push([ordinal]);
    });
    let areaLength = 0;
    if (slots.startsWith('0')) {
      const firstLength = groups[0]?.length ?? 0;
      if (groups.length > 1 && firstLength >= 3 && firstLength <= 4) areaLength = firstLength;
      else areaLength = /^0(?:10|2\d)/.test(slots) ? 3 : 4;
    }
    for (let ordinal = 0; ordinal < areaLength; ordinal += 1) keep.add(ordinal);
    // The subscriber number: the first group after the area code (the rest of the first group when written together).
    const numberGroup = groups
      .map((group) => group.filter((ordinal) => ordinal >= areaLength))
      .find((g) => g.length > 0);
    // Show the last 4 only of a full-length subscriber number (7-8 digits), so at least 3 digits stay hidden.
    if (numberGroup && numberGroup.length >= 7)
      for (const ordinal of numberGroup.slice(-4)) keep.add(ordinal);
  }
  const keptCharIndexes = new Set(slotIndexes.filter((_, ordinal) => keep.has(ordinal)));
  return chars
    .map((char, index) => (!isSlot(char) || (keptCharIndexes.has(index) && /[0-9]/.test(char)) ? char : MASK))
    .join('');
}

// Markers of administrative units and streets; 小区/校区/厂区/景区 and 超市/菜市/集市/门市 are excluded because they
// name places below street level.
const ADDRESS_MARKER =
  /(?:省|自治区|(?<![超菜集门])市|自治州|地区|盟|(?<![小校厂景])区|县|旗|街道|镇|乡|苏木|大道|路|街|巷|胡同|弄|里|村|社区|嘎查)/gu;

/**
 * Masks an address below street level. Keeps the text before the first digit (or `*`), cut back to the end of the
 * last administrative or street marker in it (省 市 区 县 镇 乡 街道 路 街 巷 胡同 村 社区 …); every character after that
 * is `*`. So house, building, unit and room numbers and compound names are hidden, and an address with no marker
 * is masked completely. Example: 陕西省西安市雁塔区小寨东路126号百富大厦3楼 -> 陕西省西安市雁塔区小寨东路 followed by
 * one `*` per remaining character.
 */
export function maskAddress(address: string): string {
  const chars = [...address.trim()];
  const firstStop = chars.findIndex((char) => /[0-9０-９*＊]/.test(char));
  const prefix = chars.slice(0, firstStop === -1 ? chars.length : firstStop).join('');
  let keepLength = 0;
  for (const match of prefix.matchAll(ADDRESS_MARKER)) {
    keepLength = [...prefix.slice(0, match.index + match[0].length)].length;
  }
  return chars.map((char, index) => (index < keepLength ? char : MASK)).join('');
}

/** The kinds of personal data a field can hold (catalog field specs say which). */
export type PersonalDataKind = 'name' | 'id_number' | 'phone' | 'address';

/** `text` masked as the personal data it is: a name, an id number, a phone number or an address; else as is. */
export function maskPersonal(kind: PersonalDataKind | undefined, text: string): string {
  switch (kind) {
    case 'name':
      return maskName(text);
    case 'id_number':
      return maskRic(text);
    case 'phone':
      return maskPhone(text);
    case 'address':
      return maskAddress(text);
    default:
      return text;
  }
}

// Candidates in free text: 18 characters (17 digits + digit/X), 15 digits, or a mainland mobile number (optionally
// after +86), none of them inside a longer run of letters or digits.
const TEXT_RIC_18 = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const TEXT_RIC_15 = /(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])/g;
const ELEVEN_DIGITS = /[0-9\uFF10-\uFF19]{11}/;
const TEXT_MOBILE = /(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9A-Za-z])/g;

/**
 * Whether an 18-character candidate (17 digits + digit/X, already folded to half-width) is masked as a resident id:
 * its characters 7–14 are a plausible birth date, unless it is a valid unified social credit code (GB 32100 check
 * character) whose MOD 11-2 check character is wrong. About 4 % of all-digit codes with a region ending 19/20 have a
 * date-like middle; company codes are public and stay in clear. A value valid as both (about 1 in 11 of those) is
 * masked: privacy first.
 */
function isPersonalNumber18(candidate: string): boolean {
  if (!looksLikeRic(candidate)) return false;
  const upper = candidate.toUpperCase();
  const first17 = upper.slice(0, 17);
  if (computeRicCheck(first17) === upper.charAt(17)) return true;
  return ![...upper].every((c) => USCC_CHARSET.includes(c)) || computeUsccCheck(first17) !== upper.charAt(17);
}

/**
 * Whether a 15-digit candidate is masked as a legacy resident id: characters 7–12 are a plausible yymmdd and
 * characters 1–2 a GB/T 2260 province. A 15-digit id has no check character, so a registration number (GS 15-2006)
 * with a date-like middle cannot be told from one: about 1 in 10 random ids also passes the registration number's
 * MOD 11,10 check, too many to leave in clear, so such registration numbers (about 3.6 % of them) are masked.
 */
function isPersonalNumber15(candidate: string): boolean {
  return looksLikeRic(candidate) && lookupRegion(`${candidate.slice(0, 2)}0000`) !== undefined;
}

/**
 * Masks resident identity numbers and mobile numbers written into free text (违法事实, 备注 …), leaving everything
 * else as it is: an 18-character number whose characters 7–14 are a plausible birth date, unless it is a valid
 * unified social credit code and no valid id ({@link isPersonalNumber18}), a 15-digit number whose characters 7–12
 * are a plausible yymmdd after a province code ({@link isPersonalNumber15}), and mainland mobile numbers. Returns the text and whether anything was masked. Names cannot be
 * recognised in free text and are not touched. Full-width digits count as digits.
 */
export function maskIdentifiersInText(text: string): { text: string; masked: boolean } {
  // every pattern needs a run of at least 11 digits; most free text has none, and is returned at once
  if (!ELEVEN_DIGITS.test(text)) return { text, masked: false };
  // Full-width digits and letters (０-９, Ｘ) are folded one-to-one for matching, so a number typed on a
  // Chinese keyboard is found as well; what is not masked keeps its original characters.
  let folded = text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  let out = text;
  let masked = false;
  const pass = (re: RegExp, mask: (m: string) => string | null) => {
    let o = '';
    let f = '';
    let last = 0;
    for (const m of folded.matchAll(re)) {
      const r = mask(m[0]);
      if (r === null) continue;
      const at = m.index ?? 0;
      o += out.slice(last, at) + r;
      f += folded.slice(last, at) + r;
      last = at + m[0].length;
      masked = true;
    }
    out = o + out.slice(last);
    folded = f + folded.slice(last);
  };
  pass(TEXT_RIC_18, (m) => (isPersonalNumber18(m) ? maskRic(m) : null));
  pass(TEXT_RIC_15, (m) => (isPersonalNumber15(m) ? maskRic(m) : null));
  pass(TEXT_MOBILE, (m) => maskPhone(m));
  return { text: out, masked };
}
