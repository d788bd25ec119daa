import type { Actor } from '../../platform/actor.js';
import type { Db, Queryable } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { shanghaiDate } from '../../standards/calendar-date.js';
import { lookupRegion } from '../../standards/regions.js';
import type { WorkingDayCalendar } from '../../standards/working-days.js';
import { authorize } from '../access/policy.js';
import { currentItemNames } from '../catalog/catalog.service.js';
import { listScenarios } from '../measures/measure.service.js';
import { allProviders } from '../providers/provider.service.js';
import {
  countPublicRecordsLive,
  publicRecordCountsByItem,
  rebuildPublicRecordTally,
} from '../records/public-tally.js';
import { countSubjectsLive, rebuildSubjectTally, subjectCountsByKind } from '../subjects/subject-tally.js';
import { OPEN_APPLICATION_STATUSES, workingDaysLeft } from '../workflows/application.service.js';
import {
  applicationsByDueDate,
  batchCountsPerProvider,
  checksPerScenario,
  countProviders,
  recordsReceivedPerDay,
  topIssueCodes,
} from './dashboard.repository.js';

const DAY_MS = 86_400_000;

/** The dashboard is for the credit centre (信用中心) only; regulators get check statistics elsewhere. */
export function assertDashboardReader(actor: Actor): void {
  authorize(actor, 'dashboard.read');
}

/**
 * Portal name of a deployment: 信用 + the region's short name (陕西省 → 信用陕西, 宁波市 → 信用宁波,
 * 新疆维吾尔自治区 → 信用新疆), as the provincial portals name themselves.
 */
export function siteNameOf(regionName: string): string {
  const short = regionName
    .replace(/(维吾尔|壮族|回族)?自治区$/, '')
    .replace(/特别行政区$/, '')
    .replace(/(省|市|地区|自治州|盟)$/, '');
  return `信用${short === '' ? regionName : short}`;
}

/**
 * Headline figures for the portal home page; public (counts only, no subject is named). Subjects and records in
 * publicity come from the tallies the records and subjects modules maintain as they write (migration 0014), so the
 * cost does not grow with the data: a few hundred tally rows, the providers and the catalog.
 */
export async function portalOverview(db: Queryable, regionCode: string, now: Date) {
  const date = shanghaiDate(now);
  const region = lookupRegion(regionCode);
  const regionName = region?.name ?? regionCode;
  const [kinds, byItem, providers, names] = await Promise.all([
    subjectCountsByKind(db),
    publicRecordCountsByItem(db, date),
    countProviders(db),
    currentItemNames(db),
  ]);
  const kind = (k: string) => kinds.find((r) => r.kind === k)?.count ?? 0;
  const sorted = [...byItem].sort((a, b) => b.count - a.count || a.item.localeCompare(b.item));
  return {
    siteName: siteNameOf(regionName),
    platformName: '公共信用信息服务平台',
    region: { code: regionCode, name: regionName },
    asOf: date,
    subjects: {
      total: kinds.reduce((s, r) => s + r.count, 0),
      legalEntity: kind('legal_entity'),
      individualBusiness: kind('individual_business'),
      naturalPerson: kind('natural_person'),
    },
    providers,
    publicRecords: {
      total: byItem.reduce((s, r) => s + r.count, 0),
      byItem: sorted.map((r) => ({ item: r.item, name: names.get(r.item) ?? r.item, count: r.count })),
    },
  };
}

/** Start of the window: midnight (Shanghai) `days - 1` days before today, as an ISO instant, plus the dates. */
function windowOf(now: Date, days: number): { since: string; from: string; to: string; dates: string[] } {
  const to = shanghaiDate(now);
  const dates: string[] = [];
  for (let i = days - 1; i >= 0; i -= 1) dates.push(shanghaiDate(new Date(now.getTime() - i * DAY_MS)));
  const from = dates[0] ?? to;
  // midnight in Shanghai = 16:00 UTC of the previous day
  const since = new Date(Date.parse(`${from}T00:00:00.000Z`) - 8 * 3_600_000).toISOString();
  return { since, from, to, dates };
}

const share = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

/** Volume, timeliness and rejection per provider over the last `days` days. */
export async function collectionStats(db: Queryable, now: Date, days: number) {
  const w = windowOf(now, days);
  const [perDay, batches, providers] = await Promise.all([
    recordsReceivedPerDay(db, w.since),
    batchCountsPerProvider(db, w.since),
    allProviders(db),
  ]);
  const byDate = new Map(w.dates.map((d) => [d, { date: d, received: 0, late: 0 }]));
  const byProvider = new Map<number, { received: number; late: number }>();
  for (const r of perDay) {
    const d = byDate.get(r.day);
    if (d !== undefined) {
      d.received += r.received;
      d.late += r.late;
    }
    const p = byProvider.get(r.providerId) ?? { received: 0, late: 0 };
    p.received += r.received;
    p.late += r.late;
    byProvider.set(r.providerId, p);
  }
  const batchOf = new Map(batches.map((b) => [b.providerId, b]));
  const rows = providers
    .map((p) => {
      const c = byProvider.get(p.id) ?? { received: 0, late: 0 };
      const b = batchOf.get(p.id);
      const read = b?.read ?? 0;
      const rejected = b?.rejected ?? 0;
      return {
        provider: { code: p.code, name: p.name },
        received: c.received,
        late: c.late,
        timelyShare: share(c.received - c.late, c.received),
        batches: b?.batches ?? 0,
        rowsRead: read,
        rowsRejected: rejected,
        rejectionRate: share(rejected, read),
      };
    })
    .filter((r) => r.received > 0 || r.batches > 0)
    .sort((a, b) => b.received - a.received || a.provider.code.localeCompare(b.provider.code));
  return { from: w.from, to: w.to, days: [...byDate.values()], providers: rows };
}

