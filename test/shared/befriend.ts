/**
 * Two nodes made friends through the real request/accept flow, for any {@link NodeApi}: nodes
 * on the in-memory network, over Tor, in benchmarks (no vitest here).
 *
 * It polls the nodes' state rather than waiting on events: a request arrives on a session that
 * only carries it, which the sender closes once delivered. Accepting at the request's event,
 * before that close, greets the friend on the closing session, so the receiver reports them
 * online, offline, online again; tests that count presence events would see that.
 */
import type { NodeApi } from '../../src/node/api.js';
import { until } from './until.js';

/** One side of {@link befriend}: a running node and its address (a name for messages). */
export interface Befriendable {
  readonly node: Pick<NodeApi, 'addContact' | 'acceptContact' | 'requests' | 'contacts'>;
  readonly onion: string;
  readonly name?: string;
}

/** What {@link befriend} may be told. */
export interface BefriendOptions {
  /** The request's message ('hi'). */
  readonly message?: string;
  /** Limit of each step (10 s). */
  readonly timeoutMs?: number;
  /** How often each step looks (5 ms). */
  readonly pollMs?: number;
}

/** `a` asks `b`, who accepts; resolves once `a` sees `b` as an online friend and `b` sees `a` online. */
export async function befriend(a: Befriendable, b: Befriendable, options: BefriendOptions = {}): Promise<void> {
  const [nameA, nameB] = [a.name ?? 'a', b.name ?? 'b'];
  // A step that times out says how each side saw the other then, to tell a lost accept from a
  // session that never came up.
  const wait = async (condition: () => Promise<boolean>, what: string): Promise<void> => {
    try {
      await until(condition, what, options.timeoutMs, options.pollMs);
    } catch (error) {
      const seen = async (from: Befriendable, of: Befriendable): Promise<string> => {
        const contact = (await from.node.contacts().catch(() => [])).find((c) => c.onion === of.onion);
        return contact === undefined ? 'no contact' : `${contact.state}, ${contact.online ? 'online' : 'offline'}`;
      };
      const states = `${nameA} sees ${nameB}: ${await seen(a, b)}; ${nameB} sees ${nameA}: ${await seen(b, a)}`;
      throw new Error(`${(error as Error).message} (${states})`, { cause: error });
    }
  };
  await a.node.addContact(b.onion, options.message ?? 'hi');
  await wait(
    async () => (await b.node.requests()).some((c) => c.onion === a.onion),
    `${nameB} gets ${nameA}'s request`,
  );
  await b.node.acceptContact(a.onion);
  await wait(
    async () => (await a.node.contacts()).some((c) => c.onion === b.onion && c.state === 'friend' && c.online),
    `${nameA} sees ${nameB} as an online friend`,
  );
  await wait(
    async () => (await b.node.contacts()).some((c) => c.onion === a.onion && c.online),
    `${nameB} sees ${nameA} online`,
  );
}
