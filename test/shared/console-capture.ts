/**
 * What a command prints: console.log and console.error captured (kept off the test output) and
 * read back as text, one line per call.
 */
import { vi } from 'vitest';

/** The console, captured since {@link captureConsole}. */
export interface ConsoleCapture {
  /** What went to console.log, one line per call. */
  out(): string;
  /** What went to console.error, one line per call. */
  err(): string;
  /** Puts the console back. */
  restore(): void;
}

/** Captures console.log and console.error until `restore()`. */
export function captureConsole(): ConsoleCapture {
  const out: string[] = [];
  const err: string[] = [];
  const line = (parts: unknown[]): string => parts.map(String).join(' ');
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void out.push(line(parts)));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void err.push(line(parts)));
  return {
    out: () => out.join('\n'),
    err: () => err.join('\n'),
    restore: () => {
      log.mockRestore();
      error.mockRestore();
    },
  };
}

/** Runs `fn` with the console captured; its result and what it printed. */
export async function printedBy<T>(fn: () => Promise<T>): Promise<{ result: T; out: string; err: string }> {
  const capture = captureConsole();
  try {
    const result = await fn();
    return { result, out: capture.out(), err: capture.err() };
  } finally {
    capture.restore();
  }
}
