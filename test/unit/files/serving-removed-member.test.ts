// A member removed from a group loses access to the group's files, also when it re-offers one
// of them directly (which would otherwise count as "the offerer has it anyway").
import { describe, expect, it } from 'vitest';
import { mayServeChunk, mayServeFile, type FileAccessPolicy, type OfferRecord } from '../../../src/files/index.js';

function policy(offers: OfferRecord[], members: string[]): FileAccessPolicy {
  return {
    offersOf: (fileId) => (fileId === 'f' ? offers : []),
    isGroupMember: (groupId, peer) => groupId === 'g' && members.includes(peer),
    heldChunks: (fileId) => (fileId === 'f' ? 'all' : undefined),
  };
}

describe('access to a group file follows membership', () => {
  it('a removed member who re-offers the file directly cannot fetch it again', () => {
    // Ada offered f to group g; Rex was a member, was removed, and now offers f to us himself.
    const offers: OfferRecord[] = [
      { kind: 'group', groupId: 'g', from: 'ada' },
      { kind: 'received-direct', from: 'rex' },
    ];
    expect(mayServeFile(policy(offers, ['ada', 'bob']), 'f', 'rex')).toBe(false);
    expect(mayServeChunk(policy(offers, ['ada', 'bob']), 'f', 'rex', 0)).toEqual({
      allowed: false,
      reason: 'not-offered-to-peer',
    });
    // Current members, and the group offer's author, keep access.
    expect(mayServeFile(policy(offers, ['ada', 'bob']), 'f', 'bob')).toBe(true);
    expect(mayServeFile(policy(offers, ['bob']), 'f', 'ada')).toBe(true);
  });

  it('a direct offer of a file that is no group file still reaches its offerer', () => {
    expect(mayServeFile(policy([{ kind: 'received-direct', from: 'rex' }], []), 'f', 'rex')).toBe(true);
  });
});
