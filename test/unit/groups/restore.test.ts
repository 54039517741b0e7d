// Start-up: a group comes back from our own store, which hands its ops back in id order (not
// parents first), and which holds only ops that verified when they arrived.
import { describe, expect, it } from 'vitest';
import { GroupEngine } from '../../../src/groups/group-engine.js';
import { GroupReplica } from '../../../src/groups/group-replica.js';
import { MembershipLog } from '../../../src/groups/membership-log.js';
import { encodeGroupOp, type UnverifiedGroupOp } from '../../../src/protocol/groups/group-op-codec.js';
import { memberCached, seededRandom } from './helpers.js';

const ada = memberCached(61);
const bob = memberCached(62);

/** A group of ada and bob with `renames` renames after the add. */
function longGroup(renames: number): GroupReplica {
  const group = GroupReplica.create(
    { identity: ada, random: seededRandom('ada') },
    { name: 'old', displayName: 'ada', now: 1 },
  );
  group.addMember(bob.onionAddress, 'bob', 2);
  for (let i = 0; i < renames; i++) group.rename(`name ${i}`, 3 + i);
  return group;
}

const byId = (group: GroupReplica): UnverifiedGroupOp[] =>
  [...group.log.ordered()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((op) => op.wire);

describe('restoring a group', () => {
  it('takes back every op of a log longer than the waiting queue, in the order the store gives them', () => {
    const group = longGroup(400);
    const restored = MembershipLog.restore(group.groupId, byId(group));
    expect(restored.size).toBe(group.log.size);
    expect(restored.state).toEqual(group.state);
    expect(restored.heads).toEqual(group.log.heads);
  });

  it('from our own store does not check signatures again; from a peer it does', () => {
    const group = longGroup(5);
    // Signatures spoilt: only a signature check can tell (no one but us can write our store).
    const spoilt = byId(group).map((op) => ({ ...op, signature: new Uint8Array(op.signature.length) }));
    const genesis = group.log.ordered()[0]!.wire;
    const rows = [genesis, ...spoilt.filter((op) => op.body.payload.kind !== 'create')];
    const fromStore = MembershipLog.restore(group.groupId, rows, { fromOwnStore: true });
    expect(fromStore.state).toEqual(group.state);
    const engine = new GroupEngine({ identity: bob, isFriend: () => true, now: 1 });
    engine.restoreGroup(group.groupId, rows.map(encodeGroupOp), []);
    expect(engine.replica(group.groupId)!.state).toEqual(group.state);
    // The same ops from a peer (joining a group) are refused: only the create op stays.
    expect(MembershipLog.restore(group.groupId, rows).size).toBe(1);
  });
});
