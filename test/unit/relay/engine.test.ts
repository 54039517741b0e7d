// The engine under bad input: strangers, floods, forged receipts and notices, garbage and
// forged envelopes, replays, a withholding relay — refused, rate-limited or routed around;
// never a crash, never a message shown twice or from the wrong sender.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelopeWireBytes } from '../../../src/protocol/relay/envelope-codec.js';
import type { RelayMessage } from '../../../src/protocol/relay/relay-message-codec.js';
import { RELAY_VERDICTS, type RelayVerdict } from '../../../src/protocol/relay/verdicts.js';
import { RelayEngine, type RelayAction } from '../../../src/relay/engine.js';
import { pairKeys } from '../../../src/relay/pair-keys.js';
import { envelopeTag } from '../../../src/relay/tag.js';
import { chat, onion, people, seal, T0_MS, T0_S, type Name } from './fixtures.js';
import { fakeEnvelope, offerOf } from './fake-envelopes.js';
import { Network } from './network.js';
import { sealPlaintext } from './raw-seal.js';
import { errorNamed } from '../../shared/errors.js';

const sends = (actions: readonly RelayAction[]): RelayMessage[] =>
  actions.flatMap((action) => (action.type === 'send' ? [action.message] : []));
const storedVerdict = (actions: readonly RelayAction[]): RelayVerdict | undefined => {
  const message = sends(actions).find((m) => m.type === 'relay-stored');
  return message?.type === 'relay-stored' ? message.verdicts[0]?.verdict : undefined;
};

/** Bob's engine: friends with Alice, Carol, Dave and Mallory. */
function bobEngine(limits = {}): RelayEngine {
  return new RelayEngine({
    identity: people.bob,
    friends: ['alice', 'carol', 'dave', 'mallory'].map((n) => onion(n as Name)),
    senderPolicy: () => true,
    limits,
  });
}

describe('who may hand us envelopes', () => {
  it('refuses offers and envelopes from strangers, and ignores everything else they send', () => {
    const bob = bobEngine();
    const { envelope, secret } = fakeEnvelope();
    expect(sends(bob.receive(onion('erin'), { type: 'relay-offer', entries: [offerOf(envelope)] }, T0_MS))).toEqual([
      { type: 'relay-answer', verdicts: [{ id: envelope.id, verdict: 'not-a-friend' }] },
    ]);
    expect(storedVerdict(bob.receive(onion('erin'), { type: 'relay-envelope', envelope }, T0_MS))).toBe('not-a-friend');
    expect(
      bob.receive(onion('erin'), { type: 'relay-withdraw', withdrawal: { id: envelope.id, secret } }, T0_MS),
    ).toEqual([]);
    expect(
      bob.receive(onion('erin'), { type: 'relay-dropped', notice: { id: envelope.id, reason: 'evicted' } }, T0_MS),
    ).toEqual([]);
    expect(bob.status().held.count).toBe(0);
    expect(bob.friendConnected(onion('erin'), T0_MS)).toEqual([]);
  });

  it('stops taking envelopes from a friend that unfriended', () => {
    const bob = bobEngine();
    expect(
      storedVerdict(
        bob.receive(onion('mallory'), { type: 'relay-envelope', envelope: fakeEnvelope().envelope }, T0_MS),
      ),
    ).toBe('accepted');
    bob.setFriends([onion('alice')]);
    expect(
      storedVerdict(
        bob.receive(onion('mallory'), { type: 'relay-envelope', envelope: fakeEnvelope().envelope }, T0_MS),
      ),
    ).toBe('not-a-friend');
  });
});

