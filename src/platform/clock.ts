/** Source of "now"; injected so deadlines and daily jobs can be tested on chosen dates. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock frozen at `iso` (tests, reproducible CLI runs). */
export function fixedClock(iso: string): Clock {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new RangeError(`invalid instant ${iso}`);
  return () => new Date(at.getTime());
}

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar date (YYYY-MM-DD) in Asia/Shanghai (UTC+8, no DST) at instant `at`. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant at which calendar date `date` (YYYY-MM-DD) begins in Asia/Shanghai. */
export function shanghaiMidnight(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS);
}
