// A forged op must cost a signature check, not a resolution of the group's state: ops by
// someone the log never made a member, or with a bad signature, are refused before the state
// at their parents is computed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signGroupOp } from '../../../src/groups/group-op.js';
import { GroupReplica } from '../../../src/groups/group-replica.js';
import { MembershipLog } from '../../../src/groups/membership-log.js';
import { errorNamed } from '../../shared/errors.js';
import { memberCached, seededRandom } from './helpers.js';

const ada = memberCached(41);
const bob = memberCached(42);
const outsider = memberCached(43);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('forged group ops', () => {
  it('are refused before the state at their parents is resolved', () => {
    const group = GroupReplica.create(
      { identity: ada, random: seededRandom('ada') },
      { name: 'climbers', displayName: 'ada', now: 1 },
    );
    group.addMember(bob.onionAddress, 'bob', 2);
    for (let i = 0; i < 20; i++) group.rename(`name ${i}`, 3 + i);
    const heads = group.log.heads;
    const stateAt = vi.spyOn(MembershipLog.prototype, 'stateAt');
    // A well-signed op by someone never added.
    const byOutsider = signGroupOp(outsider, {
      groupId: group.groupId,
      parents: heads,
      timestamp: 99,
      payload: { kind: 'rename', name: 'taken over' },
    });
    expect(group.receiveOp(byOutsider).refused).toEqual([errorNamed('GroupOpRefusedError', { reason: 'not-member' })]);
    // An op in a member's name with a broken signature.
    const honest = signGroupOp(bob, {
      groupId: group.groupId,
      parents: heads,
      timestamp: 99,
      payload: { kind: 'rename', name: 'bob was here' },
    });
    const forged = { ...honest, signature: new Uint8Array(honest.signature).fill(7) };
    expect(group.receiveOp(forged).refused).toEqual([errorNamed('GroupOpSignatureError')]);
    expect(stateAt).not.toHaveBeenCalled();
  });
});
