/** The shape of one benchmark module (see bench/run.ts). */
export interface Benchmark {
  /** One line saying what is measured against what. */
  readonly description: string;
  /** Runs the measurement, prints a human summary (with the ratio to its baseline) and returns the figures. */
  run(): Promise<Record<string, unknown>>;
}

/** Median and a percentile of a sample, in the sample's unit. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}