describe('floods', () => {
  it('rate-limits a flooding friend, holds it to quota, and keeps everyone else’s envelopes', () => {
    const bob = bobEngine({ maxEnvelopesPerFriend: 150 });
    const alices = fakeEnvelope().envelope;
    expect(storedVerdict(bob.receive(onion('alice'), { type: 'relay-envelope', envelope: alices }, T0_MS))).toBe(
      'accepted',
    );
    const verdicts = Array.from({ length: 300 }, () =>
      storedVerdict(
        bob.receive(onion('mallory'), { type: 'relay-envelope', envelope: fakeEnvelope().envelope }, T0_MS),
      ),
    );
    const count = (verdict: RelayVerdict): number => verdicts.filter((v) => v === verdict).length;
    expect(count('accepted')).toBe(150);
    expect(count('quota-count')).toBe(50);
    expect(count('rate-limited')).toBe(100);
    // Alice's envelope is untouched, and Alice and Dave are not limited by Mallory's flood.
    expect(bob.status().perFriend.find((entry) => entry.friend === onion('alice'))?.count).toBe(1);
    expect(
      storedVerdict(bob.receive(onion('dave'), { type: 'relay-envelope', envelope: fakeEnvelope().envelope }, T0_MS)),
    ).toBe('accepted');
    // The bucket refills with time.
    expect(
      storedVerdict(
        bob.receive(onion('mallory'), { type: 'relay-envelope', envelope: fakeEnvelope().envelope }, T0_MS + 1000),
      ),
    ).toBe('quota-count');
  });

  it('a flood of tags for our friends costs a map lookup, not storage beyond the quota', () => {
    const bob = bobEngine({ maxEnvelopesPerFriend: 20 });
    for (let i = 0; i < 100; i++)
      bob.receive(
        onion('mallory'),
        { type: 'relay-envelope', envelope: fakeEnvelope({ to: onion('carol') }).envelope },
        T0_MS + i * 1000,
      );
    expect(bob.status().held.count).toBe(20);
  });
});

describe('forged receipts and notices', () => {
  it('a receipt with the wrong secret deletes nothing and travels nowhere; one for an unknown id is dropped', () => {
    const bob = bobEngine();
    const { envelope, secret } = fakeEnvelope();
    bob.receive(onion('alice'), { type: 'relay-envelope', envelope }, T0_MS);
    bob.friendConnected(onion('alice'), T0_MS);
    const forged = { id: envelope.id, secret: new Uint8Array(32).fill(1), mac: new Uint8Array(32) };
    expect(bob.receive(onion('dave'), { type: 'relay-receipt', receipt: forged }, T0_MS)).toEqual([]);
    expect(bob.status().held.count).toBe(1);
    expect(
      bob.receive(
        onion('dave'),
        { type: 'relay-receipt', receipt: { ...forged, id: fakeEnvelope().envelope.id } },
        T0_MS,
      ),
    ).toEqual([]);
    // The real secret releases it, and the release goes back to Alice, who gave it to us.
    const actions = bob.receive(
      onion('dave'),
      { type: 'relay-withdraw', withdrawal: { id: envelope.id, secret } },
      T0_MS,
    );
    expect(sends(actions)).toEqual([{ type: 'relay-withdraw', withdrawal: { id: envelope.id, secret } }]);
    expect(actions[0]?.type === 'send' && actions[0].to).toBe(onion('alice'));
    expect(bob.status().held.count).toBe(0);
  });

  it('a relay cannot make the sender’s message delivered, nor drop it unless it held it', () => {
    const network = new Network([
      ['alice', 'bob'],
      ['alice', 'dave'],
      ['alice', 'carol'],
    ]);
    network.up('alice', 'bob');
    const id = network.send('alice', 'carol', chat('hi'));
    network.up('dave'); // Dave now holds a copy too: holders 2.
    expect(network.lastState('alice', id)).toEqual({ state: 'held-by-friends', holders: 2 });
    network.inject('dave', 'alice', {
      type: 'relay-receipt',
      receipt: { id, secret: new Uint8Array(32).fill(7), mac: new Uint8Array(32) },
    });
    network.inject('dave', 'alice', { type: 'relay-stored', verdicts: [{ id, verdict: 'delivered' }] });
    expect(network.lastState('alice', id)).toEqual({ state: 'held-by-friends', holders: 2 });
    // A dropped notice from a friend that holds it counts; Mallory-style notices for others' copies do not.
    network.inject('dave', 'alice', { type: 'relay-dropped', notice: { id, reason: 'evicted' } });
    network.inject('dave', 'alice', { type: 'relay-dropped', notice: { id, reason: 'evicted' } });
    expect(network.lastState('alice', id)).toEqual({ state: 'held-by-friends', holders: 1 });
  });
});

