// Members take group messages only from members: a friend who is not (or no longer) in the
// group cannot push messages into it, even genuine ones it got hold of; members still sync them.
import { describe, expect, it } from 'vitest';
import { fromHexId } from '../../../src/groups/ids.js';
import { decodeGroupMessage } from '../../../src/protocol/groups/index.js';
import { Simulation } from './simulation.js';

describe('who may hand over group messages', () => {
  it('refuses a message from a friend who is not a member, and still gets it from a member', () => {
    // 0 runs the group with 1 and 2; 3 is a friend of 0 only, and not in the group.
    const sim = new Simulation(4, [
      [0, 1],
      [0, 2],
      [1, 2],
      [0, 3],
    ]);
    sim.online(0, 1, 2, 3);
    let groupId = '';
    sim.act(0, (engine) => {
      const created = engine.createGroup('climbers', 'node 0', sim.now);
      groupId = created.groupId;
      return created.effects;
    });
    for (const member of [1, 2]) {
      sim.act(0, (engine) => engine.invite(groupId, sim.nodes[member]!.identity.onionAddress, (sim.now += 1_000)));
      sim.run();
      const invite = sim.nodes[member]!.engine.invitations(sim.now).find((candidate) => candidate.groupId === groupId)!;
      sim.act(member, (engine) => engine.acceptInvite(invite.inviteId, `node ${member}`, (sim.now += 1_000)));
      sim.run();
    }
    // While 0 is away, 1 posts; 2 holds the message.
    sim.offline(0);
    sim.act(1, (engine) => engine.post(groupId, 'only for members', (sim.now += 1_000)));
    sim.run();
    const [bytes] = [...sim.nodes[2]!.stored.get(groupId)!.messages.values()];
    const message = decodeGroupMessage(bytes!);
    // 3, not a member, hands it to 0 directly: refused, nothing stored or shown.
    const effects = sim.nodes[0]!.engine.receive(
      sim.nodes[3]!.identity.onionAddress,
      { kind: 'group-items', groupId: fromHexId(groupId), more: false, items: [{ type: 'message', message }] },
      sim.now,
    );
    expect(effects.changes.flatMap((change) => change.messages)).toEqual([]);
    expect(sim.nodes[0]!.engine.timeline(groupId)).toEqual([]);
    // Back online, 0 catches up from the members.
    sim.online(0);
    sim.run();
    expect(sim.nodes[0]!.engine.timeline(groupId).map((entry) => entry.text)).toEqual(['only for members']);
  });
});
