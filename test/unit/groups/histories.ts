// Random membership histories for the property tests: honest replicas that act on partial
// knowledge, so the histories are full of concurrent branches, merges and ops that lose.
import fc from 'fast-check';
import type { IdentityKeyPair } from '../../../src/crypto/identity.js';
import { BurrowError } from '../../../src/errors.js';
import { GroupReplica } from '../../../src/groups/group-replica.js';
import type { UnverifiedGroupOp } from '../../../src/protocol/groups/index.js';
import { memberCached, seededRandom } from './helpers.js';

const people: IdentityKeyPair[] = [21, 22, 23, 24, 25, 26].map(memberCached);

export type Step = readonly [actor: number, action: number, argument: number];

/** Plays `steps` on honest replicas; returns every op any of them made. */
export function play(steps: readonly Step[]): { groupId: string; ops: UnverifiedGroupOp[]; replicas: GroupReplica[] } {
  let now = 1_000;
  const creator = GroupReplica.create(
    { identity: people[0]!, random: seededRandom('creator') },
    { name: 'g', displayName: 'p0', now },
  );
  const replicas = new Map<number, GroupReplica>([[0, creator]]);
  for (const [actorPick, action, argument] of steps) {
    now++;
    const actors = [...replicas.keys()];
    const actor = actors[actorPick % actors.length]!;
    const replica = replicas.get(actor)!;
    const target = argument % people.length;
    const person = people[target]!;
    try {
      switch (action % 10) {
        case 0:
        case 1: {
          replica.addMember(person.onionAddress, `p${target}`, now);
          if (!replicas.has(target))
            replicas.set(
              target,
              GroupReplica.restore(
                { identity: person, random: seededRandom(`p${target}`) },
                replica.groupId,
                replica.log.ordered().map((op) => op.wire),
              ),
            );
          break;
        }
        case 2:
          replica.removeMember(person.onionAddress, now);
          break;
        case 3:
          replica.addAdmin(person.onionAddress, now);
          break;
        case 4:
          replica.rename(`name ${now}`, now);
          break;
        case 5:
          replica.leave(now);
          break;
        case 6:
          replica.rotate(now);
          break;
        case 7:
        case 8:
        case 9: {
          // One-way sync: the actor learns everything `target` knows.
          const other = replicas.get(target);
          if (other !== undefined) for (const op of other.log.ordered()) replica.receiveOp(op.wire);
          break;
        }
      }
    } catch (error) {
      // A command the actor's own view does not allow: an honest client would not send it.
      if (!(error instanceof BurrowError)) throw error;
    }
  }
  const all = new Map<string, UnverifiedGroupOp>();
  for (const replica of replicas.values()) for (const op of replica.log.ordered()) all.set(op.id, op.wire);
  return { groupId: creator.groupId, ops: [...all.values()], replicas: [...replicas.values()] };
}

export const steps = fc.array(fc.tuple(fc.nat({ max: 5 }), fc.nat({ max: 9 }), fc.nat({ max: 5 })), {
  minLength: 12,
  maxLength: 48,
  size: 'max',
});
