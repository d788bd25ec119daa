import type { Actor } from '../../platform/actor.js';
import type { FieldProtector } from '../../platform/crypto/field-protector.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError, asOfInFuture, asOfInvalid } from '../../platform/errors.js';
import { addCalendarDays, isCalendarDate, shanghaiDate } from '../../standards/calendar-date.js';
import { maskName, maskRic } from '../../standards/mask.js';
import { lookupRegion } from '../../standards/regions.js';
import { logAccess } from '../access/access-log.service.js';
import { type Authorisation, requireAuthorisation } from '../access/authorisation.service.js';
import { authorize } from '../access/policy.js';
import { type CatalogItemVersion, getItemVersion } from '../catalog/catalog.service.js';
import type { NationalClass } from '../catalog/catalog.types.js';
import { getProviderById } from '../providers/provider.service.js';
import {
  getSubjectByRef,
  type SubjectRow,
  type SubjectWithCipher,
  subjectNotFound,
} from '../subjects/subject.service.js';
import { findSubjectRecords, providerReportedAbout, type RecordRow } from './record.repository.js';
import {
  NATIONAL_CLASS_LABEL,
  type RecordView,
  toRecordView,
  type ViewKind,
  visibleIn,
} from './record-view.js';

export interface SubjectView {
  readonly id: number;
  readonly kind: SubjectRow['kind'];
  readonly uscc: string | null;
  readonly name: string;
  /** Masked resident id of a natural person, only in the subject's own and the credit centre's views. */
  readonly idNumber: string | null;
  readonly regStatus: string | null;
  readonly regionCode: string | null;
  readonly regionName: string | null;
}

export interface CreditFile {
  readonly subject: SubjectView;
  readonly view: ViewKind;
  /** The calendar date the file shows (today unless `asOf`). */
  readonly asOf: string;
  readonly groups: {
    readonly nationalClass: NationalClass;
    readonly label: string;
    readonly records: RecordView[];
  }[];
  readonly total: number;
}

export interface CreditFileDeps {
  readonly db: Queryable;
  readonly protector: FieldProtector;
  readonly clock: () => Date;
}

/** Which view of a subject's file an actor gets (record-view.ts ViewKind). */
export function viewFor(actor: Actor, subjectId: number): ViewKind {
  if (actor.kind === 'system') return 'full';
  if (actor.kind === 'anonymous') return 'public';
  switch (actor.role) {
    case 'platform_admin':
      return 'full';
    case 'subject_user':
      return actor.scope.subjectId === subjectId ? 'subject' : 'public';
    case 'provider_operator':
    case 'provider_reviewer':
      return 'provider';
    case 'credit_user':
    case 'regulator':
      return 'authorised';
  }
}

/**
 * The view a reader gets of a subject, with the authorisation it reads under. A credit user (信用应用单位) reads a
 * natural person's file only under the person's valid written authorisation (双授权); a provider (信息提供单位)
 * reads through the provider view only a subject it reported about (a record of any version or status). Without
 * either they get the public view — what anyone may read — rather than a refusal.
 */
export async function resolveView(
  db: Queryable,
  actor: Actor,
  subject: Pick<SubjectRow, 'id' | 'kind'>,
  at: Date,
): Promise<{ view: ViewKind; authorisation: Authorisation | null }> {
  const view = viewFor(actor, subject.id);
  if (view === 'provider') {
    const providerId = actor.kind === 'user' || actor.kind === 'client' ? actor.scope.providerId : undefined;
    const reported = providerId !== undefined && (await providerReportedAbout(db, providerId, subject.id));
    return { view: reported ? 'provider' : 'public', authorisation: null };
  }
  if (view !== 'authorised' || subject.kind !== 'natural_person') return { view, authorisation: null };
  try {
    return { view, authorisation: await requireAuthorisation(db, actor, subject.id, at) };
  } catch (e) {
    if (e instanceof AppError && e.code === 'forbidden') return { view: 'public', authorisation: null };
    throw e;
  }
}

/**
 * The subject `ref` (subject id, USCC or resident id number) names, with the view `actor` gets of it. Only a reader
 * entitled to more than the public view of a person may look the person up by id number; anyone else gets the
 * very answer given for a number nobody holds, so an id number cannot be tested against the platform.
 * @throws AppError not_found
 */
export async function findSubjectFor(
  db: Queryable,
  protector: FieldProtector,
  actor: Actor,
  ref: string,
  at: Date,
): Promise<{ subject: SubjectWithCipher; view: ViewKind; authorisation: Authorisation | null }> {
  const subject = await getSubjectByRef(db, ref, protector);
  const resolved = await resolveView(db, actor, subject, at);
  if (subject.byRic === true && resolved.view === 'public') throw subjectNotFound(ref);
  return { subject, ...resolved };
}

/** The purpose an access-log entry states when the reader gives none (the provider view: its own records). */
export function defaultPurpose(view: ViewKind): string {
  return view === 'provider' ? '信息提供单位核对本单位报送的信息' : '信用信息查询';
}

/** Start of the day after `date` in Asia/Shanghai, as a UTC instant: "as of the end of `date`". */
function endOfShanghaiDay(date: string): string {
  return new Date(Date.parse(`${addCalendarDays(date, 1)}T00:00:00+08:00`)).toISOString();
}

