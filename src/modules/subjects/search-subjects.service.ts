import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.js';
import { engineOf } from '../../platform/db/engine.js';
import { AppError } from '../../platform/errors.js';
import { normalizeOrgCode, validateOrgCode } from '../../standards/org-code.js';
import { normalizeRegNo } from '../../standards/reg-no.js';
import { lookupRegion } from '../../standards/regions.js';
import { normalizeUscc } from '../../standards/uscc.js';
import { nameGrams } from './name-grams.js';
import { normalizeName } from './normalize-name.js';
import type { SubjectKind } from './subject.table.js';

export type MatchKind = 'code' | 'exact' | 'prefix' | 'contains';

export interface SubjectHit {
  readonly id: number;
  readonly kind: SubjectKind;
  readonly uscc: string | null;
  readonly name: string;
  readonly regStatus: string | null;
  readonly regionCode: string | null;
  /** GB/T 2260 full name of the region, e.g. 陕西省西安市碑林区. */
  readonly regionName: string | null;
  readonly match: MatchKind;
}

export interface SearchResult {
  readonly query: string;
  readonly by: 'uscc' | 'reg_no' | 'org_code' | 'name';
  readonly items: SubjectHit[];
  /** More results exist beyond this page. */
  readonly hasMore: boolean;
}

const SEARCH_COLUMNS = ['id', 'kind', 'uscc', 'name', 'name_norm', 'reg_status', 'region_code'] as const;
/** Posting lists are counted only up to this size when choosing the rarest bigram. */
const GRAM_COUNT_CAP = 2000;
/** Deepest result position a name search serves; refine the query for more. */
export const MAX_RESULTS = 500;

type Row = {
  id: number;
  kind: SubjectKind;
  uscc: string | null;
  name: string;
  name_norm: string;
  reg_status: string | null;
  region_code: string | null;
};

function hit(r: Row, match: MatchKind): SubjectHit {
  return {
    id: r.id,
    kind: r.kind,
    uscc: r.uscc,
    name: r.name,
    regStatus: r.reg_status,
    regionCode: r.region_code,
    regionName: r.region_code === null ? null : (lookupRegion(r.region_code)?.fullName ?? null),
    match,
  };
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Subject search for the portal and the API (docs/adr/0008-name-search.md): a unified social credit code,
 * legacy registration number or organisation code is looked up exactly (after normalisation); anything else is a
 * name search over normalised names — full-width and half-width brackets alike, at least 2 characters — ranked
 * exact > prefix (in name order) > contains (in registration order), paginated; every query reads a bounded
 * number of index entries. Natural persons are never found by
 * name. Same results on SQLite and PostgreSQL.
 * @throws AppError validation_failed for a name query shorter than 2 characters.
 */
export async function searchSubjects(
  db: Queryable,
  rawQuery: string,
  page: { limit: number; offset: number },
): Promise<SearchResult> {
  const query = rawQuery.trim();
  const code = normalizeUscc(query);
  if (/^[0-9A-Z]{18}$/.test(code) && /^[0-9A-Z]{2}\d{6}/.test(code)) {
    const rows = await db.selectFrom('subject').select(SEARCH_COLUMNS).where('uscc', '=', code).execute();
    return { query, by: 'uscc', items: rows.map((r) => hit(r, 'code')), hasMore: false };
  }
  const reg = normalizeRegNo(query);
  if (/^\d{15}$/.test(reg)) {
    const rows = await db
      .selectFrom('subject')
      .select(SEARCH_COLUMNS)
      .where('reg_no', '=', reg)
      .limit(page.limit)
      .execute();
    return { query, by: 'reg_no', items: rows.map((r) => hit(r, 'code')), hasMore: false };
  }
  if (validateOrgCode(query).status === 'valid') {
    const rows = await db
      .selectFrom('subject')
      .select(SEARCH_COLUMNS)
      .where('org_code', '=', normalizeOrgCode(query))
      .limit(page.limit)
      .execute();
    return { query, by: 'org_code', items: rows.map((r) => hit(r, 'code')), hasMore: false };
  }

  const q = normalizeName(query);
  if ([...q].length < 2)
    throw new AppError('validation_failed', '名称检索至少需要 2 个字', {
      details: [{ field: 'query.q', code: 'minLength', message: '至少需要 2 个字' }],
    });
  const want = Math.min(page.offset + page.limit + 1, MAX_RESULTS + 1);
  const seen = new Set<number>();
  const out: SubjectHit[] = [];
  const add = (rows: readonly Row[], match: MatchKind) => {
    for (const r of rows) {
      if (out.length >= want || seen.has(r.id) || r.kind === 'natural_person') continue;
      seen.add(r.id);
      out.push(hit(r, match));
    }
  };

  add(
    await db.selectFrom('subject').select(SEARCH_COLUMNS).where('name_norm', '=', q).limit(want).execute(),
    'exact',
  );
  if (out.length < want) {
    const nameNorm =
      engineOf(db) === 'postgres' ? sql<string>`name_norm collate "C"` : sql<string>`name_norm`;
    const prefix = await db
      .selectFrom('subject')
      .select(SEARCH_COLUMNS)
      .where(nameNorm, '>=', q)
      .where(nameNorm, '<', `${q}\u{10ffff}`)
      .orderBy(nameNorm)
      .limit(want)
      .execute();
    add(prefix, 'prefix');
  }
  if (out.length < want) {
    const grams = nameGrams(q);
    let rarest = grams[0] ?? q;
    let fewest = Number.POSITIVE_INFINITY;
    for (const g of grams) {
      const n = Number(
        (
          await db
            .selectFrom((eb) =>
              eb
                .selectFrom('subject_name_gram')
                .select('subject_id')
                .where('gram', '=', g)
                .limit(GRAM_COUNT_CAP + 1)
                .as('p'),
            )
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      if (n < fewest) {
        fewest = n;
        rarest = g;
      }
      if (n === 0) break;
    }
    if (fewest > 0) {
      const candidates = await db
        .selectFrom('subject_name_gram as g')
        .innerJoin('subject as s', 's.id', 'g.subject_id')
        .select(SEARCH_COLUMNS.map((c) => `s.${c}` as const))
        .where('g.gram', '=', rarest)
        .where(sql<boolean>`s.name_norm like ${`%${escapeLike(q)}%`} escape '\\'`)
        .orderBy('g.subject_id')
        .limit(want + seen.size)
        .execute();
      add(candidates, 'contains');
    }
  }
  const items = out.slice(page.offset, page.offset + page.limit);
  return { query, by: 'name', items, hasMore: out.length > page.offset + page.limit };
}
