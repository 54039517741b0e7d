/**
 * Every tuning constant of the download scheduler and the chunk server, in one place (docs/ARCHITECTURE.md "Conventions").
 * Wire sizes are in src/protocol/files/file-wire-limits.ts.
 *
 * The numbers assume Tor: an onion-service round trip is ~0.5–3 s and one stream moves
 * ~0.1–5 MB/s, so the bandwidth-delay product of one friend is a few chunks; stop-and-wait
 * (Ricochet's one 63 KiB chunk per round trip) caps a 1 s RTT path at 63 KiB/s whatever the
 * bandwidth, which is the design this replaces.
 */

/** Chunks requested from a new source before anything is measured (~1 MiB: the BDP of a fast circuit). */
export const INITIAL_WINDOW = 4;

/**
 * Fewest chunks kept outstanding at a working source (~0.5 MiB): one in transit while the next
 * request travels. INITIAL_WINDOW keeps the stream busy through the first round trips; after
 * that the measured window adds one chunk of slack. More here would only queue in front of chat
 * on a slow path (four chunks are ~1 MiB, a quarter of a second at 4 MB/s).
 */
export const MIN_WINDOW = 2;

/** Most chunks outstanding at one source (= MAX_REQUEST_ENTRIES, ~16 MiB of default chunks queued at the sender). */
export const MAX_WINDOW = 64;

/**
 * The window is this many times the measured bandwidth-delay product, plus one chunk. More than
 * 1 because a window-limited source measures exactly its window's worth per RTT: with gain 2 the
 * window doubles per round trip until the path, not the window, limits the rate (like TCP slow
 * start / BBR's probing gain).
 */
export const BDP_GAIN = 2;

/**
 * The gain once the path is full (the bandwidth stopped growing for {@link FULL_PIPE_ROUNDS}
 * round trips): the window then holds a quarter of a round trip's data beyond the path, not a
 * whole one. What sits beyond the path waits in socket and Tor buffers, in front of every chat
 * message on the same session. Not 1: a window-limited source then measures only its window
 * plus one chunk per round trip, so after a dip (a busy machine) it climbs back one chunk per
 * round trip; a quarter climbs back multiplicatively.
 */
export const STEADY_GAIN = 1.25;

/** Round trips without the bandwidth growing by a quarter after which the path counts as full (BBR's rule). */
export const FULL_PIPE_ROUNDS = 3;

/** Growth of the bandwidth estimate within a round trip that still counts as filling the path. */
export const FULL_PIPE_GROWTH = 1.25;

/** Round-trip estimate before the first sample (Tor onion circuits). */
export const INITIAL_RTT_MS = 1_000;

/**
 * The RTT estimate is the minimum of this many recent request → first byte latencies of requests
 * the source had to wait for (window-controller.ts).
 */
export const RTT_SAMPLE_WINDOW = 8;

/** The bandwidth estimate is the largest of this many recent delivery-rate samples (one per completed chunk). */
export const RATE_SAMPLE_WINDOW = 16;

/**
 * A request whose first byte came after a silence of at least this fraction of its latency
 * found the source idle (it ran dry: the window was too small), so its latency is a round-trip
 * sample. With BDP_GAIN 2, samples stop once the stream is busy three quarters of the time, and
 * the window then still doubles to the path's: shorter silences are jitter, not a dry stream.
 * At STEADY_GAIN a stream that runs dry yields samples again, so a slower path is noticed.
 */
export const DRY_GAP_FRACTION = 0.25;

/** Shortest silence counted as running dry (timer and scheduling noise on a busy machine). */
export const DRY_GAP_MIN_MS = 5;

/**
 * A source with requests outstanding that delivers no byte for this long is stalled: its
 * requests are cancelled and sent elsewhere (a sender that stopped mid-chunk, a dead circuit).
 */
export const STALL_TIMEOUT_MS = 30_000;

/**
 * A source with requests outstanding that delivers no byte for this long (at least: longer on a
 * path whose round trip or speed explains a longer silence, source-state.ts `quietLimitMs`) is
 * *shown* stalled in `/files` and `burrow ctl files`, long before STALL_TIMEOUT_MS re-plans its
 * requests: the user sees at once that nothing comes, the download does not give up on a
 * source over a short silence.
 */
export const STALL_SHOWN_MIN_MS = 3_000;

/** A stalled source gets no new request for this long (doubling per consecutive stall, up to the max). */
export const STALL_BACKOFF_MS = 15_000;

/** Longest stall back-off. */
export const MAX_STALL_BACKOFF_MS = 240_000;

/** A source that sends this many chunks that fail their hash is banned from the download (a lying peer). */
export const MAX_HASH_MISMATCHES = 2;

/** In endgame a chunk is requested from at most this many sources at once. */
export const ENDGAME_MAX_COPIES = 3;

/**
 * Most chunk requests a server queues for one peer and file; more are refused by answering
 * with the server's `have` (the requester then re-plans). Matches MAX_WINDOW.
 */
export const MAX_QUEUED_REQUESTS_PER_PEER = 64;

/**
 * Control/chat frames sent in a row while bulk frames wait, before one bulk frame goes: chat
 * always goes first, but a chatty peer cannot stop a transfer outright.
 */
export const MAX_CONTROL_BURST = 16;
