// The relay engine's saved state through the real encrypted store: every person's engine is
// rebuilt from its profile between every step of the multi-hop flow, and the message
// is still delivered once, receipts still travel back, and nothing is held afterwards.
import { afterEach, describe, expect, it } from 'vitest';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import { RelayEngine } from '../../../src/relay/engine.js';
import type { ProfileStore } from '../../../src/store/profile-store.js';
import { newProfile } from '../../shared/profiles.js';
import { removeTempDirs } from '../../shared/temp-dirs.js';
import { chat, onion, people, type Name } from '../relay/fixtures.js';
import { Network } from '../relay/network.js';

const links = [
  ['alice', 'bob'],
  ['bob', 'dave'],
  ['dave', 'carol'],
  ['alice', 'carol'],
] as const;

const stores: ProfileStore[] = [];

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  removeTempDirs();
});

/** One profile per person; `flush` writes every engine's changes, `restart` rebuilds them all from disk. */
async function persistentNetwork(): Promise<{
  network: Network;
  flush: () => void;
  restart: () => void;
  store: (name: Name) => ProfileStore;
}> {
  const network = new Network(links);
  const byName = new Map<Name, ProfileStore>();
  for (const name of network.engines.keys()) {
    const { store } = await newProfile({ displayName: name });
    stores.push(store);
    byName.set(name, store);
  }
  const flush = (): void => {
    for (const [name, engine] of network.engines) byName.get(name)!.relay.apply(engine.takeChanges());
  };
  const restart = (): void => {
    flush();
    for (const [name, friends] of network.friends) {
      const addresses = new Set<OnionAddress>([...friends].map(onion));
      const { state, skipped } = byName.get(name)!.relay.load();
      expect(skipped).toBe(0);
      const before = network.engine(name).status();
      const engine = new RelayEngine({
        identity: people[name],
        friends: addresses,
        senderPolicy: (sender, scope) => scope.kind === 'direct' && addresses.has(sender),
        state,
      });
      // Everything the status shows survives, except our own envelopes' offers in flight.
      expect(engine.status()).toEqual(before);
      network.engines.set(name, engine);
    }
  };
  return { network, flush, restart, store: (name) => byName.get(name)! };
}

describe('relay state across restarts', () => {
  it('delivers over three hops with every engine rebuilt from its store between steps', async () => {
    const { network, restart, store } = await persistentNetwork();
    network.up('alice', 'bob');
    const id = network.send('alice', 'carol', chat('see you at the lake'));
    expect(network.lastState('alice', id)).toEqual({ state: 'held-by-friends', holders: 1 });
    network.down('alice', 'bob');
    restart();
    expect(store('bob').relay.totals().tracked).toBe(1);

    network.up('bob', 'dave');
    network.down('bob', 'dave');
    restart();
    expect(network.engine('dave').status().held.count).toBe(1);

    network.up('carol', 'dave');
    expect(network.delivered.get('carol')!.map((m) => m.sender)).toEqual([onion('alice')]);
    network.down('carol', 'dave');
    restart();
    expect(network.engine('dave').status().held.count).toBe(0);

    // After the restart Dave remembers Carol has it: she is offered nothing again.
    network.up('carol', 'dave');
    network.down('carol');
    expect(network.delivered.get('carol')).toHaveLength(1);

    network.up('bob');
    network.down('bob', 'dave');
    restart();
    network.up('alice', 'bob');
    expect(network.lastState('alice', id)).toEqual({ state: 'delivered' });
    restart();
    expect(
      network
        .engine('alice')
        .status()
        .outgoing.map((o) => o.state),
    ).toEqual([{ state: 'delivered' }]);
    expect(['alice', 'bob', 'dave'].map((name) => network.engine(name as Name).status().held.count)).toEqual([0, 0, 0]);
    expect(store('bob').relay.totals().envelopeBytes).toBe(0);
    // Provenance survived: receipts went back along the saved paths, nobody re-offered what the
    // other already had, and the envelope itself travelled each hop once.
    const offers = network.log
      .filter((sent) => sent.message.type === 'relay-offer')
      .map((sent) => `${sent.from}>${sent.to}`);
    expect(offers).toEqual(['alice>bob', 'bob>dave', 'dave>carol']);
    const receipts = network.log
      .filter((sent) => sent.message.type === 'relay-receipt')
      .map((sent) => `${sent.from}>${sent.to}`);
    expect(receipts).toEqual(['carol>dave', 'dave>bob', 'bob>alice']);
  });

  it('keeps the sender’s receipt secret, so a withdrawal after a restart still clears the holders', async () => {
    const { network, flush, restart } = await persistentNetwork();
    network.up('alice', 'bob');
    const id = network.send('alice', 'carol', chat('arrived some other way'));
    flush();
    network.down('alice', 'bob');
    restart();
    expect(network.engine('bob').status().held.count).toBe(1);
    const withdrawal = network.engine('alice').withdraw(id);
    expect(withdrawal).toEqual([]); // Bob is offline: he hears of it when he connects.
    network.up('alice', 'bob');
    expect(network.engine('bob').status().held.count).toBe(0);
    expect(network.engine('alice').status().outgoing).toEqual([]);
  });

  it('forgets rows the engine forgot', async () => {
    const { network, flush, store } = await persistentNetwork();
    network.up('alice', 'bob');
    network.send('alice', 'carol', chat('expires'));
    flush();
    expect(store('bob').relay.load().state.held).toHaveLength(1);
    network.now += 8 * 24 * 3600 * 1000 + 3 * 3600 * 1000; // past the expiry and the clock skew
    network.sweep();
    network.sweep(); // the first sweep drops the copy, the second forgets the id
    flush();
    expect(store('bob').relay.load().state).toEqual({ held: [], inbox: [], outgoing: [] });
    expect(store('alice').relay.load().state).toEqual({ held: [], inbox: [], outgoing: [] });
  });
});