describe('envelopes for us that must not be shown', () => {
  const links = [
    ['dave', 'carol'],
    ['mallory', 'dave'],
    ['alice', 'dave'],
    ['alice', 'carol'],
  ] as const;

  it('garbage that decrypts is rejected; a holder, who cannot tell the recipient, keeps its copy but never offers it to her again', () => {
    const network = new Network(links);
    network.up('mallory', 'dave');
    // Mallory copied the tag of an envelope Alice sent Carol, so Carol takes the junk as Alice's.
    const junk = sealPlaintext(onion('carol'), new Uint8Array(1024).fill(0x5a), { hops: 2, tagFrom: people.alice });
    network.inject('mallory', 'dave', { type: 'relay-envelope', envelope: junk });
    expect(network.engine('dave').status().held.count).toBe(1);
    network.up('carol');
    expect(network.delivered.get('carol')).toEqual([]);
    const toCarol = (): number =>
      network.log.filter((sent) => sent.from === 'dave' && sent.to === 'carol' && sent.message.type === 'relay-offer')
        .length;
    expect(toCarol()).toBe(1);
    // Carol's "rejected" is one friend's refusal to Dave (holders cannot tell recipients): his
    // copy stays until it expires, nobody is told it is dropped, and Carol is not asked again.
    expect(network.engine('dave').status().held.count).toBe(1);
    expect(network.log.some((sent) => sent.message.type === 'relay-dropped')).toBe(false);
    network.down('carol');
    network.up('carol');
    expect(toCarol()).toBe(1);
    // Handed over again, Carol answers from memory; Mallory, not her friend, cannot even try.
    network.inject('mallory', 'carol', { type: 'relay-envelope', envelope: junk });
    expect(network.log.at(-1)?.message).toEqual({
      type: 'relay-stored',
      verdicts: [{ id: junk.id, verdict: 'not-a-friend' }],
    });
    network.inject('dave', 'carol', { type: 'relay-envelope', envelope: junk });
    expect(network.log.at(-1)?.message).toEqual({
      type: 'relay-stored',
      verdicts: [{ id: junk.id, verdict: 'rejected' }],
    });
  });

  it('a forged copy under a genuine envelope’s id settles nothing: the genuine copy is still delivered, offered or handed over', () => {
    const network = new Network(links);
    network.up('mallory', 'dave');
    const genuine = seal('alice', 'carol', 'not censored');
    // Mallory saw the genuine header (id, tag, expiry) and seals junk under it, to reach Carol first.
    const junk = {
      ...sealPlaintext(onion('carol'), new Uint8Array(1024).fill(0x5a), { hops: 2 }),
      id: genuine.envelope.id,
      tag: genuine.envelope.tag,
      expiry: genuine.envelope.expiry,
    };
    network.inject('mallory', 'dave', { type: 'relay-envelope', envelope: junk });
    network.up('carol');
    expect(network.delivered.get('carol')).toEqual([]);
    // The same junk again is refused from memory …
    network.inject('dave', 'carol', { type: 'relay-envelope', envelope: junk });
    expect(network.log.at(-1)?.message).toEqual({
      type: 'relay-stored',
      verdicts: [{ id: junk.id, verdict: 'rejected' }],
    });
    // … but an offer of that id is still wanted, and the genuine copy is opened and delivered.
    network.inject('dave', 'carol', { type: 'relay-offer', entries: [offerOf(genuine.envelope)] });
    expect(network.log.at(-1)?.message).toEqual({
      type: 'relay-answer',
      verdicts: [{ id: genuine.envelope.id, verdict: 'want' }],
    });
    network.inject('dave', 'carol', { type: 'relay-envelope', envelope: genuine.envelope });
    expect(
      network.delivered
        .get('carol')!
        .map((m) => [m.sender, m.content.kind === 'chat-message' && m.content.message.text]),
    ).toEqual([[onion('alice'), 'not censored']]);
  });

  it('a stranger who knows the recipient’s onion cannot reach it through a relay', () => {
    const network = new Network(links);
    network.up('mallory', 'dave');
    const sealed = seal('mallory', 'carol', 'buy my stuff');
    network.inject('mallory', 'dave', { type: 'relay-envelope', envelope: sealed.envelope });
    network.up('carol');
    expect(network.delivered.get('carol')).toEqual([]);
  });

  it('a forged sender is rejected; the real one is delivered once, with the right sender', () => {
    const network = new Network(links);
    network.up('alice', 'mallory', 'dave');
    network.send('alice', 'carol', chat('the real one'));
    const forged = seal('mallory', 'carol', 'from "alice"');
    // Mallory replays Alice's envelope and pushes her own: Dave stores each id once.
    const real = network.log.find((sent) => sent.message.type === 'relay-envelope')!.message;
    network.inject('mallory', 'dave', real);
    network.inject('mallory', 'dave', { type: 'relay-envelope', envelope: forged.envelope });
    network.down('alice');
    network.up('carol');
    expect(
      network.delivered
        .get('carol')!
        .map((m) => [m.sender, m.content.kind === 'chat-message' && m.content.message.text]),
    ).toEqual([[onion('alice'), 'the real one']]);
    // Replaying the delivered envelope to Carol directly shows nothing new and gets the receipt again.
    network.inject('dave', 'carol', real);
    expect(network.delivered.get('carol')).toHaveLength(1);
    expect(network.log.at(-1)?.message.type).toBe('relay-receipt');
  });

  it('an expired envelope for us is refused', () => {
    const carol = new RelayEngine({
      identity: people.carol,
      friends: [onion('dave'), onion('alice')],
      senderPolicy: () => true,
    });
    const { envelope } = seal('alice', 'carol', 'late', { expiry: T0_S + 60 });
    const actions = carol.receive(onion('dave'), { type: 'relay-envelope', envelope }, (T0_S + 60) * 1000);
    expect(storedVerdict(actions)).toBe('expired');
    expect(actions.some((action) => action.type === 'deliver')).toBe(false);
  });
});

