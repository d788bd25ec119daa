import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addCalendarDays, fromDayNumber, isoWeekday, toDayNumber } from './calendar-date.js';
import {
  addWorkingDays,
  BUILTIN_CALENDAR_SOURCES,
  CALENDAR_DOCUMENT_FORMAT,
  CalendarDocumentError,
  CalendarNotPublishedError,
  CalendarYearExistsError,
  createWorkingDayCalendar,
  exportCalendarYear,
  getDayInfo,
  isWorkingDay,
  listCalendarYears,
  loadCalendarYear,
  parseCalendarDocument,
  publishedYears,
  workingDaysBetween,
} from './working-days.js';

const vectorFile = path.resolve(import.meta.dirname, '../../test/vectors/cn_holidays_2025_2026.txt');
const fixture2027 = fs.readFileSync(
  path.resolve(import.meta.dirname, 'fixtures/calendar-2027.test-fixture.json'),
  'utf8',
);

// Pinned to the years verified against the notices, so these tests keep meaning "2027 is unpublished" even after
// chinese-days ships 2027 data.
const calendar = createWorkingDayCalendar({ lastBuiltinYear: 2026 });

const vectorLines = fs
  .readFileSync(vectorFile, 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '');
const rows = vectorLines
  .filter((line) => !line.startsWith('#'))
  .map((line) => {
    const [kind = '', from = '', to = ''] = line.split('|');
    return { kind, from, to };
  });

function datesOf(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let day = toDayNumber(from); day <= toDayNumber(to); day += 1) dates.push(fromDayNumber(day));
  return dates;
}

const holidayDates = new Set(
  rows.filter((row) => row.kind === 'holiday').flatMap((row) => datesOf(row.from, row.to)),
);
const workdayDates = new Set(
  rows.filter((row) => row.kind === 'workday').flatMap((row) => datesOf(row.from, row.to)),
);

describe('working days: 2025-2026 vectors', () => {
  it('every date in each holiday range is not a working day; every 调休 row is', () => {
    assert.equal(rows.length, 24);
    for (const date of holidayDates) {
      assert.equal(isWorkingDay(calendar, date), false, date);
      assert.equal(getDayInfo(calendar, date).kind, 'holiday', date);
    }
    for (const date of workdayDates) {
      assert.equal(isWorkingDay(calendar, date), true, date);
      assert.equal(getDayInfo(calendar, date).kind, 'adjusted_workday', date);
      assert.ok(isoWeekday(date) >= 6, `${date} is a weekend day`);
    }
  });

  it('all other days of 2025 and 2026 follow the weekday/weekend rule', () => {
    for (const date of datesOf('2025-01-01', '2026-12-31')) {
      if (holidayDates.has(date) || workdayDates.has(date)) continue;
      assert.equal(isWorkingDay(calendar, date), isoWeekday(date) <= 5, date);
    }
  });

  it('the derived check in the last comment line: 7th working day after 2025-09-26 = 2025-10-13', () => {
    const derived = vectorLines.at(-1) ?? '';
    const match = /(\d+)th working day after (\d{4}-\d{2}-\d{2}) = (\d{4}-\d{2}-\d{2})/.exec(derived);
    assert.ok(match, derived);
    assert.equal(addWorkingDays(calendar, match[2] ?? '', Number(match[1])), match[3]);
    assert.equal(addWorkingDays(calendar, '2025-09-26', 7), '2025-10-13');
  });

  it('addWorkingDays across 国庆 2025: 2025-09-30 + 1 = 2025-10-09', () => {
    assert.equal(addWorkingDays(calendar, '2025-09-30', 1), '2025-10-09');
    assert.equal(addWorkingDays(calendar, '2025-09-27', 1), '2025-09-28'); // Saturday -> 调休 Sunday
    assert.equal(addWorkingDays(calendar, '2025-10-10', 1), '2025-10-11'); // Friday -> 调休 Saturday
    assert.equal(addWorkingDays(calendar, '2025-10-11', 1), '2025-10-13');
    assert.equal(addWorkingDays(calendar, '2025-10-01', 0), '2025-10-09'); // n = 0: the next working day
    assert.equal(addWorkingDays(calendar, '2025-10-09', 0), '2025-10-09'); // n = 0: itself if working
    assert.equal(addWorkingDays(calendar, '2026-02-13', 1), '2026-02-14'); // 调休 Saturday before 春节
    assert.equal(addWorkingDays(calendar, '2026-02-14', 1), '2026-02-24');
  });

  it('workingDaysBetween counts (from, to]', () => {
    assert.equal(workingDaysBetween(calendar, '2025-09-30', '2025-10-09'), 1);
    assert.equal(workingDaysBetween(calendar, '2025-09-26', '2025-10-13'), 7);
    assert.equal(workingDaysBetween(calendar, '2025-10-13', '2025-09-26'), -7);
    assert.equal(workingDaysBetween(calendar, '2025-10-01', '2025-10-01'), 0);
    assert.equal(workingDaysBetween(calendar, '2025-10-01', '2025-10-08'), 0);
    // 2025: 365 days, 104 weekend days, 2 weekend 调休 workdays (01-26, 02-08) + 3 (04-27, 09-28, 10-11) = 5 extra,
    // holiday dates falling on weekdays reduce the count. Computed independently from the vector file:
    const expected2025 = datesOf('2025-01-01', '2025-12-31').filter(
      (date) => workdayDates.has(date) || (isoWeekday(date) <= 5 && !holidayDates.has(date)),
    ).length;
    assert.equal(workingDaysBetween(calendar, '2024-12-31', '2025-12-31'), expected2025);
    assert.equal(expected2025, 248);
  });

  it('properties: addWorkingDays and workingDaysBetween agree; the result is always a working day', () => {
    const dateArb = fc
      .integer({ min: toDayNumber('2025-01-01'), max: toDayNumber('2026-10-31') })
      .map((day) => fromDayNumber(day));
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 40 }), (date, n) => {
        const result = addWorkingDays(calendar, date, n);
        return (
          isWorkingDay(calendar, result) &&
          workingDaysBetween(calendar, date, result) === n &&
          workingDaysBetween(calendar, date, addCalendarDays(result, -1)) === n - 1
        );
      }),
      { numRuns: 500 },
    );
  });

  it('rejects malformed dates and negative or fractional n', () => {
    assert.throws(() => isWorkingDay(calendar, '2025-02-29'), RangeError);
    assert.throws(() => isWorkingDay(calendar, '2025/10/01'), RangeError);
    assert.throws(() => addWorkingDays(calendar, '2025-10-01', -1), RangeError);
    assert.throws(() => addWorkingDays(calendar, '2025-10-01', 1.5), RangeError);
  });
});

