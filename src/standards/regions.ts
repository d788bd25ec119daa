import { assertCalendarDate } from './calendar-date.js';
import { GB2260_RECORDS } from './gb2260-data.js';

/** 省级 / 地级 / 县级. `city` is any prefecture-level unit (地级市, 地区, 自治州, 盟). */
export type RegionLevel = 'province' | 'city' | 'county';

/** One GB/T 2260 region code as of a date. Dates are `YYYY-MM-DD`; see `gb2260-data.ts` for their precision. */
export interface RegionInfo {
  code: string;
  name: string;
  level: RegionLevel;
  /** Code of the enclosing prefecture (or province for provincial-level cities' districts); undefined for a province. */
  parent: string | undefined;
  /** First day in force; undefined = in force before the snapshot, start not recorded. */
  validFrom: string | undefined;
  /** Last day in force; undefined = still in force at the snapshot cutoff (2023-06-30). */
  validTo: string | undefined;
  /** Province + prefecture + own name, e.g. 陕西省西安市雁塔区; 北京市海淀区 for municipality districts. */
  fullName: string;
  /** Provenance of dated (historic or renamed) records. */
  note?: string;
}

interface RegionRecord {
  code: string;
  name: string;
  validFrom: string | undefined;
  validTo: string | undefined;
  note: string | undefined;
}

let recordsByCode: Map<string, RegionRecord[]> | undefined;

function records(): Map<string, RegionRecord[]> {
  if (recordsByCode) return recordsByCode;
  const map = new Map<string, RegionRecord[]>();
  for (const line of GB2260_RECORDS.split('\n')) {
    if (line === '') continue;
    const [code = '', name = '', validFrom = '', validTo = '', note = ''] = line.split('|');
    const record: RegionRecord = {
      code,
      name,
      validFrom: validFrom || undefined,
      validTo: validTo || undefined,
      note: note || undefined,
    };
    const list = map.get(code);
    if (list) list.push(record);
    else map.set(code, [record]);
  }
  recordsByCode = map;
  return map;
}

