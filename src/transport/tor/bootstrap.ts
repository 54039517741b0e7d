/**
 * Parsing tor's bootstrap status lines (control-spec §4.1.10 "Status events", BOOTSTRAP), as
 * they arrive in `650 STATUS_CLIENT …` events and in `GETINFO status/bootstrap-phase`:
 *
 * ```text
 * NOTICE BOOTSTRAP PROGRESS=14 TAG=handshake SUMMARY="Handshaking with a relay"
 * WARN BOOTSTRAP PROGRESS=14 TAG=handshake SUMMARY="Handshaking with a relay" WARNING="Connection refused" REASON=CONNECTREFUSED COUNT=3 RECOMMENDATION=warn
 * ```
 *
 * Pure: text in, a {@link BootstrapStatus} (or `undefined` for any other status line) out.
 */
import { parseReplyArguments, type ReplyArguments } from './control/index.js';

/** Where tor is in its bootstrap, for the UI's progress bar. */
export interface BootstrapStatus {
  /** 0–100; 100 means tor has a circuit and is ready to serve clients. */
  readonly progress: number;
  /** tor's stable keyword for the phase (`conn`, `handshake`, `requesting_descriptors`, `done`, …). */
  readonly tag: string;
  /** tor's human-readable summary of the phase (English). */
  readonly summary: string;
  /** Present on WARN lines: why the phase is stuck (tor's words, e.g. "Connection refused"). */
  readonly warning?: string;
  /** On WARN lines: `ignore` (transient, don't bother the user) or `warn` (show it). */
  readonly recommendation?: string;
}

/** The status before tor said anything (tor's own first phase is `starting`, 0 %). */
export const INITIAL_BOOTSTRAP_STATUS: BootstrapStatus = { progress: 0, tag: 'starting', summary: 'Starting' };

/** Bootstrap progress once tor is fully bootstrapped. */
export const BOOTSTRAP_DONE = 100;

/**
 * Parses one bootstrap status line; returns `undefined` for other status events
 * (CIRCUIT_ESTABLISHED, ENOUGH_DIR_INFO, …) and for lines that are not well-formed.
 *
 * Accepts the line with or without the leading `STATUS_CLIENT` event keyword.
 *
 * @example
 * ```ts
 * parseBootstrapStatus('NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY="Done"');
 * // → { progress: 100, tag: 'done', summary: 'Done' }
 * ```
 */
export function parseBootstrapStatus(line: string): BootstrapStatus | undefined {
  let args: ReplyArguments;
  try {
    args = parseReplyArguments(line.trim().replace(/^STATUS_CLIENT /, ''));
  } catch {
    return undefined; // an unclosed or garbled quoted value: ignore the line rather than half-read it
  }
  // control-spec §4.1.10: "<Severity> <Action> <Arguments>", severity NOTICE, WARN or ERR.
  const [severity, action, ...rest] = args.positional;
  if (severity === undefined || !SEVERITIES.has(severity) || action !== 'BOOTSTRAP' || rest.length > 0)
    return undefined;
  const progressText = args.keywords.get('PROGRESS');
  const tag = args.keywords.get('TAG');
  const summary = args.keywords.get('SUMMARY');
  if (progressText === undefined || tag === undefined || summary === undefined) return undefined;
  if (!/^\d{1,3}$/.test(progressText)) return undefined;
  const progress = Number(progressText);
  if (progress > BOOTSTRAP_DONE || tag === '') return undefined;
  const warning = args.keywords.get('WARNING');
  const recommendation = args.keywords.get('RECOMMENDATION');
  return {
    progress,
    tag,
    summary,
    ...(warning === undefined ? {} : { warning }),
    ...(recommendation === undefined ? {} : { recommendation }),
  };
}

const SEVERITIES: ReadonlySet<string> = new Set(['NOTICE', 'WARN', 'ERR']);
