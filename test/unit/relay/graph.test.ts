// Offline delivery across a simulated friend graph: multi-hop store-and-forward, exactly-once
// delivery, receipts travelling back, hop limits, dedupe, and dropped notices.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RandomSource } from '../../../src/crypto/random.js';
import { STEM_HOPS } from '../../../src/relay/stem.js';
import {
  decodeGroupMessage,
  encodeGroupMessageHeader,
  encodeGroupMessageSignedBytes,
} from '../../../src/protocol/groups/index.js';
import { chat, onion, people, T0_MS, type Name } from './fixtures.js';
import { Network } from './network.js';
import { counting } from './vector-inputs.js';

const texts = (network: Network, name: Name): string[] =>
  network.delivered
    .get(name)!
    .map((message) => (message.content.kind === 'chat-message' ? message.content.message.text : message.content.kind));

describe('the issue’s graph: A–B, B–D, D–C, A–C, with A and C never online together', () => {
  const links = [
    ['alice', 'bob'],
    ['bob', 'dave'],
    ['dave', 'carol'],
    ['alice', 'carol'],
  ] as const;

  it('delivers once, over three hops, and the receipt comes back to A', () => {
    const network = new Network(links);
    network.up('alice', 'bob');
    const id = network.send('alice', 'carol', chat('see you at the lake'));
    expect(network.lastState('alice', id)).toEqual({ state: 'held-by-friends', holders: 1 });
    network.down('alice');

    network.up('dave'); // Bob passes it on to Dave (a friend of Carol's).
    network.down('bob');
    expect(network.engine('dave').status().held.count).toBe(1);

    network.up('carol'); // Dave delivers; Carol's receipt goes back to Dave.
    expect(texts(network, 'carol')).toEqual(['see you at the lake']);
    expect(network.delivered.get('carol')![0]!.sender).toBe(onion('alice'));
    expect(network.engine('dave').status().held.count).toBe(0);
    network.down('carol');

    network.up('bob'); // Dave passes the receipt to Bob.
    expect(network.engine('bob').status().held.count).toBe(0);
    network.down('dave');
    network.up('alice'); // Bob passes it to Alice.
    expect(network.lastState('alice', id)).toEqual({ state: 'delivered' });
    expect(network.engine('alice').status().own).toBe(0);

    expect(network.wereOnlineTogether('alice', 'carol')).toBe(false);
    expect(texts(network, 'carol')).toEqual(['see you at the lake']);
    // The envelope itself went Alice → Bob → Dave → Carol and nowhere else.
    const envelopeHops = network.log
      .filter((sent) => sent.message.type === 'relay-envelope')
      .map((sent) => `${sent.from}>${sent.to}`);
    expect(envelopeHops).toEqual(['alice>bob', 'bob>dave', 'dave>carol']);
  });

  it('never shows a message twice, however many copies reach the recipient', () => {
    const network = new Network([...links, ['alice', 'erin'], ['erin', 'carol'], ['erin', 'dave']]);
    network.up('alice', 'bob', 'erin');
    network.send('alice', 'carol', chat('only once'));
    network.down('alice');
    network.up('dave');
    // Bob, Erin and Dave all hold it now (Dave got it from one of them, the other heard "duplicate").
    expect(['bob', 'erin', 'dave'].map((n) => network.engine(n as Name).status().held.count)).toEqual([1, 1, 1]);
    network.up('carol');
    expect(texts(network, 'carol')).toEqual(['only once']);
    // Every holder that Carol or a receipt reached has deleted its copy.
    expect(['bob', 'erin', 'dave'].map((n) => network.engine(n as Name).status().held.count)).toEqual([0, 0, 0]);
    // Carol comes back later and is offered nothing again.
    network.down('carol');
    network.up('carol');
    expect(texts(network, 'carol')).toEqual(['only once']);
  });

  it('keeps copies apart: two messages to the same friend are both delivered, each once', () => {
    const network = new Network(links);
    network.up('alice', 'bob', 'dave');
    network.send('alice', 'carol', chat('one'));
    network.send('alice', 'carol', chat('two'));
    network.down('alice');
    network.up('carol');
    expect(texts(network, 'carol').sort()).toEqual(['one', 'two']);
  });
});

