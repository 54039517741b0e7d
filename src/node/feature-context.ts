/**
 * The {@link FeatureContext} the session host gives every feature (feature.ts): what it may
 * know and how it sends. Sending picks the session: a friend's main session for everything,
 * their bulk session (bulk-links.ts) for file data when one is up.
 */
import type { IdentityKeyPair } from '../crypto/identity.js';
import type { OnionAddress } from '../crypto/onion-address.js';
import type { RandomSource } from '../crypto/random.js';
import type { WireMessage } from '../protocol/envelope/index.js';
import type { ProfileStore } from '../store/profile-store.js';
import type { NodeEvent } from './api.js';
import type { BulkLinks } from './bulk-links.js';
import type { ContactStanding } from './contact-standing.js';
import type { EnvelopeBlock, FeatureContext, FeatureMessage } from './feature.js';
import type { PeerLink } from './peer-link.js';

/** What the host hands {@link featureContext}. */
export interface FeatureContextParts {
  readonly self: OnionAddress;
  readonly identity: IdentityKeyPair;
  readonly store: ProfileStore;
  readonly random: RandomSource;
  readonly now: () => number;
  readonly signal: AbortSignal;
  readonly standing: () => ContactStanding;
  readonly onlineFriends: () => OnionAddress[];
  /** The main session with friend `peer` that may carry feature traffic now, if any. */
  readonly ready: (peer: OnionAddress) => PeerLink | undefined;
  readonly bulk: BulkLinks;
  readonly newId: () => Uint8Array;
  readonly emit: (event: NodeEvent) => void;
  readonly track: (task: Promise<unknown>) => void;
}

/** The context every feature gets. */
export function featureContext(parts: FeatureContextParts): FeatureContext {
  const { self, identity, store, random, signal, now, newId } = parts;
  const write = (link: PeerLink, block: EnvelopeBlock, message: FeatureMessage): Promise<void> =>
    link.send({ kind: block, id: newId(), message } as WireMessage & { message: FeatureMessage });
  return {
    self,
    identity,
    store,
    random,
    signal,
    now: () => now(),
    isFriend: (peer) => parts.standing().isFriend(peer),
    friends: () => parts.standing().friends(),
    onlineFriends: () => parts.onlineFriends(),
    send: async (peer, block, message, onHandled) => {
      const link = parts.ready(peer);
      if (link === undefined) return false;
      await write(link, block, message);
      if (onHandled !== undefined) link.whenHandled(newId(), onHandled);
      return true;
    },
    bulkChannel: (peer) => {
      const main = parts.ready(peer);
      if (main === undefined) return undefined;
      const bulk = parts.bulk.ready(peer);
      if (bulk === undefined) parts.bulk.want(peer);
      const link = bulk ?? main;
      const send = (block: EnvelopeBlock, message: FeatureMessage): Promise<void> => {
        if (bulk !== undefined) parts.bulk.used(peer);
        return write(link, block, message);
      };
      return { dedicated: bulk !== undefined, send };
    },
    emit: (event) => parts.emit(event),
    track: (task) => parts.track(task),
  };
}