describe('a relay that withholds', () => {
  it('is routed around: the sender hands the envelope to every online friend', () => {
    const network = new Network([
      ['alice', 'bob'],
      ['alice', 'erin'],
      ['bob', 'carol'],
      ['erin', 'carol'],
      ['alice', 'carol'],
    ]);
    network.up('alice', 'bob', 'erin');
    const id = network.send('alice', 'carol', chat('two paths'));
    expect(network.lastState('alice', id)).toEqual({ state: 'held-by-friends', holders: 2 });
    network.down('bob', 'alice'); // Bob never comes back: his copy is withheld.
    network.up('carol');
    expect(
      network.delivered.get('carol')!.map((m) => m.content.kind === 'chat-message' && m.content.message.text),
    ).toEqual(['two paths']);
    network.down('carol');
    network.up('alice');
    expect(network.lastState('alice', id)).toEqual({ state: 'delivered' });
  });

  it('the sender offers its own envelope to every friend online, beyond the fan-out others get', () => {
    const helpers = ['bob', 'dave', 'erin', 'frank', 'mallory', 'trent'] as const;
    const network = new Network([...helpers.map((name) => ['alice', name] as const), ['alice', 'carol']], {
      alice: { limits: { maxFanOut: 2 } },
    });
    network.up('alice', ...helpers);
    const id = network.send('alice', 'carol', chat('everyone take one'));
    expect(network.lastState('alice', id)).toEqual({ state: 'held-by-friends', holders: helpers.length });
  });

  it('the sender keeps its copy and offers it to friends who come online later', () => {
    const network = new Network([
      ['alice', 'bob'],
      ['alice', 'erin'],
      ['erin', 'carol'],
      ['alice', 'carol'],
    ]);
    network.up('alice', 'bob'); // Bob takes it and withholds (never meets Carol).
    network.send('alice', 'carol', chat('later'));
    network.up('erin');
    network.down('alice');
    network.up('carol');
    expect(network.delivered.get('carol')).toHaveLength(1);
  });
});

describe('sending', () => {
  it('keeps a chat message’s own time, bounds the lifetime, and says when its own queue is full', () => {
    const alice = new RelayEngine({
      identity: people.alice,
      friends: [onion('bob')],
      senderPolicy: () => true,
      limits: { maxOwnEnvelopes: 1 },
    });
    const written = T0_MS - 3 * 86_400_000;
    expect(() =>
      alice.send({ recipient: onion('carol'), content: chat('x'), ref: 'r', lifetimeS: 7 * 86_400 + 1 }, T0_MS),
    ).toThrow(errorNamed('InvalidArgumentError'));
    const result = alice.send(
      { recipient: onion('carol'), content: chat('written days ago'), ref: 'r', createdAt: written },
      T0_MS,
    );
    expect(result.status).toBe('queued');
    expect(alice.send({ recipient: onion('carol'), content: chat('y'), ref: 'r2' }, T0_MS)).toEqual({ status: 'full' });
    const carol = new RelayEngine({
      identity: people.carol,
      friends: [onion('bob'), onion('alice')],
      senderPolicy: () => true,
    });
    const bob = new RelayEngine({
      identity: people.bob,
      friends: [onion('alice'), onion('carol')],
      senderPolicy: () => true,
    });
    // Alice hands it to Bob, who delivers it to Carol; Carol sees the time it was written.
    const offer = sends(alice.friendConnected(onion('bob'), T0_MS))[0]!;
    const answer = sends(bob.receive(onion('alice'), offer, T0_MS))[0]!;
    const envelope = sends(alice.receive(onion('bob'), answer, T0_MS))[0]!;
    bob.receive(onion('alice'), envelope, T0_MS);
    const delivery = sends(bob.friendConnected(onion('carol'), T0_MS))[0]!;
    const want = sends(carol.receive(onion('bob'), delivery, T0_MS))[0]!;
    const handed = sends(bob.receive(onion('carol'), want, T0_MS))[0]!;
    const delivered = carol.receive(onion('bob'), handed, T0_MS).find((action) => action.type === 'deliver');
    expect(delivered?.type === 'deliver' && delivered.message.createdAt).toBe(written);
  });
});