describe('hop limits and dedupe', () => {
  // A chain where Carol is known only to Frank, four hand-offs from Alice.
  const chain = [
    ['alice', 'bob'],
    ['bob', 'dave'],
    ['dave', 'erin'],
    ['erin', 'frank'],
    ['frank', 'carol'],
    ['alice', 'carol'],
  ] as const;

  it('a limit of 3 stops three hand-offs from the sender: the third can only be a delivery', () => {
    const network = new Network(chain);
    network.up('alice', 'bob', 'dave', 'erin', 'frank');
    network.send('alice', 'carol', chat('too far'), { hopLimit: 3 });
    // Bob and Dave pass it on; Dave's copy to Erin has no hops left (a delivery attempt), and
    // Erin, who is not its recipient, refuses it.
    expect(['bob', 'dave', 'erin', 'frank'].map((n) => network.engine(n as Name).status().held.count)).toEqual([
      1, 1, 0, 0,
    ]);
    expect(
      network.log.some(
        (sent) =>
          sent.from === 'erin' &&
          sent.message.type === 'relay-answer' &&
          sent.message.verdicts[0]?.verdict === 'hop-limit',
      ),
    ).toBe(true);
    network.down('alice');
    network.up('carol');
    expect(texts(network, 'carol')).toEqual([]);
  });

  it('the default limit (4) reaches a recipient four hand-offs away, the last a delivery attempt', () => {
    // Carol is known only to Erin, four hand-offs from Alice.
    const network = new Network([
      ['alice', 'bob'],
      ['bob', 'dave'],
      ['dave', 'erin'],
      ['erin', 'carol'],
      ['alice', 'carol'],
    ]);
    network.up('alice', 'bob', 'dave', 'erin');
    const id = network.send('alice', 'carol', chat('just far enough'));
    network.down('alice');
    network.up('carol');
    expect(texts(network, 'carol')).toEqual(['just far enough']);
    network.up('alice');
    expect(network.lastState('alice', id)).toEqual({ state: 'delivered' });
  });

  it('a cycle of holders stores each id once and stops', () => {
    const network = new Network([
      ['alice', 'bob'],
      ['bob', 'dave'],
      ['dave', 'erin'],
      ['erin', 'bob'],
      ['alice', 'carol'],
      ['erin', 'carol'],
    ]);
    network.up('alice', 'bob', 'dave', 'erin');
    network.send('alice', 'carol', chat('round and round'));
    for (const name of ['bob', 'dave', 'erin'] as const) expect(network.engine(name).status().held.count).toBe(1);
    const envelopeTransfers = network.log.filter((sent) => sent.message.type === 'relay-envelope');
    expect(envelopeTransfers.length).toBeLessThanOrEqual(4);
    network.down('alice');
    network.up('carol');
    expect(texts(network, 'carol')).toEqual(['round and round']);
  });
});

describe('the sender’s view', () => {
  it('counts holders, and hears "dropped" when the last one evicts it', () => {
    const network = new Network(
      [
        ['alice', 'bob'],
        ['alice', 'carol'],
        ['frank', 'bob'],
      ],
      // Bob holds one envelope at most; Frank holds nothing (so Bob cannot pass Alice's on to him).
      { bob: { limits: { maxHeldEnvelopes: 1 } }, frank: { limits: { maxEnvelopesPerFriend: 0 } } },
    );
    network.up('alice', 'bob');
    const id = network.send('alice', 'carol', chat('will be pushed out'));
    expect(network.lastState('alice', id)).toEqual({ state: 'held-by-friends', holders: 1 });
    network.up('frank');
    network.send('frank', 'carol', chat('pushes it out'));
    expect(network.lastState('alice', id)).toEqual({ state: 'dropped', reason: 'evicted' });
  });

  it('a dropped notice to an offline sender waits for it to come back', () => {
    const network = new Network(
      [
        ['alice', 'bob'],
        ['alice', 'carol'],
        ['frank', 'bob'],
      ],
      // Bob holds one envelope at most; Frank holds nothing (so Bob cannot pass Alice's on to him).
      { bob: { limits: { maxHeldEnvelopes: 1 } }, frank: { limits: { maxEnvelopesPerFriend: 0 } } },
    );
    network.up('alice', 'bob');
    const id = network.send('alice', 'carol', chat('x'));
    network.down('alice');
    network.up('frank');
    network.send('frank', 'carol', chat('y'));
    expect(network.lastState('alice', id)).toEqual({ state: 'held-by-friends', holders: 1 });
    network.up('alice');
    expect(network.lastState('alice', id)).toEqual({ state: 'dropped', reason: 'evicted' });
  });

  it('reports expiry, and nobody keeps anything after it', () => {
    const network = new Network([
      ['alice', 'bob'],
      ['alice', 'carol'],
    ]);
    network.up('alice', 'bob');
    const id = network.send('alice', 'carol', chat('short-lived'), { lifetimeS: 3600 });
    network.now = T0_MS + 3600 * 1000;
    network.sweep();
    expect(network.lastState('alice', id)).toEqual({ state: 'dropped', reason: 'expired' });
    expect(network.engine('bob').status().held.count).toBe(0);
  });

  it('withdrawing (delivered directly) clears every holder', () => {
    const network = new Network([
      ['alice', 'bob'],
      ['bob', 'dave'],
      ['alice', 'carol'],
    ]);
    network.up('alice', 'bob', 'dave');
    const id = network.send('alice', 'carol', chat('reached her directly'));
    expect(network.engine('dave').status().held.count).toBe(1);
    network.down('dave');
    const actions = network.engine('alice').withdraw(id);
    expect(actions.map((action) => action.type === 'send' && action.message.type)).toEqual(['relay-withdraw']);
    network.inject('alice', 'bob', actions[0]!.type === 'send' ? actions[0]!.message : ({} as never));
    expect(network.engine('bob').status().held.count).toBe(0);
    expect(network.engine('alice').outgoing(id)).toBeUndefined();
    network.up('dave'); // Bob passes the withdrawal on when Dave comes back.
    expect(network.engine('dave').status().held.count).toBe(0);
  });
});

