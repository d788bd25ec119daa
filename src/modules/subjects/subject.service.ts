import type { FieldProtector } from '../../platform/crypto/field-protector.js';
import type { Queryable } from '../../platform/db/database.js';
import { type AppError, notFound } from '../../platform/errors.js';
import { maskIdentifiersInText, maskRic } from '../../standards/mask.js';
import { normalizeRic, type RicInvalidReason, validateRic } from '../../standards/ric.js';
import { normalizeUscc, validateUscc } from '../../standards/uscc.js';
import { normalizeName } from './normalize-name.js';
import { searchSubjects } from './search-subjects.service.js';
import {
  findSubjectById,
  findSubjectByUscc,
  findSubjectsByNameNorm,
  findSubjectsByRicDigest,
  findSubjectsByUscc,
  type SubjectRow,
} from './subject.repository.js';

import type { SubjectKind } from './subject.table.js';

export type { SubjectRow } from './subject.repository.js';

/** 主体类别 as people read them (GLOSSARY). */
export const SUBJECT_KIND_LABELS: Readonly<Record<SubjectKind, string>> = {
  legal_entity: '法人及非法人组织',
  individual_business: '个体工商户',
  natural_person: '自然人',
};

/** A subject with its encrypted id number (natural persons), for views entitled to it. */
export type SubjectWithCipher = SubjectRow & { ric_cipher: string | null };

/**
 * A subject by USCC (any case, full-width tolerated), by numeric id, or — when `protector` is given — by a natural
 * person's resident id number (through its keyed digest). Callers that take id numbers must not let the answer
 * tell an unentitled reader whether the number is known (see records/credit-file.service.ts).
 * @throws AppError not_found (the message never repeats an id number)
 */
export async function getSubjectByRef(
  db: Queryable,
  ref: string,
  protector?: FieldProtector,
): Promise<SubjectWithCipher & { byRic?: true }> {
  if (/^\d{1,12}$/.test(ref)) {
    const s = await findSubjectById(db, Number(ref));
    if (s === undefined) throw notFound(`信用主体 ${ref}`);
    return s;
  }
  const s = await findSubjectByUscc(db, normalizeUscc(ref));
  if (s !== undefined) return s;
  const ric = validateRic(ref, { today: '2100-01-01' });
  if (ric.status === 'valid' && protector !== undefined) {
    const [person] = await findSubjectsByRicDigest(db, [protector.digest(ric.ric18)]);
    if (person !== undefined) {
      const full = await findSubjectById(db, person.id);
      if (full !== undefined) return { ...full, byRic: true };
    }
  }
  throw subjectNotFound(ref);
}

/**
 * The answer to a subject reference that finds no subject. Readers not entitled to look a person up by id number
 * get exactly this answer for a person who exists, so the two cannot be told apart (no identity oracle).
 */
export function subjectNotFound(ref: string): AppError {
  return notFound(`信用主体 ${shownRef(ref)}`);
}

/**
 * What a subject reference a person typed is: a unified social credit code (valid, or a legacy pilot code), a valid
 * resident id number, or neither — then whether it looks like an id number (15 or 18 digits once separators are
 * dropped, with the reason it is not one) and how many digits it has.
 */
export type SubjectRefKind =
  | { readonly kind: 'uscc'; readonly code: string }
  | { readonly kind: 'ric'; readonly ric18: string }
  | {
      readonly kind: 'other';
      readonly digits: number;
      /** The reason it is not a valid id number, when it looks like one. */
      readonly ricReason: RicInvalidReason | 'masked' | null;
    };

export function parseSubjectRef(ref: string): SubjectRefKind {
  const ric = validateRic(ref, { today: '2100-01-01' });
  if (ric.status === 'valid') return { kind: 'ric', ric18: ric.ric18 };
  const code = normalizeUscc(ref);
  const uscc = validateUscc(code);
  if (uscc.status === 'valid' || uscc.status === 'legacy_pilot') return { kind: 'uscc', code };
  const looksLikeRic = /^\d{15}$|^\d{17}[\dXx]$/.test(ref.normalize('NFKC').replace(/[\s.-]/g, ''));
  return {
    kind: 'other',
    digits: ref.normalize('NFKC').replace(/\D/g, '').length,
    ricReason: looksLikeRic ? (ric.status === 'invalid' ? ric.reason : 'masked') : null,
  };
}

