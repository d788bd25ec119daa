/** One line of the benchmark table, printed by a bench script as JSON on its last stdout line. */
export interface BenchResult {
  readonly name: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** What the baseline is, measured in the same run. */
  readonly baseline: string;
  readonly baselineValue: number;
  /** value / baselineValue, oriented so that higher is better for this metric. */
  readonly ratio: number | null;
  readonly goal: string;
  readonly notes?: string;
}

export function emit(results: readonly BenchResult[]): void {
  process.stdout.write(`${JSON.stringify(results)}\n`);
}