export async function qualityStats(db: Queryable, now: Date, days: number) {
  const w = windowOf(now, days);
  return { from: w.from, to: w.to, topIssues: await topIssueCodes(db, w.since, 10) };
}

export async function checksStats(db: Queryable, now: Date, days: number) {
  const w = windowOf(now, days);
  const [rows, scenarios] = await Promise.all([checksPerScenario(db, w.since), listScenarios(db)]);
  const names = new Map(scenarios.map((s) => [s.code, s.name]));
  return {
    from: w.from,
    to: w.to,
    scenarios: rows.map((r) => ({ ...r, name: names.get(r.scenario) ?? r.scenario })),
  };
}

/** An application due within this many working days (and not overdue) is 即将到期. */
export const DUE_SOON_WORKING_DAYS = 3;

export interface ApplicationWorkload {
  /** Applications still being handled (submitted, returned for supplement, accepted, extended). */
  open: number;
  /** Due within {@link DUE_SOON_WORKING_DAYS} working days, not yet overdue. */
  dueSoon: number;
  /** Past their due date. */
  overdue: number;
  /** Without a due date (the statutory calendar of that year is not published yet). */
  undated: number;
  byStatus: Record<string, number>;
}

/**
 * Objections and repairs being handled today (Shanghai date of `now`): how many, due soon and overdue, counted in
 * statutory working days as the queues count them (workflows `workingDaysLeft`), over every open application.
 */
export async function applicationWorkload(db: Queryable, calendar: WorkingDayCalendar, now: Date) {
  const today = shanghaiDate(now);
  const rows = await applicationsByDueDate(db, OPEN_APPLICATION_STATUSES);
  const empty = (): ApplicationWorkload => ({ open: 0, dueSoon: 0, overdue: 0, undated: 0, byStatus: {} });
  const byKind = { objection: empty(), repair: empty() };
  const leftOf = new Map<string, number | null>();
  for (const r of rows) {
    const w = byKind[r.kind];
    w.open += r.count;
    w.byStatus[r.status] = (w.byStatus[r.status] ?? 0) + r.count;
    let left: number | null = null;
    if (r.dueOn !== null) {
      if (!leftOf.has(r.dueOn)) leftOf.set(r.dueOn, workingDaysLeft(calendar, today, r.dueOn));
      left = leftOf.get(r.dueOn) ?? null;
    }
    if (left === null) w.undated += r.count;
    else if (left < 0) w.overdue += r.count;
    else if (left <= DUE_SOON_WORKING_DAYS) w.dueSoon += r.count;
  }
  return {
    asOf: today,
    dueSoonWorkingDays: DUE_SOON_WORKING_DAYS,
    objections: byKind.objection,
    repairs: byKind.repair,
  };
}

/** A figure whose tally disagrees with the count over the tables. */
export interface TallyMismatch {
  readonly figure: 'subjects' | 'publicRecords';
  readonly key: string;
  readonly tally: number;
  readonly live: number;
}

function mismatches(
  figure: TallyMismatch['figure'],
  tally: readonly { key: string; count: number }[],
  live: readonly { key: string; count: number }[],
): TallyMismatch[] {
  const t = new Map(tally.map((r) => [r.key, r.count]));
  const l = new Map(live.map((r) => [r.key, r.count]));
  return [...new Set([...t.keys(), ...l.keys()])]
    .sort()
    .map((key) => ({ figure, key, tally: t.get(key) ?? 0, live: l.get(key) ?? 0 }))
    .filter((m) => m.tally !== m.live);
}

/**
 * Compares the portal's maintained figures with the same figures counted over the tables on `date` (Shanghai
 * calendar date): empty when they agree. Reads every current record and subject (`xinyong dashboard verify`).
 */
export async function verifyPortalTallies(db: Db, date: string): Promise<TallyMismatch[]> {
  // one snapshot: a write committed between the tally read and the count is no difference
  const [kinds, kindsLive, items, itemsLive] = await inTransaction(
    db,
    (tx) =>
      Promise.all([
        subjectCountsByKind(tx),
        countSubjectsLive(tx),
        publicRecordCountsByItem(tx, date),
        countPublicRecordsLive(tx, date),
      ]),
    { readOnly: true },
  );
  const byKind = (rs: readonly { kind: string; count: number }[]) =>
    rs.map((r) => ({ key: r.kind, count: r.count }));
  const byItem = (rs: readonly { item: string; count: number }[]) =>
    rs.map((r) => ({ key: r.item, count: r.count }));
  return [
    ...mismatches('subjects', byKind(kinds), byKind(kindsLive)),
    ...mismatches('publicRecords', byItem(items), byItem(itemsLive)),
  ];
}

/**
 * Recomputes the portal's tallies from the tables in one transaction (`xinyong dashboard rebuild`): after data was
 * written around the services (bulk loads, restores) or when verify finds a difference.
 */
export async function rebuildPortalTallies(db: Db): Promise<void> {
  await inTransaction(db, async (tx) => {
    await rebuildSubjectTally(tx);
    await rebuildPublicRecordTally(tx);
  });
}
