import type { FieldProtector } from '../../platform/crypto/field-protector.js';
import type { Tx } from '../../platform/db/database.js';
import { engineOf } from '../../platform/db/engine.js';
import { serializeOn } from '../../platform/db/serialize.js';
import { AppError, type IssueDetail } from '../../platform/errors.js';
import { maskName } from '../../standards/mask.js';
import { normalizeName } from './normalize-name.js';
import {
  findSubjectsByNameNorm,
  findSubjectsByOrgCode,
  findSubjectsByRegNo,
  findSubjectsByRicDigest,
  findSubjectsByUscc,
  insertSubjects,
  type NewSubject,
  type SubjectRow,
  updateSubject,
} from './subject.repository.js';
import type { SubjectKind } from './subject.table.js';

/** The subject a row is about, as submitted. Plaintext personal data lives only in memory. */
export interface SubjectCandidate {
  readonly row: number;
  readonly kind: SubjectKind;
  readonly name: string;
  readonly uscc: string | null;
  readonly regNo: string | null;
  readonly orgCode: string | null;
  /** 18-character resident id (natural persons). */
  readonly ric: string | null;
  readonly regionCode: string | null;
  readonly regStatus: string | null;
  /** Registration records are authoritative for name, status and region; others only link. */
  readonly authoritative: boolean;
}

export type SubjectResolution =
  | {
      readonly ok: true;
      readonly subjectId: number;
      readonly created: boolean;
      readonly warnings: readonly IssueDetail[];
    }
  | { readonly ok: false; readonly error: IssueDetail };

/**
 * Finds or creates the subject of every candidate (subjects.resolve in the main flow): by USCC; else by legacy
 * registration number or organisation code; else by resident-id digest; else by exact normalised name (with a
 * warning; ambiguous names are an error). New subjects are created; registration rows update name, status and
 * region of an existing subject. Natural persons are stored with a masked name, an SM4-encrypted full name and
 * id number, and an HMAC digest for lookups.
 *
 * Concurrent transactions (two ingests naming the same new subjects) end with one subject per code: a subject
 * another transaction created after it was looked up is skipped on insert (`on conflict do nothing`, USCC and id
 * digest are unique) and its rows are resolved again, now finding it. Codes without a unique index (registration
 * number, organisation code, name) are created on PostgreSQL under a transaction-scoped advisory lock, after a
 * second look-up; SQLite needs neither, its writers run one at a time (docs/adr/0002-database.md).
 * @throws AppError `conflict` if a subject is still created elsewhere after the second look-up (never expected).
 */
export async function resolveSubjects(
  tx: Tx,
  candidates: readonly SubjectCandidate[],
  protector: FieldProtector,
  at: Date,
): Promise<SubjectResolution[]> {
  let plan = await planResolution(tx, candidates, protector);
  if (engineOf(tx) === 'postgres' && plan.needsLock) {
    await serializeOn(tx, 'subject-creation');
    plan = await planResolution(tx, candidates, protector);
  }
  const lost = await carryOut(tx, plan, at.toISOString());
  if (lost.length === 0) return plan.results;
  const again = await planResolution(
    tx,
    lost.map((i) => candidates[i] as SubjectCandidate),
    protector,
  );
  if ((await carryOut(tx, again, at.toISOString())).length > 0) {
    throw new AppError('conflict', '另一批数据正在同时登记相同的主体，请稍后重试');
  }
  const results = [...plan.results];
  lost.forEach((i, k) => {
    results[i] = again.results[k] ?? { ok: false, error: unresolvedIssue(candidates[i]?.row ?? 0) };
  });
  return results;
}

/** What resolving a set of candidates will do: each candidate's resolution, the subjects to create and updates. */
interface ResolutionPlan {
  readonly results: SubjectResolution[];
  /** New subjects by identity, with the indexes of the candidates they resolve. */
  readonly toCreate: ReadonlyMap<string, { readonly subject: NewSubject; readonly rows: number[] }>;
  readonly updates: ReadonlyMap<number, Parameters<typeof updateSubject>[2]>;
  /** Some new subject has neither USCC nor id digest, whose unique indexes would catch a concurrent creation. */
  readonly needsLock: boolean;
}

