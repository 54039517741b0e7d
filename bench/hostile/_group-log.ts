/**
 * Long group logs for the hostile benchmarks: ada (creator) and bob (member, admin) and `ops`
 * ops in all, built by signing renames on ada's replica. Also bob's engine holding that group,
 * as a node does after start-up.
 */
import { createHash } from 'node:crypto';
import { identityFromSeed, type IdentityKeyPair } from '../../src/crypto/identity.js';
import { GroupEngine } from '../../src/groups/group-engine.js';
import { GroupReplica } from '../../src/groups/group-replica.js';
import { seededRandom } from '../../test/shared/prng.js';

/** A fixed identity (the same on every run). */
export function benchIdentity(name: string): IdentityKeyPair {
  return identityFromSeed(new Uint8Array(createHash('sha256').update(`bench ${name}`).digest()));
}

export const ada = benchIdentity('ada');
export const bob = benchIdentity('bob');

/** Ada's replica of a group of `ops` ops (create, add bob, make bob admin, then renames). */
export function longGroup(ops: number): GroupReplica {
  const group = GroupReplica.create(
    { identity: ada, random: seededRandom('ada') },
    { name: 'bench', displayName: 'ada', now: 1 },
  );
  group.addMember(bob.onionAddress, 'bob', 2);
  group.addAdmin(bob.onionAddress, 3);
  for (let i = group.log.size; i < ops; i++) group.rename(`name ${i}`, 4 + i);
  return group;
}

/** The group's ops as our store hands them back: wire bytes, in op id order. */
export function storedRows(group: GroupReplica): Uint8Array[] {
  return [...group.log.ordered()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((op) => op.encoded());
}

/** Bob's group engine with the group restored from `rows`, ada connected. */
export function bobsEngine(groupId: string, rows: readonly Uint8Array[]): GroupEngine {
  const engine = new GroupEngine({ identity: bob, isFriend: () => true, now: 1 });
  engine.restoreGroup(groupId, rows, []);
  engine.peerConnected(ada.onionAddress, 1);
  return engine;
}