describe('never a crash', () => {
  it('answers an offer with an expiry far past any tag day instead of throwing', () => {
    const carol = new RelayEngine({ identity: people.carol, friends: [onion('dave')], senderPolicy: () => true });
    const { envelope } = fakeEnvelope();
    const entry = { ...offerOf(envelope), expiry: Number.MAX_SAFE_INTEGER };
    expect(sends(carol.receive(onion('dave'), { type: 'relay-offer', entries: [entry] }, T0_MS))).toEqual([
      { type: 'relay-answer', verdicts: [{ id: envelope.id, verdict: 'too-long-lived' }] },
    ]);
    expect(
      storedVerdict(
        carol.receive(
          onion('dave'),
          { type: 'relay-envelope', envelope: { ...envelope, expiry: Number.MAX_SAFE_INTEGER } },
          T0_MS,
        ),
      ),
    ).toBe('too-long-lived');
  });

  it('any sequence of well-formed relay messages from friends is handled without throwing, and shows nothing forged', () => {
    const id = fc.uint8Array({ minLength: 16, maxLength: 16 });
    const bytes = (n: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: n, maxLength: n });
    const friend = fc.constantFrom<Name>('alice', 'dave', 'mallory', 'erin');
    const expiry = fc.oneof(
      fc.integer({ min: 1, max: T0_S + 10 * 86_400 }),
      fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    );
    const verdict = fc.constantFrom(...(Object.keys(RELAY_VERDICTS) as RelayVerdict[]));
    const envelope = fc.record({
      id,
      tag: fc.oneof(
        bytes(16),
        fc.constant(envelopeTag(pairKeys(people.alice, people.carol.publicKey, 'to-peer').tagKey, T0_S + 3600)),
      ),
      expiry: fc.oneof(expiry, fc.constant(T0_S + 3600)),
      commitment: bytes(32),
      ephemeralKey: bytes(32),
      hops: fc.integer({ min: 0, max: 3 }),
      ciphertext: fc.constant(new Uint8Array(1040).fill(3)),
    });
    const message: fc.Arbitrary<RelayMessage> = fc.oneof(
      envelope.map((e) => ({ type: 'relay-envelope' as const, envelope: e })),
      envelope.map((e) => ({ type: 'relay-offer' as const, entries: [{ ...offerOf(e), size: envelopeWireBytes(e) }] })),
      fc.tuple(id, verdict).map(([i, v]) => ({
        type: 'relay-answer' as const,
        verdicts: [{ id: i, verdict: v === 'accepted' ? ('want' as const) : v }],
      })),
      fc.tuple(id, verdict).map(([i, v]) => ({
        type: 'relay-stored' as const,
        verdicts: [{ id: i, verdict: v === 'want' ? ('accepted' as const) : v }],
      })),
      fc
        .tuple(id, bytes(32), bytes(32))
        .map(([i, secret, mac]) => ({ type: 'relay-receipt' as const, receipt: { id: i, secret, mac } })),
      fc
        .tuple(id, bytes(32))
        .map(([i, secret]) => ({ type: 'relay-withdraw' as const, withdrawal: { id: i, secret } })),
      fc
        .tuple(id, fc.constantFrom('expired' as const, 'evicted' as const, 'rejected' as const))
        .map(([i, reason]) => ({ type: 'relay-dropped' as const, notice: { id: i, reason } })),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(friend, message, fc.boolean()), { maxLength: 40 }), (steps) => {
        const carol = new RelayEngine({
          identity: people.carol,
          friends: ['alice', 'dave', 'mallory'].map((n) => onion(n as Name)),
          senderPolicy: () => true,
        });
        carol.send({ recipient: onion('bob'), content: chat('mine'), ref: 'x' }, T0_MS);
        let delivered = 0;
        for (const [from, msg, toggle] of steps) {
          if (toggle) carol.friendConnected(onion(from), T0_MS);
          for (const action of carol.receive(onion(from), msg, T0_MS)) if (action.type === 'deliver') delivered++;
        }
        carol.sweep(T0_MS + 30 * 86_400_000);
        return delivered === 0;
      }),
      { numRuns: 150 },
    );
  });
});