describe('working days: built-in years and sources', () => {
  it('published years come from the chinese-days data (2004 through at least 2026)', () => {
    const years = publishedYears(createWorkingDayCalendar());
    assert.equal(years[0], 2004);
    assert.ok((years.at(-1) ?? 0) >= 2026);
    assert.deepEqual(
      years,
      Array.from({ length: years.length }, (_, i) => 2004 + i),
      'contiguous',
    );
    assert.equal(publishedYears(calendar).at(-1), 2026);
  });

  it('cites the notices for 2025 and 2026', () => {
    assert.equal(BUILTIN_CALENDAR_SOURCES[2025]?.documentNumber, '国办发明电〔2024〕12号');
    assert.equal(BUILTIN_CALENDAR_SOURCES[2026]?.issuedOn, '2025-11-04');
    const info = listCalendarYears(calendar).find((year) => year.year === 2025);
    assert.equal(info?.origin, 'chinese-days');
    assert.equal(info?.source.documentNumber, '国办发明电〔2024〕12号');
    assert.equal(getDayInfo(calendar, '2025-10-01').name, '国庆节');
  });
});

describe('working days: unpublished years', () => {
  it('2027 dates throw CalendarNotPublishedError (with the year), also when a computation crosses into 2027', () => {
    const expectError = (fn: () => unknown) =>
      assert.throws(
        fn,
        (error: unknown) => error instanceof CalendarNotPublishedError && error.year === 2027,
      );
    expectError(() => isWorkingDay(calendar, '2027-01-01'));
    expectError(() => isWorkingDay(calendar, '2027-07-14')); // an ordinary Wednesday: still not guessed
    expectError(() => addWorkingDays(calendar, '2026-12-30', 5));
    expectError(() => addWorkingDays(calendar, '2027-03-01', 0));
    expectError(() => workingDaysBetween(calendar, '2026-12-01', '2027-01-10'));
    assert.equal(addWorkingDays(calendar, '2026-12-28', 3), '2026-12-31'); // stays inside 2026: fine
    const message = (() => {
      try {
        isWorkingDay(calendar, '2027-01-04');
        return '';
      } catch (error) {
        return error instanceof Error ? error.message : '';
      }
    })();
    assert.match(message, /2027/);
  });

  it('2027 works once a 2027 document is loaded (TEST FIXTURE, not the official arrangement)', () => {
    const local = createWorkingDayCalendar({ lastBuiltinYear: 2026 });
    const info = loadCalendarYear(local, fixture2027);
    assert.equal(info.origin, 'loaded');
    assert.match(info.source.title, /TEST FIXTURE/);
    assert.deepEqual(publishedYears(local).slice(-2), [2026, 2027]);
    assert.equal(isWorkingDay(local, '2027-01-01'), false);
    assert.equal(isWorkingDay(local, '2027-01-04'), true);
    assert.equal(isWorkingDay(local, '2027-02-20'), true); // 调休 Saturday
    assert.equal(isWorkingDay(local, '2027-02-21'), false); // ordinary Sunday
    assert.equal(addWorkingDays(local, '2026-12-30', 2), '2027-01-04');
    assert.equal(workingDaysBetween(local, '2026-12-30', '2027-01-04'), 2);
    assert.equal(addWorkingDays(local, '2027-09-30', 1), '2027-10-08');
    // The shared calendar is untouched.
    assert.throws(() => isWorkingDay(calendar, '2027-01-04'), CalendarNotPublishedError);
    // Also loadable at creation, as a parsed object.
    const viaOptions = createWorkingDayCalendar({ lastBuiltinYear: 2026, years: [JSON.parse(fixture2027)] });
    assert.equal(isWorkingDay(viaOptions, '2027-10-09'), true);
  });
});

