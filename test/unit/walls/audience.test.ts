/** Keeping a wall's audience in step with the friend list (walls/audience.ts). */
import { describe, expect, it } from 'vitest';
import { audienceChanges } from '../../../src/walls/audience.js';

describe('wall audience', () => {
  it('invites friends who are neither members nor invited, and removes members who are no longer friends', () => {
    expect(
      audienceChanges({
        self: 'me',
        members: ['me', 'gone', 'kept'],
        invited: ['asked'],
        friends: ['kept', 'asked', 'new'],
      }),
    ).toEqual({ invite: ['new'], remove: ['gone'] });
  });

  it('changes nothing when the audience is the friend list', () => {
    expect(audienceChanges({ self: 'me', members: ['me', 'a'], invited: ['b'], friends: ['a', 'b'] })).toEqual({
      invite: [],
      remove: [],
    });
  });
});
