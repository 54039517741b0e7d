/** What `TorProcess.launch` and `TorProcess.attach` take. */
import type { LivenessTiming } from './tor-liveness.js';
import type { TorrcEntry } from './torrc.js';

/** Options of `TorProcess.launch`. */
export interface LaunchTorOptions {
  /** tor's DataDirectory, inside the profile; created with mode 0700 (tightened to 0700 if it exists). */
  readonly dataDir: string;
  /** More torrc lines, e.g. a private test network's `DirAuthority`… lines or `DisableNetwork 1`. */
  readonly extraTorrc?: readonly TorrcEntry[];
  /** Cancels the launch (not the running tor: use `stop()`). */
  readonly signal?: AbortSignal;
  /** Until the control port answers and authentication succeeds (default DEFAULT_START_TIMEOUT_MS). */
  readonly startTimeoutMs?: number;
  /** Relaunch tor if it dies unexpectedly, with bounded retries and backoff (default true). */
  readonly restart?: boolean;
  /** Where to look for `tor` (default `process.env`: `BURROW_TOR`, then PATH). */
  readonly env?: NodeJS.ProcessEnv;
  /** How a hung tor is noticed (default DEFAULT_LIVENESS); a hung tor is killed and relaunched. */
  readonly liveness?: LivenessTiming;
}

/** Options of `TorProcess.attach`. */
export interface AttachTorOptions {
  /** Default 127.0.0.1. */
  readonly controlHost?: string;
  readonly controlPort: number;
  /** The tor's `CookieAuthFile`, if it uses cookie authentication and the path is not in PROTOCOLINFO. */
  readonly cookieFile?: string;
  /** For a tor configured with `HashedControlPassword`. */
  readonly password?: string;
  readonly signal?: AbortSignal;
  /** Until connected, authenticated and the initial state read (default DEFAULT_START_TIMEOUT_MS). */
  readonly timeoutMs?: number;
}