/**
 * A reference as an error message may repeat it: a valid id number masked, a unified social credit code as it
 * is, and anything else with 15 or more digits (an id number in a form the masking cannot recognise, e.g. with
 * separators) not repeated at all.
 */
export function shownRef(ref: string): string {
  const parsed = parseSubjectRef(ref);
  if (parsed.kind === 'ric') return maskRic(parsed.ric18);
  if (parsed.kind === 'uscc') return parsed.code;
  return parsed.digits >= 15 ? '（所填号码）' : maskIdentifiersInText(ref).text;
}

/** @throws AppError not_found */
export async function getSubjectById(db: Queryable, id: number): Promise<SubjectWithCipher> {
  const s = await findSubjectById(db, id);
  if (s === undefined) throw notFound(`信用主体 ${id}`);
  return s;
}

export interface CheckSubject {
  readonly id: number;
  readonly kind: SubjectRow['kind'];
  readonly name: string;
  readonly uscc: string | null;
}

export interface SubjectMatch {
  readonly index: number;
  /** The query echoed back, resident ids masked. */
  readonly maskedQuery: Record<string, string>;
  /** The one subject the query identifies, if any. */
  readonly subject?: CheckSubject;
  /** For name queries: subjects that might be meant, with why. */
  readonly candidates: { subjectId: number; name: string; uscc: string | null; explanation: string }[];
  readonly note: string | null;
  /** The query was a well-formed resident id number (whether or not a subject has it). */
  readonly validRic?: true;
}

/** Which of the given USCCs a subject here holds (normalised codes in, the registered ones out). */
export async function registeredUsccs(db: Queryable, usccs: readonly string[]): Promise<Set<string>> {
  if (usccs.length === 0) return new Set();
  return new Set((await findSubjectsByUscc(db, usccs)).flatMap((s) => (s.uscc === null ? [] : [s.uscc])));
}

/**
 * Identifies the subjects of a batch of check queries with a handful of set-based lookups: USCC exactly (after
 * normalisation), resident id by its keyed digest, or name — a name identifies a subject only when exactly one
 * subject has exactly that (normalised) name; otherwise the candidates are listed with a match explanation.
 */
