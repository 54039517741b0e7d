/**
 * Progress reports of a network start, for a progress bar or plain log lines.
 */

/** One step of a start, for a progress display. */
export interface TestnetProgress {
  readonly message: string;
  /** 0…1 */
  readonly fraction: number;
}

/** How the steps of a start report progress. */
export type Report = (message: string, fraction: number) => void;

/** Calls `onProgress` when the message changes or the bar moves by at least a percent. */
export function progressReporter(onProgress: ((step: TestnetProgress) => void) | undefined): Report {
  let last: TestnetProgress | undefined;
  return (message, fraction) => {
    if (onProgress === undefined) return;
    const clamped = Math.min(1, Math.max(0, fraction));
    if (last !== undefined && last.message === message && Math.abs(last.fraction - clamped) < 0.01) return;
    last = { message, fraction: clamped };
    onProgress(last);
  };
}
