/** Source of "now"; injected so deadlines and daily jobs can be tested on chosen dates. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock frozen at `iso` (tests, reproducible CLI runs). */
export function fixedClock(iso: string): Clock {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new RangeError(`invalid instant ${iso}`);
  return () => new Date(at.getTime());
}
