/**
 * Every timer of the session host, in one place (docs/ARCHITECTURE.md "Conventions": limits are
 * named constants), and the {@link HostTiming} bundle tests override to run in milliseconds
 * instead of minutes (app/node-timing.ts adds the services' timers).
 */
import { RECONNECT_BASE_DELAY_MS, RECONNECT_MAX_DELAY_MS } from './backoff.js';

/** A friend session with nothing received for this long gets a ping. */
export const KEEPALIVE_INTERVAL_MS = 60_000;
/**
 * A friend session with nothing received for this long is dead (a Tor circuit can die without
 * closing the stream): it is closed and redialed. Three ping intervals tolerate a slow circuit.
 */
export const KEEPALIVE_TIMEOUT_MS = 3 * KEEPALIVE_INTERVAL_MS;
/**
 * A bulk session (bulk-links.ts) with nothing received for this long gets a ping. The side that
 * sends file data hears nothing else on it, and a dead circuit under a transfer loses data until
 * it is noticed, so bulk sessions are checked more often than main ones.
 */
export const BULK_KEEPALIVE_INTERVAL_MS = 10_000;
/**
 * A bulk session silent this long is closed, and the data goes on the main session until a new
 * one is up. A ping waits behind the file data already in the stream (a circuit window, some
 * hundreds of KB: seconds on a slow Tor path), so four intervals.
 */
export const BULK_KEEPALIVE_TIMEOUT_MS = 4 * BULK_KEEPALIVE_INTERVAL_MS;
/** A bulk session that carried no file message for this long is closed (its circuit is not kept for nothing). */
export const BULK_IDLE_MS = 5 * 60_000;
/**
 * Longest life of a session with someone who is not a friend: enough to deliver a contact
 * request (or its answer) and its ack over a slow circuit, short enough that strangers cannot
 * hold connections open.
 */
export const NON_FRIEND_SESSION_MAX_MS = 60_000;
/**
 * Most sessions open at once with strangers (contact requests in flight). Past it a new
 * stranger takes the place of the oldest one that has not said anything yet, or is refused
 * when every one of them is mid-request; friends, and peers whose accept of our own request we
 * await, are never counted nor refused for it.
 */
export const MAX_NON_FRIEND_SESSIONS = 32;
/** Most sessions one stranger may hold at once: identities are free, but each one gets this many. */
export const MAX_SESSIONS_PER_STRANGER = 2;
/** A stranger must send its contact request this soon after the handshake, or the session is closed. */
export const STRANGER_SILENCE_MS = 10_000;
/**
 * Most inbound handshakes under way at once. Each costs a few key agreements and a timeout;
 * past this many, new connections are closed before a byte is read (a flood cannot queue work).
 */
export const MAX_PENDING_HANDSHAKES = 64;
/** Deadline of one dial (the onion connect plus the handshake each get this much). */
export const DIAL_TIMEOUT_MS = 60_000;
/** How long `stop()` waits for sessions to flush and handlers to finish. */
export const STOP_GRACE_MS = 5_000;

/** The host's timers; every field defaults to the constant of the same meaning above. */
export interface HostTiming {
  readonly reconnectBaseDelayMs: number;
  readonly reconnectMaxDelayMs: number;
  readonly keepaliveIntervalMs: number;
  readonly keepaliveTimeoutMs: number;
  readonly bulkKeepaliveIntervalMs: number;
  readonly bulkKeepaliveTimeoutMs: number;
  readonly bulkIdleMs: number;
  readonly nonFriendSessionMaxMs: number;
  readonly strangerSilenceMs: number;
  readonly dialTimeoutMs: number;
  readonly stopGraceMs: number;
}

/** The production timing. */
export const DEFAULT_HOST_TIMING: HostTiming = Object.freeze({
  reconnectBaseDelayMs: RECONNECT_BASE_DELAY_MS,
  reconnectMaxDelayMs: RECONNECT_MAX_DELAY_MS,
  keepaliveIntervalMs: KEEPALIVE_INTERVAL_MS,
  keepaliveTimeoutMs: KEEPALIVE_TIMEOUT_MS,
  bulkKeepaliveIntervalMs: BULK_KEEPALIVE_INTERVAL_MS,
  bulkKeepaliveTimeoutMs: BULK_KEEPALIVE_TIMEOUT_MS,
  bulkIdleMs: BULK_IDLE_MS,
  nonFriendSessionMaxMs: NON_FRIEND_SESSION_MAX_MS,
  strangerSilenceMs: STRANGER_SILENCE_MS,
  dialTimeoutMs: DIAL_TIMEOUT_MS,
  stopGraceMs: STOP_GRACE_MS,
});