export async function findSubjectsForCheck(
  db: Queryable,
  protector: FieldProtector,
  queries: readonly ({ uscc: string } | { ric: string } | { name: string })[],
): Promise<SubjectMatch[]> {
  const usccs = new Map<number, string>();
  const digests = new Map<number, string>();
  const names = new Map<number, string>();
  const masked: Record<string, string>[] = [];
  const notes: (string | null)[] = [];
  queries.forEach((q, i) => {
    notes[i] = null;
    if ('uscc' in q) {
      const code = normalizeUscc(q.uscc);
      const v = validateUscc(code);
      if (v.status === 'valid' || v.status === 'legacy_pilot') {
        masked[i] = { uscc: code };
        usccs.set(i, code);
      } else if (validateRic(code, { today: '2100-01-01' }).status === 'valid') {
        // a resident id number in the code field: echoed masked, never looked up as a code
        masked[i] = { uscc: maskRic(code) };
        notes[i] = '这是公民身份号码，不是统一社会信用代码；核查自然人请按公民身份号码（ric）查询';
      } else {
        masked[i] = { uscc: maskIdentifiersInText(code).text };
        notes[i] =
          v.status === 'invalid' ? `统一社会信用代码无效：${v.message}` : '统一社会信用代码已脱敏，无法核查';
      }
    } else if ('ric' in q) {
      const v = validateRic(q.ric, { today: '2100-01-01' });
      masked[i] = { ric: maskRic(v.status === 'valid' ? v.ric18 : normalizeRic(q.ric)) };
      if (v.status === 'valid') digests.set(i, protector.digest(v.ric18));
      else notes[i] = '公民身份号码无效';
    } else {
      // a name may carry an id number typed into it; the echo (kept in the signed receipt) never does
      masked[i] = { name: maskIdentifiersInText(q.name).text };
      const name = normalizeName(q.name);
      if ([...name].length >= 2) names.set(i, name);
      else notes[i] = '名称规范化后不足 2 个字符，无法核查';
    }
  });
  const byUscc = new Map((await findSubjectsByUscc(db, [...usccs.values()])).map((s) => [s.uscc, s]));
  const byRic = new Map(
    (await findSubjectsByRicDigest(db, [...digests.values()])).map((s) => [s.ric_digest, s]),
  );
  const byName = new Map<string, SubjectRow[]>();
  for (const s of await findSubjectsByNameNorm(db, [...names.values()]))
    byName.set(s.name_norm, [...(byName.get(s.name_norm) ?? []), s]);

  const out: SubjectMatch[] = [];
  for (let i = 0; i < queries.length; i++) {
    const toSubject = (s: SubjectRow): CheckSubject => ({
      id: s.id,
      kind: s.kind,
      name: s.name,
      uscc: s.uscc,
    });
    const code = usccs.get(i);
    const digest = digests.get(i);
    const name = names.get(i);
    if (code !== undefined) {
      const s = byUscc.get(code);
      // An all-digit code can be a valid USCC and a valid resident id at once; one no organisation here holds is
      // echoed masked, since it may be a person's id typed into the code field.
      const maybeRic = s === undefined && validateRic(code, { today: '2100-01-01' }).status === 'valid';
      out.push({
        index: i,
        maskedQuery: maybeRic ? { uscc: maskRic(code) } : (masked[i] ?? {}),
        ...(s === undefined ? {} : { subject: toSubject(s) }),
        candidates: [],
        note:
          s !== undefined
            ? null
            : maybeRic
              ? '平台未收录该统一社会信用代码；该号码也符合公民身份号码格式，核查自然人请按公民身份号码（ric）查询'
              : '平台未收录该统一社会信用代码',
      });
    } else if (digest !== undefined) {
      const s = byRic.get(digest);
      out.push({
        index: i,
        maskedQuery: masked[i] ?? {},
        ...(s === undefined ? {} : { subject: toSubject(s) }),
        candidates: [],
        note: s === undefined ? '平台未收录该自然人' : null,
        validRic: true,
      });
    } else if (name !== undefined) {
      const exact = (byName.get(name) ?? []).filter((s) => s.kind !== 'natural_person');
      const candidates = exact.map((s) => ({
        subjectId: s.id,
        name: s.name,
        uscc: s.uscc,
        explanation: '名称完全一致（规范化后）',
      }));
      if (exact.length === 0) {
        const similar = await searchSubjects(db, name, { limit: 5, offset: 0 });
        for (const h of similar.items) {
          candidates.push({
            subjectId: h.id,
            name: h.name,
            uscc: h.uscc,
            explanation: h.match === 'prefix' ? '名称以查询词开头' : '名称包含查询词',
          });
        }
      }
      const only = exact.length === 1 ? exact[0] : undefined;
      out.push({
        index: i,
        maskedQuery: masked[i] ?? {},
        ...(only === undefined ? {} : { subject: toSubject(only) }),
        candidates,
        note:
          only !== undefined
            ? '仅按名称匹配到唯一主体'
            : exact.length > 1
              ? `${exact.length} 个主体名称完全一致，请提供统一社会信用代码`
              : candidates.length > 0
                ? '无名称完全一致的主体，请核对候选'
                : '未找到名称匹配的主体',
      });
    } else {
      out.push({ index: i, maskedQuery: masked[i] ?? {}, candidates: [], note: notes[i] ?? null });
    }
  }
  return out;
}