function levelOf(code: string): RegionLevel {
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

function parentOf(code: string): string | undefined {
  const level = levelOf(code);
  if (level === 'province') return undefined;
  const province = `${code.slice(0, 2)}0000`;
  if (level === 'city') return province;
  const city = `${code.slice(0, 4)}00`;
  return records().has(city) ? city : province;
}

function isInForce(record: RegionRecord, onDate: string): boolean {
  return (
    (record.validFrom === undefined || record.validFrom <= onDate) &&
    (record.validTo === undefined || onDate <= record.validTo)
  );
}

function pickRecord(code: string, onDate: string | undefined): RegionRecord | undefined {
  const list = records().get(code);
  if (!list) return undefined;
  if (onDate !== undefined) return list.find((record) => isInForce(record, onDate));
  const current = list.find((record) => record.validTo === undefined);
  if (current) return current;
  return [...list].sort((a, b) => (a.validTo ?? '').localeCompare(b.validTo ?? '')).at(-1);
}

function toInfo(record: RegionRecord, onDate: string | undefined): RegionInfo {
  const parent = parentOf(record.code);
  const names: string[] = [record.name];
  let ancestor = parent;
  while (ancestor !== undefined) {
    // Ancestors are looked up as of the same date when there is one, otherwise their latest record.
    const ancestorRecord = pickRecord(ancestor, onDate) ?? pickRecord(ancestor, undefined);
    if (ancestorRecord) names.unshift(ancestorRecord.name);
    ancestor = parentOf(ancestor);
  }
  const info: RegionInfo = {
    code: record.code,
    name: record.name,
    level: levelOf(record.code),
    parent,
    validFrom: record.validFrom,
    validTo: record.validTo,
    fullName: names.join(''),
  };
  if (record.note !== undefined) info.note = record.note;
  return info;
}

/**
 * Looks up a 6-digit GB/T 2260 code in the shipped snapshot (`gb2260-data.ts`).
 *
 * - With `onDate` (`YYYY-MM-DD`): the record in force on that date, or undefined (e.g. `lookupRegion('610322',
 *   '2022-06-01')` is undefined because 凤翔县 became 凤翔区 610305 in 2021).
 * - Without `onDate`: the current record, else the most recent historic one (so historic codes still resolve, e.g.
 *   for a USCC issued before a change).
 *
 * Returns undefined for anything that is not a known code (including non-GB/T 2260 codes such as 100000 or the
 * NBS development-zone codes xx7x). Throws `RangeError` if `onDate` is not a valid date.
 * Source: GB/T 2260; NBS 2023 snapshot + MCA history for Shaanxi (see the data file header).
 */
export function lookupRegion(code: string, onDate?: string): RegionInfo | undefined {
  if (onDate !== undefined) assertCalendarDate(onDate, 'onDate');
  if (!/^\d{6}$/.test(code)) return undefined;
  const record = pickRecord(code, onDate);
  return record ? toInfo(record, onDate) : undefined;
}

/** Whether `code` is a GB/T 2260 code in the snapshot (in force on `onDate` when given). See {@link lookupRegion}. */
export function isRegionCode(code: string, onDate?: string): boolean {
  return lookupRegion(code, onDate) !== undefined;
}

/**
 * Regions whose name or full name equals `name` (after NFKC and trimming), e.g. `'雁塔区'` or `'陕西省西安市雁塔区'`;
 * when nothing matches exactly, regions whose name starts with `name` (`'凤翔'` finds 凤翔区 610305 and the historic
 * 凤翔县 610322). Historic records are included unless `onDate` is given, in which case only records in force on
 * that date are returned. Sorted by code, then validFrom. Returns `[]` for an empty query.
 */
export function findRegionsByName(name: string, options: { onDate?: string } = {}): RegionInfo[] {
  const query = name.normalize('NFKC').trim();
  if (query === '') return [];
  const all = listRegions({ onDate: options.onDate, includeHistoric: true });
  const exact = all.filter((region) => region.name === query || region.fullName === query);
  return exact.length > 0 ? exact : all.filter((region) => region.name.startsWith(query));
}

/**
 * All regions of the snapshot, optionally filtered. Without `onDate`, historic records are included only when
 * `includeHistoric` is true; with `onDate`, the records in force on that date. Sorted by code, then validFrom.
 */
export function listRegions(
  filter: { level?: RegionLevel; parent?: string; onDate?: string; includeHistoric?: boolean } = {},
): RegionInfo[] {
  if (filter.onDate !== undefined) assertCalendarDate(filter.onDate, 'onDate');
  const result: RegionInfo[] = [];
  for (const list of records().values()) {
    for (const record of list) {
      if (filter.onDate !== undefined) {
        if (!isInForce(record, filter.onDate)) continue;
      } else if (!filter.includeHistoric && record.validTo !== undefined) {
        continue;
      }
      if (filter.level !== undefined && levelOf(record.code) !== filter.level) continue;
      if (filter.parent !== undefined && parentOf(record.code) !== filter.parent) continue;
      result.push(toInfo(record, filter.onDate));
    }
  }
  return result.sort(
    (a, b) => a.code.localeCompare(b.code) || (a.validFrom ?? '').localeCompare(b.validFrom ?? ''),
  );
}

/**
 * A unit that reports credit data like a prefecture but has no GB/T 2260 code of its own (报送单位), mapped to the
 * GB/T 2260 codes of the area it administers. Model it beside, not inside, the code table.
 */
export interface ReportingRegion {
  id: string;
  name: string;
  officialName: string;
  /** Province the unit reports to. */
  provinceCode: string;
  /** GB/T 2260 codes of its area. */
  regionCodes: readonly string[];
  /** `whole`: the area is exactly these units; `partial`: it covers only parts (townships) of them. */
  coverage: 'whole' | 'partial';
  /** Facts marked UNCONFIRMED are not verified against a primary source. */
  note: string;
}

/**
 * Shaanxi reporting regions without their own GB/T 2260 code (REFERENCE §12). Both the "no own code" status and
 * the area mappings are UNCONFIRMED: 杨凌 = 杨陵区 610403 per the reference notes; the 西咸新区 list is from general
 * knowledge (parts of 7 counties/districts of 西安 and 咸阳; administered by 西安 since 2017) and must be checked
 * before it drives any statistics.
 */
export const REPORTING_REGIONS: readonly ReportingRegion[] = [
  {
    id: 'yangling',
    name: '杨凌示范区',
    officialName: '杨凌农业高新技术产业示范区',
    provinceCode: '610000',
    regionCodes: ['610403'],
    coverage: 'whole',
    note: 'UNCONFIRMED: no own GB/T 2260 code; area = 咸阳市杨陵区 610403 (REFERENCE §12). Reports alongside the 10 cities.',
  },
  {
    id: 'xixian',
    name: '西咸新区',
    officialName: '陕西省西咸新区',
    provinceCode: '610000',
    regionCodes: ['610112', '610116', '610118', '610402', '610404', '610423', '610481'],
    coverage: 'partial',
    note:
      'UNCONFIRMED: no own GB/T 2260 code; covers parts (townships) of 未央区, 长安区, 鄠邑区 (西安) and 秦都区, 渭城区, ' +
      '泾阳县, 兴平市 (咸阳) — list from general knowledge, not from a primary source.',
  },
];

/** Reporting regions whose area includes the GB/T 2260 `regionCode` (e.g. 610403 -> 杨凌示范区). */
export function reportingRegionsFor(regionCode: string): ReportingRegion[] {
  return REPORTING_REGIONS.filter((region) => region.regionCodes.includes(regionCode));
}
