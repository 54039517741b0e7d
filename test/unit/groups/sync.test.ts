import { describe, expect, it } from 'vitest';
import type { IdentityKeyPair } from '../../../src/crypto/identity.js';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import { forwardTargets, HolderBook, itemAudience } from '../../../src/groups/forwarding.js';
import { GroupReplica } from '../../../src/groups/group-replica.js';
import { buildSyncSummary, itemsLacking, toItemBatches } from '../../../src/groups/sync.js';
import {
  decodeGroupWire,
  encodeGroupWire,
  MAX_GROUP_ITEMS,
  MAX_GROUP_ITEMS_BYTES,
  MAX_GROUP_TEXT_BYTES,
  type GroupItemsBody,
} from '../../../src/protocol/groups/index.js';
import { keyOfMember, toHexId } from '../../../src/groups/ids.js';
import { prng } from '../../shared/prng.js';
import { memberCached, seededRandom, replicaOf } from './helpers.js';

const ada = memberCached(41);
const bob = memberCached(42);
const cat = memberCached(43);
const dan = memberCached(44);

let clock = 9_000;
const tick = (): number => ++clock;

function group(...others: IdentityKeyPair[]): GroupReplica[] {
  const creator = GroupReplica.create(
    { identity: ada, random: seededRandom('ada') },
    { name: 'climbers', displayName: 'ada', now: tick() },
  );
  for (const other of others) creator.addMember(other.onionAddress, 'x', tick());
  return [creator, ...others.map((other) => replicaOf(other, creator))];
}

/** Feeds batches to a replica, items in order. */
function take(replica: GroupReplica, batches: readonly GroupItemsBody[]): void {
  for (const batch of batches) {
    for (const item of batch.items) {
      if (item.type === 'op') replica.receiveOp(item.op);
      else replica.receiveMessage(item.message);
    }
  }
}

/** One round of sync: each side answers the other's summary (with at most `maxBatches` each). */
function syncRound(a: GroupReplica, b: GroupReplica, maxBatches = Infinity): boolean {
  const forB = toItemBatches(a.groupId, itemsLacking(a, b.self, buildSyncSummary(b)), maxBatches);
  const forA = toItemBatches(b.groupId, itemsLacking(b, a.self, buildSyncSummary(a)), maxBatches);
  take(b, forB);
  take(a, forA);
  return [...forA, ...forB].some((batch) => batch.more);
}

