import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  addCalendarDays,
  assertCalendarDate,
  fromDayNumber,
  isCalendarDate,
  isoWeekday,
  shanghaiDate,
  toDayNumber,
} from './calendar-date.js';

describe('calendar dates', () => {
  it('accepts only real YYYY-MM-DD dates', () => {
    for (const date of ['2025-01-01', '2024-02-29', '2000-02-29', '1900-12-31'])
      assert.ok(isCalendarDate(date), date);
    for (const date of [
      '2025-02-29',
      '1900-02-29',
      '2025-13-01',
      '2025-00-10',
      '2025-1-01',
      '20250101',
      '',
      '2025-04-31',
    ]) {
      assert.ok(!isCalendarDate(date), date);
    }
    assert.throws(
      () => assertCalendarDate('2025-02-30', 'decisionDate'),
      /decisionDate must be a calendar date/,
    );
  });

  it('day arithmetic and weekdays', () => {
    assert.equal(addCalendarDays('2025-12-31', 1), '2026-01-01');
    assert.equal(addCalendarDays('2024-03-01', -1), '2024-02-29');
    assert.equal(isoWeekday('2025-10-01'), 3);
    assert.equal(isoWeekday('2025-09-28'), 7);
    assert.equal(toDayNumber('1970-01-01'), 0);
    fc.assert(
      fc.property(
        fc.integer({ min: -50_000, max: 100_000 }),
        (day) => toDayNumber(fromDayNumber(day)) === day,
      ),
    );
  });

  it('the Shanghai calendar date of an instant', () => {
    assert.equal(shanghaiDate(new Date('2025-12-31T16:00:00Z')), '2026-01-01');
    assert.equal(shanghaiDate(new Date('2025-12-31T15:59:59Z')), '2025-12-31');
  });
});
