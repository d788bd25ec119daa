import fs from 'node:fs';
import path from 'node:path';
import {
  createWorkingDayCalendar,
  loadCalendarYear,
  type WorkingDayCalendar,
} from '../../standards/working-days.js';

/** Where loaded calendar years are kept: `<dataDir>/calendar/<year>.json`. */
export function calendarDir(dataDir: string): string {
  return path.join(dataDir, 'calendar');
}

/**
 * The statutory calendar of this installation: the years built into chinese-days plus every year an admin has
 * loaded (`xinyong calendar load`), read from the data directory at start.
 * @throws CalendarDocumentError naming the file when a stored year is invalid.
 */
export function loadInstallationCalendar(dataDir: string): WorkingDayCalendar {
  const calendar = createWorkingDayCalendar();
  const dir = calendarDir(dataDir);
  if (!fs.existsSync(dir)) return calendar;
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .sort()) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    try {
      loadCalendarYear(calendar, text, { replace: true });
    } catch (e) {
      throw new Error(`${path.join(dir, file)}: ${(e as Error).message}`, { cause: e });
    }
  }
  return calendar;
}

/**
 * Validates a year's document, adds it to `calendar` and stores it so later starts have it too.
 * @throws CalendarDocumentError / CalendarYearExistsError (unless `replace`).
 */
export function storeCalendarYear(
  dataDir: string,
  calendar: WorkingDayCalendar,
  document: string,
  replace = false,
): number {
  const info = loadCalendarYear(calendar, document, { replace });
  const dir = calendarDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${info.year}.json`), document);
  return info.year;
}
