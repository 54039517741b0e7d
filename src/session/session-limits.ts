/**
 * Every limit and timeout of the session layer, in one place (docs/ARCHITECTURE.md "Conventions"). Frame sizes live in
 * src/protocol/frame/frame-limits.ts.
 */

/**
 * Time a handshake (and, inbound, the gate's decision) may take before the connection is
 * dropped: mandatory, so a silent or slow stranger cannot hold a connection open. The handshake
 * is 1.5 round trips; over onion circuits a round trip is ~0.5–3 s, so 30 s is generous.
 */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 30_000;

/** The longest handshake timeout a caller may ask for. */
export const MAX_HANDSHAKE_TIMEOUT_MS = 300_000;

/**
 * Received bodies buffered while nobody reads them. Above this the connection is paused
 * (TCP then pushes back on the peer) and resumed once the reader catches up to half of it.
 */
export const MAX_RECEIVE_QUEUE_BYTES = 1024 * 1024;

/** After `close()`, how long pending frames get to flush before the connection is destroyed. */
export const CLOSE_GRACE_MS = 2_000;