describe('working days: calendar documents', () => {
  const valid = JSON.parse(fixture2027) as Record<string, unknown>;
  const issuesOf = (document: unknown): readonly string[] => {
    try {
      parseCalendarDocument(document);
      return [];
    } catch (error) {
      assert.ok(error instanceof CalendarDocumentError, String(error));
      return error.issues;
    }
  };

  it('accepts the fixture and rejects bad input with clear messages', () => {
    assert.deepEqual(issuesOf(valid), []);
    assert.equal(parseCalendarDocument(valid).format, CALENDAR_DOCUMENT_FORMAT);
    assert.match(issuesOf('{ not json')[0] ?? '', /not valid JSON/);
    assert.deepEqual(issuesOf([]), ['document must be a JSON object']);
    assert.deepEqual(issuesOf({ ...valid, format: 'v0' }), [`format: must be "${CALENDAR_DOCUMENT_FORMAT}"`]);
    assert.deepEqual(issuesOf({ ...valid, extra: 1 }), ['extra: unknown key']);
    assert.match(issuesOf({ ...valid, year: 2027.5 }).join(), /year: must be an integer/);
    assert.match(issuesOf({ ...valid, source: {} }).join(), /source.title: required/);
    assert.match(issuesOf({ ...valid, source: { title: 'x', url: 'ftp://a' } }).join(), /source.url/);
    assert.match(issuesOf({ ...valid, holidays: [] }).join(), /holidays: required non-empty array/);
    const holidays = (changes: Record<string, unknown>[]) => ({ ...valid, holidays: changes });
    assert.match(
      issuesOf(holidays([{ name: '元旦', from: '2027-01-03', to: '2027-01-01' }])).join(),
      /after to/,
    );
    assert.match(
      issuesOf(holidays([{ name: '元旦', from: '2027-01-01', to: '2027-02-30' }])).join(),
      /holidays\[0\]\.to/,
    );
    assert.match(
      issuesOf(holidays([{ name: '元旦', from: '2027-01-01', to: '2027-01-20' }])).join(),
      /max 15/,
    );
    assert.match(
      issuesOf(holidays([{ name: '春节', from: '2027-02-05', to: '2027-02-12' }])).join(),
      /2027-01-01/,
    );
    assert.match(
      issuesOf(holidays([{ name: '元旦', from: '2026-11-30', to: '2027-01-01' }])).join(),
      /outside/,
    );
    assert.match(
      issuesOf(
        holidays([
          { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
          { name: 'X', from: '2027-01-03', to: '2027-01-04' },
        ]),
      ).join(),
      /in both/,
    );
    const workdays = (list: unknown) => ({ ...valid, workdays: list });
    assert.match(
      issuesOf(workdays([{ date: '2027-02-22', name: '春节' }])).join(),
      /not a Saturday or Sunday/,
    );
    assert.match(issuesOf(workdays([{ date: '2027-01-02', name: '元旦' }])).join(), /inside a holiday range/);
    assert.match(
      issuesOf(
        workdays([
          { date: '2027-02-20', name: '春节' },
          { date: '2027-02-20', name: '春节' },
        ]),
      ).join(),
      /listed twice/,
    );
    assert.match(issuesOf(workdays(undefined)).join(), /workdays: required array/);
    // Every problem is reported at once.
    assert.equal(issuesOf({ ...valid, format: 'x', year: 'y', holidays: 3, workdays: {} }).length, 4);
  });

  it('a year already in the calendar is not overwritten silently; replace is explicit', () => {
    const local = createWorkingDayCalendar({ lastBuiltinYear: 2026 });
    const fake2026 = {
      ...valid,
      year: 2026,
      holidays: [{ name: '元旦', from: '2026-01-01', to: '2026-01-01' }],
      workdays: [],
    };
    assert.throws(
      () => loadCalendarYear(local, fake2026),
      (error: unknown) => error instanceof CalendarYearExistsError && error.year === 2026,
    );
    assert.equal(isWorkingDay(local, '2026-01-02'), false, 'unchanged after the refused load');
    loadCalendarYear(local, fake2026, { replace: true });
    assert.equal(isWorkingDay(local, '2026-01-02'), true, 'replaced: only 01-01 is a holiday now');
    assert.equal(isWorkingDay(local, '2026-10-01'), true);
    loadCalendarYear(local, fixture2027);
    assert.throws(() => loadCalendarYear(local, fixture2027), CalendarYearExistsError);
  });

  it('a document may set late-December days of the previous year, but must not contradict what is published', () => {
    const local = createWorkingDayCalendar({ lastBuiltinYear: 2026 });
    // 2026-12-31 (Thursday) is no special day in 2026; a 2027 notice may still make it a holiday (as the 2019 notice
    // did for 2018-12-31), and loading it does so.
    loadCalendarYear(local, {
      ...valid,
      holidays: [{ name: '元旦', from: '2026-12-31', to: '2027-01-02' }],
      workdays: [{ date: '2026-12-27', name: '元旦' }],
    });
    assert.equal(isWorkingDay(local, '2026-12-31'), false);
    assert.equal(isWorkingDay(local, '2026-12-27'), true);
    // chinese-days has 2018-12-30 as a 元旦 holiday (from the 2019 notice); a 2019 document calling it a workday clashes.
    const upTo2018 = createWorkingDayCalendar({ lastBuiltinYear: 2018 });
    const document2019 = exportCalendarYear(createWorkingDayCalendar(), 2019);
    const clashing = {
      ...document2019,
      workdays: [...document2019.workdays, { date: '2018-12-30', name: '元旦' }],
    };
    assert.throws(
      () => loadCalendarYear(upTo2018, clashing),
      (error: unknown) => error instanceof CalendarDocumentError && /2018-12-30/.test(error.message),
    );
    assert.equal(publishedYears(upTo2018).at(-1), 2018, 'nothing loaded after the clash');
    loadCalendarYear(upTo2018, document2019);
    assert.equal(isWorkingDay(upTo2018, '2018-12-30'), false);
  });

  it('exports a built-in year as a document that loads back to the same calendar', () => {
    for (const year of [2025, 2026, 2019]) {
      const document = exportCalendarYear(calendar, year);
      const fresh = createWorkingDayCalendar({ lastBuiltinYear: year - 1 });
      loadCalendarYear(fresh, document);
      for (const date of datesOf(`${year}-01-01`, `${year}-12-31`)) {
        assert.equal(isWorkingDay(fresh, date), isWorkingDay(calendar, date), date);
      }
    }
    // The exported 2025 ranges cover exactly the vector's holiday dates (chinese-days names 2025-10-06 中秋节, so
    // the 国庆/中秋 break comes out as three ranges).
    const document2025 = exportCalendarYear(calendar, 2025);
    const exported = document2025.holidays.flatMap((range) => datesOf(range.from, range.to));
    assert.deepEqual(
      exported,
      [...holidayDates].filter((date) => date.startsWith('2025')),
    );
    assert.deepEqual(
      document2025.workdays.map((workday) => workday.date),
      [...workdayDates].filter((date) => date.startsWith('2025')).sort(),
    );
    assert.throws(() => exportCalendarYear(calendar, 2027), CalendarNotPublishedError);
  });
});
