/**
 * Logging that keeps identifiers out of log lines (docs/ARCHITECTURE.md "Conventions", arti's `Sensitive<>`).
 *
 * Onion addresses, nicknames and message text are wrapped in {@link sensitive}; they print as
 * `[scrubbed]` unless the user turned on debug logging with `BURROW_DEBUG_SENSITIVE=1`.
 * Log lines go to stderr (or a sink the caller installs), never to stdout, which belongs to
 * commands' output and the TUI.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export class Sensitive<T> {
  readonly #value: T;
  constructor(value: T) {
    this.#value = value;
  }
  /** The wrapped value, for code (never for logs). */
  get value(): T {
    return this.#value;
  }
  toString(): string {
    return showSensitive ? String(this.#value) : '[scrubbed]';
  }
  toJSON(): string {
    return this.toString();
  }
}

/** Wraps an identifier so it is scrubbed from log lines. */
export function sensitive<T>(value: T): Sensitive<T> {
  return new Sensitive(value);
}

let showSensitive = process.env['BURROW_DEBUG_SENSITIVE'] === '1';
let minLevel: number = LEVELS[(process.env['BURROW_LOG'] as LogLevel | undefined) ?? 'warn'] ?? LEVELS.warn;
let sink: (line: string) => void = (line) => process.stderr.write(line + '\n');

/** Configures logging (the CLI calls this once from its flags). */
export function configureLogging(options: {
  level?: LogLevel;
  showSensitive?: boolean;
  sink?: (line: string) => void;
}): void {
  if (options.level !== undefined) minLevel = LEVELS[options.level];
  if (options.showSensitive !== undefined) showSensitive = options.showSensitive;
  if (options.sink !== undefined) sink = options.sink;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A logger for one component: `const log = logger('tor-control')`. */
export function logger(component: string): Logger {
  const emit = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (LEVELS[level] < minLevel) return;
    const extra =
      fields === undefined
        ? ''
        : ' ' +
          Object.entries(fields)
            .map(([k, v]) => `${k}=${formatField(v)}`)
            .join(' ');
    sink(`${new Date().toISOString()} ${level.padEnd(5)} [${component}] ${message}${extra}`);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

function formatField(value: unknown): string {
  if (value instanceof Sensitive) return value.toString();
  if (value instanceof Error) return JSON.stringify(`${value.name}: ${value.message}`);
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}
