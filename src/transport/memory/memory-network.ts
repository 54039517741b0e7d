/**
 * An in-process stand-in for the Tor network: a directory of onion addresses that
 * {@link MemoryTransport}s publish (listen) and dial. Unit tests of everything above the
 * transport run over it in milliseconds; the same compliance suite runs over memory and Tor
 * (test/shared/transport-compliance.ts), so code tested here behaves the same over Tor.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { MemoryTransport, type MemoryDirectory, type MemoryService } from './memory-transport.js';

/** Options of a {@link MemoryNetwork}. */
export interface MemoryNetworkOptions {
  /**
   * How long every dial takes before it connects or fails, in ms (default 0). A few ms make
   * races between dials, aborts and timeouts visible in tests, as a real onion connect
   * (~0.3 s on a private network, seconds on the real one) would.
   */
  readonly dialDelayMs?: number;
}

/**
 * The in-memory "Tor network". Make transports with {@link MemoryNetwork.transport}.
 *
 * @example
 * ```ts
 * const network = new MemoryNetwork();
 * const alice = network.transport();
 * await alice.listen(aliceIdentity, (connection) => connection.pipe(connection));
 * const connection = await network.transport().dial(aliceIdentity.onionAddress);
 * ```
 */
export class MemoryNetwork implements MemoryDirectory {
  readonly dialDelayMs: number;
  readonly #services = new Map<OnionAddress, MemoryService>();

  constructor(options: MemoryNetworkOptions = {}) {
    const delay = options.dialDelayMs ?? 0;
    if (!Number.isFinite(delay) || delay < 0)
      throw new TypeError(`dialDelayMs must be a non-negative number, got ${String(delay)}`);
    this.dialDelayMs = delay;
  }

  /** A new transport (a "node") on this network. */
  transport(): MemoryTransport {
    return new MemoryTransport(this);
  }

  /**
   * Simulates the node that publishes `address` going offline: it stops listening on every
   * address and all its connections are destroyed (their peers read what arrived, then 'end').
   * Its transport stays usable, so it can `listen` again to come back online.
   * Resolves to false when nobody publishes `address`.
   */
  async goOffline(address: OnionAddress): Promise<boolean> {
    const service = this.#services.get(address);
    if (service === undefined) return false;
    await service.owner.goOffline();
    return true;
  }

  /** Whether some transport publishes `address` right now. */
  isPublished(address: OnionAddress): boolean {
    return this.#services.has(address);
  }

  /** @internal Registers a listener; false if the address is taken. */
  publish(address: OnionAddress, service: MemoryService): boolean {
    if (this.#services.has(address)) return false;
    this.#services.set(address, service);
    return true;
  }

  /** @internal Removes a listener (only the one `owner` registered). */
  unpublish(address: OnionAddress, owner: MemoryTransport): void {
    if (this.#services.get(address)?.owner === owner) this.#services.delete(address);
  }

  /** @internal The listener at `address`, if any. */
  lookup(address: OnionAddress): MemoryService | undefined {
    return this.#services.get(address);
  }
}