/** Looks the candidates' subjects up and decides, without writing, what to link, create and update. */
async function planResolution(
  tx: Tx,
  candidates: readonly SubjectCandidate[],
  protector: FieldProtector,
): Promise<ResolutionPlan> {
  const digests = candidates.map((c) => (c.ric === null ? null : protector.digest(c.ric)));
  const nameKey = (c: SubjectCandidate) =>
    c.kind === 'natural_person' ? `p:${protector.digest(normalizeName(c.name))}` : normalizeName(c.name);
  const norms = candidates.map(nameKey);

  const byUscc = indexBy(await findSubjectsByUscc(tx, nonNull(candidates.map((c) => c.uscc))), (s) => s.uscc);
  const byRic = indexBy(await findSubjectsByRicDigest(tx, nonNull(digests)), (s) => s.ric_digest);
  const noCode = candidates.filter((c) => c.uscc === null && c.ric === null);
  const byReg = indexBy(await findSubjectsByRegNo(tx, nonNull(noCode.map((c) => c.regNo))), (s) => s.reg_no);
  const byOrg = indexBy(
    await findSubjectsByOrgCode(tx, nonNull(noCode.map((c) => c.orgCode))),
    (s) => s.org_code,
  );
  const nameOnly = candidates
    .map((c, i) => ({ c, norm: norms[i] ?? '' }))
    .filter(({ c }) => c.uscc === null && c.ric === null && c.regNo === null && c.orgCode === null);
  const byName = groupBy(
    await findSubjectsByNameNorm(
      tx,
      nameOnly.map((n) => n.norm),
    ),
    (s) => s.name_norm,
  );

  const results: (SubjectResolution | undefined)[] = new Array(candidates.length);
  const toCreate = new Map<string, { subject: NewSubject; rows: number[] }>();
  const updates = new Map<number, Parameters<typeof updateSubject>[2]>();

  candidates.forEach((c, i) => {
    const digest = digests[i] ?? null;
    const norm = norms[i] ?? '';
    const warnings: IssueDetail[] = [];
    let found: SubjectRow | undefined;
    if (c.uscc !== null) found = byUscc.get(c.uscc);
    else if (digest !== null) found = byRic.get(digest);
    else if (c.regNo !== null && byReg.has(c.regNo)) found = byReg.get(c.regNo);
    else if (c.orgCode !== null && byOrg.has(c.orgCode)) found = byOrg.get(c.orgCode);
    else if (c.regNo === null && c.orgCode === null) {
      const matches = byName.get(norm) ?? [];
      if (matches.length > 1) {
        results[i] = {
          ok: false,
          error: {
            row: c.row,
            code: 'ambiguous_subject',
            message: `有 ${matches.length} 个主体名为“${shownName(c)}”，请填写统一社会信用代码`,
          },
        };
        return;
      }
      found = matches[0];
      if (found !== undefined) {
        warnings.push({
          row: c.row,
          code: 'matched_by_name',
          message: `未填写代码，已按名称“${found.name}”完全一致关联到该主体`,
        });
      }
    }

    if (found !== undefined) {
      if (found.kind !== c.kind && c.authoritative)
        updates.set(found.id, { ...updates.get(found.id), kind: c.kind });
      if (c.authoritative && c.kind !== 'natural_person') {
        const change: {
          -readonly [K in keyof Parameters<typeof updateSubject>[2]]: Parameters<typeof updateSubject>[2][K];
        } = {};
        if (found.name !== c.name) Object.assign(change, { name: c.name, name_norm: norm });
        if (c.regStatus !== null && found.reg_status !== c.regStatus) change.reg_status = c.regStatus;
        if (c.regionCode !== null && found.region_code !== c.regionCode) change.region_code = c.regionCode;
        if (c.regNo !== null && found.reg_no !== c.regNo) change.reg_no = c.regNo;
        if (Object.keys(change).length > 0) updates.set(found.id, { ...updates.get(found.id), ...change });
      } else if (c.kind !== 'natural_person' && found.name_norm !== norm) {
        warnings.push({
          row: c.row,
          code: 'name_differs',
          message: `名称“${c.name}”与登记名称“${found.name}”不一致`,
        });
      }
      results[i] = { ok: true, subjectId: found.id, created: false, warnings };
      return;
    }

    const identity =
      c.uscc ??
      (digest === null ? null : `ric:${digest}`) ??
      (c.regNo === null ? null : `reg:${c.regNo}`) ??
      (c.orgCode === null ? null : `org:${c.orgCode}`) ??
      `name:${norm}`;
    if (c.uscc === null && digest === null && c.regNo === null && c.orgCode === null) {
      warnings.push({
        row: c.row,
        code: 'subject_without_code',
        message: `已新建主体“${shownName(c)}”，但未填写任何代码；请日后补充代码`,
      });
    }
    const pending = toCreate.get(identity);
    if (pending !== undefined) pending.rows.push(i);
    else {
      const natural = c.kind === 'natural_person';
      toCreate.set(identity, {
        rows: [i],
        subject: {
          kind: c.kind,
          uscc: c.uscc,
          name: natural ? maskName(c.name) : c.name,
          name_norm: norm,
          name_cipher: natural ? protector.encrypt(c.name) : null,
          org_code: c.orgCode ?? (c.uscc !== null && c.uscc.length === 18 ? c.uscc.slice(8, 17) : null),
          reg_no: c.regNo,
          ric_digest: digest,
          ric_cipher: c.ric === null ? null : protector.encrypt(c.ric),
          region_code:
            c.regionCode ??
            (c.uscc !== null && /^\d{6}$/.test(c.uscc.slice(2, 8)) ? c.uscc.slice(2, 8) : null),
          reg_status: c.regStatus,
        },
      });
    }
    results[i] = { ok: true, subjectId: -1, created: true, warnings };
  });

  const needsLock = [...toCreate.values()].some(
    ({ subject }) => subject.uscc === null && subject.ric_digest === null,
  );
  return {
    results: results.map((r, i) => r ?? { ok: false, error: unresolvedIssue(candidates[i]?.row ?? 0) }),
    toCreate,
    updates,
    needsLock,
  };
}

