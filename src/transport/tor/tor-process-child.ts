/**
 * One running `tor` child process: spawned in the foreground (no RunAsDaemon, so Burrow sees
 * it exit), its stdout/stderr drained continuously (a full pipe would block tor's logging)
 * with the last lines kept for error messages, and its exit as a promise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { TorExit } from './tor-process-errors.js';

/** How many of tor's last output lines are kept for error messages. */
export const TOR_OUTPUT_TAIL_LINES = 30;
/** Longest output line kept (tor's lines are short; this bounds memory against surprises). */
const MAX_LINE_CHARS = 1000;

/** A `tor` child process. */
export class TorChild {
  readonly #process: ChildProcess;
  readonly #tail: string[] = [];
  #partial = '';
  #exit: TorExit | undefined;
  /** Resolves (never rejects) once tor has exited and its output is fully read. */
  readonly exited: Promise<TorExit>;

  private constructor(process: ChildProcess) {
    this.#process = process;
    for (const stream of [process.stdout, process.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => this.#append(chunk));
    }
    this.exited = new Promise<TorExit>((resolve) => {
      const done = (exit: TorExit): void => {
        if (this.#exit !== undefined) return;
        this.#flushPartial();
        this.#exit = exit;
        resolve(exit);
      };
      // 'close' comes after the stdio streams ended, so the tail is complete by then.
      process.on('close', (code, signal) => done({ code, signal }));
      process.on('error', (error) => {
        // spawn failed (EACCES, ENOENT after all, …): there will be no 'close' with a code.
        this.#record(`[err] could not run tor: ${error.message}`);
        if (process.pid === undefined) done({ code: null, signal: null });
      });
    });
  }

  /** Starts `tor --defaults-torrc <defaultsTorrc> -f <torrc>`. */
  static spawn(torBinary: string, defaultsTorrc: string, torrc: string): TorChild {
    const child = spawn(torBinary, ['--defaults-torrc', defaultsTorrc, '-f', torrc], {
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    return new TorChild(child);
  }

  /** tor's process id (undefined if the spawn failed). */
  get pid(): number | undefined {
    return this.#process.pid;
  }

  /** How tor exited, once it has. */
  get exit(): TorExit | undefined {
    return this.#exit;
  }

  /** tor's last output lines, oldest first. */
  get outputTail(): readonly string[] {
    return [...this.#tail, ...(this.#partial === '' ? [] : [this.#partial])];
  }

  /** Sends `signal` unless tor already exited. */
  kill(signal: NodeJS.Signals): void {
    if (this.#exit === undefined && this.#process.exitCode === null && this.#process.signalCode === null)
      this.#process.kill(signal);
  }

  #append(chunk: string): void {
    const lines = (this.#partial + chunk).split('\n');
    this.#partial = (lines.pop() ?? '').slice(0, MAX_LINE_CHARS);
    for (const line of lines) this.#record(line);
  }

  #flushPartial(): void {
    if (this.#partial !== '') this.#record(this.#partial);
    this.#partial = '';
  }

  #record(line: string): void {
    const trimmed = line.trimEnd();
    if (trimmed === '') return;
    this.#tail.push(trimmed.slice(0, MAX_LINE_CHARS));
    if (this.#tail.length > TOR_OUTPUT_TAIL_LINES) this.#tail.shift();
  }
}