/**
 * A subject's credit file as the actor may see it, grouped by national catalogue class, each record with
 * provider, dates, version, objection state and publicity window. `asOf` (YYYY-MM-DD) shows the file as it stood
 * at the end of that day: the versions then current and, in the public view, what was published then.
 * Non-public reads are written to the access log (who, when, purpose, basis); a credit user reading a natural
 * person's file must hold the person's authorisation (双授权), otherwise it gets the public view.
 * @throws AppError not_found, validation_failed (bad date)
 */
export async function getCreditFile(
  deps: CreditFileDeps,
  actor: Actor,
  ref: string,
  options: { item?: string; asOf?: string; purpose?: string } = {},
): Promise<CreditFile> {
  const now = deps.clock();
  if (options.asOf !== undefined && !isCalendarDate(options.asOf)) {
    throw asOfInvalid(options.asOf, '日期 YYYY-MM-DD');
  }
  const { subject, view, authorisation } = await findSubjectFor(deps.db, deps.protector, actor, ref, now);
  authorize(
    actor,
    view === 'public'
      ? 'record.read_public'
      : view === 'subject'
        ? 'record.read_subject'
        : view === 'provider'
          ? 'record.read_provider'
          : 'record.read_authorised',
    {
      subjectId: subject.id,
      ...(actor.kind === 'user' || actor.kind === 'client'
        ? actor.scope.providerId === undefined
          ? {}
          : { providerId: actor.scope.providerId }
        : {}),
    },
  );
  const today = shanghaiDate(now);
  const date = options.asOf ?? today;
  if (date > today) throw asOfInFuture(date);

  if (view !== 'public' && view !== 'subject') {
    await logAccess(
      deps.db,
      actor,
      {
        subjectId: subject.id,
        resource: options.item === undefined ? 'credit_file' : `credit_file:${options.item}`,
        purpose: options.purpose ?? authorisation?.purpose ?? defaultPurpose(view),
        legalBasis:
          authorisation === null
            ? view === 'full'
              ? '信用信息平台运行管理职责'
              : '依法履行职责'
            : '信息主体书面授权',
        authorisationId: authorisation?.id ?? null,
      },
      now,
    );
  }

  const rows = await findSubjectRecords(deps.db, subject.id, {
    ...(options.item === undefined ? {} : { item: options.item.toUpperCase() }),
    ...(options.asOf === undefined ? {} : { asOf: { at: endOfShanghaiDay(date) } }),
  });
  const providerId = actor.kind === 'user' || actor.kind === 'client' ? actor.scope.providerId : undefined;
  const visible = rows.filter((r) => visibleIn(view, r, date, providerId));
  const records = await shapeRecords(deps, visible, view, subject, date, providerId);

  const groups = new Map<NationalClass, RecordView[]>();
  for (const r of records) groups.set(r.nationalClass, [...(groups.get(r.nationalClass) ?? []), r]);
  const order = Object.keys(NATIONAL_CLASS_LABEL) as NationalClass[];
  return {
    subject: subjectView(subject, view, deps.protector),
    view,
    asOf: date,
    groups: order
      .filter((c) => groups.has(c))
      .map((c) => ({ nationalClass: c, label: NATIONAL_CLASS_LABEL[c], records: groups.get(c) ?? [] })),
    total: records.length,
  };
}

/** Shapes record versions for a view, resolving item versions and providers once each. */
export async function shapeRecords(
  deps: CreditFileDeps,
  rows: readonly RecordRow[],
  view: ViewKind,
  subject: Pick<SubjectRow, 'kind'>,
  date: string,
  providerId?: number,
): Promise<RecordView[]> {
  const items = new Map<number, CatalogItemVersion>();
  const providers = new Map<number, { code: string; name: string }>();
  const out: RecordView[] = [];
  for (const r of rows) {
    let item = items.get(r.item_id);
    if (item === undefined) {
      item = await getItemVersion(deps.db, r.item_id);
      items.set(r.item_id, item);
    }
    let provider = providers.get(r.provider_id);
    if (provider === undefined) {
      const p = await getProviderById(deps.db, r.provider_id);
      provider = { code: p.code, name: p.name };
      providers.set(r.provider_id, provider);
    }
    out.push(
      toRecordView(r, view, {
        spec: item.spec,
        itemVersion: item.version,
        provider,
        subjectKind: subject.kind,
        protector: deps.protector,
        date,
        ownProvider: providerId !== undefined && r.provider_id === providerId,
      }),
    );
  }
  return out;
}

export function subjectView(
  s: SubjectRow & { ric_cipher?: string | null },
  view: ViewKind,
  protector: FieldProtector,
): SubjectView {
  const natural = s.kind === 'natural_person';
  const region = s.region_code === null ? undefined : lookupRegion(s.region_code);
  let idNumber: string | null = null;
  if (
    natural &&
    (view === 'subject' || view === 'full') &&
    s.ric_cipher !== undefined &&
    s.ric_cipher !== null
  ) {
    idNumber = maskRic(protector.decrypt(s.ric_cipher));
  }
  return {
    id: s.id,
    kind: s.kind,
    uscc: s.uscc,
    name: natural ? maskName(s.name) : s.name,
    idNumber,
    regStatus: s.reg_status,
    regionCode: s.region_code,
    regionName: region?.fullName ?? null,
  };
}
