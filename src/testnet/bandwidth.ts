/**
 * The authorities' `V3BandwidthsFile`: every relay gets the same measured bandwidth.
 *
 * Why: new relays advertise zero bandwidth, so a few nodes get all the weight and clients build
 * paths that reuse a node and fail (docs/TESTNET.md, "Unequal relay weights").
 * Format: bandwidth-file-spec §2 (version 1.0.0): a unix timestamp line, then one
 * `node_id=$<FINGERPRINT> bw=<kilobytes>` line per relay.
 */

/** The weight every relay gets (bandwidth-file-spec: KB/s); only the equality matters. */
export const EQUAL_RELAY_BANDWIDTH = 1000;

const FINGERPRINT = /^[0-9A-F]{40}$/;

/** Renders a bandwidth file listing `fingerprints` (40 upper-case hex digits each), measured at `timestampSeconds`. */
export function renderBandwidthFile(
  timestampSeconds: number,
  fingerprints: readonly string[],
  bandwidth = EQUAL_RELAY_BANDWIDTH,
): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0)
    throw new RangeError('timestampSeconds must be a non-negative whole number');
  if (!Number.isSafeInteger(bandwidth) || bandwidth <= 0)
    throw new RangeError('bandwidth must be a positive whole number');
  const lines = fingerprints.map((fingerprint) => {
    if (!FINGERPRINT.test(fingerprint)) throw new TypeError(`not a relay fingerprint: ${JSON.stringify(fingerprint)}`);
    return `node_id=$${fingerprint} bw=${bandwidth}`;
  });
  return [String(timestampSeconds), ...lines].join('\n') + '\n';
}