describe('groups ride the same mechanism', () => {
  it('delivers a group message from a member who is not the recipient’s friend', () => {
    const groupId = counting(0xc0, 32);
    const headerBytes = encodeGroupMessageHeader({
      groupId,
      epoch: counting(0xe0, 32),
      sender: people.erin.publicKey,
      seq: 1,
      prev: new Uint8Array(32),
      lamport: 1,
      createdAt: T0_MS,
    });
    const message = decodeGroupMessage(
      Uint8Array.from([
        ...encodeGroupMessageSignedBytes(headerBytes, counting(0, 24), counting(0, 40)),
        ...new Uint8Array(64),
      ]),
    );
    const members = new Set([onion('erin'), onion('carol')]);
    const network = new Network(
      [
        ['erin', 'bob'],
        ['bob', 'carol'],
      ],
      {
        carol: {
          senderPolicy: (sender, scope) =>
            scope.kind === 'group' &&
            scope.groupId !== undefined &&
            Buffer.from(scope.groupId).equals(Buffer.from(groupId)) &&
            members.has(sender),
        },
      },
    );
    // Carol recognises envelopes from fellow members as well as from friends (the relay
    // feature tells the engine who they are).
    network.engine('carol').setOtherSenders(members);
    network.up('erin', 'bob');
    network.send('erin', 'carol', { kind: 'group-message', message });
    network.down('erin');
    network.up('carol');
    expect(network.delivered.get('carol')!.map((m) => [m.sender, m.content])).toEqual([
      [onion('erin'), { kind: 'group-message', message }],
    ]);
  });
});

describe('what a holder learns from the hop count', () => {
  /** Deterministic randomness, so which holders continue a stem is the same on every run. */
  const seeded = (seed: string): RandomSource => {
    let counter = 0;
    return (length) => {
      const out = new Uint8Array(length);
      for (let at = 0; at < length; at += 32)
        out.set(
          createHash('sha256')
            .update(`${seed}/${counter++}`)
            .digest()
            .subarray(0, Math.min(32, length - at)),
          at,
        );
      return out;
    };
  };

  it('a sender’s own hand-offs carry the hop counts forwarded copies carry, and are not most of them', () => {
    // A line of holders; Carol, the recipient, never comes online.
    const line: [Name, Name][] = [
      ['alice', 'bob'],
      ['bob', 'dave'],
      ['dave', 'erin'],
      ['erin', 'frank'],
      ['frank', 'mallory'],
      ['alice', 'carol'],
    ];
    const network = new Network(line, { alice: { random: seeded('alice') } });
    network.up('alice', 'bob', 'dave', 'erin', 'frank', 'mallory');
    for (let i = 0; i < 64; i++) network.send('alice', 'carol', chat(`message ${i}`));
    const handOffs = network.log.flatMap((sent) =>
      sent.message.type === 'relay-envelope'
        ? [{ bySender: sent.from === 'alice', hops: sent.message.envelope.hops }]
        : [],
    );
    const bySender = new Set(handOffs.filter((h) => h.bySender).map((h) => h.hops));
    const forwarded = new Set(handOffs.filter((h) => !h.bySender).map((h) => h.hops));
    expect([...bySender]).toEqual([STEM_HOPS]);
    // Every count the sender hands out is one forwarded copies carry too (with a count every
    // holder lowered, the sender's would be the largest, and only the sender's) ...
    for (const hops of bySender) expect(forwarded.has(hops)).toBe(true);
    // ... and of the copies carrying it, the sender's are about half (1/2 in expectation):
    // the holder of one cannot tell whether its giver wrote it.
    const atStem = handOffs.filter((h) => h.hops === STEM_HOPS);
    const share = atStem.filter((h) => h.bySender).length / atStem.length;
    expect(share).toBeGreaterThan(0.35);
    expect(share).toBeLessThan(0.65);
  });
});