/**
 * Creates the plan's new subjects, fills in their ids, and applies its updates.
 * @returns indexes of the candidates whose subject another transaction created meanwhile (left unresolved here)
 */
async function carryOut(tx: Tx, plan: ResolutionPlan, iso: string): Promise<number[]> {
  const { results, toCreate, updates } = plan;
  const lost: number[] = [];
  if (toCreate.size > 0) {
    // in one order everywhere: two PostgreSQL transactions inserting the same new codes wait for each other in turn
    // (`on conflict` waits for the other's uncommitted row) instead of deadlocking
    const entries = [...toCreate.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const rows = await insertSubjects(
      tx,
      entries.map(([, v]) => v.subject),
      iso,
      { skipExisting: true },
    );
    const key = (s: SubjectRow) =>
      s.uscc ??
      (s.ric_digest === null ? null : `ric:${s.ric_digest}`) ??
      (s.reg_no === null ? null : `reg:${s.reg_no}`) ??
      (s.org_code === null ? null : `org:${s.org_code}`) ??
      `name:${s.name_norm}`;
    const idByIdentity = new Map(rows.map((r) => [key(r), r.id]));
    for (const [identity, { rows: indexes }] of entries) {
      const id = idByIdentity.get(identity);
      if (id === undefined) lost.push(...indexes);
      else
        for (const i of indexes) {
          const r = results[i];
          if (r?.ok === true) results[i] = { ...r, subjectId: id };
        }
    }
  }
  for (const [id, change] of updates) await updateSubject(tx, id, change, iso);
  return lost.sort((a, b) => a - b);
}

/** The row issue for a row whose subject could not be determined. */
export function unresolvedIssue(row: number): IssueDetail {
  return { row, code: 'unresolved', message: '未能确定记录所涉的信用主体' };
}

/** The name as it may appear in batch reports: natural persons masked. */
function shownName(c: SubjectCandidate): string {
  return c.kind === 'natural_person' ? maskName(c.name) : c.name;
}

function nonNull(values: readonly (string | null)[]): string[] {
  return values.filter((v): v is string => v !== null);
}

function indexBy<T>(rows: readonly T[], key: (row: T) => string | null): Map<string, T> {
  const m = new Map<string, T>();
  for (const r of rows) {
    const k = key(r);
    if (k !== null) m.set(k, r);
  }
  return m;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list === undefined) m.set(k, [r]);
    else list.push(r);
  }
  return m;
}
