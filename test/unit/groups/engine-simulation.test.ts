// Groups over a sparse friend graph, in pure simulation: members join through invitations
// sent over 1:1 links, items spread by forwarding, offline members catch up by sync, a removed
// member reads nothing sent after their removal, a flooding member is slowed, bad input is refused.
import { describe, expect, it } from 'vitest';
import type { BurrowError } from '../../../src/errors.js';
import { GroupEngine } from '../../../src/groups/group-engine.js';
import fc from 'fast-check';
import { DecodeError } from '../../../src/protocol/bytes.js';
import { MembershipLog } from '../../../src/groups/membership-log.js';
import { buildSyncSummary } from '../../../src/groups/sync.js';
import {
  decodeGroupOp,
  decodeGroupWire,
  encodeGroupOp,
  encodeGroupWire,
  type GroupWireMessage,
} from '../../../src/protocol/groups/index.js';
import { fromHexId } from '../../../src/groups/ids.js';
import { OP_REQUEST_RETRY_MS } from '../../../src/groups/limits.js';
import { errorNamed } from '../../shared/errors.js';
import { seededRandom } from './helpers.js';
import { Simulation } from './simulation.js';

/** A ring with chords: every node has 2–3 friends, most members are not friends of each other. */
function ringWithChords(size: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < size; i++) pairs.push([i, (i + 1) % size]);
  for (let i = 0; i < size; i += 2) pairs.push([i, (i + 7) % size]);
  return pairs;
}

/** Node 0 creates a group; it spreads along friendships, each inviter made admin by node 0 first (a minute per step). */
function buildGroup(sim: Simulation, size: number): string {
  let groupId = '';
  sim.act(0, (engine) => {
    const created = engine.createGroup('sim', 'node 0', sim.now);
    groupId = created.groupId;
    return created.effects;
  });
  const members = new Set([0]);
  const queue = [0];
  while (queue.length > 0) {
    const inviter = queue.shift()!;
    const newcomers = sim.friendsOf(inviter).filter((friend) => !members.has(friend) && friend < size);
    if (newcomers.length === 0) continue;
    if (inviter !== 0)
      sim.act(0, (engine) => engine.addAdmin(groupId, sim.nodes[inviter]!.identity.onionAddress, (sim.now += 60_000)));
    sim.run();
    for (const friend of newcomers) {
      sim.act(inviter, (engine) =>
        engine.invite(groupId, sim.nodes[friend]!.identity.onionAddress, (sim.now += 60_000)),
      );
      sim.run();
      const invite = sim.nodes[friend]!.engine.invitations(sim.now).find((candidate) => candidate.groupId === groupId)!;
      expect(invite.inviter).toBe(sim.nodes[inviter]!.identity.onionAddress);
      sim.act(friend, (engine) => engine.acceptInvite(invite.inviteId, `node ${friend}`, (sim.now += 60_000)));
      sim.run();
      expect(sim.nodes[friend]!.engine.view(groupId).isMember).toBe(true);
      members.add(friend);
      queue.push(friend);
    }
  }
  return groupId;
}

const timelineIds = (sim: Simulation, index: number, groupId: string): string[] =>
  sim.nodes[index]!.engine.timeline(groupId).map((entry) => entry.id);