describe('sync summaries', () => {
  it('name the heads and, per epoch and sender, the last seq held without a gap', () => {
    const [a, b] = group(bob);
    const posts = [1, 2, 3, 4].map((n) => b!.post(`m${n}`, tick()).message);
    for (const message of [posts[0]!, posts[1]!, posts[3]!]) a!.receiveMessage(message.wire);
    const summary = buildSyncSummary(a!);
    expect(summary.heads.map(toHexId)).toEqual(a!.log.heads);
    expect(summary.marks).toEqual(
      [{ epoch: Buffer.from(a!.state.epoch.id, 'hex'), sender: keyOfMember(bob.onionAddress), seq: 2 }].map((m) => ({
        ...m,
        epoch: new Uint8Array(m.epoch),
      })),
    );
    // b lacks nothing a has except... nothing; a lacks m3 (and gets m4 again, dropped as a duplicate).
    expect(itemsLacking(a!, bob.onionAddress, buildSyncSummary(b!))).toEqual([]);
    const forA = itemsLacking(b!, ada.onionAddress, summary);
    expect(forA.map((item) => ('content' in item ? item.content.text : item.kind))).toEqual(['m3', 'm4']);
  });

  it('send ops parents first, and messages only of epochs the peer received', () => {
    const [a, b] = group(bob);
    const beforeCat = a!.post('before cat', tick()).message;
    b!.receiveMessage(beforeCat.wire);
    a!.addMember(cat.onionAddress, 'cat', tick());
    a!.rename('renamed', tick());
    a!.post('after cat', tick());
    // Cat knows only the group up to her own addition.
    const c = GroupReplica.restore(
      { identity: cat, random: seededRandom('cat') },
      a!.groupId,
      a!.log
        .ordered()
        .slice(0, -1)
        .map((op) => op.wire),
    );
    const items = itemsLacking(a!, cat.onionAddress, buildSyncSummary(c));
    expect(items.map((item) => ('kind' in item ? item.kind : item.content.text))).toEqual(['rename', 'after cat']);
    // Bob lacks everything since the add; a fresh replica of him from the genesis alone lacks every op, in order L.
    const fresh = GroupReplica.restore({ identity: bob, random: seededRandom('b2') }, a!.groupId, [
      a!.log.get(a!.groupId)!.wire,
    ]);
    const forFresh = itemsLacking(a!, bob.onionAddress, buildSyncSummary(fresh));
    const ops = forFresh.filter((item) => 'kind' in item);
    expect(ops.map((op) => op.id)).toEqual(
      a!.log
        .ordered()
        .slice(1)
        .map((op) => op.id),
    );
    take(fresh, toItemBatches(a!.groupId, forFresh));
    expect(fresh.messages.timeline().map((m) => m.content.text)).toEqual(['before cat', 'after cat']);
  });

  it('an offline member catches up on the whole conversation, in order, in several rounds', () => {
    const [a, b, c, d] = group(bob, cat, dan);
    const random = prng(3);
    const online = [a!, b!, c!];
    // Dan is offline while the others chat (and each forwards to the other two), rotate and rename.
    for (let n = 0; n < 150; n++) {
      const sender = random.pick(online);
      const ops = n === 60 ? sender.rotate(tick()).ops : n === 100 ? a!.rename('busy', tick()).ops : [];
      const { message, outcome } = sender.post(`message ${n} ${'x'.repeat(random.int(400))}`, tick());
      for (const other of online) {
        for (const op of [...ops, ...outcome.ops]) other.receiveOp(op.wire);
        if (other !== sender) other.receiveMessage(message.wire);
      }
    }
    // Dan comes back and syncs with cat only, a few batches per round.
    let rounds = 0;
    while (syncRound(c!, d!, 2)) rounds++;
    expect(rounds).toBeGreaterThan(0);
    expect(d!.state).toEqual(c!.state);
    expect(d!.messages.timeline().map((m) => m.id)).toEqual(a!.messages.timeline().map((m) => m.id));
    expect(d!.messages.size).toBe(150);
    // Nothing left to exchange.
    expect(itemsLacking(c!, dan.onionAddress, buildSyncSummary(d!))).toEqual([]);
    expect(itemsLacking(d!, cat.onionAddress, buildSyncSummary(c!))).toEqual([]);
  });

  it('batches respect the item and byte limits and always encode', () => {
    const [a] = group();
    const big = Array.from({ length: 12 }, () => a!.post('y'.repeat(MAX_GROUP_TEXT_BYTES), tick()).message);
    const small = Array.from({ length: 150 }, (_, n) => a!.post(`s${n}`, tick()).message);
    for (const items of [big, small, [...small.slice(0, 70), ...big]]) {
      const batches = toItemBatches(a!.groupId, items);
      expect(batches.flatMap((batch) => batch.items)).toHaveLength(items.length);
      for (const batch of batches) {
        expect(batch.items.length).toBeLessThanOrEqual(MAX_GROUP_ITEMS);
        const bytes = encodeGroupWire({ kind: 'group-items', ...batch });
        expect(bytes.length - 35).toBeLessThanOrEqual(MAX_GROUP_ITEMS_BYTES);
        // Compared as bytes: a deep comparison of a megabyte of typed arrays is slow.
        expect(Buffer.from(encodeGroupWire(decodeGroupWire(bytes))).equals(bytes)).toBe(true);
      }
    }
    const capped = toItemBatches(a!.groupId, small, 2);
    expect(capped).toHaveLength(2);
    expect(capped.map((batch) => batch.more)).toEqual([false, true]);
    expect(toItemBatches(a!.groupId, small.slice(0, 64), 1).map((batch) => batch.more)).toEqual([false]);
  });
});

describe('forwarding', () => {
  it('targets connected members who should have the item, except its sender and known holders', () => {
    const audience = new Set([ada, bob, cat, dan].map((m) => m.onionAddress));
    const eve = memberCached(45).onionAddress;
    const connected = [dan.onionAddress, bob.onionAddress, eve, cat.onionAddress, ada.onionAddress];
    const targets = forwardTargets(audience, {
      self: ada.onionAddress,
      connected,
      from: bob.onionAddress,
      holders: new Set([cat.onionAddress]),
    });
    expect(targets).toEqual([dan.onionAddress]);
    expect(forwardTargets(audience, { self: ada.onionAddress, connected })).toEqual(
      [bob, cat, dan].map((m) => m.onionAddress).sort(),
    );
  });

  it('sends an op to its target too, and a message only to members who hold its key', () => {
    const [a] = group(bob, cat);
    const old = a!.post('old epoch', tick()).message;
    const removal = a!.removeMember(cat.onionAddress, tick()).ops[0]!;
    a!.addMember(dan.onionAddress, 'dan', tick());
    const state = a!.state;
    expect(itemAudience(removal, state, a!.log).has(cat.onionAddress)).toBe(true);
    const messageAudience = itemAudience(old, state, a!.log);
    expect([...messageAudience].sort()).toEqual([ada.onionAddress, bob.onionAddress].sort());
  });

  it('the holder book forgets the oldest items past its limit', () => {
    const book = new HolderBook(2);
    const peer: OnionAddress = ada.onionAddress;
    book.record('a', peer);
    book.record('b', peer);
    book.record('b', bob.onionAddress);
    book.record('c', peer);
    expect(book.holders('a').size).toBe(0);
    expect([...book.holders('b')].sort()).toEqual([ada.onionAddress, bob.onionAddress].sort());
  });
});
