// autocannon with exact latency percentiles: autocannon's own summary has p90, p97.5 and p99 but no p95, so every
// response time is kept and ranked here.
import autocannon from 'autocannon';

export interface LoadResult {
  readonly result: autocannon.Result;
  /** Response times in ms, ascending. */
  readonly latencies: readonly number[];
}

export async function load(options: autocannon.Options): Promise<LoadResult> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: Error | null, r: autocannon.Result) =>
      error === null ? resolve(r) : reject(error),
    );
    instance.on('response', (_client, _status, _bytes, ms) => {
      latencies.push(ms);
    });
  });
  latencies.sort((a, b) => a - b);
  return { result, latencies };
}

/** The q-quantile (0–1) of ascending values, nearest rank; 0 when there are none. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}