describe('a 20-member group over a sparse friend graph', () => {
  const size = 20;

  it('joins by invitation, chats through forwarding, catches up after being offline, and shuts out a removed member', () => {
    const sim = new Simulation(size + 1, ringWithChords(size));
    const everyone = Array.from({ length: size }, (_, i) => i);
    sim.online(...everyone);
    const groupId = buildGroup(sim, size);

    // Everyone agrees on who is in the group; non-friends are shown as such.
    const reference = sim.nodes[0]!.engine.view(groupId);
    expect(reference.members).toHaveLength(size);
    for (const index of everyone)
      expect(sim.nodes[index]!.engine.replica(groupId)!.state).toEqual(sim.nodes[0]!.engine.replica(groupId)!.state);
    const seenBy5 = sim.nodes[5]!.engine.view(groupId).members;
    const strangerTo5 = seenBy5.find((member) => sim.indexOf(member.member) === 12)!;
    expect(strangerTo5).toMatchObject({ name: 'node 12', isFriend: false, isSelf: false });
    expect(strangerTo5.fingerprint).toMatch(/^[a-z2-7]{4} [a-z2-7]{4}$/);
    expect(seenBy5.find((member) => sim.indexOf(member.member) === 4)!.isFriend).toBe(true);

    // Everyone posts once; every message reaches every member though most are not friends.
    for (const index of everyone) sim.act(index, (engine) => engine.post(groupId, `hello from ${index}`, ++sim.now));
    sim.run();
    for (const index of everyone) expect(timelineIds(sim, index, groupId)).toEqual(timelineIds(sim, 0, groupId));
    expect(timelineIds(sim, 0, groupId)).toHaveLength(size);

    // Three members go offline; the others chat, node 0 removes node 17 and renames the group.
    const away = [3, 9, 14];
    sim.offline(...away);
    for (const index of everyone.filter((i) => !away.includes(i)))
      sim.act(index, (engine) => engine.post(groupId, `while away ${index}`, ++sim.now));
    sim.run();
    const removed = 17;
    sim.act(0, (engine) => engine.removeMember(groupId, sim.nodes[removed]!.identity.onionAddress, ++sim.now));
    sim.act(0, (engine) => engine.rename(groupId, 'sim 2', ++sim.now));
    sim.run();
    expect(sim.eventsOf(removed, 'departed')).toHaveLength(1);
    expect(sim.nodes[removed]!.engine.view(groupId).isMember).toBe(false);
    const stayers = everyone.filter((i) => i !== removed);
    const afterRemoval: GroupWireMessage[] = [];
    for (const index of stayers.filter((i) => !away.includes(i))) {
      sim.act(index, (engine) => {
        const effects = engine.post(groupId, `after removal ${index}`, ++sim.now);
        afterRemoval.push(
          ...effects.send.map((send) => send.message).filter((message) => message.kind === 'group-items'),
        );
        return effects;
      });
    }
    sim.run();

    // Back online: sync fills every gap, everyone (but the removed member) has the same conversation.
    sim.online(...away);
    sim.run();
    const expected = timelineIds(sim, 0, groupId);
    expect(expected).toHaveLength(size + (size - away.length) + (size - away.length - 1));
    for (const index of stayers) {
      expect(timelineIds(sim, index, groupId)).toEqual(expected);
      expect(sim.nodes[index]!.engine.view(groupId)).toMatchObject({
        name: 'sim 2',
        isMember: true,
        needsRotation: false,
      });
      expect(sim.nodes[index]!.engine.replica(groupId)!.state).toEqual(sim.nodes[0]!.engine.replica(groupId)!.state);
    }
    const texts = sim.nodes[3]!.engine.timeline(groupId).map((entry) => entry.text);
    expect(texts.filter((text) => text.startsWith('while away'))).toHaveLength(size - away.length);

    // The removed member has nothing sent after the removal, and cannot read it when handed it.
    const removedTexts = sim.nodes[removed]!.engine.timeline(groupId).map((entry) => entry.text);
    expect(removedTexts.some((text) => text.startsWith('after removal'))).toBe(false);
    const removedReplica = sim.nodes[removed]!.engine.replica(groupId)!;
    let unreadable = 0;
    for (const batch of afterRemoval) {
      if (batch.kind !== 'group-items') continue;
      for (const item of batch.items) {
        if (item.type !== 'message') continue;
        const outcome = removedReplica.receiveMessage(item.message);
        expect(outcome.messages).toHaveLength(0);
        if (outcome.refused[0]?.name === 'GroupMessageUnreadableError') unreadable++;
      }
    }
    expect(unreadable).toBeGreaterThan(0);

    // What a node persisted is enough to rebuild it.
    const stored = sim.nodes[9]!.stored.get(groupId)!;
    const restored = new GroupEngine({
      identity: sim.nodes[9]!.identity,
      isFriend: () => false,
      now: sim.now,
      random: seededRandom('restored'),
    });
    restored.restoreGroup(groupId, [...stored.ops.values()], [...stored.messages.values()]);
    expect(restored.timeline(groupId).map((entry) => entry.id)).toEqual(expected);
    expect(restored.replica(groupId)!.state).toEqual(sim.nodes[9]!.engine.replica(groupId)!.state);

    // Nobody dropped a peer over honest traffic.
    for (const index of everyone) {
      const dropped = sim.eventsOf(index, 'refused').filter((event) => event.error.action === 'drop-peer');
      expect(dropped.map((event) => `${index} ${event.error.name} from ${sim.indexOf(event.peer!)}`)).toEqual([]);
    }
  });
});

describe('bad input and floods', () => {
  it('a flooding member is slowed to the rate limit; nothing is lost and everyone converges', () => {
    const size = 8;
    const sim = new Simulation(size, ringWithChords(size), {
      messagePerMember: { capacity: 20, refillIntervalMs: 1_000 },
      messageOverall: { capacity: 100_000, refillIntervalMs: 1 },
    });
    sim.online(...Array.from({ length: size }, (_, i) => i));
    const groupId = buildGroup(sim, size);
    const flooder = 2;
    for (let n = 0; n < 60; n++) sim.act(flooder, (engine) => engine.post(groupId, `flood ${n}`, sim.now));
    sim.act(5, (engine) => engine.post(groupId, 'an honest message', sim.now));
    sim.run();
    const neighbour = 3;
    const fromFlooder = (index: number): number =>
      sim.nodes[index]!.engine.timeline(groupId).filter((entry) => sim.indexOf(entry.sender.member) === flooder).length;
    expect(fromFlooder(neighbour)).toBe(20);
    expect(sim.eventsOf(neighbour, 'refused').map((event) => event.error)).toContainEqual(
      errorNamed('GroupRateLimitedError'),
    );
    expect(sim.nodes[neighbour]!.engine.timeline(groupId).some((entry) => entry.text === 'an honest message')).toBe(
      true,
    );
    // As time passes, reconnections (sync) bring the rest at the allowed pace.
    let rounds = 0;
    while (Array.from({ length: size }, (_, i) => fromFlooder(i)).some((count) => count < 60)) {
      expect(++rounds).toBeLessThan(10);
      sim.now += 60_000;
      sim.offline(...Array.from({ length: size }, (_, i) => i));
      sim.online(...Array.from({ length: size }, (_, i) => i));
      sim.run();
    }
    expect(rounds).toBeGreaterThan(1);
    for (let i = 1; i < size; i++) expect(timelineIds(sim, i, groupId)).toEqual(timelineIds(sim, 0, groupId));
  });

  it('ops over the rate limit are refused, their descendants wait, and all land later', () => {
    const size = 6;
    const sim = new Simulation(size, ringWithChords(size), { opPerMember: { capacity: 2, refillIntervalMs: 10_000 } });
    const all = Array.from({ length: size }, (_, i) => i);
    sim.online(...all);
    const groupId = buildGroup(sim, size);
    sim.now += 1_000_000;
    sim.offline(...all);
    sim.online(...all);
    sim.run();
    for (let n = 0; n < 6; n++) sim.act(0, (engine) => engine.rename(groupId, `name ${n}`, sim.now));
    sim.run(5_000);
    expect(sim.nodes[1]!.engine.view(groupId).name).not.toBe('name 5');
    let rounds = 0;
    while (all.some((i) => sim.nodes[i]!.engine.view(groupId).name !== 'name 5')) {
      expect(++rounds).toBeLessThan(10);
      sim.now += 60_000;
      sim.offline(...all);
      sim.online(...all);
      sim.run(5_000);
    }
  });

  it('asks a peer for a missing op at most once per OP_REQUEST_RETRY_MS', () => {
    const size = 3;
    const sim = new Simulation(size, ringWithChords(size));
    sim.online(0, 1, 2);
    const groupId = buildGroup(sim, size);
    const known = [...sim.nodes[1]!.stored.get(groupId)!.ops.values()];
    for (const name of ['one', 'two', 'three', 'four']) sim.act(0, (engine) => engine.rename(groupId, name, sim.now));
    const [, two, three, four] = sim.nodes[0]!.engine.replica(groupId)!.log.ordered().slice(-4);
    // A node that holds the group up to before 'one' hears of its descendants from node 2.
    const node = new GroupEngine({ identity: sim.nodes[1]!.identity, isFriend: () => true, now: sim.now });
    node.restoreGroup(groupId, known, []);
    const peer = sim.nodes[2]!.identity.onionAddress;
    const requestsAfter = (op: typeof two, at: number): number =>
      node
        .receive(
          peer,
          { kind: 'group-items', groupId: fromHexId(groupId), more: false, items: [{ type: 'op', op: op!.wire }] },
          at,
        )
        .send.filter((send) => send.message.kind === 'group-sync-request').length;
    expect(requestsAfter(two, sim.now)).toBe(1);
    expect(requestsAfter(three, sim.now + 1)).toBe(0);
    expect(requestsAfter(four, sim.now + OP_REQUEST_RETRY_MS)).toBe(1);
  });

  it('refuses invitations from strangers, items of unknown groups and forged ops with typed errors', () => {
    const size = 4;
    const sim = new Simulation(size + 1, ringWithChords(size));
    sim.online(...Array.from({ length: size }, (_, i) => i));
    const groupId = buildGroup(sim, size);
    const stranger = sim.nodes[size]!.identity.onionAddress;
    const target = sim.nodes[1]!;
    const refusedBy = (message: GroupWireMessage, from = stranger): BurrowError[] =>
      target.engine
        .receive(from, message, sim.now)
        .events.filter((event) => event.type === 'refused')
        .map((event) => (event as { error: BurrowError }).error);
    const id = fromHexId(groupId);
    const inviteId = new Uint8Array(16).fill(1);
    expect(
      refusedBy({
        kind: 'group-invite',
        groupId: new Uint8Array(32).fill(2),
        inviteId,
        groupName: 'spam',
        memberCount: 1,
      }).map((e) => e.name),
    ).toEqual(['GroupInviteFromStrangerError']);
    expect(target.engine.invitations(sim.now)).toEqual([]);
    const friend = sim.nodes[0]!.identity.onionAddress;
    const genesis = target.engine.replica(groupId)!.log.get(groupId)!;
    const unknownGroup = new Uint8Array(32).fill(3);
    expect(
      refusedBy(
        { kind: 'group-items', groupId: unknownGroup, more: false, items: [{ type: 'op', op: genesis.wire }] },
        friend,
      ).map((e) => e.name),
    ).toEqual(['UnknownGroupError']);
    expect(refusedBy({ kind: 'group-sync-request', groupId: id, opIds: [id] }).map((e) => e.name)).toEqual([
      'UnknownGroupError',
    ]);
    expect(
      refusedBy({ kind: 'group-invite-accept', groupId: id, inviteId, displayName: 'me' }).map((e) => e.name),
    ).toEqual(['UnknownGroupInviteError']);
    // A rename "by node 0" whose signature is not node 0's.
    const rename = sim.nodes[0]!.engine.replica(groupId)!;
    const before = target.engine.replica(groupId)!.state;
    sim.act(0, (engine) => engine.rename(groupId, 'real', ++sim.now));
    const real = rename.log.ordered().at(-1)!;
    const bytes = encodeGroupOp(real.wire);
    bytes[bytes.length - 1]! ^= 1;
    const forged = decodeGroupOp(bytes);
    const errors = refusedBy(
      { kind: 'group-items', groupId: id, more: false, items: [{ type: 'op', op: forged }] },
      friend,
    );
    expect(errors.map((e) => [e.name, e.action])).toEqual([['GroupOpSignatureError', 'drop-peer']]);
    expect(target.engine.replica(groupId)!.state).toEqual(before);
  });

  it('never throws on hostile input, and its state stays what its ops say', () => {
    const size = 4;
    const sim = new Simulation(size, ringWithChords(size));
    sim.online(0, 1, 2, 3);
    const groupId = buildGroup(sim, size);
    for (let i = 0; i < size; i++) sim.act(i, (engine) => engine.post(groupId, `hi ${i}`, (sim.now += 1_000)));
    sim.act(0, (engine) => engine.removeMember(groupId, sim.nodes[3]!.identity.onionAddress, (sim.now += 1_000)));
    sim.run();
    const replica = sim.nodes[0]!.engine.replica(groupId)!;
    const valid: Uint8Array[] = [
      ...replica.log.ordered().map((op) =>
        encodeGroupWire({
          kind: 'group-items',
          groupId: fromHexId(groupId),
          more: false,
          items: [{ type: 'op', op: op.wire }],
        }),
      ),
      ...replica.messages.timeline().map((m) =>
        encodeGroupWire({
          kind: 'group-items',
          groupId: fromHexId(groupId),
          more: true,
          items: [{ type: 'message', message: m.wire }],
        }),
      ),
      encodeGroupWire({ kind: 'group-sync-summary', ...buildSyncSummary(replica) }),
      encodeGroupWire({
        kind: 'group-sync-request',
        groupId: fromHexId(groupId),
        opIds: replica.log.heads.map(fromHexId),
      }),
    ];
    const target = sim.nodes[1]!;
    const from = [sim.nodes[0]!, sim.nodes[2]!, sim.nodes[3]!].map((node) => node.identity.onionAddress);
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...from),
        (bytes, flips, peer) => {
          const mutated = Uint8Array.from(bytes);
          for (const [position, value] of flips) mutated[position % mutated.length] = value;
          let message: GroupWireMessage;
          try {
            message = decodeGroupWire(mutated);
          } catch (error) {
            return error instanceof DecodeError;
          }
          target.engine.receive(peer, message, sim.now);
          const held = target.engine.replica(groupId)!;
          const rebuilt = MembershipLog.restore(
            groupId,
            held.log.ordered().map((op) => op.wire),
          );
          expect(held.state).toEqual(rebuilt.state);
          expect(held.state.members.has(target.identity.onionAddress)).toBe(true);
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });
});
